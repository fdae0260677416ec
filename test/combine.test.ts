// Shards that merge: rows split across two devices, each part a run with reduction 'sum', merged
// by combineGradients into what one call on all the rows returns, within the checker's bounds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkGradient, combineGradients, HingeKernel, hingeGradient, requestDevice, syntheticProblem } from '../src/index.js';
import { useDevice } from './helpers/gpu.js';

const gpu = useDevice();
let other: GPUDevice;
beforeAll(async () => {
  other = await requestDevice();
});
afterAll(() => other?.destroy());

const d = 24;
const whole = syntheticProblem({ n: 30_000, d, seed: 121, lambda: 0.02 });
const shard = (first: number, end: number) => ({ ...whole, X: whole.X.subarray(first * d, end * d), y: whole.y.subarray(first, end) });

describe('combineGradients', () => {
  it('merges three shards run on two devices into the whole problem’s result', async () => {
    const { w, b } = whole;
    const parts = await Promise.all([
      hingeGradient(gpu.device(), { ...shard(0, 9000), lambda: 0, reduction: 'sum' }),
      hingeGradient(other, { ...shard(9000, 21_000), lambda: 0, reduction: 'sum' }),
      hingeGradient(gpu.device(), { ...shard(21_000, 30_000), lambda: 0, reduction: 'sum' }),
    ]);
    expect(parts.map((part) => part.rows)).toEqual([9000, 12_000, 9000]);
    const combined = combineGradients(parts, { w, lambda: whole.lambda });
    const check = checkGradient(combined, whole);
    expect(check.ok, check.report).toBe(true);
    const single = await hingeGradient(gpu.device(), whole);
    expect(combined.active).toBe(single.active);
    expect(checkGradient(single, whole).ok).toBe(true);
    expect(b).toBe(whole.b);
  });

  it("a resident kernel's sums: for each of K vectors, and the same as one-shot sums", async () => {
    const kernel = new HingeKernel(gpu.device(), { maxVectors: 2 });
    try {
      await kernel.setData(whole.X, whole.y);
      const W = new Float32Array([...whole.w, ...whole.w.map((v) => -v)]);
      const [first, second] = await kernel.run({ W, b: [whole.b, 0], reduction: 'sum' });
      expect([first.reduction, first.rows]).toEqual(['sum', 30_000]);
      const alone = await kernel.run({ w: whole.w, b: whole.b, reduction: 'sum' });
      expect(Array.from(first.dwSum)).toEqual(Array.from(alone.dwSum));
      const combined = combineGradients([second], { w: W.subarray(d), lambda: 0.1 });
      expect(checkGradient(combined, { ...whole, w: W.subarray(d), b: 0, lambda: 0.1 }).ok).toBe(true);
    } finally {
      kernel.destroy();
    }
  });

  it('rejects λ with reduction \'sum\', an unknown reduction, and parts that do not fit', async () => {
    await expect(hingeGradient(gpu.device(), { ...shard(0, 100), lambda: 0.5, reduction: 'sum' }))
      .rejects.toThrow(/lambda is for combineGradients/);
    await expect(hingeGradient(gpu.device(), { ...shard(0, 100), reduction: 'total' as 'sum' })).rejects.toThrow(/unknown reduction 'total'/);
    const part = await hingeGradient(gpu.device(), { ...shard(0, 100), lambda: 0, reduction: 'sum' });
    expect(() => combineGradients([], { w: whole.w })).toThrow(/at least one part/);
    expect(() => combineGradients([part], { w: whole.w.subarray(1) })).toThrow(/part 0 has 24 weights' sums, but w has 23/);
    const single = await hingeGradient(gpu.device(), shard(0, 100));
    expect(() => combineGradients([single as never], { w: whole.w })).toThrow(/part 0 is not a run with reduction 'sum'/);
  });
});
