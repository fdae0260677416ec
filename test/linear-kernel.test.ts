// The loss family on the GPU: every loss in every strategy through LinearKernel and
// linearGradient, held to the family's checker (random data with row weights and Δ ≠ 1; integer
// data with terms exactly on the kink and exact Crammer–Singer ties), C from 2 to 100, chunked X,
// bitwise repeats, and the errors for bad input.
import { beforeEach, describe, expect, it } from 'vitest';
import { checkGradient, combineGradients, fixedSubgroupSize, linearGradient, linearGradientCpu, requestDevice, type Strategy } from '../src/index.js';
import { LinearKernel } from '../src/linear-kernel.js';
import type { LinearInput } from '../src/linear-input.js';
import type { LossName } from '../src/losses.js';
import { useDevice } from './helpers/gpu.js';
import { ALL_LOSSES, integerProblem, MULTICLASS_LOSSES, randomProblem } from './helpers/family.js';

const gpu = useDevice();
const STRATEGIES: Strategy[] = ['narrow', 'subgroup', 'fused', 'two-pass'];

beforeEach(({ task, skip }) => {
  if (task.name.includes('subgroup') && fixedSubgroupSize(gpu.device()) === undefined) skip();
});

function classesOf(input: LinearInput): number {
  return input.W.length / (input.X.length / input.y.length);
}

async function gpuResult(input: LinearInput, options: { chunkBytes?: number; strategy?: Strategy } = {}) {
  const kernel = new LinearKernel(gpu.device(), { loss: input.loss, classes: classesOf(input), ...options });
  try {
    await kernel.setData(input.X, input.y, input.sampleWeight ? { sampleWeight: input.sampleWeight } : {});
    return await kernel.run({ W: input.W, b: input.b, lambda: input.lambda, kink: input.kink, margin: input.margin });
  } finally {
    kernel.destroy();
  }
}

describe('LinearKernel', () => {
  for (const strategy of STRATEGIES) {
    it(`${strategy}: every loss, random data with weights and Δ = 0.8, integer data with exact kinks, both kinks`, async () => {
      for (const loss of ALL_LOSSES) {
        for (const kink of ['zero', 'include'] as const) {
          const random = { ...randomProblem(loss, 2000, 19, 5, 300), kink };
          const check = checkGradient(await gpuResult(random, { strategy }), random);
          expect(check.ok, `${strategy} ${loss} random ${kink}: ${check.report}`).toBe(true);
          const integer = { ...integerProblem(loss, 2000, 9, 4, 301), kink };
          const exact = checkGradient(await gpuResult(integer, { strategy }), integer);
          expect(exact.ok, `${strategy} ${loss} integer ${kink}: ${exact.report}`).toBe(true);
        }
      }
    });
  }
});

describe('LinearKernel across classes and shapes', () => {
  for (const C of [2, 3, 10, 37, 100]) {
    it(`C = ${C}: every multiclass loss in every strategy, random and integer data`, async () => {
      const strategies = STRATEGIES.filter((strategy) => strategy !== 'subgroup' || fixedSubgroupSize(gpu.device()) !== undefined);
      for (const strategy of strategies) {
        for (const loss of MULTICLASS_LOSSES) {
          const random = randomProblem(loss, 700, 13, C, 310 + C);
          const check = checkGradient(await gpuResult(random, { strategy }), random);
          expect(check.ok, `${strategy} ${loss} C=${C}: ${check.report}`).toBe(true);
          const integer = integerProblem(loss, 700, 6, C, 320 + C);
          const exact = checkGradient(await gpuResult(integer, { strategy }), integer);
          expect(exact.ok, `${strategy} ${loss} C=${C} integer: ${exact.report}`).toBe(true);
        }
      }
    });
  }

  it('wide rows (d = 1030) and tall data in several chunks of X', async () => {
    const wide = randomProblem('crammer-singer', 60, 1030, 4, 330);
    expect(checkGradient(await gpuResult(wide), wide).ok).toBe(true);
    const tall = randomProblem('multiclass-hinge', 20000, 6, 7, 331);
    const kernel = new LinearKernel(gpu.device(), { loss: 'multiclass-hinge', classes: 7, chunkBytes: 100_000 });
    try {
      await kernel.setData(tall.X, tall.y, { sampleWeight: tall.sampleWeight });
      expect(kernel.plan!.chunks.length).toBeGreaterThan(3);
      const run = await kernel.run({ W: tall.W, b: tall.b, lambda: tall.lambda, margin: tall.margin });
      const check = checkGradient(run, tall);
      expect(check.ok, check.report).toBe(true);
    } finally {
      kernel.destroy();
    }
  });

  it('gives bitwise the same result on repeats, and the reference within its bounds matches the CPU', async () => {
    const input = randomProblem('crammer-singer', 3000, 17, 10, 340);
    const kernel = new LinearKernel(gpu.device(), { loss: 'crammer-singer', classes: 10 });
    try {
      await kernel.setData(input.X, input.y, { sampleWeight: input.sampleWeight });
      const params = { W: input.W, b: input.b, lambda: input.lambda, margin: input.margin };
      const first = await kernel.run(params);
      const second = await kernel.run(params);
      expect(Array.from(second.dW)).toEqual(Array.from(first.dW));
      expect(Array.from(second.db)).toEqual(Array.from(first.db));
      expect([second.loss, second.active]).toEqual([first.loss, first.active]);
      const reference = linearGradientCpu(input);
      expect(first.active).toBe(reference.active);
    } finally {
      kernel.destroy();
    }
  });
});

describe('linearGradient and combineGradients for the family', () => {
  it('three shards on two devices merge into the whole', async () => {
    const whole = randomProblem('multiclass-hinge', 3000, 11, 5, 350);
    const n = whole.y.length;
    const d = 11;
    const other = await requestDevice();
    try {
      const bounds = [0, 900, 2100, n];
      const parts = await Promise.all(bounds.slice(0, -1).map((start, k) => {
        const end = bounds[k + 1];
        const shard: LinearInput = {
          ...whole, X: whole.X.subarray(start * d, end * d), y: whole.y.subarray(start, end),
          sampleWeight: whole.sampleWeight!.subarray(start, end), lambda: 0,
        };
        return linearGradient(k === 1 ? other : gpu.device(), shard, { reduction: 'sum' });
      }));
      expect(parts.map((part) => part.rows)).toEqual([900, 1200, 900]);
      const combined = combineGradients(parts, { W: whole.W, lambda: whole.lambda });
      const check = checkGradient(combined, whole);
      expect(check.ok, check.report).toBe(true);
      expect(combined.active).toBe((await linearGradient(gpu.device(), whole)).active);
    } finally {
      other.destroy();
    }
  });
});
