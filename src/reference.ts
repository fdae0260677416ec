// The float64 CPU reference: the definition in the README, line for line.
import type { HingeInput, HingeReference } from './types.js';
import { validateInput, type ValidInput } from './validate.js';

export function hingeGradientCpu(input: HingeInput): HingeReference {
  return referenceOf(validateInput(input));
}

/** The reference of input already checked by validateInput. */
export function referenceOf({ X, y, w, b, lambda, kink, n, d }: ValidInput): HingeReference {
  const dw = new Float64Array(d);
  let hingeSum = 0;
  let ySum = 0;
  let active = 0;
  for (let i = 0; i < n; i++) {
    const row = i * d;
    const margin = rowMargin(X, y, w, b, i);
    hingeSum += Math.max(0, 1 - margin);
    if (kink === 'include' ? margin <= 1 : margin < 1) {
      active++;
      ySum += y[i];
      for (let j = 0; j < d; j++) dw[j] -= y[i] * X[row + j];
    }
  }
  let wSquared = 0;
  for (let j = 0; j < d; j++) {
    dw[j] = dw[j] / n + lambda * w[j];
    wSquared += w[j] * w[j];
  }
  return { loss: hingeSum / n + (lambda / 2) * wSquared, dw, db: 0 - ySum / n, active }; // 0 − … keeps an empty sum at +0
}

/** m_i = y_i (w·x_i + b), in float64. */
export function rowMargin(X: Float32Array, y: Float32Array, w: Float32Array, b: number, i: number): number {
  const d = w.length;
  const row = i * d;
  let score = b;
  for (let j = 0; j < d; j++) score += w[j] * X[row + j];
  return y[i] * score;
}
