// The depths the checker's bounds rest on are checked, not trusted: for every strategy, with K > 1
// and with X in several chunks, the GPU's result equals an f32 emulation of the strategy's
// summation plan bitwise (so the emulation follows the shaders' real order of additions), and the
// depths the kernel reports are the heights of the emulation's addition chains.
import { describe, expect, it } from 'vitest';
import { fixedSubgroupSize, HingeKernel, isSoftwareAdapter, syntheticProblem, type Strategy } from '../src/index.js';
import { FUSED_UPDATE_STORAGES, xQuadsFit, type KernelLoss } from '../src/pipelines.js';
import { planKernel } from '../src/plan.js';
import { emulatePlan, fusedMultiplyAddF32 } from '../src/sum-emulation.js';
import { int8Scales } from '../src/storage.js';
import { deviceFusesMultiplyAdd } from './helpers/fma-probe.js';
import { useDevice } from './helpers/gpu.js';

const gpu = useDevice();

interface Case {
  strategy: Strategy;
  n: number;
  d: number;
  K?: number;
  chunkBytes?: number;
  /** shaders/loss.wgsl's loss and Δ (default: the hinge with Δ = 1). */
  loss?: KernelLoss;
  margin?: number;
  /** What the case exercises, for its name. */
  shape: string;
}

const cases: Case[] = [
  { strategy: 'narrow', n: 3001, d: 13, shape: 'one group of columns' },
  { strategy: 'narrow', n: 3001, d: 13, K: 5, chunkBytes: 16 * 1024, shape: 'four vectors at once, chunks' },
  { strategy: 'narrow', n: 1201, d: 200, K: 2, shape: 'four groups of columns, vectors in turn' },
  { strategy: 'subgroup', n: 2001, d: 256, shape: 'one subgroup to a row' },
  { strategy: 'subgroup', n: 2001, d: 64, K: 5, chunkBytes: 32 * 1024, shape: 'four vectors at once, chunks' },
  { strategy: 'subgroup', n: 701, d: 600, shape: 'groups of columns per lane' },
  { strategy: 'subgroup', n: 3001, d: 8, K: 3, shape: 'several rows per subgroup' },
  { strategy: 'subgroup', n: 3001, d: 5, shape: 'several rows per subgroup, lanes without columns' },
  { strategy: 'subgroup', n: 301, d: 1100, K: 2, shape: 'wide rows: a workgroup to a row' },
  { strategy: 'subgroup', n: 300, d: 4100, shape: 'wide rows: two quads of subgroups' },
  { strategy: 'fused', n: 3001, d: 37, shape: 'rows shared by two lanes' },
  { strategy: 'fused', n: 2000, d: 300, chunkBytes: 256 * 1024, shape: 'rows shared by eight lanes, chunks' },
  { strategy: 'two-pass', n: 3001, d: 37, K: 3, chunkBytes: 64 * 1024, shape: 'K vectors, chunks' },
  { strategy: 'two-pass', n: 70_000, d: 4, shape: 'two stages of reduction' },
  { strategy: 'narrow', n: 3001, d: 13, K: 5, loss: 'squared-hinge', margin: 0.7, shape: 'squared hinge, Δ = 0.7, four vectors at once' },
  { strategy: 'subgroup', n: 2001, d: 256, loss: 'squared-hinge', margin: 1.5, shape: 'squared hinge, Δ = 1.5' },
  { strategy: 'subgroup', n: 3001, d: 8, K: 3, loss: 'squared-hinge', shape: 'squared hinge, several rows per subgroup' },
  { strategy: 'fused', n: 3001, d: 37, loss: 'squared-hinge', margin: 0.5, shape: 'squared hinge, Δ = 0.5' },
  { strategy: 'two-pass', n: 3001, d: 37, K: 3, loss: 'hinge', margin: 0.25, shape: 'hinge, Δ = 0.25' },
];

describe('the GPU against the f32 emulation of its summation plan', () => {
  for (const { strategy, n, d, K = 1, chunkBytes, shape, loss = 'hinge', margin = 1 } of cases) {
    it(`${strategy}, ${shape} (${n}×${d}, K = ${K})`, async ({ skip }) => {
      const device = gpu.device();
      if (strategy === 'subgroup' && fixedSubgroupSize(device) === undefined) skip();
      const problem = syntheticProblem({ n, d, seed: n + d + K });
      const W = Float32Array.from({ length: K * d }, (_, i) => problem.w[i % d] * (1 + 0.25 * Math.floor(i / d)));
      const biases = Array.from({ length: K }, (_, k) => 0.1 - 0.05 * k);
      const kernel = new HingeKernel(device, { strategy, maxVectors: K, loss, ...(chunkBytes ? { chunkBytes } : {}) });
      try {
        await kernel.setData(problem.X, problem.y);
        const plan = kernel.plan!;
        if (chunkBytes) expect(plan.chunks.length).toBeGreaterThan(1);
        const lambda = 0.03;
        const runs = K === 1 ? [await kernel.run({ w: W, b: biases[0], lambda, margin })] : await kernel.run({ W, b: biases, lambda, margin });
        // narrow and subgroup add coefficient·x by fma where f32 does (FUSED_UPDATE_STORAGES),
        // rounded once or twice as the device does.
        const fusedMultiplyAdd = FUSED_UPDATE_STORAGES.includes('f32') && (await deviceFusesMultiplyAdd(device));
        const emulation = emulatePlan(plan, { X: problem.X, y: problem.y, W, biases, lambda, kink: 'zero', loss, margin, fusedMultiplyAdd });
        // Orders WGSL leaves open are emulated as SwiftShader computes them (src/sum-emulation.ts).
        const orderKnown = strategy !== 'subgroup' || isSoftwareAdapter(device);
        for (let k = 0; k < K; k++) {
          const gpuRun = runs[k];
          const emulated = emulation.results[k];
          expect(gpuRun.active).toBe(emulated.active);
          if (!orderKnown) continue;
          expect(new Uint32Array(gpuRun.dw.buffer)).toEqual(new Uint32Array(emulated.dw.buffer));
          expect(gpuRun.loss).toBe(emulated.loss);
          expect(gpuRun.db).toBe(emulated.db);
        }
        // The reported depths bound the real chains, and are no looser than they are.
        expect(emulation.heights.rowSum).toBeGreaterThan(0);
        expect(runs[0].sumDepths).toEqual({ rowSum: emulation.heights.rowSum, dot: emulation.heights.dot });
      } finally {
        kernel.destroy();
      }
    });
  }
});

// Plans for hardware GPUs (32-lane subgroups holding interleaved columns, 256-lane fused
// workgroups), which this suite's software GPU does not run: their chains' heights are a matter of
// the plan alone, so the emulation measures them without a GPU.
describe('the depths of hardware plans against the emulation', () => {
  const limits = {
    maxStorageBufferBindingSize: 128 << 20, maxBufferSize: 256 << 20, maxComputeInvocationsPerWorkgroup: 256,
    maxComputeWorkgroupSizeX: 256, maxComputeWorkgroupsPerDimension: 65535, maxComputeWorkgroupStorageSize: 16384,
  };
  const hardware: [Strategy, number, number][] = [
    ['subgroup', 20_000, 32], ['subgroup', 3000, 128], ['subgroup', 600, 2048], ['subgroup', 80, 8192], ['subgroup', 2000, 20],
    ['fused', 20_000, 32], ['fused', 1000, 1000], ['narrow', 20_000, 48], ['two-pass', 5000, 300],
  ];
  for (const [strategy, n, d] of hardware) {
    it(`${strategy} ${n}×${d} on 32-lane subgroups`, () => {
      const plan = planKernel(n, d, limits, { strategy, subgroupSize: 32 });
      if (strategy === 'subgroup') expect(plan.interleavedColumns).toBe(true);
      const problem = syntheticProblem({ n, d, seed: 5 });
      const { heights } = emulatePlan(plan, { X: problem.X, y: problem.y, W: problem.w, biases: [0.1], lambda: 0, kink: 'zero' });
      expect({ rowSum: plan.rowSumDepth, dot: plan.dotDepth }).toEqual(heights);
    });
  }
});

// int8 (src/storage.ts): the kernels read the codes q and take w∘s, and the host scales each
// column's sum by s_j. narrow and subgroup add coefficient·q by fma for int8
// (FUSED_UPDATE_STORAGES), rounded once or twice as the device does, which the test probes. The
// squared hinge makes the coefficients other than ±1, so that the two roundings differ.
describe('the int8 kernels against the f32 emulation of their summation plan on the codes', () => {
  const int8Cases: Case[] = [
    { strategy: 'narrow', n: 3001, d: 32, loss: 'squared-hinge', margin: 0.7, shape: 'squared hinge, rows read as quads' },
    { strategy: 'narrow', n: 3001, d: 32, K: 5, loss: 'squared-hinge', shape: 'squared hinge, four vectors at once' },
    { strategy: 'subgroup', n: 2001, d: 256, loss: 'squared-hinge', margin: 1.5, shape: 'squared hinge, one subgroup to a row' },
    { strategy: 'subgroup', n: 301, d: 2048, loss: 'squared-hinge', margin: 1.2, shape: 'squared hinge, a workgroup to a row' },
    { strategy: 'two-pass', n: 1001, d: 96, loss: 'squared-hinge', margin: 0.9, shape: 'squared hinge, scores then the gradient' },
  ];
  for (const { strategy, n, d, K = 1, shape, loss = 'hinge', margin = 1 } of int8Cases) {
    it(`${strategy}, ${shape} (${n}×${d}, K = ${K})`, async ({ skip }) => {
      const device = gpu.device();
      // subgroupAdd's order is SwiftShader's in the emulation.
      if (strategy === 'subgroup' && (fixedSubgroupSize(device) === undefined || !isSoftwareAdapter(device))) skip();
      const problem = syntheticProblem({ n, d, seed: n + d + K });
      const scales = int8Scales(problem.X, n, d);
      const codes = Float32Array.from(problem.X, (x, i) => (scales[i % d] === 0 ? 0 : Math.max(-127, Math.min(127, Math.round(x / scales[i % d])))));
      const W = Float32Array.from({ length: K * d }, (_, i) => problem.w[i % d] * (1 + 0.25 * Math.floor(i / d)));
      const biases = Array.from({ length: K }, (_, k) => 0.1 - 0.05 * k);
      const kernel = new HingeKernel(device, { strategy, maxVectors: K, loss });
      try {
        await kernel.setData(problem.X, problem.y, undefined, { storage: 'int8' });
        const plan = kernel.plan!;
        expect(xQuadsFit(plan, 'int8')).toBe(strategy !== 'two-pass');
        if (d > 1024) expect(plan.colLanes).toBeGreaterThan(plan.subgroupSize); // wide: a workgroup to a row
        const runs = K === 1 ? [await kernel.run({ w: W, b: biases[0], lambda: 0, margin, reduction: 'sum' })] : await kernel.run({ W, b: biases, lambda: 0, margin, reduction: 'sum' });
        const scaledW = Float32Array.from(W, (weight, i) => weight * scales[i % d]);
        const fusedMultiplyAdd = await deviceFusesMultiplyAdd(device);
        const emulation = emulatePlan(plan, { X: codes, y: problem.y, W: scaledW, biases, lambda: 0, kink: 'zero', loss, margin, fusedMultiplyAdd });
        for (let k = 0; k < K; k++) {
          const emulated = emulation.results[k];
          expect(runs[k].active).toBe(emulated.active);
          const dwSum = Float32Array.from(emulated.dwSum, (sum, j) => scales[j] * sum);
          expect(new Uint32Array(runs[k].dwSum.buffer)).toEqual(new Uint32Array(dwSum.buffer));
          expect(runs[k].lossSum).toBe(emulated.lossSum);
          expect(runs[k].dbSum).toBe(emulated.slopeSum);
        }
      } finally {
        kernel.destroy();
      }
    });
  }
});

// The emulation's fused multiply-add against exact integer arithmetic: every f32 is an integer
// times 2⁻¹⁴⁹, so a·b + c is an integer times 2⁻²⁹⁸, rounded here to 24 bits, ties to even.
function exactFusedMultiplyAdd(a: number, b: number, c: number): number {
  const units = (v: number) => BigInt(v * 2 ** 149);
  const exact = units(a) * units(b) + units(c) * 2n ** 149n;
  if (exact === 0n) return 0;
  const magnitude = exact < 0n ? -exact : exact;
  const shift = Math.max(magnitude.toString(2).length - 24, 149);
  let kept = magnitude >> BigInt(shift);
  const rest = magnitude - (kept << BigInt(shift));
  const half = 1n << BigInt(shift - 1);
  if (rest > half || (rest === half && kept % 2n === 1n)) kept++;
  return (exact < 0n ? -1 : 1) * Number(kept) * 2 ** (shift - 298);
}

describe('the emulation of a fused multiply-add', () => {
  it('rounds a·b + c once, where rounding the f64 sum to f32 would round twice', () => {
    // a·b = 2⁻²⁴ + 2⁻⁵⁴: the f64 sum with 1 is 1 + 2⁻²⁴, halfway between two f32 values.
    const [a, b] = [13325 * 2 ** -14, 80581 * 2 ** -40];
    expect(a * b).toBe(2 ** -24 + 2 ** -54);
    expect(Math.fround(a * b + 1)).toBe(1);
    expect(fusedMultiplyAddF32(a, b, 1)).toBe(1 + 2 ** -23);
    expect(fusedMultiplyAddF32(-a, b, -1)).toBe(-(1 + 2 ** -23));
    expect(fusedMultiplyAddF32(a, -b, 1)).toBe(exactFusedMultiplyAdd(a, -b, 1));
  });

  it('agrees with exact arithmetic on random operands, half of them cancelling', () => {
    let seed = 7;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const f32Near = (scale: number) => Math.fround((random() - 0.5) * 2 ** Math.floor(scale));
    let mismatches = 0;
    for (let t = 0; t < 20000; t++) {
      const a = f32Near(random() * 40 - 20);
      const b = f32Near(random() * 40 - 20);
      const c = t % 2 === 0 ? Math.fround(-a * b * (1 + (random() - 0.5) * 2 ** -20)) : f32Near(random() * 40 - 20);
      if (fusedMultiplyAddF32(a, b, c) !== exactFusedMultiplyAdd(a, b, c)) mismatches++;
    }
    expect(mismatches).toBe(0);
  });
});
