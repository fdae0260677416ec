// The subgroup strategy where it cannot run as planned: a device without subgroups falls back,
// and subgroups other than the adapter reported are caught instead of giving a wrong gradient.
// And the column layout hardware GPUs get, run on this adapter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkGradient, fixedSubgroupSize, HingeKernel, isSoftwareAdapter, requestDevice, syntheticProblem } from '../src/index.js';
import { useDevice } from './helpers/gpu.js';

const gpu = useDevice();
const problem = syntheticProblem({ n: 3000, d: 200, seed: 41, lambda: 0.01 });
const params = { w: problem.w, b: problem.b, lambda: problem.lambda };
// Rows wider than one subgroup holds: the 'wide' entry point.
// (Wider than a subgroup of twice this adapter's lanes holds, for the test that reports them so.)
const wideProblem = syntheticProblem({ n: 300, d: 5000, seed: 42, lambda: 0.01 });

describe('a device opened without subgroups', () => {
  let device: GPUDevice;
  beforeAll(async () => {
    device = await requestDevice({ optionalFeatures: ['timestamp-query'] });
  });
  afterAll(() => device?.destroy());

  it("has no fixed subgroup size; 'auto' runs another strategy, which agrees with the reference", async () => {
    expect(device.features.has('subgroups')).toBe(false);
    expect(fixedSubgroupSize(device)).toBeUndefined();
    const kernel = new HingeKernel(device);
    await kernel.setData(problem.X, problem.y);
    // d = 200: narrow in groups of columns on software GPUs.
    expect(kernel.plan!.strategy).toBe(isSoftwareAdapter(device) ? 'narrow' : 'fused');
    const check = checkGradient(await kernel.run(params), problem);
    expect(check.ok, check.report).toBe(true);
    kernel.destroy();
  });

  it("refuses the 'subgroup' strategy, naming the missing feature", async () => {
    const kernel = new HingeKernel(device, { strategy: 'subgroup' });
    await expect(kernel.setData(problem.X, problem.y)).rejects.toThrow(/subgroup strategy needs the 'subgroups' feature/);
  });
});

/**
 * Runs `body` while the device's adapterInfo reports `report` (vendor, architecture and
 * description as they are unless given, and the subgroup sizes); puts the real one back after.
 */
async function withAdapterReport(device: GPUDevice, report: Record<string, unknown>, body: () => Promise<void>) {
  const real = device.adapterInfo;
  const own = Object.getOwnPropertyDescriptor(device, 'adapterInfo');
  const kept = Object.fromEntries(['vendor', 'architecture', 'description'].map((key) => [key, real[key as 'vendor']]));
  Object.defineProperty(device, 'adapterInfo', { configurable: true, value: { ...kept, ...report } });
  try {
    await body();
  } finally {
    if (own) Object.defineProperty(device, 'adapterInfo', own);
    else delete (device as { adapterInfo?: unknown }).adapterInfo;
  }
  expect(device.adapterInfo.description).toBe(real.description);
}

describe('subgroups formed otherwise than the adapter reported', () => {
  for (const [rows, input] of [['rows of one subgroup', problem], ['wide rows', wideProblem]] as const)
  it(`make run() throw, and leave the device usable (${rows})`, async ({ skip }) => {
    const params = { w: input.w, b: input.b, lambda: input.lambda };
    const device = gpu.device();
    const lanes = fixedSubgroupSize(device);
    if (lanes === undefined) skip();
    // A wrong report: twice the real size, so the kernel's subgroupAdd covers half a row.
    const doubled = { subgroupMinSize: lanes! * 2, subgroupMaxSize: lanes! * 2 };
    const kernel = new HingeKernel(device, { strategy: 'subgroup' });
    await withAdapterReport(device, doubled, async () => {
      try {
        await kernel.setData(input.X, input.y);
        expect(kernel.plan!.subgroupSize).toBe(lanes! * 2);
        expect(kernel.plan!.colLanes > lanes! * 2).toBe(input === wideProblem);
        await expect(kernel.run(params)).rejects.toThrow(/subgroups other than the adapter reported/);
        if (input === problem) {
          // Several vectors at once (subgroup_rows.wgsl's fourVectors) check their subgroups too.
          const many = new HingeKernel(device, { strategy: 'subgroup', maxVectors: 2 });
          try {
            await many.setData(input.X, input.y);
            expect(many.plan!.vectorsAtOnce).toBe(4);
            const W = Float32Array.from([...input.w, ...input.w]);
            await expect(many.run({ W, b: [input.b, 0], lambda: input.lambda })).rejects.toThrow(/subgroups other than the adapter reported/);
          } finally {
            many.destroy();
          }
        }
      } finally {
        kernel.destroy();
      }
    });
    expect(fixedSubgroupSize(device)).toBe(lanes);
    const again = new HingeKernel(device, { strategy: 'subgroup' });
    await again.setData(input.X, input.y);
    const check = checkGradient(await again.run(params), input);
    expect(check.ok, check.report).toBe(true);
    again.destroy();
    expect(gpu.uncapturedErrors).toEqual([]);
  });
});

// The layout a hardware GPU gets (lanes hold interleaved columns), run here by reporting this
// adapter as a hardware one.
describe('subgroup with interleaved columns (the hardware layout)', () => {
  // Rows of one and two vec4 (several rows per subgroup), ragged and exact rows, wide rows.
  const shapes = [[999, 3], [1001, 8], [300, 64], [257, 33], [301, 600], [40, 4096]] as const;
  for (const [n, d] of shapes) it(`agrees with the reference: n=${n} d=${d}, and K = 3`, async ({ skip }) => {
    const device = gpu.device();
    const lanes = fixedSubgroupSize(device);
    if (lanes === undefined) skip();
    const input = syntheticProblem({ n, d, seed: n + d, lambda: 0.02 });
    await withAdapterReport(device, { description: 'a hardware GPU', architecture: '', subgroupMinSize: lanes, subgroupMaxSize: lanes }, async () => {
      expect(isSoftwareAdapter(device)).toBe(false);
      const kernel = new HingeKernel(device, { strategy: 'subgroup', maxVectors: 3 });
      try {
        await kernel.setData(input.X, input.y);
        expect(kernel.plan).toMatchObject({ strategy: 'subgroup', interleavedColumns: true });
        const W = new Float32Array(3 * d);
        for (let k = 0; k < 3; k++) W.set(input.w.map((value, j) => value * (1 - 0.3 * k) + 0.01 * k * Math.cos(j)), k * d);
        const results = await kernel.run({ W, b: [input.b, 0, -0.5], lambda: input.lambda });
        results.forEach((result, k) => {
          const check = checkGradient(result, { ...input, w: W.slice(k * d, (k + 1) * d), b: [input.b, 0, -0.5][k] });
          expect(check.ok, `vector ${k}: ${check.report}`).toBe(true);
        });
      } finally {
        kernel.destroy();
      }
    });
  });
});
