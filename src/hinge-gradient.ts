import { HingeKernel } from './kernel.js';
import type { HingeInput, HingeResult } from './types.js';
import { validateInputParams } from './validate.js';

/**
 * Loss and gradient of the linear SVM on the GPU, in one call: uploads X and y, computes, reads
 * back and frees. To evaluate many weight vectors on the same data, keep a HingeKernel instead.
 */
export async function hingeGradient(device: GPUDevice, input: HingeInput): Promise<HingeResult> {
  // The parameters first (cheap); setData then checks X and y once, with d from w.
  const params = validateInputParams(input);
  const kernel = new HingeKernel(device);
  try {
    await kernel.setData(input.X, input.y, params.w.length);
    const { loss, dw, db, active, sumDepths } = await kernel.run(params);
    return { loss, dw, db, active, sumDepths };
  } finally {
    kernel.destroy();
  }
}
