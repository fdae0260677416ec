// Streaming: batches of rows that change every step (a data loader), each evaluated once, with
// the next batch uploading into a second kernel while the current one computes.
import { isSoftwareAdapter } from './device.js';
import { HingeKernel, setDataCheckedByCaller, startRun, type HingeKernelOptions, type HingeRun } from './kernel.js';
import type { HingeParams, Labels } from './types.js';
import { nonFiniteMessage } from './validate.js';

export interface Batch {
  /** rows×d, row-major. */
  X: Float32Array;
  /** ±1 labels, one per row. */
  y: Labels;
}

/**
 * Runs each batch in turn at the parameters `paramsFor(index)` gives, and hands each result to
 * `onResult` before asking for the next batch's parameters, so that a trainer can step in between.
 * Two kernels take turns: the next batch is uploaded while the current one computes. A batch is
 * read (uploaded, and on software GPUs checked for NaN and Inf on the CPU while it computes)
 * before the next is asked of `batches`, so a loader may refill one array for every batch.
 * Batches of the same shape reuse the kernels' buffers.
 */
export async function runBatches(
  device: GPUDevice,
  batches: Iterable<Batch> | AsyncIterable<Batch>,
  paramsFor: (index: number) => HingeParams,
  onResult: (result: HingeRun, index: number) => void | Promise<void>,
  options: HingeKernelOptions = {},
): Promise<void> {
  const slots = [new HingeKernel(device, options), new HingeKernel(device, options)];
  const checkHere = isSoftwareAdapter(device);
  const iterator = Symbol.asyncIterator in batches ? batches[Symbol.asyncIterator]() : batches[Symbol.iterator]();
  const upload = (slot: HingeKernel, batch: Batch) => (checkHere ? setDataCheckedByCaller(slot, batch.X, batch.y) : slot.setData(batch.X, batch.y));
  try {
    let next = await iterator.next();
    if (next.done) return;
    let batch = next.value;
    let uploading = upload(slots[0], batch);
    for (let index = 0; ; index++) {
      const slot = slots[index % 2];
      await uploading;
      const { running, firstBad } = await startRun(() => slot.run(paramsFor(index)), checkHere ? batch.X : undefined);
      if (firstBad >= 0) throw new Error(`batch ${index}: ${nonFiniteMessage(batch.X[firstBad], firstBad, batch.X.length / batch.y.length)}`);
      next = await iterator.next();
      if (!next.done) {
        batch = next.value;
        uploading = upload(slots[(index + 1) % 2], batch);
        uploading.catch(() => undefined); // awaited next time round; a failure then is this batch's
      }
      const result = await running.catch((error: Error) => {
        throw new Error(`batch ${index}: ${error.message}`, { cause: error });
      });
      await onResult(result, index);
      if (next.done) return;
    }
  } finally {
    for (const slot of slots) slot.destroy();
  }
}
