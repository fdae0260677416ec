// The float64 reference of the loss family: the README's definitions, line for line.
//   s_ic = w_c·x_i + b_c;  ℓ = (1/n) Σ_i s_i ℓ_i + (λ/2)‖W‖²_F;  the biases are not regularised.
//   dW_c = (1/n) Σ_i s_i (∂ℓ_i/∂s_ic) x_i + λ w_c;  db_c = (1/n) Σ_i s_i ∂ℓ_i/∂s_ic.
import { validateLinearInput, type LinearInput, type ValidLinearInput } from './linear-input.js';

export interface LinearReference {
  loss: number;
  /** C×d. */
  dW: Float64Array;
  /** C. */
  db: Float64Array;
  /** Active (row, term) pairs. */
  active: number;
}

export function linearGradientCpu(input: LinearInput): LinearReference {
  return linearReferenceOf(validateLinearInput(input));
}

/** The reference of input already checked by validateLinearInput; smoothing μ > 0: the solver's smoothed hinge. */
export function linearReferenceOf(valid: ValidLinearInput, smoothing = 0): LinearReference {
  const { X, W, biases, labels, sampleWeight, n, d, C, lambda, loss, kink, margin } = valid;
  const dW = new Float64Array(C * d);
  const db = new Float64Array(C);
  const scores = new Float64Array(C);
  let lossSum = 0;
  let active = 0;
  for (let i = 0; i < n; i++) {
    const row = i * d;
    rowScores(X, W, biases, i, d, scores);
    const terms = loss.rowTerms(scores, labels[i], margin, kink, smoothing);
    const weight = sampleWeight ? sampleWeight[i] : 1;
    lossSum += weight * terms.loss;
    active += terms.active;
    for (let c = 0; c < C; c++) {
      const coefficient = weight * terms.coefficients[c];
      if (coefficient === 0) continue;
      for (let j = 0; j < d; j++) dW[c * d + j] += coefficient * X[row + j];
      db[c] += coefficient;
    }
  }
  let wSquared = 0;
  for (let k = 0; k < C * d; k++) {
    dW[k] = dW[k] / n + lambda * W[k];
    wSquared += W[k] * W[k];
  }
  for (let c = 0; c < C; c++) db[c] = 0 + db[c] / n; // 0 + … keeps an empty sum at +0
  return { loss: lossSum / n + (lambda / 2) * wSquared, dW, db, active };
}

/** Row i's scores s_ic = b_c + Σ_j w_cj x_ij in float64, for the C classes `out` has room for. */
export function rowScores(X: Float32Array, W: ArrayLike<number>, biases: ArrayLike<number>, i: number, d: number, out: Float64Array): Float64Array {
  for (let c = 0; c < out.length; c++) {
    let score = biases[c];
    for (let j = 0; j < d; j++) score += W[c * d + j] * X[i * d + j];
    out[c] = score;
  }
  return out;
}
