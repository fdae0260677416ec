// Paths of HingeKernel that the shape grids do not reach: kernel timing with timestamp queries,
// a buffer the device refuses, and X split into chunks at the default chunk size by a device
// whose binding limit is small.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkGradient, HingeKernel, requestDevice, syntheticProblem } from '../src/index.js';
import { useDevice } from './helpers/gpu.js';

const gpu = useDevice();
const problem = syntheticProblem({ n: 5000, d: 24, seed: 31, lambda: 0.01 });
const params = { w: problem.w, b: problem.b, lambda: problem.lambda };

describe('kernel timing', () => {
  it('with timestamp queries: kernelMs is positive and within the run’s wall time, and the result is unchanged', async ({ skip }) => {
    if (!gpu.device().features.has('timestamp-query')) skip();
    const timed = new HingeKernel(gpu.device(), { timestamps: true });
    const plain = new HingeKernel(gpu.device());
    try {
      await timed.setData(problem.X, problem.y);
      await plain.setData(problem.X, problem.y);
      expect(timed.timesKernels).toBe(true);
      for (let rep = 0; rep < 3; rep++) {
        const start = performance.now();
        const run = await timed.run(params);
        const wallMs = performance.now() - start;
        expect(run.kernelMs).toBeGreaterThan(0);
        expect(run.kernelMs).toBeLessThanOrEqual(wallMs);
        const reference = await plain.run(params);
        expect(reference.kernelMs).toBeUndefined();
        expect(new Uint32Array(run.dw.buffer)).toEqual(new Uint32Array(reference.dw.buffer));
      }
    } finally {
      timed.destroy();
      plain.destroy();
    }
  });

  it('on a device without timestamp-query: asked for, it says so (timesKernels false) and reports no kernelMs', async () => {
    const device = await requestDevice({ optionalFeatures: [] });
    try {
      const kernel = new HingeKernel(device, { timestamps: true });
      await kernel.setData(problem.X, problem.y);
      expect(kernel.timesKernels).toBe(false);
      const run = await kernel.run(params);
      expect(run.kernelMs).toBeUndefined();
      expect(checkGradient(run, problem).ok).toBe(true);
      kernel.destroy();
    } finally {
      device.destroy();
    }
  });
});

/** The device, except that createBuffer asks for more than maxBufferSize where `refuse` says so. */
function refusingDevice(real: GPUDevice, refuse: (label: string) => boolean): GPUDevice {
  return new Proxy(real, {
    get(target, property) {
      if (property === 'createBuffer') {
        return (descriptor: GPUBufferDescriptor) =>
          target.createBuffer(refuse(descriptor.label ?? '') ? { ...descriptor, size: target.limits.maxBufferSize + 4 } : descriptor);
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('a buffer the device refuses', () => {
  it('setData rejects naming the allocation, frees what it made, and the kernel and device go on working', async () => {
    const refusing = new HingeKernel(refusingDevice(gpu.device(), (label) => label === 'X chunk 0'));
    await expect(refusing.setData(problem.X, problem.y)).rejects.toThrow(/could not place the data on the GPU \(\d+ bytes in \d+ buffers\): .+/);
    await expect(refusing.run(params)).rejects.toThrow(/the data for this run could not be placed on the GPU \(its setData failed\)/);
    const kernel = new HingeKernel(gpu.device());
    await kernel.setData(problem.X, problem.y);
    expect(checkGradient(await kernel.run(params), problem).ok).toBe(true);
    kernel.destroy();
    expect(gpu.uncapturedErrors).toEqual([]);
  });
});

describe('X over several chunks at the default chunk size', () => {
  // A device whose storage bindings hold 128 MiB (WebGPU's default limit, asked for on purpose):
  // 2^20 rows of 36 columns (151 MB) take two chunks of the default size.
  let small: GPUDevice;
  beforeAll(async () => {
    small = await requestDevice({ requiredLimits: { maxStorageBufferBindingSize: 128 << 20 } });
  });
  afterAll(() => small?.destroy());

  it('splits X at the binding limit and agrees with the reference', async () => {
    expect(small.limits.maxStorageBufferBindingSize).toBe(128 << 20);
    const big = syntheticProblem({ n: 1 << 20, d: 36, seed: 32, lambda: 0.001 });
    const kernel = new HingeKernel(small);
    try {
      await kernel.setData(big.X, big.y);
      expect(kernel.plan!.chunks.length).toBe(2);
      const check = checkGradient(await kernel.run({ w: big.w, b: big.b, lambda: big.lambda }), big);
      expect(check.ok, check.report).toBe(true);
    } finally {
      kernel.destroy();
    }
  });
});

describe('X checked on the GPU, in the first run after setData', () => {
  const withBad = (index: number[], value: number) => {
    const X = problem.X.slice();
    for (const k of index) X[k] = value;
    return X;
  };

  it('names the first non-finite value by row and column, in any chunk; later runs say the same; new data of the same layout cure it', async () => {
    const kernel = new HingeKernel(gpu.device(), { chunkBytes: 64 * 1024 });
    try {
      // Row 3000, column 5 lies in the third of five chunks (682 rows of 24 columns each); a later NaN loses.
      await kernel.setData(withBad([3000 * 24 + 5, 4000 * 24 + 1], NaN), problem.y);
      expect(kernel.plan!.chunks.length).toBeGreaterThan(3);
      await expect(kernel.run(params)).rejects.toThrow('X contains NaN at row 3000, column 5 (index 72005)');
      await expect(kernel.run(params)).rejects.toThrow('X contains NaN at row 3000, column 5 (index 72005)');
      await kernel.setData(withBad([4999 * 24 + 23], -Infinity), problem.y);
      await expect(kernel.run(params)).rejects.toThrow('X contains -Infinity at row 4999, column 23 (index 119999)');
      await kernel.setData(problem.X, problem.y);
      expect(checkGradient(await kernel.run(params), problem).ok).toBe(true);
    } finally {
      kernel.destroy();
    }
  });

  it('finds NaN, +Inf and −Inf at every position of a group of four vec4, among negative values (whose sign bit must not hide them)', async () => {
    const n = 8;
    const d = 16;
    const y = new Float32Array(n).fill(1);
    const kernel = new HingeKernel(gpu.device());
    try {
      for (const value of [NaN, Infinity, -Infinity]) {
        for (let index = 0; index < n * d; index += 5) {
          const X = new Float32Array(n * d).fill(-1.5);
          X[index] = value;
          await kernel.setData(X, y);
          const row = Math.floor(index / d);
          await expect(kernel.run({ w: new Float32Array(d), b: 0 })).rejects.toThrow(`X contains ${value} at row ${row}, column ${index % d} (index ${index})`);
        }
      }
    } finally {
      kernel.destroy();
    }
  });

  it('new data of the same layout go into the same buffers and give their own results; a new layout too', async () => {
    const other = syntheticProblem({ n: 5000, d: 24, seed: 33, lambda: 0.01 });
    const narrower = syntheticProblem({ n: 4000, d: 20, seed: 34, lambda: 0.01 });
    const kernel = new HingeKernel(gpu.device());
    try {
      for (const input of [problem, other, problem, narrower, other]) {
        await kernel.setData(input.X, input.y);
        const check = checkGradient(await kernel.run({ w: input.w, b: input.b, lambda: input.lambda }), input);
        expect(check.ok, check.report).toBe(true);
      }
    } finally {
      kernel.destroy();
    }
  });
});
