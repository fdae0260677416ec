// K weight vectors in one run: each result equals the single-vector run, bitwise, and passes the
// checker; bad K-vector input is rejected clearly.
import { describe, expect, it } from 'vitest';
import { checkGradient, HingeKernel, syntheticProblem } from '../src/index.js';
import { useDevice } from './helpers/gpu.js';

const gpu = useDevice();
const problem = syntheticProblem({ n: 2001, d: 13, seed: 17 });
const K = 5;
const W = Float32Array.from({ length: K * 13 }, (_, k) => Math.sin(k) * 0.4);
const b = [0.1, -0.2, 0, 0.5, 1];

describe('HingeKernel.run with K weight vectors', () => {
  for (const chunkBytes of [Infinity, 16 * 1024]) {
    it(`returns K results equal to K single runs${chunkBytes < Infinity ? ', X in chunks' : ''}`, async () => {
      const kernel = new HingeKernel(gpu.device(), { maxVectors: 8, chunkBytes });
      try {
        await kernel.setData(problem.X, problem.y);
        expect(kernel.plan!.strategy).toBe('two-pass');
        const many = await kernel.run({ W, b, lambda: 0.05, kink: 'include' });
        expect(many).toHaveLength(K);
        for (let k = 0; k < K; k++) {
          const w = W.slice(k * 13, (k + 1) * 13);
          const single = await kernel.run({ w, b: b[k], lambda: 0.05, kink: 'include' });
          expect(new Uint32Array(many[k].dw.buffer)).toEqual(new Uint32Array(single.dw.buffer));
          expect([many[k].loss, many[k].db, many[k].active]).toEqual([single.loss, single.db, single.active]);
          const check = checkGradient(many[k], { X: problem.X, y: problem.y, w, b: b[k], lambda: 0.05, kink: 'include' });
          expect(check.ok, check.report).toBe(true);
        }
      } finally {
        kernel.destroy();
      }
    });
  }

  it('rejects more vectors than maxVectors, mismatched biases and bad values', async () => {
    const kernel = new HingeKernel(gpu.device(), { maxVectors: 4 });
    await kernel.setData(problem.X, problem.y);
    await expect(kernel.run({ W, b })).rejects.toThrow(/W holds 5 weight vectors but this kernel takes at most 4/);
    await expect(kernel.run({ W: W.subarray(0, 26), b: [0] })).rejects.toThrow(/b has 1 biases but W holds 2/);
    await expect(kernel.run({ W: W.subarray(0, 20), b: [0] })).rejects.toThrow(/W has 20 elements, not a positive multiple of d = 13/);
    await expect(kernel.run({ W: Float32Array.from(W.subarray(0, 26), (v, k) => (k === 15 ? NaN : v)), b: [0, 0] })).rejects.toThrow(/W contains NaN at vector 1, index 2/);
    await expect(kernel.run({ W: W.subarray(0, 13), b: [Infinity] })).rejects.toThrow(/b\[0\] is Infinity/);
    kernel.destroy();
    expect(() => new HingeKernel(gpu.device(), { maxVectors: 0 })).toThrow(/maxVectors is 0/);
    const fused = new HingeKernel(gpu.device(), { maxVectors: 2, strategy: 'fused' });
    await expect(fused.setData(problem.X, problem.y)).rejects.toThrow(/fused strategy takes one weight vector per run/);
  });
});
