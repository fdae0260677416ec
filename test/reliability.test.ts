// Reliability: the concurrency contract, destroyed kernels, a lost device, and a bounded soak of
// many calls on one device.
import { describe, expect, it } from 'vitest';
import { checkGradient, HingeKernel, hingeGradient, requestDevice, syntheticProblem } from '../src/index.js';
import { useDevice } from './helpers/gpu.js';

const gpu = useDevice();
const small = syntheticProblem({ n: 1000, d: 16, seed: 41, lambda: 0.01 });
const paramsOf = (problem: typeof small) => ({ w: problem.w, b: problem.b, lambda: problem.lambda });
/** The problem's w, scaled: a different answer for each k. */
const scaled = (k: number) => ({ ...paramsOf(small), w: small.w.map((value) => value * (1 + k / 4)) });
const bits = (values: Float32Array) => new Uint32Array(values.buffer);
const LOST = /the GPU device was lost \(destroyed.*\); nothing more can run on it: request a new device/;

describe('the concurrency contract', () => {
  it('several run() calls in flight on one kernel each answer for their own w', async () => {
    const kernel = new HingeKernel(gpu.device());
    await kernel.setData(small.X, small.y);
    const together = await Promise.all(Array.from({ length: 8 }, (_, k) => kernel.run(scaled(k))));
    for (let k = 0; k < 8; k++) {
      const alone = await kernel.run(scaled(k));
      expect(bits(together[k].dw)).toEqual(bits(alone.dw));
      expect(together[k].loss).toBe(alone.loss);
    }
    kernel.destroy();
  });

  it('setData during runs: runs made before it answer for the old data, runs made after it for the new', async () => {
    const other = syntheticProblem({ n: 777, d: 9, seed: 42, lambda: 0.02 });
    const kernel = new HingeKernel(gpu.device());
    await kernel.setData(small.X, small.y);
    const before = kernel.run(paramsOf(small));
    const replacing = kernel.setData(other.X, other.y);
    const after = kernel.run(paramsOf(other));
    await replacing;
    expect(checkGradient(await before, small).ok).toBe(true);
    expect(checkGradient(await after, other).ok).toBe(true);
    kernel.destroy();
  });
});

describe('a destroyed kernel', () => {
  it('says so on run() and setData(); a run in flight still answers; a second destroy() is harmless', async () => {
    const kernel = new HingeKernel(gpu.device());
    await kernel.setData(small.X, small.y);
    const inFlight = kernel.run(paramsOf(small));
    kernel.destroy();
    kernel.destroy();
    expect(checkGradient(await inFlight, small).ok).toBe(true);
    await expect(kernel.run(paramsOf(small))).rejects.toThrow(/HingeKernel.run: this kernel was destroyed .*create a new HingeKernel/);
    await expect(kernel.setData(small.X, small.y)).rejects.toThrow(/HingeKernel.setData: this kernel was destroyed/);
  });
});

describe('a lost device', () => {
  it('a pending run, later runs and hingeGradient reject within seconds naming the loss; onLost hears of it; a new device works', async () => {
    const losses: GPUDeviceLostInfo[] = [];
    const device = await requestDevice({ onLost: (info) => losses.push(info) });
    const big = syntheticProblem({ n: 65536, d: 256, seed: 43 });
    const kernel = new HingeKernel(device);
    await kernel.setData(big.X, big.y);
    const pending = kernel.run(paramsOf(big));
    device.destroy();
    const started = performance.now();
    await expect(pending).rejects.toThrow(LOST);
    expect(performance.now() - started).toBeLessThan(5000);
    await expect(kernel.run(paramsOf(big))).rejects.toThrow(LOST);
    await expect(kernel.setData(small.X, small.y)).rejects.toThrow(LOST);
    await expect(hingeGradient(device, small)).rejects.toThrow(LOST);
    expect(losses.map((info) => info.reason)).toEqual(['destroyed']);

    const fresh = await requestDevice();
    try {
      expect(checkGradient(await hingeGradient(fresh, small), small).ok).toBe(true);
    } finally {
      fresh.destroy();
    }
  });
});
