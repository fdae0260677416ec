// linearGradient: the loss family on the GPU. The kernels compute the binary losses ('hinge' and
// 'squared-hinge', any Δ, either kink) through shaders/loss.wgsl in every strategy; the multiclass
// losses and row weights are computed by the float64 reference (linearGradientCpu) until their
// kernels land.
import { HingeKernel } from './kernel.js';
import { validateLinearInput, type LinearInput } from './linear-input.js';
import type { KernelLoss } from './pipelines.js';
import type { SumDepths } from './types.js';

export interface LinearGradientResult {
  loss: number;
  /** C×d (C = 1 for the binary losses). */
  dW: Float32Array;
  db: Float32Array;
  active: number;
  sumDepths: SumDepths;
}

export async function linearGradient(device: GPUDevice, input: LinearInput): Promise<LinearGradientResult> {
  const valid = validateLinearInput(input);
  if (valid.loss.labels !== 'sign') {
    throw new Error(`the '${valid.loss.name}' loss does not run on the GPU yet: linearGradientCpu computes it (the binary losses run here)`);
  }
  if (valid.sampleWeight) throw new Error('sampleWeight does not run on the GPU yet: linearGradientCpu takes it');
  const kernel = new HingeKernel(device, { loss: valid.loss.name as KernelLoss });
  try {
    await kernel.setData(valid.X, Float32Array.from(valid.labels));
    const { loss, dw, db, active, sumDepths } = await kernel.run({
      w: valid.W, b: valid.biases[0], lambda: valid.lambda, kink: valid.kink, margin: valid.margin,
    });
    return { loss, dW: dw, db: Float32Array.of(db), active, sumDepths };
  } finally {
    kernel.destroy();
  }
}
