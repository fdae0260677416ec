// The dual restricted to a few multipliers (face-solve.ts chooses them), solved exactly: a dense
// concave quadratic max pᵀα − ½αᵀQα under the biases' equalities, with each α in [0, 1] (hinge
// terms) or in its row's capped simplex (Crammer–Singer), by active-set methods whose every step
// is one symmetric linear solve on a face of that set.
import { cappedSimplexThreshold } from './losses.js';

/** The dual restricted to the candidates: max pᵀα − ½αᵀQα with Σ_k s_k γ_k α_k = q and α in its sets. */
export interface Restricted {
  terms: number[];
  /** s_k, and γ_k as (class, ±1) pairs. */
  weights: Float64Array;
  gammas: [number, number][][];
  Q: Float64Array;
  p: Float64Array;
  q: Float64Array;
  classes: number;
  /** Crammer–Singer: each candidate's row group (its α share Σ ≤ 1 with the row's other candidates); −1 for interval terms. */
  group: Int32Array;
  groups: number;
}

/**
 * The restricted dual's maximum, from α (updated in place): the semismooth Newton method first,
 * fast near the optimum; where it does not settle, the primal active-set method, monotone and
 * finite: a step towards the face's maximum stops at the first bound it meets, which is then
 * held; at a face's maximum the held multipliers whose terms are on the wrong side of their kink
 * are freed. α need not meet the equalities at first: the first full step does. Returns the
 * biases, the equalities' multipliers, at the last face's maximum. With monotone false, only
 * the semismooth Newton method runs: each of its faces costs as much as one of the monotone
 * method's, which may take hundreds from far.
 */
export function activeSet(problem: Restricted, alpha: Float64Array, startBiases: Float64Array, monotone = true): { biases: Float64Array; iterations: number } {
  const { terms, weights, group, groups } = problem;
  const m = terms.length;
  const newton = semismoothNewton(problem, Float64Array.from(terms, (term) => alpha[term]), startBiases);
  if (newton.converged) {
    terms.forEach((term, k) => (alpha[term] = newton.x[k]));
    return { biases: newton.biases, iterations: newton.iterations };
  }
  // Without the monotone method α stays as it was.
  if (!monotone) return { biases: Float64Array.from(startBiases), iterations: newton.iterations };
  const interval = (k: number) => group[k] < 0;
  // Where the semismooth Newton method settled on a face that rises without bound, the monotone
  // method goes on from its point, brought into α's sets; else from α.
  const x = newton.settled ? intoSets(problem, newton.x) : Float64Array.from(terms, (term) => alpha[term]);
  // Which multipliers are held at a bound, and which Crammer–Singer rows hold Σα = 1.
  const free = Uint8Array.from(x, (value, k) => Number(value > 0 && (!interval(k) || value < 1)));
  const rowSum = new Float64Array(groups);
  for (let k = 0; k < m; k++) if (!interval(k)) rowSum[group[k]] += x[k];
  const binding = Uint8Array.from(rowSum, (sum) => Number(sum >= 1));
  let biases: Float64Array = Float64Array.from(startBiases);
  let iterations = 0;
  // A term is on the wrong side of its kink beyond rounding of the arguments' scale.
  const threshold = kinkThreshold(problem);
  const limit = monotoneIterations(m);
  for (; iterations < limit; iterations++) {
    const face = maximiseOnFace(problem, x, free, binding, biases);
    biases = face.biases;
    const direction = Float64Array.from(face.x, (value, k) => value - x[k]);
    let largest = 0;
    for (const value of direction) largest = Math.max(largest, Math.abs(value));
    if (largest > 1e-12) {
      // Step towards the face's maximum, as far as every multiplier stays in its set.
      let step = 1;
      let blocking: { k: number; bound: number } | { row: number } | undefined;
      const rowDirection = new Float64Array(groups);
      for (let k = 0; k < m; k++) {
        if (!free[k]) continue;
        if (!interval(k)) rowDirection[group[k]] += direction[k];
        const room = direction[k] < 0 ? x[k] / -direction[k] : interval(k) && direction[k] > 0 ? (1 - x[k]) / direction[k] : Infinity;
        if (room < step) {
          step = room;
          blocking = { k, bound: direction[k] < 0 ? 0 : 1 };
        }
      }
      for (let g = 0; g < groups; g++) {
        if (binding[g] || rowDirection[g] <= 0) continue;
        const room = (1 - rowSum[g]) / rowDirection[g];
        if (room < step) {
          step = room;
          blocking = { row: g };
        }
      }
      for (let k = 0; k < m; k++) if (free[k]) x[k] += step * direction[k];
      if (blocking && 'k' in blocking) {
        x[blocking.k] = blocking.bound;
        free[blocking.k] = 0;
      } else if (blocking) binding[blocking.row] = 1;
      rowSum.fill(0);
      for (let k = 0; k < m; k++) if (!interval(k)) rowSum[group[k]] += x[k];
      if (blocking) continue;
    }
    // At the face's maximum: free the held multipliers whose terms are on the wrong side of their kink.
    const argument = reducedArguments(problem, x, biases);
    let released = 0;
    for (let k = 0; k < m; k++) {
      if (free[k] || weights[k] === 0) continue;
      const level = interval(k) ? 0 : binding[group[k]] ? face.rowLevel[group[k]] : 0;
      const wrong = x[k] === 0 ? argument[k] > level + threshold : argument[k] < level - threshold;
      if (wrong) {
        free[k] = 1;
        released++;
      }
    }
    for (let g = 0; g < groups; g++) {
      if (binding[g] && face.rowLevel[g] < -threshold) {
        binding[g] = 0;
        released++;
      }
    }
    if (released === 0) break;
  }
  terms.forEach((term, k) => (alpha[term] = x[k]));
  return { biases, iterations: iterations + newton.iterations };
}

/** The monotone method's iterations at most: each holds one more multiplier at a bound or frees some, a bound that a sound face sequence stays within. */
const monotoneIterations = (m: number) => Math.min(3 * m + 50, 600);

/** The monotone method's cost at most, in multiply-adds: its iterations, each a dense solve of up to m unknowns. */
export const monotoneCost = (m: number) => (monotoneIterations(m) * m ** 3) / 3;

/** Solves on a repeated face, each from the last one's x, before the face is taken to rise without bound. */
const PROXIMAL_STEPS = 3;

/**
 * The primal–dual active-set method (Hintermüller, Ito and Kunisch's semismooth Newton): the face
 * is read from z = α + c·a, α's coordinate-ascent update (c_k = s_k/Q_kk), projected onto α's set;
 * the face's maximum gives the next α and a. Where the face repeats, every multiplier meets its
 * optimality condition. Fast near the optimum, with no guarantee from far: it gives up after a
 * few faces, and the monotone method above takes over.
 */
function semismoothNewton(
  problem: Restricted, start: Float64Array, startBiases: Float64Array,
): { x: Float64Array; biases: Float64Array; iterations: number; settled: boolean; converged: boolean } {
  const { Q, weights, group, groups } = problem;
  const m = start.length;
  let x = Float64Array.from(start);
  let biases: Float64Array = Float64Array.from(startBiases);
  let argument = reducedArguments(problem, x, biases);
  const step = Float64Array.from(weights, (weight, k) => weight / Math.max(Q[k * m + k], 1e-300));
  const members: number[][] = Array.from({ length: groups }, () => []);
  for (let k = 0; k < m; k++) if (group[k] >= 0) members[group[k]].push(k);
  let previous = '';
  let level: Float64Array = new Float64Array(groups);
  let repeats = 0;
  for (let iteration = 1; iteration <= 30; iteration++) {
    const free = new Uint8Array(m);
    const binding = new Uint8Array(groups);
    const held = new Float64Array(m);
    for (let k = 0; k < m; k++) {
      if (group[k] >= 0 || weights[k] === 0) continue;
      const z = x[k] + step[k] * argument[k];
      if (z >= 1) held[k] = 1;
      else if (z > 0) free[k] = 1;
    }
    members.forEach((ks, g) => {
      const c = Math.min(...ks.map((k) => step[k]));
      const z = ks.map((k) => x[k] + c * argument[k]);
      const tau = cappedSimplexThreshold(z);
      ks.forEach((k, t) => (free[k] = Number(z[t] - tau > 0)));
      binding[g] = Number(tau > 0);
    });
    const key = Array.from(free).join('') + Array.from(binding).join('') + Array.from(held).join('');
    // The face repeats: x is its maximum if every free term is on its kink (at its row's level).
    // The ridge pulls x towards the previous one; each further solve on the face (a proximal step)
    // shrinks that pull. Where the terms stay off their kinks the face rises without bound, which
    // the ridge hides, and the monotone method's ratio test is needed.
    if (key === previous) {
      const converged = meetsEqualities(problem, x) && onKinks(problem, argument, free, binding, level);
      if (converged || ++repeats > PROXIMAL_STEPS) return { x, biases, iterations: iteration - 1, settled: true, converged };
    } else repeats = 0;
    previous = key;
    // The held multipliers at their bounds; the free ones at x, where the face's ridge is anchored.
    const base = Float64Array.from(held, (bound, k) => (free[k] ? x[k] : bound));
    const face = maximiseOnFace(problem, base, free, binding, biases);
    level = face.rowLevel;
    x = Float64Array.from(face.x);
    biases = face.biases;
    argument = reducedArguments(problem, x, biases);
  }
  return { x, biases, iterations: 30, settled: false, converged: false };
}

/** x clipped to [0, 1], each Crammer–Singer row scaled down to Σ ≤ 1. */
function intoSets(problem: Restricted, x: Float64Array): Float64Array {
  const { group, groups } = problem;
  const out = Float64Array.from(x, (value, k) => Math.max(0, group[k] < 0 ? Math.min(1, value) : value));
  const rowSum = new Float64Array(groups);
  out.forEach((value, k) => group[k] >= 0 && (rowSum[group[k]] += value));
  out.forEach((value, k) => group[k] >= 0 && rowSum[group[k]] > 1 && (out[k] = value / rowSum[group[k]]));
  return out;
}

/** Whether every free term's argument is its row's level (0 for a hinge term, or a Crammer–Singer row that is not binding), to rounding. */
function onKinks(problem: Restricted, argument: Float64Array, free: Uint8Array, binding: Uint8Array, level: Float64Array): boolean {
  const { group } = problem;
  const threshold = kinkThreshold(problem);
  return argument.every((value, k) => !free[k] || Math.abs(value - (group[k] >= 0 && binding[group[k]] ? level[group[k]] : 0)) <= threshold);
}

/** How far a term's reduced argument may be from its kink by rounding: of the arguments' scale. */
function kinkThreshold(problem: Restricted): number {
  const { p, weights } = problem;
  return 1e-10 * Math.max(1, ...Array.from(p, (value, k) => (weights[k] === 0 ? 0 : Math.abs(value) / weights[k])));
}

/** Whether x meets the biases' equalities Σ_k s_k γ_k x_k = q, to rounding (a face without a free multiplier in a class may not). */
function meetsEqualities(problem: Restricted, x: Float64Array): boolean {
  const { weights, gammas, q, classes } = problem;
  const flow = new Float64Array(classes);
  const size = Float64Array.from(q, Math.abs);
  x.forEach((value, k) => {
    for (const [c, g] of gammas[k]) {
      flow[c] += weights[k] * g * value;
      size[c] += Math.abs(weights[k] * value);
    }
  });
  return flow.every((value, c) => Math.abs(value - q[c]) <= 1e-9 * Math.max(size[c], 1e-300));
}

/** Each candidate's argument a_k = (p_k − (Qα)_k)/s_k + γ_k·b at the multipliers x and biases b. */
function reducedArguments(problem: Restricted, x: Float64Array, biases: Float64Array): Float64Array {
  const { weights, gammas, Q, p } = problem;
  const m = x.length;
  const out = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    if (weights[k] === 0) continue;
    let qx = 0;
    for (let l = 0; l < m; l++) qx += Q[k * m + l] * x[l];
    let bias = 0;
    for (const [c, g] of gammas[k]) bias += g * biases[c];
    out[k] = (p[k] - qx) / weights[k] + bias;
  }
  return out;
}

/**
 * The maximum on the face: the free multipliers, the biases and each binding row's level ν from
 *   −Q_FF α_F + B_F b − E ν = −p_F + Q_FH α_H     (each free term at its kink: s_k(a_k − ν) = 0)
 *    B_Fᵀ α_F               =  q − B_Hᵀ α_H      (the biases' equalities)
 *   −Eᵀ α_F                 = −s_g                (Σα = 1 in a binding row)
 * with H the held multipliers and B_k = s_k γ_k. The equalities are kept exactly. Q_FF is singular
 * where the free terms outnumber W's and b's dimensions: a ridge of 1e-10 of Q's largest diagonal,
 * anchored at the current α, picks the nearest maximum on a flat face, and on a face where the
 * dual rises without bound it gives a long step along the rise, which the caller's ratio test cuts
 * at the first bound. Pair losses' biases may all shift together: one bias of each linked set of
 * classes keeps its value.
 */
function maximiseOnFace(
  problem: Restricted, start: Float64Array, freeAtStart: Uint8Array, binding: Uint8Array, biases: Float64Array,
): { x: Float64Array; biases: Float64Array; rowLevel: Float64Array } {
  const { weights, gammas, Q, p, q, group, groups, classes } = problem;
  const m = start.length;
  // A binding row with one free multiplier fixes it at 1 less the row's held ones: it leaves the system.
  const freeInRow = new Int32Array(groups);
  for (let k = 0; k < m; k++) if (freeAtStart[k] && group[k] >= 0) freeInRow[group[k]]++;
  const x = Float64Array.from(start);
  const free = Uint8Array.from(freeAtStart);
  const solo: number[] = [];
  for (let k = 0; k < m; k++) {
    if (!freeAtStart[k] || group[k] < 0 || !binding[group[k]] || freeInRow[group[k]] !== 1) continue;
    let held = 0;
    for (let l = 0; l < m; l++) if (l !== k && group[l] === group[k]) held += start[l];
    x[k] = 1 - held;
    free[k] = 0;
    solo.push(k);
  }
  const F: number[] = [];
  for (let k = 0; k < m; k++) if (free[k]) F.push(k);
  const rowsOn: number[] = [];
  const rowIndex = new Int32Array(groups).fill(-1);
  for (let g = 0; g < groups; g++) {
    if (binding[g] && freeInRow[g] > 1) {
      rowIndex[g] = rowsOn.length;
      rowsOn.push(g);
    }
  }
  // The biases' rows: the classes that a free multiplier's γ touches, less one per linked set for pair losses.
  const parent = Array.from({ length: classes }, (_, c) => c);
  const root = (c: number): number => (parent[c] === c ? c : (parent[c] = root(parent[c])));
  const touched = new Uint8Array(classes);
  for (const k of F) {
    for (const [c] of gammas[k]) touched[c] = 1;
    if (gammas[k].length === 2) parent[root(gammas[k][0][0])] = root(gammas[k][1][0]);
  }
  const pinned = new Set<number>();
  const rowOfClass = new Int32Array(classes).fill(-1);
  const classList: number[] = [];
  for (let c = 0; c < classes; c++) {
    if (!touched[c]) continue;
    const pairs = gammas[F[0]].length === 2;
    if (pairs && !pinned.has(root(c))) {
      pinned.add(root(c));
      continue;
    }
    rowOfClass[c] = classList.length;
    classList.push(c);
  }
  const f = F.length;
  const biasRows = classList.length;
  const size = f + biasRows + rowsOn.length;
  const A = new Float64Array(size * size);
  const rhs = new Float64Array(size);
  let largestDiagonal = 0;
  for (let k = 0; k < m; k++) largestDiagonal = Math.max(largestDiagonal, Q[k * m + k]);
  const ridge = 1e-10 * (largestDiagonal || 1);
  const heldFlow = Float64Array.from(q);
  for (let k = 0; k < m; k++) {
    if (free[k] || x[k] === 0) continue;
    for (const [c, g] of gammas[k]) heldFlow[c] -= weights[k] * g * x[k];
  }
  F.forEach((k, row) => {
    for (let col = 0; col < f; col++) A[row * size + col] = -Q[k * m + F[col]];
    A[row * size + row] -= ridge;
    let fixedPart = 0;
    for (let l = 0; l < m; l++) if (!free[l] && x[l] !== 0) fixedPart += Q[k * m + l] * x[l];
    rhs[row] = -p[k] + fixedPart - ridge * x[k];
    for (const [c, g] of gammas[k]) {
      // A pinned class's bias is a constant: its term moves to the right-hand side.
      if (rowOfClass[c] < 0) rhs[row] -= weights[k] * g * biases[c];
      else {
        A[row * size + f + rowOfClass[c]] = weights[k] * g;
        A[(f + rowOfClass[c]) * size + row] = weights[k] * g;
      }
    }
    if (group[k] >= 0 && rowIndex[group[k]] >= 0) {
      const column = f + biasRows + rowIndex[group[k]];
      A[row * size + column] = -weights[k];
      A[column * size + row] = -weights[k];
    }
  });
  classList.forEach((c, t) => (rhs[f + t] = heldFlow[c]));
  rowsOn.forEach((g, t) => {
    let weight = 0;
    let held = 0;
    for (let k = 0; k < m; k++) {
      if (group[k] !== g) continue;
      weight = weights[k];
      if (!free[k]) held += x[k];
    }
    rhs[f + biasRows + t] = -weight * (1 - held);
  });
  const u = solveDense(A, rhs, size);
  const next = Float64Array.from(x);
  F.forEach((k, row) => (next[k] = u[row]));
  const rowLevel = new Float64Array(groups);
  rowsOn.forEach((g, t) => (rowLevel[g] = u[f + biasRows + t]));
  const nextBiases = Float64Array.from(biases);
  classList.forEach((c, t) => (nextBiases[c] = u[f + t]));
  // A lone free multiplier of a binding row sets the row's level: its own argument.
  if (solo.length > 0) {
    const argument = reducedArguments(problem, next, nextBiases);
    for (const k of solo) rowLevel[group[k]] = argument[k];
  }
  return { x: next, biases: nextBiases, rowLevel };
}

/** Gaussian elimination with partial pivoting; A (size × size, row-major) and b are overwritten. */
export function solveDense(A: Float64Array, b: Float64Array, size: number): Float64Array {
  for (let col = 0; col < size; col++) {
    let pivot = col;
    for (let r = col + 1; r < size; r++) if (Math.abs(A[r * size + col]) > Math.abs(A[pivot * size + col])) pivot = r;
    if (pivot !== col) {
      for (let t = col; t < size; t++) {
        const swap = A[col * size + t];
        A[col * size + t] = A[pivot * size + t];
        A[pivot * size + t] = swap;
      }
      const swap = b[col];
      b[col] = b[pivot];
      b[pivot] = swap;
    }
    const diagonal = A[col * size + col];
    if (diagonal === 0) continue;
    for (let r = col + 1; r < size; r++) {
      const factor = A[r * size + col] / diagonal;
      if (factor === 0) continue;
      for (let t = col; t < size; t++) A[r * size + t] -= factor * A[col * size + t];
      b[r] -= factor * b[col];
    }
  }
  const x = new Float64Array(size);
  for (let r = size - 1; r >= 0; r--) {
    let sum = b[r];
    for (let t = r + 1; t < size; t++) sum -= A[r * size + t] * x[t];
    const diagonal = A[r * size + r];
    x[r] = diagonal === 0 ? 0 : sum / diagonal;
  }
  return x;
}
