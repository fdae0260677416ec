// npm run bench:report — rewrites the results tables in README.md and docs/*.md from the JSON in
// bench/results, so that no figure is typed by hand. A table lives between
//   <!-- results: bench/results/NAME.json -->   and   <!-- /results -->
// (or `results-short:`, the three target shapes in fewer columns) and is replaced whole;
// everything else in the file is left as it is.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { checkCell, quartileRange, streamingLine } from './format.js';
import type { BenchResult, CaseResult } from './runner.js';
import type { StorageOrFloor } from './storage-turns.js';

const MARKED = /(<!-- results(-short|-storage-short|-storage-targets|-storage|-targets)?: (\S+\.json) -->\n)[\s\S]*?(<!-- \/results -->)/g;
/** The shapes the performance targets name. */
const TARGET_SHAPES = ['65536×256', '1000000×32', '4096×4096'];

/** The run's host (bench/host.ts); runs before it was recorded say so. */
const hostOf = (result: BenchResult) => result.host ?? 'an unrecorded host';

const ms = (value: number | undefined) => (value === undefined ? '—' : value < 10 ? value.toFixed(3) : value.toFixed(1));
const times = (value: number | null | undefined) => (value == null ? '—' : `${value < 10 ? value.toFixed(2) : value.toFixed(0)}×`);

function row(c: CaseResult): string {
  const cells = [
    String(c.n), String(c.d), c.loss ?? 'hinge', String(c.classes ?? 1), c.storage ?? 'f32', c.strategy, ms(c.gpu.medianMs), times(c.overBinaryKernel),
    times(c.overF32Kernel), c.rooflineRatio.toFixed(2), c.elementRooflineRatio?.toFixed(2) ?? '—', ms(c.runMs?.medianMs), ms(c.endToEndMs.medianMs),
    ms(c.upload?.setDataMs.medianMs), ms(c.upload?.rawWriteMs.medianMs), times(c.upload?.setDataOverRaw), ms(c.floorMs?.medianMs), times(c.endToEndOverFloor), ms(c.nonFiniteScanMs?.medianMs),
    ms(c.cpu?.medianMs), ms(c.tfjs?.medianMs), ms(c.tfjsWasm?.medianMs),
    times(c.speedup?.cpuOverRun), times(c.speedup?.tfjsOverRun), times(c.speedup?.tfjsWasmOverRun),
    checkCell({ ok: c.check.ok, worstRatio: c.check.worstRatio }),
  ];
  return `| ${cells.join(' | ')} |`;
}

/** The markdown table of one bench JSON, with its adapter and what each column divides. */
export function resultsTable(result: BenchResult, source: string): string {
  const { vendor, architecture, description } = result.adapter;
  const { latency } = result;
  return [
    `Adapter \`${[vendor, architecture, description].filter(Boolean).join(' / ')}\`, timing \`${result.timing}\`, ` +
      `${result.createdAt.slice(0, 10)}, from \`${source}\` (${result.environment}; ${hostOf(result)}).`,
    '',
    '| n | d | loss | C | storage | strategy | kernel ms | ÷ hinge kernel | ÷ f32 kernel | roofline ratio | elements ÷ f32 read | run ms | end-to-end ms | setData ms | raw write ms | setData ÷ raw | floor ms | end-to-end ÷ floor | scan ms | CPU f64 ms | TF.js WebGPU ms | TF.js WASM ms | CPU ÷ run | TF.js WebGPU ÷ run | TF.js WASM ÷ run | check |',
    '| ---: | ---: | --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...result.cases.map(row),
    '',
    'kernel ms: the kernels alone (median); ÷ hinge kernel: over the binary hinge kernel’s time on the same X (auto strategy); ÷ f32 kernel: X in fewer bytes, over the same case in f32. ' +
      'elements ÷ f32 read: elements per second over those of a plain read of the same elements in f32. Roofline ratio: a plain read of the same bytes ÷ the kernel, same run. ' +
      'run ms: a resident `run()` with its read-back. end-to-end: `hingeGradient`, or `linearGradient` for the other losses (upload, run, read-back). ' +
      'setData: a resident kernel taking new data of the same shape, against a raw `writeBuffer` of the same bytes into ' +
      'existing buffers (both until the GPU has them). floor: that raw write, then a resident run, timed taking turns with the one-shot call ' +
      '(runs before floor ms was recorded divided by the sum of the raw write’s and the run’s medians); end-to-end ÷ floor: what a one-shot call costs over it. ' +
      'scan ms: the CPU’s check of X for NaN and ±Inf alone, which the one-shot call makes on software adapters while the GPU computes. ' +
      'X ÷ run: peer X’s median wall time ÷ run ms, call for call, each with its read-back; the CPU f64 peer times the ' +
      'computation alone, its input validated beforehand, on one thread. check: the checker’s verdict and worst ratio.',
    ...(latency
      ? ['', `Small problem (n=${latency.n}, d=${latency.d}, resident): ${ms(latency.runMs.medianMs)} ms per call against ` +
          `${ms(latency.emptyRoundTripMs.medianMs)} ms for an empty submit and read-back (ratio ${latency.ratio.toFixed(2)}).`]
      : []),
    ...(result.streaming ? ['', `${streamingLine(result.streaming)}.`] : []),
  ].join('\n');
}

/** The target shapes only: kernel against the roofline, run() against each peer. */
export function shortResultsTable(result: BenchResult, source: string): string {
  const { vendor, architecture, description } = result.adapter;
  const rows = result.cases
    .filter((c) => TARGET_SHAPES.includes(`${c.n}×${c.d}`) && (c.storage ?? 'f32') === 'f32')
    .map((c) => `| ${c.n} × ${c.d} | ${c.loss === undefined || c.loss === 'hinge' ? 'hinge' : `${c.loss}, C = ${c.classes}`} | ${c.strategy} | ` +
      `${ms(c.gpu.medianMs)} | ${times(c.overBinaryKernel)} | ${c.rooflineRatio.toFixed(2)} | ${ms(c.runMs?.medianMs)} | ` +
      `${times(c.upload?.setDataOverRaw)} | ${times(c.endToEndOverFloor)} | ` +
      `${times(c.speedup?.cpuOverRun)} | ${times(c.speedup?.tfjsOverRun)} | ${times(c.speedup?.tfjsWasmOverRun)} | ${c.check.ok ? 'ok' : 'FAILED'} |`);
  return [
    `\`${[vendor, architecture, description].filter(Boolean).join(' / ')}\` on ${hostOf(result)}, ${result.createdAt.slice(0, 10)} (\`${source}\`):`,
    '',
    '| n × d | loss | strategy | kernel ms | ÷ hinge kernel | roofline ratio | run ms | setData ÷ raw write | one call ÷ (raw write, then run) | CPU f64 ÷ run | TF.js WebGPU ÷ run | TF.js WASM ÷ run | check |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows,
    '',
    'Roofline ratio: a plain read of the same bytes ÷ the kernel. setData: into a resident kernel. One call: ' +
      '`hingeGradient` (`linearGradient`). X ÷ run: peer X’s wall time ÷ our `run()`’s, the same loss (above 1: we are faster).',
  ].join('\n');
}

/** The grid's binary hinge case of `storage` at `shape` (n×d). */
const caseAt = (result: BenchResult, storage: string, shape: string) =>
  result.cases.find((c) => (c.storage ?? 'f32') === storage && c.loss === 'hinge' && `${c.n}×${c.d}` === shape);
/** The storages taking turns at `shape`. */
const turnsAt = (result: BenchResult, shape: string) => result.storageTurns?.find((t) => `${t.n}×${t.d}` === shape);
/** `storage`'s elements per second ÷ an f32 read's: the f32 case's ratio over the taking-turns quotient. */
function elementsOverRead(result: BenchResult, storage: StorageOrFloor, shape: string): number | undefined {
  const quotient = turnsAt(result, shape)?.overF32[storage];
  const f32 = caseAt(result, 'f32', shape);
  return quotient === undefined || !f32 ? undefined : f32.elementRooflineRatio / quotient;
}

/**
 * X in fewer bytes, at the three target shapes, per storage: the kernel ÷ the f32 kernel's, taking
 * turns (bench/storage-turns.ts), and outside the compact table the quartiles of that quotient turn
 * by turn where the run has them, with the floor (no loads of X) as a last row; elements per second
 * ÷ an f32 read's (the f32 case's ratio over that quotient); the same quotient from the grid's
 * cases, which run minutes apart; and the checker's verdict.
 */
export function storageTable(result: BenchResult, source: string, compact = false): string {
  const at = (storage: string, shape: string) => caseAt(result, storage, shape);
  const cells = (pick: (shape: string) => string | undefined) => TARGET_SHAPES.map((shape) => pick(shape) ?? '—').join(' / ');
  const turnsRatio = (storage: StorageOrFloor, shape: string) => turnsAt(result, shape)?.overF32[storage];
  const spreads = !compact && (result.storageTurns ?? []).some((t) => t.overF32PerTurn);
  const elements = (storage: StorageOrFloor, shape: string) => elementsOverRead(result, storage, shape)?.toFixed(2);
  const rows = (['f32', 'bf16', 'f16', 'int8', 'no loads'] as const).map((storage) => {
    const turns = cells((shape) => {
      const r = turnsRatio(storage, shape);
      const spread = spreads ? turnsAt(result, shape)?.overF32PerTurn?.[storage] : undefined;
      return r === undefined ? undefined : `${times(r)}${spread ? ` (${quartileRange(spread)})` : ''}`;
    });
    const cases = storage === 'no loads' ? '—' : cells((shape) => { const c = at(storage, shape); return c ? times(c.overF32Kernel ?? 1) : undefined; });
    const check = storage === 'no loads' ? '—' : cells((shape) => { const c = at(storage, shape); return c ? (c.check.ok ? 'ok' : 'FAILED') : undefined; });
    const name = storage === 'no loads' ? 'no loads of X (the floor)' : storage;
    return compact ? `| ${name} | ${turns} | ${cells((shape) => elements(storage, shape))} |`
      : `| ${name} | ${turns} | ${cells((shape) => elements(storage, shape))} | ${cases} | ${check} |`;
  });
  return [
    `${result.adapter.architecture || result.adapter.vendor}, at ${TARGET_SHAPES.join(' / ')} (\`${source}\`):`,
    '',
    compact ? '| storage | kernel ÷ f32 kernel | elements/s ÷ an f32 read\'s |' : `| storage | kernel ÷ f32 kernel, taking turns${spreads ? ' (per turn: quartiles)' : ''} | elements/s ÷ an f32 read's | kernel ÷ f32 kernel, the grid's cases | check |`,
    compact ? '| --- | --- | --- |' : '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** A storage target at one shape: its figure, and the per-turn quartiles behind it where it has them. */
interface Figure { value: number; spread?: [number, number] }
interface StorageTarget { name: string; figure: (shape: string) => Figure | undefined; met: (value: number) => boolean; unit: string }

/**
 * Issue 17's storage targets for this run's adapter: on a software adapter, int8 ≤ 0.5× and bf16 ≤ 0.8×
 * the f32 kernel (taking turns) and int8's elements per second above the f32 read's; on a hardware
 * GPU, f32 at ≥ 0.8 of the stream read and bf16 and int8 at ≥ 1.8× and ≥ 3.2× f32's elements per second.
 */
function storageTargets(result: BenchResult): StorageTarget[] {
  const turns = (storage: StorageOrFloor) => (shape: string): Figure | undefined => {
    const at = turnsAt(result, shape);
    return at ? { value: at.overF32[storage], spread: at.overF32PerTurn?.[storage] } : undefined;
  };
  const faster = (storage: StorageOrFloor) => (shape: string): Figure | undefined => {
    const quotient = turns(storage)(shape);
    return quotient && { value: 1 / quotient.value, spread: quotient.spread && [1 / quotient.spread[1], 1 / quotient.spread[0]] };
  };
  if (/swiftshader/i.test(`${result.adapter.architecture} ${result.adapter.description}`)) {
    return [
      { name: 'int8 kernel ≤ 0.5× the f32 kernel, taking turns', figure: turns('int8'), met: (v) => v <= 0.5, unit: '×' },
      { name: 'bf16 kernel ≤ 0.8× the f32 kernel, taking turns', figure: turns('bf16'), met: (v) => v <= 0.8, unit: '×' },
      {
        name: "int8's elements/s above the f32 read's (the f32 case's ratio ÷ the int8 quotient)",
        figure: (shape) => { const value = elementsOverRead(result, 'int8', shape); return value === undefined ? undefined : { value }; },
        met: (v) => v > 1, unit: '',
      },
    ];
  }
  return [
    { name: 'f32 kernel ≥ 0.8 of the stream read', figure: (shape) => { const c = caseAt(result, 'f32', shape); return c && { value: c.rooflineRatio }; }, met: (v) => v >= 0.8, unit: '' },
    { name: "bf16 ≥ 1.8× f32's elements/s, taking turns", figure: faster('bf16'), met: (v) => v >= 1.8, unit: '×' },
    { name: "int8 ≥ 3.2× f32's elements/s, taking turns", figure: faster('int8'), met: (v) => v >= 3.2, unit: '×' },
  ];
}

/**
 * Each storage target at the three shapes, met or not in this run; where the per-turn quartiles
 * straddle the threshold, the cell says so: another run may land on the other side.
 */
export function storageTargetsTable(result: BenchResult, source: string): string {
  const cell = (target: StorageTarget, shape: string) => {
    const figure = target.figure(shape);
    if (!figure) return '—';
    const verdict = target.met(figure.value) ? 'met' : 'not met';
    const straddles = figure.spread && target.met(figure.spread[0]) !== target.met(figure.spread[1]);
    return `${figure.value.toPrecision(3)}${target.unit}: ${verdict}${straddles ? ` (quartiles ${quartileRange(figure.spread!)} straddle it)` : ''}`;
  };
  return [
    `${result.adapter.architecture || result.adapter.vendor}, ${result.createdAt.slice(0, 10)}, ${hostOf(result)} (\`${source}\`):`,
    '',
    `| target | ${TARGET_SHAPES.join(' | ')} |`,
    '| --- | --- | --- | --- |',
    ...storageTargets(result).map((target) => `| ${target.name} | ${TARGET_SHAPES.map((shape) => cell(target, shape)).join(' | ')} |`),
  ].join('\n');
}

/** npm run bench:targets's JSON: the solver against liblinear, case by case. */
interface TargetsResult {
  adapter: { vendor: string; architecture: string; description: string };
  maxEpochs: number;
  createdAt: string;
  cases: {
    data: string; loss: string; C: number; objective: number; relativeGap: number; converged: boolean; epochs: number;
    float64Epochs: number; faceSolves?: number; seconds: number; testAccuracy: number; objectiveOverLiblinear: number; liblinear: { testAccuracy: number };
  }[];
}

export function targetsTable(result: TargetsResult, source: string): string {
  const { vendor, architecture, description } = result.adapter;
  return [
    `\`${[vendor, architecture, description].filter(Boolean).join(' / ')}\`, at most ${result.maxEpochs} epochs, ${result.createdAt.slice(0, 10)} (\`${source}\`):`,
    '',
    '| data | loss | C | objective ÷ liblinear\'s | gap ÷ objective | epochs (float64, face solves) | seconds | test accuracy (liblinear) |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...result.cases.map((c) => `| ${c.data} | ${c.loss} | ${c.C} | ${c.objectiveOverLiblinear.toFixed(4)} | ` +
      `${c.relativeGap.toExponential(1)}${c.converged ? '' : ' (not reached)'} | ${c.epochs} (${c.float64Epochs}, ${c.faceSolves ?? 0}) | ${c.seconds.toFixed(1)} | ` +
      `${c.testAccuracy.toFixed(4)} (${c.liblinear.testAccuracy.toFixed(4)}) |`),
  ].join('\n');
}

const TABLES = {
  '': resultsTable, '-short': shortResultsTable, '-storage': storageTable,
  '-storage-short': (result: BenchResult, source: string) => storageTable(result, source, true),
  '-storage-targets': storageTargetsTable,
  '-targets': targetsTable as unknown as (result: BenchResult, source: string) => string,
};

export function rewriteResults(text: string, read: (path: string) => string): string {
  return text.replace(MARKED, (_, open: string, kind: keyof typeof TABLES | undefined, source: string, close: string) => {
    const result = JSON.parse(read(source)) as BenchResult;
    return `${open}${TABLES[kind ?? ''](result, source)}\n${close}`;
  });
}

if (process.argv[1]?.endsWith('report.ts')) {
  const files = ['README.md', ...readdirSync('docs').filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];
  for (const file of files) {
    const before = readFileSync(file, 'utf8');
    const after = rewriteResults(before, (path) => readFileSync(path, 'utf8'));
    if (after !== before) {
      writeFileSync(file, after);
      console.log(`rewrote the results in ${file}`);
    }
  }
}
