// The loss family, one object per loss: how it reads labels, and a row's loss term and its
// gradient coefficients from the row's C scores s_c = w_c·x + b_c, in float64. The reference
// (linear-reference.ts) sums these over rows; the definitions are the README's table, term by term.
//
// A term's argument a is the hinge's: a term is active when a > 0 (kink 'zero') or a ≥ 0 (kink
// 'include'); squared terms max(0, a)² have no kink and are active when a > 0.
import { gamma, lowestBitExponent } from './error-bounds.js';
import type { Kink } from './types.js';

export type LossName = 'hinge' | 'squared-hinge' | 'multiclass-hinge' | 'crammer-singer' | 'ovr-hinge' | 'ovr-squared-hinge';

/** One row's loss term ℓ_i, its coefficients ∂ℓ_i/∂s_c (C of them) and its active terms. */
export interface RowTerms {
  loss: number;
  coefficients: Float64Array;
  active: number;
}

export interface Loss {
  name: LossName;
  /** Labels are ±1 (binary: C = 1) or class indices 0..C−1 (multiclass: C ≥ 2). */
  labels: 'sign' | 'class';
  /**
   * ℓ_i and its coefficients for scores s (C values) and the row's label, with margin Δ; with
   * smoothing μ > 0 (the solver's), every non-squared hinge is Huber's (smoothedHinge).
   */
  rowTerms(scores: Float64Array, label: number, margin: number, kink: Kink, smoothing?: number): RowTerms;
  /** How far a correct f32 evaluation's terms may be from rowTerms', for scores off by up to `errors`. */
  rowSlack(scores: Float64Array, errors: Float64Array, label: number, margin: number, kink: Kink): RowSlack;
}

const isActive = (argument: number, kink: Kink) => (kink === 'include' ? argument >= 0 : argument > 0);

/**
 * A hinge of argument a: max(0, a) with slope 1 when active by the kink, else 0; or, with
 * smoothing μ > 0, Huber's a²/(2μ) for 0 < a < μ and a − μ/2 beyond, with slope min(a/μ, 1)
 * (within μ/2 of the hinge, and differentiable: the solver's).
 */
export function smoothedHinge(argument: number, kink: Kink, smoothing = 0): { loss: number; slope: number; active: number } {
  if (smoothing > 0) {
    if (!(argument > 0)) return { loss: 0, slope: 0, active: 0 };
    return argument < smoothing
      ? { loss: (argument * argument) / (2 * smoothing), slope: argument / smoothing, active: 1 }
      : { loss: argument - smoothing / 2, slope: 1, active: 1 };
  }
  const on = isActive(argument, kink);
  return { loss: Math.max(0, argument), slope: on ? 1 : 0, active: on ? 1 : 0 };
}

/** One hinge term of a score s with target t = ±1: max(0, Δ − t·s), or its square. */
function signedTerm(target: number, score: number, margin: number, kink: Kink, squared: boolean, smoothing = 0): ClassTerm {
  const argument = margin - target * score;
  if (!squared) {
    const hinge = smoothedHinge(argument, kink, smoothing);
    return { loss: hinge.loss, coefficient: hinge.slope === 0 ? 0 : -target * hinge.slope, active: hinge.active };
  }
  const positive = Math.max(0, argument);
  return { loss: positive * positive, coefficient: -2 * target * positive, active: argument > 0 ? 1 : 0 };
}

function binary(name: LossName, squared: boolean): Loss {
  return {
    name,
    labels: 'sign',
    rowSlack: signedSlack(squared, false),
    rowTerms(scores, label, margin, kink, smoothing) {
      const term = signedTerm(label, scores[0], margin, kink, squared, smoothing);
      return { loss: term.loss, coefficients: Float64Array.of(term.coefficient), active: term.active };
    },
  };
}

/** A row's term for one class: its loss, its coefficient ∂/∂s_c, and whether it is active (1) or not (0). */
interface ClassTerm {
  loss: number;
  coefficient: number;
  active: number;
}

/** The sum over classes of a term per class (none where termOf gives none). */
function sumOverClasses(classes: number, termOf: (c: number) => ClassTerm | undefined): RowTerms {
  const coefficients = new Float64Array(classes);
  let loss = 0;
  let active = 0;
  for (let c = 0; c < classes; c++) {
    const term = termOf(c);
    if (!term) continue;
    loss += term.loss;
    coefficients[c] = term.coefficient;
    active += term.active;
  }
  return { loss, coefficients, active };
}

/** Σ_c of the binary term with target +1 for the row's class and −1 for the others. */
function oneVsRest(name: LossName, squared: boolean): Loss {
  return {
    name,
    labels: 'class',
    rowSlack: signedSlack(squared, true),
    rowTerms: (scores, label, margin, kink, smoothing) =>
      sumOverClasses(scores.length, (c) => signedTerm(c === label ? 1 : -1, scores[c], margin, kink, squared, smoothing)),
  };
}

/** Weston–Watkins (CS231n): Σ_{c≠y} max(0, s_c − s_y + Δ); the true class's coefficient is minus the active count. */
const multiclassHinge: Loss = {
  name: 'multiclass-hinge',
  labels: 'class',
  rowSlack: westonWatkinsSlack,
  rowTerms(scores, label, margin, kink, smoothing) {
    let slopes = 0;
    const terms = sumOverClasses(scores.length, (c) => {
      if (c === label) return undefined;
      const hinge = smoothedHinge(scores[c] - scores[label] + margin, kink, smoothing);
      slopes += hinge.slope;
      return { loss: hinge.loss, coefficient: hinge.slope, active: hinge.active };
    });
    terms.coefficients[label] = -slopes;
    return terms;
  },
};

/**
 * Crammer–Singer: max(0, Δ + max_{c≠y} s_c − s_y). The competing class is the highest-scoring
 * class other than y, the lowest index among equal scores.
 */
const crammerSinger: Loss = {
  name: 'crammer-singer',
  labels: 'class',
  rowSlack: crammerSingerSlack,
  rowTerms(scores, label, margin, kink, smoothing) {
    if (smoothing && smoothing > 0) return smoothedCrammerSinger(scores, label, margin, smoothing);
    const rival = competingClass(scores, label);
    const hinge = smoothedHinge(margin + scores[rival] - scores[label], kink);
    const coefficients = new Float64Array(scores.length);
    if (hinge.slope !== 0) {
      coefficients[rival] = hinge.slope;
      coefficients[label] = -hinge.slope;
    }
    return { loss: hinge.loss, coefficients, active: hinge.active };
  },
};

/**
 * Crammer–Singer smoothed (the solver's): max over α ≥ 0 with Σα ≤ 1 of Σ_c α_c a_c − (μ/2)‖α‖²,
 * a_c = Δ + s_c − s_y for c ≠ y: the Moreau envelope of max(0, max_c a_c), as Huber's is of the
 * hinge's, within μ/2 of it and differentiable across rivals' ties as well as the kink. Its α is
 * a/μ projected onto that capped simplex: max(0, a_c/μ − τ), τ ≥ 0 the least with Σα ≤ 1.
 */
function smoothedCrammerSinger(scores: Float64Array, label: number, margin: number, smoothing: number): RowTerms {
  const C = scores.length;
  const z = Array.from(scores, (score, c) => (c === label ? -Infinity : (margin + score - scores[label]) / smoothing));
  const tau = cappedSimplexThreshold(z);
  const coefficients = new Float64Array(C);
  let loss = 0;
  let total = 0;
  for (let c = 0; c < C; c++) {
    const alpha = Math.max(0, z[c] - tau);
    if (alpha === 0) continue;
    coefficients[c] = alpha;
    total += alpha;
    loss += alpha * z[c] * smoothing - (smoothing / 2) * alpha * alpha;
  }
  coefficients[label] = -total;
  return { loss, coefficients, active: total > 0 ? 1 : 0 };
}

/** The least τ ≥ 0 with Σ max(0, z_c − τ) ≤ 1. */
export function cappedSimplexThreshold(z: number[]): number {
  const positive = z.filter((value) => value > 0).sort((a, b) => b - a);
  let sum = 0;
  for (const value of positive) sum += value;
  if (sum <= 1) return 0;
  let running = 0;
  let tau = 0;
  for (let k = 0; k < positive.length; k++) {
    running += positive[k];
    const candidate = (running - 1) / (k + 1);
    if (positive[k] > candidate) tau = candidate;
    else break;
  }
  return tau;
}

/** The highest-scoring class other than `label`, the lowest index among equal scores. */
export function competingClass(scores: ArrayLike<number>, label: number): number {
  let rival = -1;
  for (let c = 0; c < scores.length; c++) {
    if (c !== label && (rival < 0 || scores[c] > scores[rival])) rival = c;
  }
  return rival;
}

export const LOSSES: Record<LossName, Loss> = {
  hinge: binary('hinge', false),
  'squared-hinge': binary('squared-hinge', true),
  'multiclass-hinge': multiclassHinge,
  'crammer-singer': crammerSinger,
  'ovr-hinge': oneVsRest('ovr-hinge', false),
  'ovr-squared-hinge': oneVsRest('ovr-squared-hinge', true),
};

export const LOSS_NAMES = Object.keys(LOSSES) as LossName[];

// ---- Sensitivity: how far a correct f32 evaluation's row terms may be from the reference's ----

/** How far a row's coefficients and loss may move, given how far each f32 score may be off. */
export interface RowSlack {
  /** Per class: the most its coefficient may differ from the reference's (ambiguous terms and rounded squared terms). */
  coefficients: Float64Array;
  /** The most the row's loss ℓ_i may differ. */
  loss: number;
  /** Classes of the row whose term is within rounding of its kink, or of a Crammer–Singer tie. */
  ambiguous: number[];
  /** Active terms beyond doubt, and those that may be active. */
  certainActive: number;
  possibleActive: number;
}

/**
 * How far an argument Δ + Σ_k sign_k·s_k may be off: the scores' own errors, and the one or two
 * roundings of forming it (none when every operand is a multiple of one power of two small
 * enough that f32 holds every partial sum exactly: integer data, for example).
 */
function argumentError(operands: number[], scoreErrors: number): number {
  const absSum = operands.reduce((sum, value) => sum + Math.abs(value), 0);
  if (scoreErrors === 0 && operandsExact(operands, absSum)) return 0;
  return scoreErrors + gamma(2) * absSum;
}

function operandsExact(operands: number[], absSum: number): boolean {
  let lowest = Infinity;
  for (const value of operands) {
    if (value === 0) continue;
    if (Math.fround(value) !== value) return false;
    lowest = Math.min(lowest, lowestBitExponent(value));
  }
  return lowest === Infinity || (lowest >= -126 && absSum <= 2 ** (24 + lowest));
}

/** A hinge term's loss may move by its argument's error, but not below 0 on both sides. */
const hingeLossSlack = (argument: number, error: number) => Math.min(error, Math.max(0, argument + error));
/** A squared term's: |max(0, a)² − max(0, a ± e)²|. */
const squaredLossSlack = (argument: number, error: number) => {
  const high = Math.max(0, argument + error);
  return high * high - Math.max(0, argument - error) ** 2;
};

/**
 * The slack of one term with argument a, error e, over the classes it touches (`touches`: class
 * and coefficient magnitude of an active term's slope there).
 */
function termSlack(slack: RowSlack, argument: number, error: number, squared: boolean, kink: Kink, touches: [number, number][], ambiguousClass: number) {
  if (squared) {
    // No kink; the coefficient −2t·max(0, a) moves by 2e, and is rounded twice more.
    for (const [c, size] of touches) slack.coefficients[c] += 2 * size * error + gamma(2) * 2 * size * Math.max(0, argument + error);
    slack.loss += squaredLossSlack(argument, error);
    if (argument > 0) slack.certainActive++;
    if (argument + error > 0) slack.possibleActive++;
    return;
  }
  slack.loss += hingeLossSlack(argument, error);
  const active = isActive(argument, kink);
  if (Math.abs(argument) <= error && error > 0) {
    slack.ambiguous.push(ambiguousClass);
    for (const [c, size] of touches) slack.coefficients[c] += size;
    slack.possibleActive++;
  } else if (active) {
    slack.certainActive++;
    slack.possibleActive++;
  }
}

function emptySlack(classes: number): RowSlack {
  return { coefficients: new Float64Array(classes), loss: 0, ambiguous: [], certainActive: 0, possibleActive: 0 };
}

/** Binary and one-vs-rest terms: a = Δ − t·s_c. */
export function signedSlack(squared: boolean, oneVsRest: boolean) {
  return (scores: Float64Array, errors: Float64Array, label: number, margin: number, kink: Kink): RowSlack => {
    const slack = emptySlack(scores.length);
    for (let c = 0; c < scores.length; c++) {
      const target = oneVsRest ? (c === label ? 1 : -1) : label;
      const argument = margin - target * scores[c];
      termSlack(slack, argument, argumentError([margin, scores[c]], errors[c]), squared, kink, [[c, 1]], c);
    }
    return slack;
  };
}

/** Weston–Watkins: a_c = s_c − s_y + Δ for c ≠ y; a term's slope is +1 at c and −1 at y. */
export function westonWatkinsSlack(scores: Float64Array, errors: Float64Array, label: number, margin: number, kink: Kink): RowSlack {
  const slack = emptySlack(scores.length);
  for (let c = 0; c < scores.length; c++) {
    if (c === label) continue;
    const argument = scores[c] - scores[label] + margin;
    termSlack(slack, argument, argumentError([scores[c], scores[label], margin], errors[c] + errors[label]), false, kink, [[c, 1], [label, 1]], c);
  }
  return slack;
}

/**
 * Crammer–Singer: the rival may be any class whose score is within rounding of the top rival's
 * (an exact tie too: equal top scores are a kink of their own). Then every such rival and the true
 * class are ambiguous, and the loss may move by how far their scores can be apart.
 */
export function crammerSingerSlack(scores: Float64Array, errors: Float64Array, label: number, margin: number, kink: Kink): RowSlack {
  const slack = emptySlack(scores.length);
  const top = competingClass(scores, label);
  const rivals: number[] = [];
  for (let c = 0; c < scores.length; c++) {
    if (c !== label && scores[c] >= scores[top] - (errors[c] + errors[top])) rivals.push(c);
  }
  let certain = true;
  let possible = false;
  let kinked = false;
  for (const rival of rivals) {
    const argument = margin + scores[rival] - scores[label];
    const error = argumentError([margin, scores[rival], scores[label]], errors[rival] + errors[label]);
    const onKink = Math.abs(argument) <= error && error > 0;
    const active = isActive(argument, kink);
    if (onKink || !active) certain = false;
    if (onKink || active) possible = true;
    if (rival === top) {
      kinked = onKink;
      slack.loss += hingeLossSlack(argument, error);
    }
  }
  if (rivals.length > 1 || kinked) {
    slack.ambiguous.push(...rivals);
    for (const c of [...rivals, label]) slack.coefficients[c] = 1;
    slack.loss += Math.max(...rivals.map((c) => scores[top] - scores[c] + errors[c] + errors[top]));
  }
  slack.certainActive = certain ? 1 : 0;
  slack.possibleActive = possible ? 1 : 0;
  return slack;
}
