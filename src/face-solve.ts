// The exact optimum of a hinge-type loss, from near it: the dual, restricted to the multipliers
// that the point leaves in doubt, solved exactly (restricted-dual.ts), and checked on every term.
//
// The dual (duality-gap.ts) is a concave quadratic in α with each α in its set (a hinge term's
// [0, 1], a Crammer–Singer row's capped simplex) and the biases' equalities Σ_i s_i β_i = 0.
// Near the optimum almost every term is settled by its argument a at (W, b): clearly negative,
// α = 0; clearly positive, α = 1 (a Crammer–Singer row with one clear rival: α at that rival).
// The rest, the candidates, are the terms within the smoothing μ of their kink (or of a tie
// between rivals). The dual restricted to them is small and dense. On each face of its set (the
// multipliers held at a bound, the rest free) its maximum solves one symmetric linear system,
// whose equations say that each free term sits on its kink at (W(α), b), with the biases as the
// multipliers of the equalities. Then every settled term is checked at (W(α), b): those on the
// wrong side of their kink join the candidates, and the solve goes on from there. Where the
// candidates hold the optimum's free terms, the solution is the optimum, primal and dual, and the
// gap closes to rounding.
import { dualValue, dualityGap, isSigned, makeFeasible, slopeMultipliers, targetOf, type Certificate } from './duality-gap.js';
import type { ValidLinearInput } from './linear-input.js';
import { roundToF32 } from './f32-rounding.js';
import { rowScores } from './linear-reference.js';
import { activeSet, monotoneCost, type Restricted } from './restricted-dual.js';

export interface FaceSolution {
  /** (W(α), b) rounded to f32 (searched on the f32 grid where rounding alone misses tol), with P there, and its certificate from its own slopes at μ. */
  W: Float32Array;
  biases: Float32Array;
  objective: number;
  certificate: Certificate;
  /** D(α) of the solution's α made feasible (the better of it and the slopes' at (W, b)). */
  dual: number;
  /** Candidates in the last restricted problem, its active-set iterations, and the rounds of checks on every term. */
  candidates: number;
  iterations: number;
  rounds: number;
}

export interface FaceSolveOptions {
  /** The smoothing μ of the point: terms within it of their kink are the candidates. */
  smoothing: number;
  /** Stop once objective − dual ≤ tol·objective. */
  tol: number;
  maxRounds?: number;
  /**
   * A larger restricted problem (per independent part: one per class for one-vs-rest) is not
   * solved: its dense solves cost the cube of its size. Default: twice the dimensions of the W
   * rows and biases it touches (at most that many terms are free at a non-degenerate optimum;
   * more candidates mean that μ is still wide), at least 200 and at most 1500.
   */
  maxCandidates?: number;
  /**
   * The most multiply-adds that the monotone active-set method may cost a part, where the
   * semismooth Newton method does not settle (restricted-dual.ts): a part whose bound is larger
   * keeps its α from the point. Default: no limit.
   */
  monotoneWork?: number;
}

/** From (W, b), the optimum when the point is near enough to it; undefined when the restricted problem would be too large. */
export function solveOnFaces(valid: ValidLinearInput, W: ArrayLike<number>, biases: ArrayLike<number>, options: FaceSolveOptions): FaceSolution | undefined {
  const { n, C, d, lambda } = valid;
  const { smoothing, tol, maxRounds = 4, maxCandidates, monotoneWork = Infinity } = options;
  // Twice the dimensions of the W rows and biases that the part's terms touch, within [200, 1500].
  const defaultLimit = (part: number[]) => {
    const classes = new Set(part.map((term) => term % C));
    if (!isSigned(valid)) for (const term of part) classes.add(valid.labels[Math.floor(term / C)]);
    return Math.min(1500, Math.max(200, 2 * classes.size * (d + 1)));
  };
  const alpha = slopeMultipliers(valid, W, biases, smoothing).alpha;
  const candidate = new Uint8Array(n * C);
  let added = settle(valid, W, biases, alpha, candidate, smoothing, true);
  let best: FaceSolution | undefined;
  let bias: Float64Array = Float64Array.from(biases);
  let iterations = 0;
  for (let round = 1; round <= maxRounds && added > 0; round++) {
    const terms: number[] = [];
    for (let term = 0; term < n * C; term++) if (candidate[term]) terms.push(term);
    const parts = components(valid, terms);
    if (parts.some((part) => part.length > (maxCandidates ?? defaultLimit(part)))) break;
    // Terms whose γ share no class are independent problems (one-vs-rest: one per class).
    for (const component of parts) {
      const solved = activeSet(restrict(valid, alpha, component), alpha, bias, monotoneCost(component.length) <= monotoneWork);
      iterations += solved.iterations;
      bias = solved.biases;
    }
    const feasible = Float64Array.from(alpha);
    makeFeasible(valid, feasible);
    const { dual, V } = dualValue(valid, feasible);
    // W(α) rounded to f32; where that alone leaves the gap above tol, the f32 point below it (f32-rounding.ts).
    const exact = Float64Array.from(V, (value) => -value / (lambda * n));
    let point: { W: Float32Array; biases: Float32Array } = { W: Float32Array.from(exact), biases: Float32Array.from(bias) };
    let own = dualityGap(valid, point.W, point.biases, smoothing);
    if (own.objective - Math.max(dual, own.dual) > tol * Math.abs(own.objective)) {
      point = roundToF32(valid, exact, bias);
      own = dualityGap(valid, point.W, point.biases, smoothing);
    }
    const solution = { W: point.W, biases: point.biases, objective: own.objective, certificate: own, dual: Math.max(dual, own.dual), candidates: terms.length, iterations, rounds: round };
    if (!best || solution.objective - solution.dual < best.objective - best.dual) best = solution;
    if (solution.objective - solution.dual <= tol * Math.abs(solution.objective)) break;
    added = settle(valid, point.W, point.biases, alpha, candidate, smoothing, false);
  }
  return best;
}

/**
 * Marks candidates (first: the terms within μ of their kink, from the smoothed slopes α; later:
 * the settled terms on the wrong side of their kink at (W, b)) and sets the settled α to their
 * bound. Returns how many terms it marked.
 */
function settle(
  valid: ValidLinearInput, W: ArrayLike<number>, biases: ArrayLike<number>, alpha: Float64Array, candidate: Uint8Array, smoothing: number, first: boolean,
): number {
  const { X, labels, sampleWeight, n, d, C, margin } = valid;
  const signed = isSigned(valid);
  const simplex = valid.loss.name === 'crammer-singer';
  const scores = new Float64Array(C);
  const argument = new Float64Array(C);
  // Beyond this an argument's sign is taken as settled: float64 rounding of the scores.
  const doubt = 1e-12 * Math.max(1, margin);
  let marked = 0;
  const mark = (term: number) => {
    if (!candidate[term]) {
      candidate[term] = 1;
      marked++;
    }
  };
  for (let i = 0; i < n; i++) {
    if (sampleWeight && sampleWeight[i] === 0) {
      for (let c = 0; c < C; c++) alpha[i * C + c] = 0;
      continue;
    }
    rowScores(X, W, biases, i, d, scores);
    const y = labels[i];
    for (let c = 0; c < C; c++) argument[c] = signed ? margin - targetOf(valid, i, c) * scores[c] : c === y ? -Infinity : margin + scores[c] - scores[y];
    if (simplex) {
      let top = y === 0 ? 1 : 0;
      for (let c = 0; c < C; c++) if (c !== y && argument[c] > argument[top]) top = c;
      let rowCandidate = false;
      for (let c = 0; c < C; c++) rowCandidate ||= candidate[i * C + c] === 1;
      if (first) {
        // In doubt: rivals within μ of the top one or of the kink, where the top one is within 2μ of it.
        const near = argument[top] > -smoothing;
        for (let c = 0; c < C; c++) {
          if (c !== y && near && argument[c] > Math.max(argument[top] - 2 * smoothing, -smoothing)) mark(i * C + c);
        }
        const clear = argument[top] >= 2 * smoothing && ![...argument].some((value, c) => c !== y && c !== top && value > argument[top] - 2 * smoothing);
        if (clear) {
          candidate[i * C + top] = 0;
          marked--;
        }
      } else if (!rowCandidate) {
        // A settled row is at α = 0 or at one rival's vertex: wrong if another rival is above the kink, or above that rival.
        let held = -1;
        for (let c = 0; c < C; c++) if (alpha[i * C + c] > 0) held = c;
        const wrong = held < 0 ? argument[top] > doubt : argument[held] < -doubt || [...argument].some((value, c) => c !== y && c !== held && value > argument[held] + doubt);
        if (wrong) for (let c = 0; c < C; c++) if (c !== y && argument[c] > Math.min(0, argument[top]) - smoothing) mark(i * C + c);
      }
      if (!first && rowCandidate) {
        // A rival held at 0 beside the row's candidates is wrong above their level (at least the kink).
        let level = 0;
        for (let c = 0; c < C; c++) if (candidate[i * C + c]) level = Math.max(level, argument[c]);
        for (let c = 0; c < C; c++) if (c !== y && !candidate[i * C + c] && argument[c] > level + doubt) mark(i * C + c);
      }
      const inDoubt = [...candidate.subarray(i * C, i * C + C)].some(Boolean);
      for (let c = 0; c < C; c++) {
        if (!candidate[i * C + c]) alpha[i * C + c] = !inDoubt && c === top && argument[top] > 0 ? 1 : 0;
      }
      continue;
    }
    for (let c = 0; c < C; c++) {
      if (!signed && c === y) continue;
      const term = i * C + c;
      const a = argument[c];
      if (first ? a > -smoothing && a < 2 * smoothing : !candidate[term] && (alpha[term] === 0 ? a > doubt : a < -doubt)) mark(term);
      if (!candidate[term]) alpha[term] = a > 0 ? 1 : 0;
    }
  }
  return marked;
}

/** The candidates grouped by the classes their γ touch, linked through shared classes. */
function components(valid: ValidLinearInput, terms: number[]): number[][] {
  const { C, labels } = valid;
  const parent = Array.from({ length: C }, (_, c) => c);
  const root = (c: number): number => (parent[c] === c ? c : (parent[c] = root(parent[c])));
  if (!isSigned(valid)) for (const term of terms) parent[root(term % C)] = root(labels[Math.floor(term / C)]);
  const byRoot = new Map<number, number[]>();
  for (const term of terms) {
    const key = root(term % C);
    if (!byRoot.has(key)) byRoot.set(key, []);
    byRoot.get(key)!.push(term);
  }
  return [...byRoot.values()];
}

/**
 * Q_kl = s_k s_l (γ_k·γ_l)(x_i·x_j)/(λn) over the candidates; p_k = s_k(Δ + γ_k·W_N x_i), with W_N
 * the settled terms' −V/(λn); q = −Σ_settled s α γ.
 */
function restrict(valid: ValidLinearInput, alpha: Float64Array, terms: number[]): Restricted {
  const { X, labels, sampleWeight, n, d, C, lambda, margin } = valid;
  const signed = isSigned(valid);
  const m = terms.length;
  const weightOf = (i: number) => (sampleWeight ? sampleWeight[i] : 1);
  const gammaOf = (term: number): [number, number][] => {
    const i = Math.floor(term / C);
    const c = term % C;
    return signed ? [[c, -targetOf(valid, i, c)]] : [[c, 1], [labels[i], -1]];
  };
  const settled = Float64Array.from(alpha);
  for (const term of terms) settled[term] = 0;
  const { V } = dualValue(valid, settled);
  const q = new Float64Array(C);
  for (let term = 0; term < n * C; term++) {
    if (settled[term] === 0) continue;
    for (const [c, g] of gammaOf(term)) q[c] -= weightOf(Math.floor(term / C)) * settled[term] * g;
  }
  const rows = terms.map((term) => Math.floor(term / C));
  const weights = Float64Array.from(rows, weightOf);
  const gammas = terms.map(gammaOf);
  const scale = 1 / (lambda * n);
  const Q = new Float64Array(m * m);
  const p = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const i = rows[k];
    for (let l = 0; l <= k; l++) {
      let g = 0;
      for (const [c, a] of gammas[k]) for (const [c2, b] of gammas[l]) if (c === c2) g += a * b;
      if (g === 0) continue;
      let dot = 0;
      for (let t = 0; t < d; t++) dot += X[i * d + t] * X[rows[l] * d + t];
      Q[k * m + l] = Q[l * m + k] = weights[k] * weights[l] * g * dot * scale;
    }
    let settledScore = 0;
    for (const [c, g] of gammas[k]) {
      let score = 0;
      for (let t = 0; t < d; t++) score += V[c * d + t] * X[i * d + t];
      settledScore -= g * score * scale;
    }
    p[k] = weights[k] * (margin + settledScore);
  }
  const group = new Int32Array(m).fill(-1);
  let groups = 0;
  if (valid.loss.name === 'crammer-singer') {
    const groupOfRow = new Map<number, number>();
    rows.forEach((row, k) => {
      if (!groupOfRow.has(row)) groupOfRow.set(row, groups++);
      group[k] = groupOfRow.get(row)!;
    });
  }
  return { terms, weights, gammas, Q, p, q, classes: C, group, groups };
}
