// Newton's direction for the squared hinges (binary and one-vs-rest), as liblinear's primal
// solver takes it. Their objective is piecewise quadratic: per class c, with x̃ = [x; 1] and the
// rows whose term is active (a = Δ − t s > 0), its generalised Hessian is
//   H_c = (2/n) Σ_active s_i x̃_i x̃_iᵀ + λ·diag(1, …, 1, 0)
// (the bias is not regularised), and the step solves H_c [Δw_c; Δb_c] = −∇_c. Where λ is small,
// the condition number of order ‖X‖²/(λn) slows L-BFGS and leaves Newton's step count unchanged.
import { targetOf } from './duality-gap.js';
import type { ValidLinearInput } from './linear-input.js';
import { rowScores } from './linear-reference.js';
import { solveDense } from './restricted-dual.js';

/** Whether Newton's steps suit this problem: a squared signed loss, with C Hessians of (d + 1)² built from n rows cheaply. */
export function newtonSuits(valid: ValidLinearInput): boolean {
  const { loss, n, d, C } = valid;
  return (loss.name === 'squared-hinge' || loss.name === 'ovr-squared-hinge') && n * C * (d + 1) ** 2 <= 3e8;
}

/** −H⁻¹∇ at (W, b), for the parameters laid out as W (C × d), then the C biases. */
export function newtonDirection(valid: ValidLinearInput, W: ArrayLike<number>, biases: ArrayLike<number>, gradient: Float64Array): Float64Array {
  const { X, sampleWeight, n, d, C, lambda, margin } = valid;
  const size = d + 1;
  const hessians = Array.from({ length: C }, () => new Float64Array(size * size));
  const scores = new Float64Array(C);
  const row = new Float64Array(size);
  row[d] = 1;
  for (let i = 0; i < n; i++) {
    const weight = sampleWeight ? sampleWeight[i] : 1;
    if (weight === 0) continue;
    rowScores(X, W, biases, i, d, scores);
    for (let j = 0; j < d; j++) row[j] = X[i * d + j];
    for (let c = 0; c < C; c++) {
      if (!(margin - targetOf(valid, i, c) * scores[c] > 0)) continue;
      const H = hessians[c];
      const scale = (2 * weight) / n;
      for (let j = 0; j < size; j++) {
        const left = scale * row[j];
        for (let k = 0; k <= j; k++) H[j * size + k] += left * row[k];
      }
    }
  }
  const direction = new Float64Array(C * d + C);
  for (let c = 0; c < C; c++) {
    const H = hessians[c];
    let trace = 0;
    for (let j = 0; j < size; j++) {
      for (let k = 0; k < j; k++) H[k * size + j] = H[j * size + k];
      if (j < d) H[j * size + j] += lambda;
      trace += H[j * size + j];
    }
    // A bias with no active row has no curvature: a trace-relative ridge keeps the step finite.
    H[d * size + d] += 1e-12 * trace;
    const rhs = new Float64Array(size);
    for (let j = 0; j < d; j++) rhs[j] = -gradient[c * d + j];
    rhs[d] = -gradient[C * d + c];
    const step = solveDense(H, rhs, size);
    for (let j = 0; j < d; j++) direction[c * d + j] = step[j];
    direction[C * d + c] = step[d];
  }
  return direction;
}
