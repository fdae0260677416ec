// The results as a text table (terminal) and as rows (the page's table).
import type { BenchResult, CaseResult } from './runner.js';

const ms = (value: number | undefined) => (value === undefined ? '—' : value < 10 ? value.toFixed(3) : value.toFixed(1));

/** Quartiles of a quotient, as a range. */
export const quartileRange = ([first, third]: [number, number]) => `${first.toFixed(2)}–${third.toFixed(2)}`;
/** A storage's per-turn quartiles ÷ the f32 kernel (bench/storage-turns.ts), or nothing for runs without them. */
const perTurn = (quartiles: [number, number] | undefined) => (quartiles ? ` (${quartileRange(quartiles)} per turn)` : '');
const times = (value: number | null) => (value === null ? '—' : `${value < 10 ? value.toFixed(2) : value.toFixed(0)}×`);

/**
 * A case's check, as 'ok 0.31' or 'FAILED ∞'. worstRatio is Infinity where a bound is 0 and the
 * difference is not, and null once that Infinity has passed through JSON.
 */
export function checkCell(check: { ok: boolean; worstRatio: number | null; ambiguousRows?: number }): string {
  const ratio = check.worstRatio === null || check.worstRatio === Infinity ? '∞' : check.worstRatio.toPrecision(2);
  return `${check.ok ? 'ok' : 'FAILED'} ${ratio}${check.ambiguousRows ? ` (${check.ambiguousRows} ambiguous)` : ''}`;
}

export const COLUMNS = [
  'n', 'd', 'loss', 'C', 'storage', 'strategy', 'kernel ms (median)', 'min', 'max', 'ns/element', '÷ binary kernel', '÷ f32 kernel',
  'elements ÷ f32 read', 'run ms', 'end-to-end ms', 'setData ms', 'raw write ms',
  'setData ÷ raw', 'floor ms', 'end-to-end ÷ floor', 'scan ms', 'GB/s', 'roofline GB/s',
  'roofline ratio', 'CPU f64 ms', 'TF.js WebGPU ms', 'TF.js WASM ms', 'CPU ÷ run', 'TF.js WebGPU ÷ run', 'TF.js WASM ÷ run', 'check',
] as const;

export function caseRow(c: CaseResult): string[] {
  return [
    String(c.n), String(c.d), c.loss, String(c.classes), c.storage, c.strategy, ms(c.gpu.medianMs), ms(c.gpu.minMs), ms(c.gpu.maxMs),
    c.nsPerElement.toPrecision(3), times(c.overBinaryKernel), times(c.overF32Kernel), c.elementRooflineRatio.toFixed(2),
    ms(c.runMs.medianMs), ms(c.endToEndMs.medianMs), ms(c.upload.setDataMs.medianMs), ms(c.upload.rawWriteMs.medianMs),
    times(c.upload.setDataOverRaw), ms(c.floorMs.medianMs), times(c.endToEndOverFloor), ms(c.nonFiniteScanMs.medianMs),
    c.gbps.toFixed(2), c.roofline.gbps.toFixed(2), c.rooflineRatio.toFixed(2),
    ms(c.cpu?.medianMs), ms(c.tfjs?.medianMs), ms(c.tfjsWasm?.medianMs),
    times(c.speedup.cpuOverRun), times(c.speedup.tfjsOverRun), times(c.speedup.tfjsWasmOverRun),
    checkCell(c.check),
  ];
}

/** Cases that failed to run, the small-problem latency and the K-vector costs, a line each. */
export function extrasLines(result: BenchResult): string[] {
  const { latency, vectors, failures, streaming, storageTurns = [] } = result;
  return [
    ...failures.map((failure) => `n=${failure.n} d=${failure.d} ${failure.loss} C=${failure.classes} ${failure.storage}: FAILED to run: ${failure.error}`),
    `small problem (n=${latency.n}, d=${latency.d}, resident): ${ms(latency.runMs.medianMs)} ms per call, ` +
      `empty submit + read-back ${ms(latency.emptyRoundTripMs.medianMs)} ms, ratio ${latency.ratio.toFixed(2)}`,
    `K weight vectors per run (n=${vectors[0].n}, d=${vectors[0].d}, ${vectors[0].strategy}): ` +
      vectors.map((v) => `K=${v.K} ${ms(v.medianMs)} ms, ${v.relativeToSingle.toFixed(2)}× per vector`).join('; ') +
      `; against one vector with ${vectors[0].autoStrategy} (${ms(vectors[0].autoSingleMs)} ms): ` +
      vectors.map((v) => `${v.relativeToAutoSingle.toFixed(2)}×`).join(', '),
    streamingLine(streaming),
    ...storageTurns.map((t) => `storages taking turns (n=${t.n}, d=${t.d}, ${t.strategy}): f32 kernel ${ms(t.kernelMs.f32)} ms; ÷ it: ` +
      (Object.keys(t.overF32) as (keyof typeof t.overF32)[]).filter((name) => name !== 'f32').map((name) => `${name} ${t.overF32[name].toFixed(2)}×${perTurn(t.overF32PerTurn?.[name])}`).join(', ')),
  ];
}

/** The streaming measurement in a sentence (the page, the terminal and the report). */
export function streamingLine(s: BenchResult['streaming']): string {
  return `streaming ${s.n}×${s.d} in ${s.batches} batches (runBatches): epoch ${ms(s.epochMs.medianMs)} ms against uploads alone ` +
    `${ms(s.uploadMs.medianMs)} ms and runs alone ${ms(s.computeMs.medianMs)} ms: ${s.ratio.toFixed(2)}× the larger, ` +
    `${s.overSum.toFixed(2)}× their sum` +
    (s.concurrentMs ? `; both at once, independent, ${ms(s.concurrentMs.medianMs)} ms (${s.floorRatio!.toFixed(2)}× the larger: this machine's floor)` : '');
}

export function formatTable(result: BenchResult): string {
  const rows = [[...COLUMNS], ...result.cases.map(caseRow)];
  const widths = COLUMNS.map((_, k) => Math.max(...rows.map((row) => row[k].length)));
  const line = (row: string[]) => row.map((cell, k) => cell.padStart(widths[k])).join('  ');
  const { vendor, architecture, description } = result.adapter;
  return [
    `adapter: ${[vendor, architecture, description].filter(Boolean).join(' / ')}   timing: ${result.timing}   (${result.environment})${result.host ? `   host: ${result.host}` : ''}`,
    line(rows[0]),
    ...rows.slice(1).map(line),
    ...extrasLines(result),
    `÷ binary kernel: this loss's kernel time ÷ the binary hinge kernel's on the same X ('auto'). ÷ f32 kernel: X stored in fewer bytes, ÷ the same case in f32.`,
    `elements ÷ f32 read: elements per second ÷ those of a plain read of X, y and W in f32 (above 1: faster than f32's memory limit).`,
    `kernel ms: the kernels alone; roofline ratio = stream-read time ÷ kernel time over the same bytes (1.0 = at the memory limit).`,
    `setData ms: a resident kernel taking new data of the same shape; raw write ms: writeBuffer of the same bytes into existing buffers; both until the GPU has them.`,
    `floor ms: that raw write, then a resident run, taking turns with the one-shot call (end-to-end); scan ms: the CPU's check of X for NaN and ±Inf alone.`,
    `run ms: a resident run() with its read-back; X ÷ run = peer X's wall time ÷ run ms, each with its read-back (CPU f64: the computation alone, input validated beforehand).`,
  ].join('\n');
}
