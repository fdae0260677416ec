import { HingeKernel } from './kernel.js';
import type { HingeInput, HingeResult } from './types.js';
import { validateInput } from './validate.js';

/**
 * Loss and gradient of the linear SVM on the GPU, in one call: uploads X and y, computes, reads
 * back and frees. To evaluate many weight vectors on the same data, keep a HingeKernel instead.
 */
export async function hingeGradient(device: GPUDevice, input: HingeInput): Promise<HingeResult> {
  const { X, y, w, b, lambda, kink } = validateInput(input);
  const kernel = new HingeKernel(device);
  try {
    await kernel.setData(X, y);
    const { loss, dw, db, active, sumDepths } = await kernel.run({ w, b, lambda, kink });
    return { loss, dw, db, active, sumDepths };
  } finally {
    kernel.destroy();
  }
}
