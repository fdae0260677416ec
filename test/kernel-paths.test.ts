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
