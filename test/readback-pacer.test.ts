// The read-back pacer: in Node on a software GPU it sleeps through most of the time the same work
// took before asking for the result (src/readback-pacer.ts); elsewhere it asks at once.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isSoftwareAdapter } from '../src/device.js';
import { ReadbackPacer } from '../src/readback-pacer.js';
import { useDevice } from './helpers/gpu.js';

const gpu = useDevice();

describe('ReadbackPacer', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  // The read-back of work submitted now that takes `ms`: it resolves when the work is done, or at
  // once when asked later (the fake clock moves in whole milliseconds). Records when it was asked for.
  const asked: number[] = [];
  const readTaking = (ms: number) => {
    const done = performance.now() + ms;
    return () => {
      asked.push(performance.now());
      const left = done - performance.now();
      return left > 0 ? new Promise<string>((resolve) => setTimeout(() => resolve('result'), left)) : Promise.resolve('result');
    };
  };
  const paced = async (pacer: ReadbackPacer, key: string, ms: number) => {
    const start = performance.now();
    const result = pacer.read(key, readTaking(ms));
    await vi.advanceTimersByTimeAsync(100);
    expect(await result).toBe('result');
    return asked[asked.length - 1] - start;
  };

  it('asks at once for the first two runs, then after 3/4 of the shorter of the last two', async () => {
    const pacer = new ReadbackPacer(true);
    expect(await paced(pacer, 'K=1', 40)).toBe(0); // a cold first run
    expect(await paced(pacer, 'K=1', 20)).toBe(0);
    expect(await paced(pacer, 'K=1', 20)).toBe(15);
    // 15 ms of sleep and 5 of waiting: 20 again.
    expect(await paced(pacer, 'K=1', 20)).toBe(15);
    // One slow run (a busy machine) does not lengthen the next sleep.
    expect(await paced(pacer, 'K=1', 60)).toBe(15);
    expect(await paced(pacer, 'K=1', 20)).toBe(15);
  });

  it('keeps each kind of work apart, and forgets the least recent beyond 256 kinds', async () => {
    const pacer = new ReadbackPacer(true);
    const twice = async (kind: string, ms: number) => {
      await paced(pacer, kind, ms);
      await paced(pacer, kind, ms);
    };
    await twice('K=1', 20);
    await twice('K=16', 40);
    expect(await paced(pacer, 'K=16', 40)).toBe(30);
    expect(await paced(pacer, 'K=1', 20)).toBe(15);
    for (let kind = 0; kind < 254; kind++) await paced(pacer, `other ${kind}`, 4);
    expect(await paced(pacer, 'K=1', 20)).toBe(15); // 256 kinds: now K=16 is the least recent
    await paced(pacer, 'one more', 4);
    expect(await paced(pacer, 'K=16', 40)).toBe(0);
    expect(await paced(pacer, 'K=1', 20)).toBe(15);
  });

  it("sleeps whole milliseconds, as Node's timers do, and none under one", async () => {
    const pacer = new ReadbackPacer(true);
    await paced(pacer, 'short', 2);
    await paced(pacer, 'short', 2);
    expect(await paced(pacer, 'short', 2)).toBe(2); // 3/4 of 2 ms, rounded
    await paced(pacer, 'shorter', 0.6);
    await paced(pacer, 'shorter', 0.6);
    expect(await paced(pacer, 'shorter', 0.6)).toBe(0);
  });

  it('shrinks a sleep that outlasted the work, instead of keeping it up', async () => {
    const pacer = new ReadbackPacer(true);
    // Two runs slowed by a busy machine, then the work's own 0.2 ms: the sleep their time asks for
    // (2 ms) outlasts it, and the result is there on waking. Remembered as the 2 ms it took, the
    // sleep would keep itself up; as half of it, it shrinks, and then the runs ask at once.
    await paced(pacer, 'small', 2);
    await paced(pacer, 'small', 2);
    expect(await paced(pacer, 'small', 0.2)).toBe(2);
    expect(await paced(pacer, 'small', 0.2)).toBe(1);
    expect(await paced(pacer, 'small', 0.2)).toBe(0);
    expect(await paced(pacer, 'small', 0.2)).toBe(0);
  });

  it('asks at once when disabled', async () => {
    const pacer = new ReadbackPacer(false);
    await paced(pacer, 'K=1', 20);
    await paced(pacer, 'K=1', 20);
    expect(await paced(pacer, 'K=1', 20)).toBe(0);
  });
});

describe('ReadbackPacer.forDevice', () => {
  it('is one per device, pacing in Node on a software adapter only', () => {
    const device = gpu.device();
    const pacer = ReadbackPacer.forDevice(device);
    expect(pacer.enabled).toBe(isSoftwareAdapter(device));
    expect(ReadbackPacer.forDevice(device)).toBe(pacer);
    // A browser's device: navigator.gpu is there.
    const browserDevice = { adapterInfo: device.adapterInfo } as GPUDevice;
    vi.stubGlobal('navigator', { gpu: {} });
    try {
      expect(ReadbackPacer.forDevice(browserDevice).enabled).toBe(false);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
