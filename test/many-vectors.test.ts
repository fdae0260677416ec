// K weight vectors in one run: each result equals the single-vector run, bitwise, and passes the
// checker; bad K-vector input is rejected clearly.
import { describe, expect, it } from 'vitest';
import { checkGradient, fixedSubgroupSize, HingeKernel, isSoftwareAdapter, syntheticProblem } from '../src/index.js';
import { useDevice } from './helpers/gpu.js';

const gpu = useDevice();
const K = 5;
const b = [0.1, -0.2, 0, 0.5, 1];

// Each strategy, on rows it holds (narrow in one group of columns and in
// four); subgroup also on rows narrower than a subgroup (several at a time), on rows a subgroup
// holds in several groups of columns per lane (on software GPUs), and on rows shared by a whole
// workgroup, with a last block of an odd number of rows (its barriers alternate two buffers).
const cases = [
  { strategy: 'two-pass', n: 2001, d: 13 },
  { strategy: 'fused', n: 601, d: 13 },
  { strategy: 'narrow', n: 2001, d: 13 },
  { strategy: 'narrow', n: 301, d: 200 },
  { strategy: 'subgroup', n: 2001, d: 13 },
  { strategy: 'subgroup', n: 2001, d: 6 },
  { strategy: 'subgroup', n: 301, d: 600 },
  { strategy: 'subgroup', n: 301, d: 1100 },
] as const;

describe('HingeKernel.run with K weight vectors', () => {
  for (const { strategy, n, d } of cases) for (const chunkBytes of [Infinity, 16 * 1024]) {
    it(`${strategy} (d = ${d}): returns K results equal to K single runs${chunkBytes < Infinity ? ', X in chunks' : ''}`, async ({ skip }) => {
      if (strategy === 'subgroup' && fixedSubgroupSize(gpu.device()) === undefined) skip();
      const problem = syntheticProblem({ n, d, seed: 17 });
      const W = Float32Array.from({ length: K * d }, (_, k) => Math.sin(k) * (0.4 / Math.sqrt(d / 13)));
      const kernel = new HingeKernel(gpu.device(), { maxVectors: 8, chunkBytes, strategy });
      try {
        await kernel.setData(problem.X, problem.y);
        expect(kernel.plan!.strategy).toBe(strategy);
        if (strategy === 'subgroup' && isSoftwareAdapter(gpu.device())) {
          // d = 600: one subgroup, three groups of columns per lane; d = 1100: the wide entry point.
          expect(kernel.plan!.columnGroups).toBe(d > 256 ? 3 : 1);
          expect(kernel.plan!.colLanes > kernel.plan!.subgroupSize).toBe(d === 1100);
          // Four vectors at once (K = 5: four, then the last alone) where one subgroup holds a row in one group.
          expect(kernel.plan!.vectorsAtOnce).toBe(d === 13 ? 4 : 1);
        }
        // narrow: four at once with one group of columns; d = 200 takes four groups and turns.
        if (strategy !== 'subgroup') expect(kernel.plan!.vectorsAtOnce).toBe(strategy === 'narrow' && d <= 64 ? 4 : 1);
        if (chunkBytes < Infinity) expect(kernel.plan!.chunks.length).toBeGreaterThan(1);
        const many = await kernel.run({ W, b, lambda: 0.05, kink: 'include' });
        expect(many).toHaveLength(K);
        for (let k = 0; k < K; k++) {
          const w = W.slice(k * d, (k + 1) * d);
          const single = await kernel.run({ w, b: b[k], lambda: 0.05, kink: 'include' });
          expect(new Uint32Array(many[k].dw.buffer)).toEqual(new Uint32Array(single.dw.buffer));
          expect([many[k].loss, many[k].db, many[k].active]).toEqual([single.loss, single.db, single.active]);
          const check = checkGradient(many[k], { X: problem.X, y: problem.y, w, b: b[k], lambda: 0.05, kink: 'include' });
          expect(check.ok, check.report).toBe(true);
          expect(many[k].active).toBeGreaterThan(0);
          expect(many[k].active).toBeLessThan(n);
        }
      } finally {
        kernel.destroy();
      }
    });
  }

  it('rejects more vectors than maxVectors, mismatched biases and bad values', async () => {
    const problem = syntheticProblem({ n: 2001, d: 13, seed: 17 });
    const W = Float32Array.from({ length: K * 13 }, (_, k) => Math.sin(k) * 0.4);
    const kernel = new HingeKernel(gpu.device(), { maxVectors: 4 });
    await kernel.setData(problem.X, problem.y);
    await expect(kernel.run({ W, b })).rejects.toThrow(/W holds 5 weight vectors but this kernel takes at most 4/);
    await expect(kernel.run({ W: W.subarray(0, 26), b: [0] })).rejects.toThrow(/b has 1 biases but W holds 2/);
    await expect(kernel.run({ W: W.subarray(0, 20), b: [0] })).rejects.toThrow(/W has 20 elements, not a positive multiple of d = 13/);
    await expect(kernel.run({ W: Float32Array.from(W.subarray(0, 26), (v, k) => (k === 15 ? NaN : v)), b: [0, 0] })).rejects.toThrow(/W contains NaN at vector 1, index 2/);
    await expect(kernel.run({ W: W.subarray(0, 13), b: [Infinity] })).rejects.toThrow(/b\[0\] is Infinity/);
    kernel.destroy();
    expect(() => new HingeKernel(gpu.device(), { maxVectors: 0 })).toThrow(/maxVectors is 0/);
  });
});
