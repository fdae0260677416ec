// The GPU kernel against the float64 reference, through the checker's f32 error bounds.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  checkGradient, fixedSubgroupSize, HingeKernel, hingeGradient, hingeGradientCpu, isSoftwareAdapter, syntheticProblem, type HingeInput,
  type Strategy,
} from '../src/index.js';
import { kinkProblem } from './helpers/data.js';
import { useDevice } from './helpers/gpu.js';

const gpu = useDevice();

const STRATEGIES: Strategy[] = ['two-pass', 'fused', 'narrow', 'subgroup'];
/** Widest rows each strategy holds (see plan.ts); subgroup: 16 vec4 per lane (64 on software GPUs), 256 lanes per workgroup. */
const WIDEST: Record<Strategy, number> = { 'two-pass': Infinity, fused: 8192, narrow: 256, subgroup: 16384 };

// The subgroup strategy's tests run where the device has subgroups of one size; without them
// they are reported as skipped (test/subgroups.test.ts checks what such a device does instead).
beforeEach(({ task, skip }) => {
  if (task.name.startsWith('subgroup') || task.suite?.name.startsWith('subgroup')) {
    if (fixedSubgroupSize(gpu.device()) === undefined) skip();
  }
});

/** The GPU result for one strategy, checked against the reference. */
async function expectAgrees(input: HingeInput, strategy: Strategy = 'two-pass') {
  const kernel = new HingeKernel(gpu.device(), { strategy });
  try {
    await kernel.setData(input.X, input.y);
    const result = await kernel.run({ w: input.w, b: input.b, lambda: input.lambda, kink: input.kink });
    expect(kernel.plan!.strategy).toBe(strategy);
    const check = checkGradient(result, input);
    expect(check.ok, `${strategy}: ${check.report}`).toBe(true);
    return { result, check };
  } finally {
    kernel.destroy();
  }
}

for (const strategy of STRATEGIES) describe(`${strategy}: GPU agrees with the float64 reference`, () => {
  const shapes: [number, number][] = [
    [1, 1], [2, 3], [3, 5], [7, 13], [31, 4], [257, 33], [1000, 3], [100, 100],
    [4096, 100], [300, 64], [2048, 256], [513, 257], [20_000, 16], [64, 1024], [40, 4096], [9, 8192], [5, 9001],
  ];
  for (const [n, d] of shapes.filter(([, d]) => d <= WIDEST[strategy])) {
    it(`n=${n} d=${d}`, async () => {
      const { result } = await expectAgrees(syntheticProblem({ n, d, seed: n * 31 + d, lambda: 0.01 }), strategy);
      expect(result.dw).toHaveLength(d);
    });
  }

  it('large n: 1,000,000 rows', async () => {
    await expectAgrees(syntheticProblem({ n: 1_000_000, d: 3, seed: 3, lambda: 0.5 }), strategy);
  });

  it('λ = 0 and λ large', async () => {
    await expectAgrees(syntheticProblem({ n: 500, d: 20, seed: 4, lambda: 0 }), strategy);
    await expectAgrees(syntheticProblem({ n: 500, d: 20, seed: 5, lambda: 1e3 }), strategy);
  });

  it('large and small magnitudes', async () => {
    await expectAgrees(syntheticProblem({ n: 700, d: 24, seed: 6, xScale: 1e15, wScale: 1 }), strategy);
    await expectAgrees(syntheticProblem({ n: 700, d: 24, seed: 7, xScale: 1e-15, wScale: 1, b: 0.5 }), strategy);
    await expectAgrees(syntheticProblem({ n: 700, d: 24, seed: 8, xScale: 1e-3, wScale: 1e4, lambda: 1e-6 }), strategy);
  });

  it('all rows active (w = 0, b = 0)', async () => {
    const input = { ...syntheticProblem({ n: 999, d: 17, seed: 9 }), w: new Float32Array(17), b: 0 };
    const { result } = await expectAgrees(input, strategy);
    expect(result.active).toBe(999);
    expect(result.loss).toBe(1);
  });

  it('almost no row active (a large multiple of the separator)', async () => {
    const input = syntheticProblem({ n: 2000, d: 10, seed: 10, wScale: 1e3, b: 0 });
    // Labels agree with w's own sign except on every 100th row.
    for (let i = 0; i < input.y.length; i++) {
      let score = 0;
      for (let j = 0; j < 10; j++) score += input.w[j] * input.X[i * 10 + j];
      input.y[i] = (score >= 0) === (i % 100 === 0) ? -1 : 1;
    }
    const { result } = await expectAgrees(input, strategy);
    const reference = hingeGradientCpu(input);
    expect(reference.active).toBeGreaterThan(0);
    expect(reference.active).toBeLessThan(2000 * 0.05);
    expect(result.active).toBe(reference.active);
  });
});

describe('exact kink: margins of exactly 1', () => {
  for (const strategy of STRATEGIES) for (const kink of ['zero', 'include'] as const) {
    it(`${strategy}: kink '${kink}' decides the rows at the kink`, async () => {
      const { X, y, w, b, kinkRows } = kinkProblem(3001, 9);
      const input = { X, y, w, b, kink, lambda: 0.25 };
      const { result, check } = await expectAgrees(input, strategy);
      expect(check.ambiguousRows).toEqual([]); // integer data: f32 margins are exact
      const reference = hingeGradientCpu(input);
      expect(result.active).toBe(reference.active);
      const other = hingeGradientCpu({ ...input, kink: kink === 'zero' ? 'include' : 'zero' });
      // The planted rows and any random row that happens to land on the kink too.
      expect(Math.abs(other.active - reference.active)).toBeGreaterThanOrEqual(kinkRows.length);
    });
  }
});

describe('determinism', () => {
  const cases = [
    ...STRATEGIES.map((strategy) => [strategy, strategy === 'narrow' ? 29 : 37] as const),
    ['narrow', 61] as const, ['subgroup', 6] as const, ['subgroup', 1000] as const,
  ];
  for (const [strategy, d] of cases) it(`${strategy}: three runs give bitwise equal results (d = ${d})`, async () => {
    const input = syntheticProblem({ n: strategy === 'subgroup' && d > 256 ? 3001 : 30_011, d, seed: 11, lambda: 0.1 });
    const runs = [];
    for (let k = 0; k < 3; k++) runs.push((await expectAgrees(input, strategy)).result);
    for (const run of runs.slice(1)) {
      expect(run.loss).toBe(runs[0].loss);
      expect(run.db).toBe(runs[0].db);
      expect(run.active).toBe(runs[0].active);
      expect(new Uint32Array(run.dw.buffer)).toEqual(new Uint32Array(runs[0].dw.buffer));
    }
  });
});

describe('HingeKernel', () => {
  it('keeps X resident and evaluates many weight vectors', async () => {
    const problem = syntheticProblem({ n: 5000, d: 21, seed: 12 });
    const kernel = new HingeKernel(gpu.device());
    try {
      await kernel.setData(problem.X, problem.y);
      for (let step = 0; step < 4; step++) {
        const w = problem.w.map((value, j) => value * (1 + step) - 0.01 * j);
        const params = { w, b: 0.1 * step, lambda: 0.05 * step, kink: step % 2 ? 'include' : 'zero' } as const;
        const result = await kernel.run(params);
        const check = checkGradient(result, { X: problem.X, y: problem.y, ...params });
        expect(check.ok, check.report).toBe(true);
      }
    } finally {
      kernel.destroy();
    }
  });

  for (const strategy of STRATEGIES) it(`${strategy}: splits X into chunks and combines them`, async () => {
    const problem = syntheticProblem({ n: 10_007, d: 30, seed: 13, lambda: 0.2 });
    const kernel = new HingeKernel(gpu.device(), { chunkBytes: 64 * 1024, strategy });
    try {
      await kernel.setData(problem.X, problem.y);
      expect(kernel.plan!.chunks.length).toBeGreaterThan(10);
      const params = { w: problem.w, b: problem.b, lambda: problem.lambda };
      const result = await kernel.run(params);
      const check = checkGradient(result, problem);
      expect(check.ok, check.report).toBe(true);
      const again = await kernel.run(params);
      expect(new Uint32Array(again.dw.buffer)).toEqual(new Uint32Array(result.dw.buffer));
    } finally {
      kernel.destroy();
    }
  });

  it("'auto' picks 'narrow', 'subgroup', then 'two-pass' on a software adapter, 'fused' or 'subgroup' on a hardware GPU", async () => {
    const software = isSoftwareAdapter(gpu.device());
    const lanes = fixedSubgroupSize(gpu.device());
    const kernel = new HingeKernel(gpu.device());
    await kernel.setData(new Float32Array(64), new Int8Array([1, -1]));
    expect(kernel.plan!.strategy).toBe(software ? 'narrow' : 'fused');
    await kernel.setData(new Float32Array(96), new Int8Array([1, -1]));
    expect(kernel.plan!.strategy).toBe(software ? 'narrow' : 'fused');
    await kernel.setData(new Float32Array(98), new Int8Array([1, -1]));
    expect(kernel.plan!.strategy).toBe(!software ? 'fused' : lanes ? 'subgroup' : 'two-pass');
    if (lanes) {
      await kernel.setData(new Float32Array(2 * 4096), new Int8Array([1, -1]));
      expect(kernel.plan!).toMatchObject({ strategy: 'subgroup', subgroupSize: lanes, ...(software ? { colLanes: 16, columnGroups: 4 } : {}) });
      await kernel.setData(new Float32Array(2 * (software ? 65540 : 16388)), new Int8Array([1, -1]));
      expect(kernel.plan!.strategy).toBe('two-pass');
    }
    kernel.destroy();
  });

  it('accepts Int8Array and Int32Array labels', async () => {
    const problem = syntheticProblem({ n: 300, d: 6, seed: 14 });
    const expected = await hingeGradient(gpu.device(), problem);
    for (const y of [Int8Array.from(problem.y), Int32Array.from(problem.y)]) {
      const result = await hingeGradient(gpu.device(), { ...problem, y });
      expect(result.dw).toEqual(expected.dw);
      expect(result.loss).toBe(expected.loss);
    }
  });

  it('raised no uncaptured GPU error', () => {
    expect(gpu.uncapturedErrors).toEqual([]);
  });
});
