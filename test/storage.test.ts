// Fewer bytes per element: X stored as bf16, f16 or int8. The conversions round as their formats
// say; every strategy computes the gradient of the stored X̂, which the checker holds it to
// (and would not hold it to X); int8's zero columns, f16's range and bad names give clear errors.
import { describe, expect, it } from 'vitest';
import {
  checkGradient, fixedSubgroupSize, HingeKernel, hingeGradient, LinearKernel, quantizationError, seededRandom, storedX, syntheticProblem,
  type Storage, type Strategy,
} from '../src/index.js';
import { xQuadsFit } from '../src/pipelines.js';
import { fromBf16Bits, fromF16Bits, int8Scales, toBf16Bits, toF16Bits } from '../src/storage.js';
import { randomProblem } from './helpers/family.js';
import { useDevice } from './helpers/gpu.js';

const gpu = useDevice();
const STORED: Storage[] = ['bf16', 'f16', 'int8'];

describe('the conversions', () => {
  it('round bf16 and f16 to nearest, ties to even, and widen exactly', () => {
    expect(toBf16Bits(1)).toBe(0x3f80);
    expect(fromBf16Bits(toBf16Bits(1 + 2 ** -8))).toBe(1); // a tie: to even
    expect(fromBf16Bits(toBf16Bits(1 + 3 * 2 ** -8))).toBe(1 + 2 ** -6); // a tie: up to even
    expect(fromBf16Bits(toBf16Bits(-3.14159))).toBe(-3.140625);
    expect(toF16Bits(1)).toBe(0x3c00);
    expect(toF16Bits(65504)).toBe(0x7bff);
    expect(toF16Bits(65520)).toBe(0x7c00); // rounds past the largest: infinite
    expect(fromF16Bits(toF16Bits(0.1))).toBe(0.0999755859375);
    expect(fromF16Bits(toF16Bits(2 ** -24))).toBe(2 ** -24); // the smallest subnormal
    expect(fromF16Bits(toF16Bits(2 ** -26))).toBe(0);
    expect(fromF16Bits(toF16Bits(-1.5 * 2 ** -20))).toBe(-1.5 * 2 ** -20);
    const random = seededRandom(5);
    for (let k = 0; k < 2000; k++) {
      const x = Math.fround((random() - 0.5) * 2 ** Math.floor(random() * 30 - 15));
      const half = fromF16Bits(toF16Bits(x));
      const step = 2 ** (Math.max(Math.floor(Math.log2(Math.abs(x))), -14) - 10);
      expect(Math.abs(half - x)).toBeLessThanOrEqual(step / 2);
      const brain = fromBf16Bits(toBf16Bits(x));
      expect(Math.abs(brain - x)).toBeLessThanOrEqual(2 ** (Math.floor(Math.log2(Math.abs(x))) - 8));
    }
  });

  it('storedX is each value rounded alone, at every column of rows of odd length', () => {
    const d = 7;
    const random = seededRandom(8);
    const X = Float32Array.from({ length: 50 * d }, () => Math.fround((random() - 0.5) * 2 ** Math.floor(random() * 20 - 10)));
    const scales = int8Scales(X, 50, d);
    const one: Record<Exclude<Storage, 'f32'>, (x: number, j: number) => number> = {
      bf16: (x) => fromBf16Bits(toBf16Bits(x)),
      f16: (x) => fromF16Bits(toF16Bits(x)),
      // + 0: a code of zero is +0, whatever the sign of x.
      int8: (x, j) => Math.fround(Math.max(-127, Math.min(127, Math.round(x / scales[j]))) * scales[j]) + 0,
    };
    for (const storage of STORED) {
      const stored = storedX(X, d, storage);
      expect(Array.from(stored), storage).toEqual(Array.from(X, (x, k) => one[storage as Exclude<Storage, 'f32'>](x, k % d)));
    }
  });

  it('int8: a scale per column, X̂ within half a step of X, a column of zeros all zero', () => {
    const X = Float32Array.from({ length: 40 * 3 }, (_, k) => (k % 3 === 2 ? 0 : Math.sin(k) * (k % 3 === 0 ? 1000 : 0.001)));
    const scales = int8Scales(X, 40, 3);
    expect(scales[2]).toBe(0);
    const stored = storedX(X, 3, 'int8');
    const errors = quantizationError(X, stored, 3);
    for (let j = 0; j < 2; j++) expect(errors[j]).toBeLessThanOrEqual(scales[j] / 2 + Math.abs(Math.max(...X)) * 2 ** -24);
    expect(errors[2]).toBe(0);
  });
});

const STRATEGIES: Strategy[] = ['narrow', 'subgroup', 'fused', 'two-pass'];

describe('int8 widening on the GPU', () => {
  // Row i of column j is q(j + 1) with q = ((i + 7j) mod 255) − 127: column j's scale is j + 1, so
  // its codes are every q from −127 to 127, exactly, in each byte of a word, and the codes of a row
  // differ from column to column. Every row is active, so each code reaches the loss and the
  // gradient: a code widened wrongly, or put in the wrong column, is off by whole steps. At
  // d = 256, narrow and subgroup read X a quad (16 codes) at a time; at d = 4, a word at a time.
  const n = 255;
  for (const d of [4, 256]) {
    const X = Float32Array.from({ length: n * d }, (_, k) => (((Math.floor(k / d) + 7 * (k % d)) % 255) - 127) * ((k % d) + 1));
    const y = Float32Array.from({ length: n }, (_, i) => (i % 3 === 0 ? -1 : 1));
    // |w·x| < 1 on every row.
    const w = Float32Array.from({ length: d }, (_, j) => (j % 2 ? -1 : 1) * (d === 4 ? 1e-4 : 1e-7) * (1 + (j % 5)));
    const problem = { X, y, w, b: 0, lambda: 0.01 };
    for (const strategy of STRATEGIES) {
      it(`${strategy}, d = ${d}: every code from −127 to 127 in each of a word's four bytes`, async ({ skip }) => {
        if (strategy === 'subgroup' && fixedSubgroupSize(gpu.device()) === undefined) skip();
        expect(Array.from(storedX(X, d, 'int8'))).toEqual(Array.from(X));
        const kernel = new HingeKernel(gpu.device(), { strategy });
        try {
          await kernel.setData(X, y, undefined, { storage: 'int8' });
          expect(xQuadsFit(kernel.plan!, 'int8')).toBe(d === 256 && (strategy === 'narrow' || strategy === 'subgroup'));
          const run = await kernel.run({ w, b: 0, lambda: 0.01 });
          expect(run.active).toBe(n);
          const check = checkGradient(run, problem, { storage: 'int8' });
          expect(check.ok, check.report).toBe(true);
        } finally {
          kernel.destroy();
        }
      });
    }
  }
});

describe('every strategy computes the gradient of the stored X', () => {
  for (const strategy of STRATEGIES) {
    it(`${strategy}: bf16, f16 and int8, each checked against X̂ (and int8 not against X)`, async ({ skip }) => {
      if (strategy === 'subgroup' && fixedSubgroupSize(gpu.device()) === undefined) skip();
      const problem = syntheticProblem({ n: 3001, d: 37, seed: 21, lambda: 0.01 });
      for (const storage of STORED) {
        const K = strategy === 'fused' ? 1 : 3; // fused takes one vector
        const kernel = new HingeKernel(gpu.device(), { strategy, maxVectors: K });
        try {
          await kernel.setData(problem.X, problem.y, undefined, { storage });
          const run = await kernel.run({ w: problem.w, b: problem.b, lambda: problem.lambda });
          const check = checkGradient(run, problem, { storage });
          expect(check.ok, `${strategy} ${storage}: ${check.report}`).toBe(true);
          expect(check.report).toMatch(new RegExp(`checked against X as stored in ${storage}`));
          if (storage === 'int8') expect(checkGradient(run, problem).ok).toBe(false);
          const again = await kernel.run({ w: problem.w, b: problem.b, lambda: problem.lambda });
          expect(Array.from(again.dw)).toEqual(Array.from(run.dw));
          if (K === 1) continue;
          const W = new Float32Array(3 * 37).map((_, k) => problem.w[k % 37] * (1 + Math.floor(k / 37)));
          const many = await kernel.run({ W, b: [0, 0.1, -0.1], lambda: 0.01 });
          for (const [k, result] of many.entries()) {
            const one = { ...problem, w: W.subarray(k * 37, (k + 1) * 37), b: [0, 0.1, -0.1][k], lambda: 0.01 };
            expect(checkGradient(result, one, { storage }).ok, `${strategy} ${storage} K=3 vector ${k}`).toBe(true);
          }
        } finally {
          kernel.destroy();
        }
      }
    });
  }

  it('the loss family, weighted, in several chunks, in one pass and in two, and hingeGradient', async () => {
    const input = randomProblem('multiclass-hinge', 4000, 21, 5, 22);
    for (const storage of STORED) {
      for (const strategy of ['narrow', 'two-pass'] as const) {
        const kernel = new LinearKernel(gpu.device(), { loss: 'multiclass-hinge', classes: 5, chunkBytes: 50_000, strategy });
        try {
          await kernel.setData(input.X, input.y, { sampleWeight: input.sampleWeight, storage });
          expect(kernel.plan!.chunks.length).toBeGreaterThan(1);
          const run = await kernel.run({ W: input.W, b: input.b, lambda: input.lambda, margin: input.margin });
          const check = checkGradient(run, input, { storage });
          expect(check.ok, `${strategy} ${storage}: ${check.report}`).toBe(true);
        } finally {
          kernel.destroy();
        }
      }
      const problem = syntheticProblem({ n: 2000, d: 64, seed: 23, lambda: 0.01 });
      expect(checkGradient(await hingeGradient(gpu.device(), { ...problem, storage }), problem, { storage }).ok).toBe(true);
    }
  });
});

describe('bad input', () => {
  it('names an unknown storage, a value beyond f16, and a NaN; a zero column works; the device stays usable', async () => {
    const problem = syntheticProblem({ n: 200, d: 6, seed: 24 });
    const kernel = new HingeKernel(gpu.device());
    try {
      await expect(kernel.setData(problem.X, problem.y, undefined, { storage: 'int4' as never })).rejects.toThrow(/unknown storage 'int4'/);
      const big = problem.X.slice();
      big[13 * 6 + 4] = 70000;
      await expect(kernel.setData(big, problem.y, undefined, { storage: 'f16' })).rejects.toThrow(/X\[row 13, column 4\] = 70000 is beyond f16's range/);
      const bad = problem.X.slice();
      bad[5 * 6 + 1] = NaN;
      await expect(kernel.setData(bad, problem.y, undefined, { storage: 'bf16' })).rejects.toThrow(/X contains NaN at row 5, column 1/);
      const zeros = problem.X.map((value, k) => (k % 6 === 3 ? 0 : value));
      await kernel.setData(zeros, problem.y, undefined, { storage: 'int8' });
      const run = await kernel.run({ w: problem.w, b: problem.b });
      expect(run.dw[3]).toBe(0);
      expect(checkGradient(run, { ...problem, X: zeros }, { storage: 'int8' }).ok).toBe(true);
    } finally {
      kernel.destroy();
    }
    expect(gpu.uncapturedErrors).toEqual([]);
  });

  it('names an int8 sum that overflows f32 where the gradient is finite (weights of 1e30), and the device stays usable', async () => {
    const input = randomProblem('hinge', 200, 8, 1, 25);
    const heavy = new Float32Array(200).fill(1e30);
    const kernel = new LinearKernel(gpu.device(), { loss: 'hinge' });
    try {
      await kernel.setData(input.X, input.y, { sampleWeight: heavy, storage: 'f32' });
      const f32 = await kernel.run({ W: input.W, b: input.b, margin: input.margin });
      expect(Array.from(f32.dW).every(Number.isFinite)).toBe(true);
      await kernel.setData(input.X, input.y, { sampleWeight: heavy, storage: 'int8' });
      await expect(kernel.run({ W: input.W, b: input.b, margin: input.margin })).rejects.toThrow(
        /the int8 kernel's sum for column 3 overflowed f32 \(it holds Σ coefficient·q·2\^24 over the rows, q the codes\): .* need storage 'f32' or 'bf16'/,
      );
      await kernel.setData(input.X, input.y, { sampleWeight: input.sampleWeight, storage: 'int8' });
      const run = await kernel.run({ W: input.W, b: input.b, lambda: input.lambda, margin: input.margin });
      expect(checkGradient(run, input, { storage: 'int8' }).ok).toBe(true);
    } finally {
      kernel.destroy();
    }
    expect(gpu.uncapturedErrors).toEqual([]);
  });
});
