// Streaming batches, against its floor in the same run: an epoch of runBatches over data in
// batches, against the larger of (the batches' uploads alone, their resident runs alone), and
// against both at once with nothing between them: the most overlap the machine itself allows.
import { HingeKernel, runBatches, syntheticProblem, type Batch } from '../src/index.js';
import { timeTakingTurns, type Summary } from './stats.js';

export interface StreamingCost {
  n: number;
  d: number;
  batches: number;
  /** Every batch's setData into a resident kernel (same shape, buffers reused), until the GPU has it. */
  uploadMs: Summary;
  /** Every batch's run() on data already resident and checked. */
  computeMs: Summary;
  /** runBatches over all the batches, at fixed parameters. */
  epochMs: Summary;
  /**
   * The uploads into one kernel and the runs of the others started together, neither waiting for
   * the other: what upload and compute cost at once on this machine, whatever the order.
   */
  concurrentMs: Summary;
  /** concurrent ÷ max(upload, compute), medians: the least epoch ratio this machine allows. */
  floorRatio: number;
  /** epoch ÷ max(upload, compute), medians: 1 is perfect overlap. */
  ratio: number;
  /**
   * epoch ÷ (upload + compute): 1 is no overlap at all, which is the floor where the uploads and
   * the GPU share the CPU's cores (a software GPU on a small machine).
   */
  overSum: number;
}

export async function measureStreaming(device: GPUDevice, reps: number, n = 1 << 20, d = 32, batchCount = 8): Promise<StreamingCost> {
  const problem = syntheticProblem({ n, d, seed: 61, lambda: 1e-3 });
  const rows = n / batchCount;
  const batches: Batch[] = Array.from({ length: batchCount }, (_, k) => ({
    X: problem.X.subarray(k * rows * d, (k + 1) * rows * d),
    y: problem.y.subarray(k * rows, (k + 1) * rows),
  }));
  const params = { w: problem.w, b: problem.b, lambda: problem.lambda };

  const uploader = new HingeKernel(device);
  const resident = batches.map(() => new HingeKernel(device));
  try {
    const uploadAll = async () => {
      for (const batch of batches) {
        await uploader.setData(batch.X, batch.y);
        await device.queue.onSubmittedWorkDone();
      }
    };
    for (const [k, batch] of batches.entries()) {
      await resident[k].setData(batch.X, batch.y);
      await resident[k].run(params); // checks X once, outside the timing
    }
    const computeAll = async () => {
      for (const kernel of resident) await kernel.run(params);
    };
    const epoch = () => runBatches(device, batches, () => params, () => {});
    const concurrent = () => Promise.all([uploadAll(), computeAll()]);
    await uploadAll();
    await computeAll();
    await epoch();
    await concurrent();
    const [uploadMs, computeMs, epochMs, concurrentMs] = await timeTakingTurns(reps, [uploadAll, computeAll, epoch, concurrent]);
    const larger = Math.max(uploadMs.medianMs, computeMs.medianMs);
    return {
      n, d, batches: batchCount, uploadMs, computeMs, epochMs, concurrentMs,
      ratio: epochMs.medianMs / larger,
      overSum: epochMs.medianMs / (uploadMs.medianMs + computeMs.medianMs),
      floorRatio: concurrentMs.medianMs / larger,
    };
  } finally {
    uploader.destroy();
    for (const kernel of resident) kernel.destroy();
  }
}
