// The benchmark page: runs the cases chosen by the URL (or the form), shows progress, a table, a
// chart and the adapter, and offers the JSON. `?autorun=1` starts at once (npm run bench uses it).
import { describeAdapter, requestDevice } from '../src/index.js';
import { drawChart } from './chart.js';
import { configFromParams, type BenchConfig } from './config.js';
import { timeCpuInWorker } from './cpu-peer.js';
import { caseRow, COLUMNS, extrasLines } from './format.js';
import { fillLossOptions } from './loss-options.js';
import { LOSSES, type LossName } from '../src/losses.js';
import { runBenchmark, type BenchHooks, type BenchResult, type CaseResult } from './runner.js';

/** What headless runs read: the state, the result, and a progress callback they may install. */
export interface PageState {
  state: 'idle' | 'running' | 'done' | 'error';
  result?: BenchResult;
  error?: string;
}

declare global {
  interface Window {
    benchState: PageState;
    onBenchProgress?: (fraction: number, message: string) => void;
  }
}

window.benchState = { state: 'idle' };
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const form = $<HTMLFormElement>('controls');
fillLossOptions(form.elements.namedItem('loss') as HTMLSelectElement);
const progress = $<HTMLProgressElement>('progress');
const progressText = $('progress-text');

function showConfig(config: BenchConfig, sizesText: string): void {
  const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
  field('sizes').value = sizesText;
  field('reps').value = String(config.reps);
  field('warmup').value = String(config.warmup);
  (form.elements.namedItem('strategy') as HTMLSelectElement).value = config.strategy;
  (form.elements.namedItem('loss') as HTMLSelectElement).value = config.loss;
  (form.elements.namedItem('storage') as HTMLSelectElement).value = config.storage;
  field('classes').value = String(config.classes);
  field('cpu').checked = config.peers.includes('cpu');
  field('tfjs').checked = config.peers.includes('tfjs');
  field('tfjs-wasm').checked = config.peers.includes('tfjs-wasm');
}

function formParams(): URLSearchParams {
  const data = new FormData(form);
  const peers = ['cpu', 'tfjs', 'tfjs-wasm'].filter((peer) => data.get(peer) === 'on');
  return new URLSearchParams({
    sizes: String(data.get('sizes')),
    reps: String(data.get('reps')),
    warmup: String(data.get('warmup')),
    strategy: String(data.get('strategy')),
    loss: String(data.get('loss')),
    storage: String(data.get('storage')),
    // A binary loss takes one class; switching to a multiclass loss from one starts at 10.
    classes: String(LOSSES[data.get('loss') as LossName].labels === 'sign' ? 1 : Math.max(2, Number(data.get('classes')) || 10)),
    peers: peers.length ? peers.join(',') : 'none',
  });
}

function setProgress(fraction: number, message: string): void {
  progress.value = fraction;
  progressText.textContent = message;
  window.onBenchProgress?.(fraction, message);
}

function renderTable(cases: CaseResult[]): void {
  const table = $<HTMLTableElement>('results');
  table.tHead!.replaceChildren(rowOf(COLUMNS.map(String), 'th'));
  table.tBodies[0].replaceChildren(
    ...cases.map((c) => {
      const row = rowOf(caseRow(c), 'td');
      const verdict = row.lastElementChild as HTMLElement;
      verdict.className = c.check.ok ? 'ok' : 'failed';
      verdict.title = c.check.report;
      return row;
    }),
  );
}

function rowOf(cells: string[], tag: 'td' | 'th'): HTMLTableRowElement {
  const row = document.createElement('tr');
  for (const text of cells) {
    const cell = document.createElement(tag);
    cell.textContent = text;
    row.append(cell);
  }
  return row;
}

function offerDownload(result: BenchResult): void {
  const button = $<HTMLButtonElement>('download');
  button.disabled = false;
  button.onclick = () => {
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([JSON.stringify(result, null, 2)], { type: 'application/json' }));
    link.download = `webgpu-svm-bench-${result.createdAt.replace(/[:.]/g, '-')}.json`;
    link.click();
    URL.revokeObjectURL(link.href);
  };
}

let device: GPUDevice | undefined;

async function openDevice(): Promise<GPUDevice> {
  if (device) return device;
  if (!navigator.gpu) throw new Error('this browser has no navigator.gpu: WebGPU is unavailable (a secure context is needed: https or localhost)');
  device = await requestDevice();
  const { vendor, architecture, description } = describeAdapter(device);
  $('adapter-name').textContent = [vendor, architecture, description].filter(Boolean).join(' / ') || 'unnamed adapter';
  const used = ['timestamp-query', 'subgroups'].filter((feature) => device!.features.has(feature));
  $('adapter-features').textContent = used.length ? used.join(', ') : 'none of timestamp-query, subgroups';
  $('timing').textContent = device.features.has('timestamp-query')
    ? 'timestamp-query (GPU time of the compute pass)'
    : 'submit → onSubmittedWorkDone (wall clock)';
  return device;
}

async function run(params: URLSearchParams): Promise<void> {
  window.benchState = { state: 'running' };
  $<HTMLButtonElement>('run').disabled = true;
  try {
    const config = configFromParams(params);
    const gpu = await openDevice();
    const done: CaseResult[] = [];
    const hooks: BenchHooks = {
      environment: navigator.userAgent,
      progress: setProgress,
      timeCpu: timeCpuInWorker,
      caseDone: (result) => {
        done.push(result);
        renderTable(done);
        drawChart($('chart'), done);
      },
    };
    if (config.peers.some((peer) => peer.startsWith('tfjs'))) {
      setProgress(0, 'loading TF.js');
      const tfjs = await import('./peers/tfjs.js');
      hooks.tfjs = async (input, backend) => {
        if (await tfjs.useTfjsBackend(backend)) return tfjs.prepareTfjs(input);
        console.warn(`TF.js cannot run its ${backend} backend here; its column stays empty`);
        return null;
      };
      if (config.peers.includes('tfjs-wasm') && (await tfjs.useTfjsBackend('wasm'))) {
        const { simd, threads } = await tfjs.wasmFeatures();
        const isolated = crossOriginIsolated ? 'cross-origin isolated' : 'not cross-origin isolated';
        hooks.environment += `; TF.js WASM: ${simd ? 'SIMD' : 'no SIMD'}, ${threads ? `${navigator.hardwareConcurrency} threads` : 'one thread'} (${isolated})`;
      }
    }
    const result = await runBenchmark(gpu, config, hooks, params.get('sizes') ?? 'default');
    offerDownload(result);
    $('extras').innerText = extrasLines(result).join('\n');
    setProgress(1, result.ok ? 'done: every case passed the check' : 'done: a case FAILED the check');
    window.benchState = { state: 'done', result };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    progressText.textContent = `error: ${message}`;
    progressText.className = 'error';
    window.benchState = { state: 'error', error: message };
    console.error(error);
  } finally {
    $<HTMLButtonElement>('run').disabled = false;
  }
}

const params = new URLSearchParams(location.search);
const autorun = params.get('autorun') === '1';
try {
  showConfig(configFromParams(params), params.get('sizes') ?? 'default');
} catch (error) {
  progressText.textContent = `error: ${(error as Error).message}`;
  progressText.className = 'error';
}
form.addEventListener('submit', (event) => {
  event.preventDefault();
  const chosen = formParams();
  history.replaceState(null, '', `?${chosen}`);
  void run(chosen);
});
if (autorun) void run(params);
else void openDevice().catch((error) => (progressText.textContent = `error: ${error.message}`));
