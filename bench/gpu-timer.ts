// Times one compute pass: with timestamp queries when the device has them, else from submit to
// onSubmittedWorkDone on the wall clock. Timestamp read-backs are paced as HingeKernel.run paces
// its own (src/readback-pacer.ts), and each timed series starts at a busy GPU's clock
// (bench/clock-warmup.ts), so that the roofline and the kernels run under the same conditions.
import { ReadbackPacer } from '../src/readback-pacer.js';
import { ClockWarmup } from './clock-warmup.js';

export type TimingMethod = 'timestamp-query' | 'submit';

export class GpuTimer {
  readonly method: TimingMethod;
  readonly #device: GPUDevice;
  readonly #querySet?: GPUQuerySet;
  readonly #resolve?: GPUBuffer;
  readonly #readback?: GPUBuffer;
  readonly #pacer: ReadbackPacer;
  readonly #warmup: ClockWarmup;

  constructor(device: GPUDevice) {
    this.#device = device;
    this.#pacer = ReadbackPacer.forDevice(device);
    this.#warmup = new ClockWarmup(device);
    this.method = device.features.has('timestamp-query') ? 'timestamp-query' : 'submit';
    if (this.method === 'timestamp-query') {
      this.#querySet = device.createQuerySet({ type: 'timestamp', count: 2 });
      this.#resolve = device.createBuffer({ size: 16, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
      this.#readback = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    }
  }

  /** Call before a timed series: keeps a hardware GPU busy until its clocks are up. */
  warmUp(): Promise<void> {
    return this.#warmup.hold();
  }

  /** Encodes one pass with `encode`, runs it, and returns its time in ms. `work` names what it runs, for the pacer. */
  async time(work: string, encode: (pass: GPUComputePassEncoder) => void): Promise<number> {
    const device = this.#device;
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass(
      this.#querySet ? { timestampWrites: { querySet: this.#querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 } } : {},
    );
    encode(pass);
    pass.end();
    if (this.#querySet && this.#resolve && this.#readback) {
      encoder.resolveQuerySet(this.#querySet, 0, 2, this.#resolve, 0);
      encoder.copyBufferToBuffer(this.#resolve, 0, this.#readback, 0, 16);
      device.queue.submit([encoder.finish()]);
      const readback = this.#readback;
      await this.#pacer.read(work, () => readback.mapAsync(GPUMapMode.READ));
      const [start, end] = new BigUint64Array(this.#readback.getMappedRange());
      this.#readback.unmap();
      return Number(end - start) / 1e6;
    }
    const start = performance.now();
    device.queue.submit([encoder.finish()]);
    // Not paced: a sleep past the end of the work would count in this wall-clock time.
    await device.queue.onSubmittedWorkDone();
    return performance.now() - start;
  }

  destroy(): void {
    this.#querySet?.destroy();
    this.#resolve?.destroy();
    this.#readback?.destroy();
    this.#warmup.destroy();
  }
}
