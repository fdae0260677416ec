// The certificate: an upper bound on P(W, b) − P*, from Fenchel duality, in float64.
//
// Every loss of the family is a supremum of linear functions of the row's scores S_i = W x_i + b:
//   hinge terms        max(0, a)  = sup_{α ∈ [0, 1]} α·a
//   squared terms      max(0, a)² = sup_{α ≥ 0} (α·a − α²/4)
//   Crammer–Singer     max(0, max_{c≠y} a_c) = sup_{α ≥ 0, Σα ≤ 1} Σ_c α_c·a_c
// with each argument a an affine function of S_i (Δ − t·s, s_c − s_y + Δ, Δ + s_c − s_y). Taking
// the sup outside the minimum over (W, b) gives, for any feasible α, the dual
//   D(α) = (1/n) Σ_i s_i (Δ Σ_terms α − conj(α)) − (λ/2)‖W(α)‖²,  W(α) = −(1/(λn)) Σ_i s_i β_i x_iᵀ,
// where β_i = ∂(α·a)/∂S_i is the row's coefficient vector, and the unregularised biases add the
// constraint Σ_i s_i β_i = 0 (minimising over b is −∞ otherwise). Weak duality: D(α) ≤ P* ≤ P(W, b).
//
// The α taken are the solver's smoothed slopes at (W, b), which tend to an optimal α as the
// smoothing shrinks. They rarely meet the constraint exactly, so they are first scaled down:
//   - binary and one-vs-rest (per class): the side (t = +1 or −1) with the larger Σ s_i α_i is
//     scaled to the other's, which makes Σ_i s_i α_i t_i = 0;
//   - Weston–Watkins and Crammer–Singer: the flows F[y][c] = Σ_{i: y_i = y} s_i α_ic form a graph
//     on the classes whose constraint says that F is a circulation (in-flow = out-flow at each
//     class); the largest circulation G ≤ F found by cancelling cycles gives each (y, c) the
//     factor G/F. Scaling down keeps every α within its set.
import type { ValidLinearInput } from './linear-input.js';
import { rowScores } from './linear-reference.js';

export interface Certificate {
  /** P(W, b), the exact (unsmoothed) objective. */
  objective: number;
  /** D(α), a lower bound on the optimum. */
  dual: number;
  /** objective − dual ≥ P(W, b) − P*. */
  gap: number;
  /**
   * The dual of the smoothed problem at the same α: dual − (μ/(2n)) Σ_i s_i ‖α_i‖² over the hinge
   * terms (their smoothed conjugate). Against the smoothed objective, the smoothed problem's gap.
   */
  smoothedDual: number;
  /** Rows whose highest score (the sign of s for binary losses) is their label. */
  accuracy: number;
}

/**
 * The certificate of (W, b) for the problem `valid`, with the dual point taken from the hinge
 * smoothed by μ = `smoothing` (0: the subgradient of the kink convention). `skipBiasConstraint`
 * leaves α as it is, infeasible for the biases: only for the test that shows why it must not be.
 */
export function dualityGap(
  valid: ValidLinearInput, W: ArrayLike<number>, biases: ArrayLike<number>, smoothing: number, { skipBiasConstraint = false } = {},
): Certificate {
  const { n, lambda, C, d } = valid;
  const { alpha, lossSum, right } = slopeMultipliers(valid, W, biases, smoothing);
  // Planted in the tests only: α left infeasible for the biases.
  if (!skipBiasConstraint) makeFeasible(valid, alpha);
  const { dual, alphaSquared } = dualValue(valid, alpha);
  let wSquared = 0;
  for (let k = 0; k < C * d; k++) wSquared += W[k] * W[k];
  const objective = lossSum / n + (lambda / 2) * wSquared;
  return { objective, dual, gap: objective - dual, smoothedDual: dual - (smoothing / (2 * n)) * alphaSquared, accuracy: right / n };
}

/** Whether the loss's terms are signed (binary and one-vs-rest: one per class, target ±1) or pairs (y, c ≠ y). */
export const isSigned = (valid: ValidLinearInput) => valid.loss.labels === 'sign' || valid.loss.name.startsWith('ovr-');

/** A term's target t = ±1 (signed losses): the row's label for binary losses, +1 at the row's class and −1 elsewhere for one-vs-rest. */
export const targetOf = (valid: ValidLinearInput, i: number, c: number) => (valid.C === 1 ? valid.labels[i] : valid.labels[i] === c ? 1 : -1);

/**
 * The multipliers α (n × C, one per term: signed losses at class c, the others at rival c ≠ y)
 * given by the slopes of the terms smoothed by μ at (W, b); with the unsmoothed loss summed and
 * the rows classified correctly counted on the way.
 */
export function slopeMultipliers(
  valid: ValidLinearInput, W: ArrayLike<number>, biases: ArrayLike<number>, smoothing: number,
): { alpha: Float64Array; lossSum: number; right: number } {
  const { X, labels, sampleWeight, n, d, C, loss, kink, margin } = valid;
  const signed = isSigned(valid);
  const alpha = new Float64Array(n * C);
  const scores = new Float64Array(C);
  let lossSum = 0;
  let right = 0;
  for (let i = 0; i < n; i++) {
    rowScores(X, W, biases, i, d, scores);
    const label = labels[i];
    const weight = sampleWeight ? sampleWeight[i] : 1;
    lossSum += weight * loss.rowTerms(scores, label, margin, kink).loss;
    const smoothed = loss.rowTerms(scores, label, margin, kink, smoothing).coefficients;
    for (let c = 0; c < C; c++) {
      // Signed terms: coefficient −t·α; the others: +α at each class c ≠ y.
      alpha[i * C + c] = signed ? Math.abs(smoothed[c]) : c === label ? 0 : Math.max(0, smoothed[c]);
    }
    right += C === 1 ? Number((scores[0] >= 0 ? 1 : -1) === label) : Number(argmax(scores) === label);
  }
  return { alpha, lossSum, right };
}

/** Scales α down, in place, until it meets the biases' constraint Σ_i s_i β_i = 0. */
export function makeFeasible(valid: ValidLinearInput, alpha: Float64Array): void {
  const { n, C, sampleWeight, labels } = valid;
  if (isSigned(valid)) balanceSides(alpha, C, n, sampleWeight, (i, c) => targetOf(valid, i, c));
  else balanceFlows(alpha, C, n, sampleWeight, labels);
}

/**
 * D(α) for feasible α, with V = Σ_i s_i β_i x_iᵀ (C × d; W(α) = −V/(λn)) and Σ_i s_i ‖α_i‖²
 * (for the smoothed conjugate).
 */
export function dualValue(valid: ValidLinearInput, alpha: Float64Array): { dual: number; V: Float64Array; alphaSquared: number } {
  const { X, labels, sampleWeight, n, d, C, lambda, loss, margin } = valid;
  const signed = isSigned(valid);
  const squared = loss.name.includes('squared');
  const V = new Float64Array(C * d);
  let linear = 0;
  let alphaSquared = 0;
  for (let i = 0; i < n; i++) {
    const weight = sampleWeight ? sampleWeight[i] : 1;
    if (weight === 0) continue;
    const row = i * d;
    let outflow = 0;
    for (let c = 0; c < C; c++) {
      const a = alpha[i * C + c];
      if (a === 0) continue;
      linear += weight * (margin * a - (squared ? (a * a) / 4 : 0));
      alphaSquared += weight * a * a;
      // Signed: β_ic = −t·α (the gradient of α(Δ − t s)); the others: +α at c, −Σα at y.
      const beta = signed ? -targetOf(valid, i, c) * a : a;
      if (!signed) outflow += a;
      for (let j = 0; j < d; j++) V[c * d + j] += weight * beta * X[row + j];
    }
    if (!signed && outflow > 0) {
      const y = labels[i];
      for (let j = 0; j < d; j++) V[y * d + j] -= weight * outflow * X[row + j];
    }
  }
  let vSquared = 0;
  for (const value of V) vSquared += value * value;
  const dual = lambda > 0 ? linear / n - vSquared / (2 * lambda * n * n) : -Infinity;
  return { dual, V, alphaSquared: squared ? 0 : alphaSquared };
}

function argmax(values: Float64Array): number {
  let best = 0;
  for (let c = 1; c < values.length; c++) if (values[c] > values[best]) best = c;
  return best;
}

/** Binary and one-vs-rest: per class, the heavier side's α scaled so that Σ_i s_i α_i t_i = 0. */
function balanceSides(
  alpha: Float64Array, classes: number, n: number, weights: Float32Array | undefined, target: (i: number, c: number) => number,
): void {
  for (let c = 0; c < classes; c++) {
    let positive = 0;
    let negative = 0;
    for (let i = 0; i < n; i++) {
      const mass = (weights ? weights[i] : 1) * alpha[i * classes + c];
      if (target(i, c) > 0) positive += mass;
      else negative += mass;
    }
    const scaleSide = positive > negative ? 1 : -1;
    const factor = positive > negative ? negative / positive : negative > 0 ? positive / negative : 1;
    if (factor === 1) continue;
    for (let i = 0; i < n; i++) if (target(i, c) === scaleSide) alpha[i * classes + c] *= factor;
  }
}

/** Weston–Watkins and Crammer–Singer: each (y, c) pair's α scaled to the largest circulation inside the flows. */
function balanceFlows(alpha: Float64Array, classes: number, n: number, weights: Float32Array | undefined, labels: Float64Array): void {
  const flow = new Float64Array(classes * classes);
  for (let i = 0; i < n; i++) {
    const weight = weights ? weights[i] : 1;
    for (let c = 0; c < classes; c++) flow[labels[i] * classes + c] += weight * alpha[i * classes + c];
  }
  const circulation = largestCirculation(flow, classes);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < classes; c++) {
      const pair = labels[i] * classes + c;
      if (alpha[i * classes + c] !== 0) alpha[i * classes + c] *= flow[pair] > 0 ? circulation[pair] / flow[pair] : 0;
    }
  }
}

/**
 * A circulation G ≤ F (entrywise, G[u][v] the flow u → v) that no cycle can be added to: cycles of
 * the residual graph are found by depth-first search and their bottleneck moved from F to G until
 * none is left. What remains is acyclic: at an optimum F is a circulation, and nothing remains.
 */
export function largestCirculation(flow: Float64Array, nodes: number): Float64Array {
  const residual = Float64Array.from(flow);
  const circulation = new Float64Array(nodes * nodes);
  const largest = Math.max(0, ...flow);
  const negligible = largest * 1e-15;
  for (let guard = 0; guard <= nodes * nodes; guard++) {
    const cycle = findCycle(residual, nodes, negligible);
    if (!cycle) break;
    let bottleneck = Infinity;
    for (let k = 0; k < cycle.length; k++) bottleneck = Math.min(bottleneck, residual[cycle[k] * nodes + cycle[(k + 1) % cycle.length]]);
    for (let k = 0; k < cycle.length; k++) {
      const edge = cycle[k] * nodes + cycle[(k + 1) % cycle.length];
      residual[edge] -= bottleneck;
      circulation[edge] += bottleneck;
      if (residual[edge] <= negligible) residual[edge] = 0;
    }
  }
  return circulation;
}

/** A cycle of edges with residual above `negligible`, as its nodes in order, or undefined. */
function findCycle(residual: Float64Array, nodes: number, negligible: number): number[] | undefined {
  const state = new Uint8Array(nodes); // 0 unseen, 1 on the path, 2 done
  const path: number[] = [];
  const visit = (u: number): number[] | undefined => {
    state[u] = 1;
    path.push(u);
    for (let v = 0; v < nodes; v++) {
      if (residual[u * nodes + v] <= negligible) continue;
      if (state[v] === 1) return path.slice(path.indexOf(v));
      if (state[v] === 0) {
        const found = visit(v);
        if (found) return found;
      }
    }
    path.pop();
    state[u] = 2;
    return undefined;
  };
  for (let start = 0; start < nodes; start++) {
    if (state[start] === 0) {
      const found = visit(start);
      if (found) return found;
    }
  }
  return undefined;
}
