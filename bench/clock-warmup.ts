// Hardware GPUs lower their clocks when idle. On the lent H100 the SM clock sat at 345 MHz (of
// 1980) through the bench's sub-millisecond runs, each followed by a read-back: the kernels, which
// wait on dependent loads and subgroup steps, ran up to 4× slower (1,000,000 × 32: 0.60 ms against
// 0.15), the plain stream read less so (at 64 MiB 2,190 GB/s at the idle clock in one run, 1,100
// in another, against 2,160 at the working clock). Before each timed series the bench keeps the
// GPU busy with stream reads, so that the series (a few ms) runs at the clock a busy GPU has.
// There, 300 ms of load raised the clock only partway through the series that followed, 1000 ms
// before it; the clock stayed up for about 1.7 s once the load stopped, so a series soon after
// another needs only a short hold. Software GPUs have no such governor and skip it.
import streamReadSource from '../shaders/stream_read.wgsl?raw';
import { isSoftwareAdapter } from '../src/index.js';
import { encodeComputePass } from './compute-pass.js';

const BUFFER_BYTES = 64 << 20;
const WORKGROUP_SIZE = 256;
const WORKGROUPS = 1024;
/** Dispatches per submission: some milliseconds of work on a large GPU, little enough to stop near the target. */
const DISPATCHES = 16;
export const DEFAULT_WARMUP_MS = 1000;
/** A hold that ended this recently leaves the clock up: the next one keeps it there for SHORT_HOLD_MS. */
const RECENT_MS = 500;
const SHORT_HOLD_MS = 100;

export class ClockWarmup {
  readonly ms: number;
  readonly #device: GPUDevice;
  readonly #buffers: GPUBuffer[] = [];
  readonly #pipeline?: GPUComputePipeline;
  readonly #bindGroup?: GPUBindGroup;
  #lastHoldEnd = -Infinity;

  /** `ms`: how long hold() keeps the GPU busy; 0, or a software adapter, makes it do nothing. */
  constructor(device: GPUDevice, ms = DEFAULT_WARMUP_MS) {
    this.#device = device;
    this.ms = isSoftwareAdapter(device) ? 0 : ms;
    if (this.ms === 0) return;
    const data = device.createBuffer({ size: BUFFER_BYTES, usage: GPUBufferUsage.STORAGE });
    const sums = device.createBuffer({ size: WORKGROUPS * WORKGROUP_SIZE * 4, usage: GPUBufferUsage.STORAGE });
    this.#buffers.push(data, sums);
    const module = device.createShaderModule({ label: 'stream_read.wgsl', code: streamReadSource });
    this.#pipeline = device.createComputePipeline({
      layout: 'auto',
      compute: { module, entryPoint: 'main', constants: { WORKGROUP_SIZE, UNROLL: 4 } },
    });
    this.#bindGroup = device.createBindGroup({
      layout: this.#pipeline.getBindGroupLayout(0),
      entries: [{ binding: 0, resource: { buffer: data } }, { binding: 1, resource: { buffer: sums } }],
    });
  }

  /** Keeps the GPU busy for `ms` of wall time (less just after another hold), then returns with its queue empty. */
  async hold(): Promise<void> {
    if (!this.#pipeline || !this.#bindGroup) return;
    const device = this.#device;
    const start = performance.now();
    const ms = start - this.#lastHoldEnd < RECENT_MS ? Math.min(SHORT_HOLD_MS, this.ms) : this.ms;
    while (performance.now() - start < ms) {
      const encoder = device.createCommandEncoder();
      encodeComputePass(encoder, this.#pipeline, this.#bindGroup, WORKGROUPS, DISPATCHES);
      device.queue.submit([encoder.finish()]);
      await device.queue.onSubmittedWorkDone();
    }
    this.#lastHoldEnd = performance.now();
  }

  destroy(): void {
    for (const buffer of this.#buffers) buffer.destroy();
  }
}
