// The f32 model of a float64 point: rounded to nearest, then moved one ulp at a time, a coordinate
// at a time, wherever that lowers the exact objective.
//
// At the optimum of a hinge-type loss the free terms sit on their kinks. Rounding W to f32 moves
// each such term's argument by about an ulp of its score, and each moved term costs the objective
// the part of that move on its wrong side: about (1/n)·Σ_free |δa|/2, whatever the optimum's own
// size. At small λ on separable data the objective is itself tiny (λ‖W‖²/2), and that cost is
// most of the gap: on digits at λ = 1e-6 it is 3·10⁻⁴ of the objective. The f32 grid around the
// point has far more coordinates than free terms, so nearby grid points put the free terms much
// nearer their kinks.
//
// A sweep tries each coordinate one ulp up, then down, and keeps the first move that lowers the
// objective, computed exactly: λ's term in closed form, the rows near a kink through their loss,
// and every other row through its fixed slope. A row is near when some term of it is within the
// sweep's reach of its kink (or of a Crammer–Singer tie): how far its arguments can move while
// each coordinate moves at most once. Rows beyond that reach stay on their side of
// every kink through the sweep, so their part of the objective is linear in the coordinates.
import type { ValidLinearInput } from './linear-input.js';
import { rowScores } from './linear-reference.js';

/** Sweeps over the coordinates at most; each stops early when no move lowers the objective. */
const MAX_SWEEPS = 8;

/** The next f32 from v (an f32) towards +∞ (direction 1) or −∞ (−1). */
export function nextF32(value: number, direction: 1 | -1): number {
  if (value === 0) return direction * 2 ** -149;
  const bits = new Float32Array([value]);
  const word = new Uint32Array(bits.buffer);
  word[0] += value > 0 === direction > 0 ? 1 : -1;
  return bits[0];
}

/** (W, b) rounded to f32, then each coordinate stepped by ulps while that lowers the exact objective. */
export function roundToF32(valid: ValidLinearInput, W: ArrayLike<number>, biases: ArrayLike<number>): { W: Float32Array; biases: Float32Array; moves: number; decrease: number } {
  const { X, labels, sampleWeight, n, d, C, lambda, loss, kink, margin } = valid;
  const w = Float32Array.from(W);
  const b = Float32Array.from(biases);
  const weightOf = (i: number) => (sampleWeight ? sampleWeight[i] : 1);
  // Scores at (w, b), kept up to date through every move.
  const scores = new Float64Array(n * C);
  for (let i = 0; i < n; i++) rowScores(X, w, b, i, d, scores.subarray(i * C, i * C + C));
  const ulp = (value: number) => Math.abs(nextF32(value, 1) - nextF32(value, -1));
  let moves = 0;
  // The objective's fall from plain rounding: the sum of the accepted moves' changes.
  let decrease = 0;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    // Each class's reach in row i: Σ_j u(w_cj)|x_ij| + u(b_c), with u(v) the distance between v's two f32 neighbours: more than one move of every coordinate.
    const ulpW = Float64Array.from(w, ulp);
    const ulpB = Float64Array.from(b, ulp);
    const reach = new Float64Array(C);
    // Per class, the near rows whose loss that class's score moves other than linearly.
    const near: number[][] = Array.from({ length: C }, () => []);
    const nearRows: number[] = [];
    const rowLoss = new Float64Array(n);
    // The slope of the rest of the objective's loss part, (1/n)Σ s_i ∂ℓ_i/∂(w, b).
    const slopeW = new Float64Array(C * d);
    const slopeB = new Float64Array(C);
    for (let i = 0; i < n; i++) {
      const row = scores.subarray(i * C, i * C + C);
      for (let c = 0; c < C; c++) {
        let sum = ulpB[c];
        for (let j = 0; j < d; j++) sum += ulpW[c * d + j] * Math.abs(X[i * d + j]);
        reach[c] = sum;
      }
      const { ambiguous } = loss.rowSlack(row, reach, labels[i], margin, kink);
      // A term touches its class and, for the multiclass losses, the row's label.
      const exact = new Set(ambiguous);
      if (ambiguous.length > 0 && loss.labels === 'class') exact.add(labels[i]);
      for (const c of exact) near[c].push(i);
      if (exact.size > 0) nearRows.push(i);
      const terms = loss.rowTerms(row, labels[i], margin, kink);
      rowLoss[i] = terms.loss;
      for (let c = 0; c < C; c++) {
        const coefficient = (weightOf(i) * terms.coefficients[c]) / n;
        if (coefficient === 0 || exact.has(c)) continue;
        for (let j = 0; j < d; j++) slopeW[c * d + j] += coefficient * X[i * d + j];
        slopeB[c] += coefficient;
      }
    }
    const trial = new Float64Array(C);
    // The change of the near rows' part when class c's scores move by step(i) (x_ij's multiple, or the bias's).
    const nearChange = (c: number, step: (i: number) => number) => {
      let change = 0;
      for (const i of near[c]) {
        const moved = step(i);
        if (moved === 0) continue;
        trial.set(scores.subarray(i * C, i * C + C));
        trial[c] += moved;
        change += (weightOf(i) * (loss.rowTerms(trial, labels[i], margin, kink).loss - rowLoss[i])) / n;
      }
      return change;
    };
    let movesThisSweep = 0;
    const accept = (c: number, step: (i: number) => number, change: number) => {
      for (let i = 0; i < n; i++) scores[i * C + c] += step(i);
      // Every near row's loss, where this class is exact there or not: the next moves' changes are taken from it.
      for (const i of nearRows) if (step(i) !== 0) rowLoss[i] = loss.rowTerms(scores.subarray(i * C, i * C + C), labels[i], margin, kink).loss;
      decrease -= change;
      movesThisSweep++;
    };
    for (let c = 0; c < C; c++) {
      for (let j = 0; j < d; j++) {
        const k = c * d + j;
        for (const direction of [1, -1] as const) {
          const value = w[k];
          const delta = nextF32(value, direction) - value;
          const step = (i: number) => delta * X[i * d + j];
          const change = lambda * delta * (value + delta / 2) + delta * slopeW[k] + nearChange(c, step);
          if (change < 0) {
            w[k] = value + delta;
            accept(c, step, change);
            break;
          }
        }
      }
      for (const direction of [1, -1] as const) {
        const delta = nextF32(b[c], direction) - b[c];
        const change = delta * slopeB[c] + nearChange(c, () => delta);
        if (change < 0) {
          b[c] += delta;
          accept(c, () => delta, change);
          break;
        }
      }
    }
    moves += movesThisSweep;
    if (movesThisSweep === 0) break;
  }
  return { W: w, biases: b, moves, decrease };
}
