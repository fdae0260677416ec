// When to ask for a result: at once, except in Node on a software GPU.
//
// Dawn for Node (the `webgpu` package) settles its promises by calling ProcessEvents from a
// setImmediate loop for as long as one is pending (crbug.com/dawn/1127): a core kept busy. On a
// software GPU that is a core the GPU's own threads would use. On SwiftShader with two cores a
// 2.2 ms kernel took 3.2 ms (median) with its read-back pending, 2.2 ms when the read-back was
// asked for after it. So there the pacer sleeps through most of the time the same work took
// before asking: 3/4 of the shorter of its last two runs, which ignores a first run slowed by cold
// caches (up to 2× the next ones on SwiftShader) and a run slowed by a busy machine. A guess too
// long or too short costs only wall time, never a wrong result; a sleep that outlasted the work
// is remembered as half its time, so that it shrinks (else it would keep itself up: the time of a
// run includes its sleep, and a 0.17 ms run, once two noisy runs took over 1.3 ms, was held at
// 1.2–2.3 ms, sleeping 1–2 ms each time). Elsewhere it asks at once.

import { isSoftwareAdapter } from './device.js';

/** Sleep this share of the expected time: the rest is polled, so a faster run is not overslept by much. */
const SLEEP_SHARE = 0.75;
/** Node's timers take whole milliseconds (1.9 would be 1): sleeps are rounded, and none shorter than 1. */
const MIN_SLEEP_MS = 1;
/**
 * A result this soon after waking was ready before: the sleep outlasted the work. (A read-back
 * already done resolves in 0.06–0.24 ms in Dawn for Node on SwiftShader.)
 */
const READY_WITHIN_MS = 0.25;
/** Kinds of work remembered per device; beyond this the least recently run is forgotten. */
const MAX_KINDS = 256;

const pacers = new WeakMap<GPUDevice, ReadbackPacer>();

export class ReadbackPacer {
  readonly enabled: boolean;
  // Wall times from submit to result of the last two runs of each kind of work (the caller's key),
  // least recently run first.
  readonly #lastMs = new Map<string, number[]>();

  constructor(enabled: boolean) {
    this.enabled = enabled;
  }

  /**
   * The device's pacer, shared by its kernels (so that one-shot hingeGradient calls learn too):
   * it paces where a pending promise busies a core the GPU needs, in Node on a software adapter.
   */
  static forDevice(device: GPUDevice): ReadbackPacer {
    let pacer = pacers.get(device);
    if (!pacer) {
      const inBrowser = (globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu !== undefined;
      pacers.set(device, (pacer = new ReadbackPacer(!inBrowser && isSoftwareAdapter(device))));
    }
    return pacer;
  }

  /** Runs `read`, the read-back of work submitted just now of the kind `work` names, first sleeping when pacing. */
  async read<T>(work: string, read: () => Promise<T>): Promise<T> {
    if (!this.enabled) return read();
    const start = performance.now();
    const last = this.#lastMs.get(work) ?? [];
    const sleepMs = last.length === 2 ? Math.round(Math.min(...last) * SLEEP_SHARE) : 0;
    const slept = sleepMs >= MIN_SLEEP_MS;
    if (slept) await new Promise((resolve) => setTimeout(resolve, sleepMs));
    const woke = performance.now();
    const result = await read();
    const end = performance.now();
    const overslept = slept && end - woke < READY_WITHIN_MS;
    this.#lastMs.delete(work);
    this.#lastMs.set(work, [...last, (end - start) / (overslept ? 2 : 1)].slice(-2));
    if (this.#lastMs.size > MAX_KINDS) this.#lastMs.delete(this.#lastMs.keys().next().value!);
    return result;
  }
}
