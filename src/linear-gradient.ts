// linearGradient: the loss family on the GPU in one call, through a LinearKernel (every loss,
// row weights, either reduction, any storage of X).
import { validateLinearInput, type LinearInput } from './linear-input.js';
import { keepIdle, takeIdle } from './idle-kernels.js';
import { LinearKernel, type LinearGradientResult, type LinearSums } from './linear-kernel.js';
import type { Reduction } from './types.js';
import type { Storage } from './storage.js';
import { assertKnownKeys, validateReduction } from './validate.js';

export type { LinearGradientResult, LinearSums } from './linear-kernel.js';

export async function linearGradient(device: GPUDevice, input: LinearInput, options?: { reduction?: 'mean'; storage?: Storage }): Promise<LinearGradientResult>;
export async function linearGradient(device: GPUDevice, input: LinearInput, options: { reduction: 'sum'; storage?: Storage }): Promise<LinearSums>;
export async function linearGradient(
  device: GPUDevice, input: LinearInput, options: { reduction?: Reduction; storage?: Storage } = {},
): Promise<LinearGradientResult | LinearSums> {
  assertKnownKeys(options, ['reduction', 'storage'], 'the linearGradient options');
  const valid = validateLinearInput(input);
  const reduction = validateReduction(options.reduction ?? 'mean', valid.lambda);
  // A kernel of the same loss and classes from a call just before is reused, with its buffers.
  const kind = `linear:${valid.loss.name}:${valid.C}`;
  const kernel = takeIdle<LinearKernel>(device, kind) ?? new LinearKernel(device, { loss: valid.loss.name, classes: valid.C });
  let reusable = false;
  try {
    await kernel.setData(valid.X, input.y, { ...(valid.sampleWeight ? { sampleWeight: valid.sampleWeight } : {}), ...(options.storage ? { storage: options.storage } : {}) });
    const params = { W: valid.W, b: Float32Array.from(valid.biases), lambda: valid.lambda, kink: valid.kink, margin: valid.margin };
    const result = reduction === 'sum' ? await kernel.run({ ...params, lambda: undefined, reduction }) : await kernel.run(params);
    reusable = true;
    return result;
  } finally {
    if (reusable) keepIdle(device, kind, kernel);
    else kernel.destroy();
  }
}
