// How fast can any int8 kernel be, beside the f32 kernel? The bench's storages taking turns
// (bench/storage-turns.ts: f32, bf16, f16, int8 and the kernel with no loads of X) at the three
// target shapes, with int8 variants compiled in place of int8's source (withXSource). Two load X's
// words exactly as the int8 kernel does but widen less than an exact widening can (their values
// are wrong; timing only):
//   - masks and conversions: each code masked in place and converted, as int8_widen.wgsl does,
//     without the sign fix (the xor and the subtraction);
//   - loads only: each 16-byte quad converted into one vec4, shared by its four columns.
// An exact int8 kernel does everything the second does and more, so at a shape where int8 reads
// quads (all three target shapes) its time ÷ the f32 kernel's cannot go below that variant's, as
// long as a kernel compiled this way runs as fast as int8's own: the control variant, int8's own
// source compiled the same way, checks that. In Chromium it did; in Node it did not
// (docs/storage.md, The host decides).
//   node scripts/run-ts.mjs bench/int8-floor-probe.ts [--chromium] [--reps 15] [--out FILE.json]
//   (bench/probe-page.ts)
import { describeAdapter, type AdapterSummary } from '../src/index.js';
import int8Widen from '../shaders/int8_widen.wgsl?raw';
import int8Quads from '../shaders/storage_int8_quads.wgsl?raw';
import { GpuTimer } from './gpu-timer.js';
import { measureStorageTurns, type StorageTurns, type XSourceVariant } from './storage-turns.js';

const SHAPES: [number, number][] = [[65536, 256], [1000000, 32], [4096, 4096]];

// X bound as storage_int8_quads.wgsl binds it. Each value is an i32 converted to f32, a normal
// float: subnormal values (a bitcast of masked bits makes many) would slow the arithmetic on CPUs.
const QUADS = '@group(0) @binding(0) var<storage, read> X: array<vec4<u32>>;';

export const INT8_LOAD_VARIANTS: XSourceVariant[] = [
  // The control: int8's own source compiled the same way as the variants. Where it does not take
  // int8's time, the variants' times say nothing about int8.
  { name: 'int8, exact, as a variant', storage: 'int8', source: `${int8Widen}\n${int8Quads}` },
  {
    name: 'int8, masks and conversions',
    storage: 'int8',
    source: `${QUADS}
fn placed(word: u32) -> vec4<f32> {
  return vec4<f32>(bitcast<vec4<i32>>(vec4(word) & vec4(0xffu, 0xff00u, 0xff0000u, 0xff000000u)));
}
fn xAt(index: u32) -> vec4<f32> {
  return placed(X[index / 4u][index % 4u]);
}
fn xQuad(quad: u32) -> mat4x4<f32> {
  let words = X[quad];
  return mat4x4(placed(words.x), placed(words.y), placed(words.z), placed(words.w));
}`,
  },
  {
    name: 'int8, loads only',
    storage: 'int8',
    source: `${QUADS}
fn xAt(index: u32) -> vec4<f32> {
  return vec4<f32>(bitcast<vec4<i32>>(X[index / 4u]));
}
fn xQuad(quad: u32) -> mat4x4<f32> {
  let v = vec4<f32>(bitcast<vec4<i32>>(X[quad]));
  return mat4x4(v, v, v, v);
}`,
  },
];

export interface Int8FloorProbe {
  adapter: AdapterSummary;
  reps: number;
  turns: StorageTurns[];
}

export async function probeInt8Floor(device: GPUDevice, reps: number): Promise<Int8FloorProbe> {
  const turns = await measureStorageTurns(device, new GpuTimer(device), reps, SHAPES, INT8_LOAD_VARIANTS);
  return { adapter: describeAdapter(device), reps, turns };
}

function print(where: string, probe: Int8FloorProbe): void {
  console.log(`${where}: kernel time ÷ the f32 kernel's, taking turns (${probe.reps} turns; per turn: quartiles)`);
  const names = ['int8', ...INT8_LOAD_VARIANTS.map((variant) => variant.name), 'no loads'];
  for (const turn of probe.turns) {
    console.log(`  ${turn.n}×${turn.d} (${turn.strategy}, f32 kernel ${turn.kernelMs.f32.toFixed(1)} ms)`);
    for (const name of names) {
      const [low, high] = turn.overF32PerTurn![name];
      console.log(`    ${name.padEnd(32)} ${turn.overF32[name].toFixed(3)}× (${low.toFixed(2)}–${high.toFixed(2)})`);
    }
  }
}

if (typeof process !== 'undefined' && process.argv?.[1]?.endsWith('int8-floor-probe.ts')) {
  const { runProbeScript } = await import('./probe-page.js');
  await runProbeScript({ modulePath: '/bench/int8-floor-probe.ts', probe: 'probeInt8Floor', run: probeInt8Floor, print });
}
