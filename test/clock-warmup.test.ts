// The bench's clock warm-up: a hardware GPU is held busy for 1 s before a timed series, 0.1 s
// when the last hold ended less than 0.5 s before; software adapters are not held at all.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClockWarmup } from '../bench/clock-warmup.js';

/** Enough of a GPUDevice for ClockWarmup: each submission takes 10 ms of (fake) time. */
function fakeDevice(description: string) {
  const counts = { submits: 0, dispatches: 0, buffers: 0 };
  const device = {
    adapterInfo: { vendor: 'test', architecture: '', description },
    createBuffer: () => { counts.buffers++; return { destroy() {} }; },
    createShaderModule: () => ({}),
    createComputePipeline: () => ({ getBindGroupLayout: () => ({}) }),
    createBindGroup: () => ({}),
    createCommandEncoder: () => ({
      beginComputePass: () => ({ setPipeline() {}, setBindGroup() {}, dispatchWorkgroups: () => { counts.dispatches++; }, end() {} }),
      finish: () => ({}),
    }),
    queue: {
      submit: () => { counts.submits++; },
      onSubmittedWorkDone: () => new Promise<void>((resolve) => setTimeout(resolve, 10)),
    },
  };
  return { device: device as unknown as GPUDevice, counts };
}

describe('ClockWarmup', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] });
    if (typeof GPUBufferUsage === 'undefined') vi.stubGlobal('GPUBufferUsage', { STORAGE: 0x80 });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  const held = async (warmup: ClockWarmup, counts: { submits: number }, advanceMs: number) => {
    const before = counts.submits;
    const hold = warmup.hold();
    await vi.advanceTimersByTimeAsync(advanceMs);
    await hold;
    return counts.submits - before;
  };

  it('holds a hardware GPU for 1 s, 0.1 s right after a hold, and 1 s again after 0.5 s idle', async () => {
    const { device, counts } = fakeDevice('NVIDIA H100');
    const warmup = new ClockWarmup(device);
    expect(await held(warmup, counts, 1000)).toBe(100);
    expect(counts.dispatches).toBe(100 * 16);
    expect(await held(warmup, counts, 100)).toBe(10);
    await vi.advanceTimersByTimeAsync(499);
    expect(await held(warmup, counts, 100)).toBe(10);
    await vi.advanceTimersByTimeAsync(500);
    expect(await held(warmup, counts, 1000)).toBe(100);
    warmup.destroy();
  });

  it('takes its length from the constructor, and holds no software adapter', async () => {
    const hardware = fakeDevice('NVIDIA H100');
    expect(await held(new ClockWarmup(hardware.device, 250), hardware.counts, 250)).toBe(25);
    const software = fakeDevice('SwiftShader Device (Subzero)');
    const warmup = new ClockWarmup(software.device);
    expect(warmup.ms).toBe(0);
    expect(await held(warmup, software.counts, 1000)).toBe(0);
    expect(software.counts.buffers).toBe(0);
  });
});
