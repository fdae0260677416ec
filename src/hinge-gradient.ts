import { isSoftwareAdapter } from './device.js';
import { keepIdle, takeIdle } from './idle-kernels.js';
import { HingeKernel, setDataCheckedByCaller, startRun, type HingeRun } from './kernel.js';
import type { Storage } from './storage.js';
import type { HingeInput, HingeResult, HingeSums, Reduction } from './types.js';
import { nonFiniteMessage, validateInputParams, validateReduction } from './validate.js';

/**
 * Loss and gradient of the linear SVM on the GPU, in one call: uploads X and y, computes and reads
 * back. Its buffers are kept for a second for a next call of the same layout, then freed. To
 * evaluate many weight vectors on the same data, keep a HingeKernel instead.
 */
export async function hingeGradient(device: GPUDevice, input: HingeInput & { reduction: 'sum'; storage?: Storage }): Promise<HingeSums>;
export async function hingeGradient(device: GPUDevice, input: HingeInput & { reduction?: 'mean'; storage?: Storage }): Promise<HingeResult>;
export async function hingeGradient(device: GPUDevice, input: HingeInput & { reduction?: Reduction; storage?: Storage }): Promise<HingeResult | HingeSums> {
  // The parameters first (cheap); setData then checks X and y, with d from w.
  const { reduction = 'mean', storage = 'f32', ...problem } = input;
  const params = validateInputParams(problem);
  validateReduction(reduction, params.lambda);
  const kernel = takeIdle<HingeKernel>(device, 'hinge') ?? new HingeKernel(device);
  const d = params.w.length;
  let reusable = false;
  const run = (): Promise<HingeRun | HingeSums> => (reduction === 'sum' ? kernel.run({ ...params, reduction }) : kernel.run(params));
  try {
    let result: HingeRun | HingeSums;
    if (storage !== 'f32') {
      // Other storages convert X on the CPU anyway, which checks it.
      await kernel.setData(input.X, input.y, d, { storage });
      result = await run();
    } else if (isSoftwareAdapter(device)) {
      // A software GPU computes on the CPU's cores, where checking X takes as long on the GPU as
      // here: here it runs while the GPU computes (X is the caller's until the call resolves).
      await setDataCheckedByCaller(kernel, input.X, input.y, d);
      const { running, firstBad } = await startRun(run, input.X);
      result = await running;
      if (firstBad >= 0) throw new Error(nonFiniteMessage(input.X[firstBad], firstBad, d));
    } else {
      await kernel.setData(input.X, input.y, d);
      result = await run();
    }
    reusable = true;
    if ('lossSum' in result) return result;
    const { loss, dw, db, active, sumDepths } = result;
    return { loss, dw, db, active, sumDepths };
  } finally {
    if (reusable) keepIdle(device, 'hinge', kernel);
    else kernel.destroy();
  }
}
