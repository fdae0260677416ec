// diagnoseGradient for the loss family: the CS231n-style mistakes, one at a time and in pairs.
// As in doctor.ts, each hypothesis is the definition with a mistake switched in; it is reported
// when its prediction explains every number of theirs that differs from the reference, within the
// checker's f32 bounds (widened by the rounding of the prediction's own, possibly larger, numbers).
import { gamma } from './error-bounds.js';
import { linearBounds } from './linear-check.js';
import { validateLinearInput, type LinearInput, type ValidLinearInput } from './linear-input.js';
import { rowScores } from './linear-reference.js';
import { explainingPair } from './mistake-pairs.js';
import type { Kink } from './types.js';

export interface TheirLinearGradient {
  dW: ArrayLike<number>;
  db?: ArrayLike<number>;
  loss?: number;
}

export type LinearFindingKind =
  | 'true-class-included'
  | 'mask-not-count'
  | 'reg-convention'
  | 'sum-not-mean'
  | 'reg-divided-by-n'
  | 'transposed-W'
  | 'other-kink-convention'
  | 'epsilon-at-kink'
  | 'unexplained';

export interface LinearFinding {
  kind: LinearFindingKind;
  message: string;
  evidence: Record<string, unknown>;
}

/** The definition with mistakes switched in (any of them together). */
interface Variant {
  /** Weston–Watkins: the sum runs over the true class too (+Δ per row; its slope one more −x). */
  includeTrueClass?: boolean;
  /** Weston–Watkins: −x_i at the true class once if any term is active, not once per active term. */
  maskNotCount?: boolean;
  /** The regulariser's factor: 2 for reg·‖W‖² with reg = λ, 1/n for one divided by n. */
  regFactor?: number;
  /** The data term summed, not averaged. */
  sum?: boolean;
  /** W read as d×C, and the gradient written so. */
  transposed?: boolean;
  kink?: Kink;
  /** Terms active from an argument above −eps. */
  epsilon?: number;
}

interface Prediction {
  dW: Float64Array;
  db: Float64Array;
  loss: number;
}

function predict(p: ValidLinearInput, variant: Variant): Prediction {
  const { X, labels, biases, sampleWeight, n, d, C, lambda, loss, margin } = p;
  const W = variant.transposed ? Float32Array.from({ length: C * d }, (_, k) => p.W[(k % d) * C + Math.floor(k / d)]) : p.W;
  const kink = variant.kink ?? p.kink;
  const dW = new Float64Array(C * d);
  const db = new Float64Array(C);
  const scores = new Float64Array(C);
  let total = 0;
  for (let i = 0; i < n; i++) {
    rowScores(X, W, biases, i, d, scores);
    const terms = loss.rowTerms(scores, labels[i], margin, kink);
    // A tolerance moves which terms are active (as a larger margin would), not the loss.
    const slopes = variant.epsilon ? loss.rowTerms(scores, labels[i], margin + variant.epsilon, kink).coefficients : Float64Array.from(terms.coefficients);
    let rowLoss = terms.loss;
    if (loss.name === 'multiclass-hinge') {
      const label = labels[i];
      const activeTerms = -slopes[label];
      if (variant.includeTrueClass) {
        rowLoss += margin;
        slopes[label] -= 1;
      }
      if (variant.maskNotCount) slopes[label] = activeTerms > 0 ? -1 : 0;
    }
    const weight = sampleWeight ? sampleWeight[i] : 1;
    total += weight * rowLoss;
    for (let c = 0; c < C; c++) {
      const g = weight * slopes[c];
      if (g === 0) continue;
      for (let j = 0; j < d; j++) dW[c * d + j] += g * X[i * d + j];
      db[c] += g;
    }
  }
  const scale = variant.sum ? 1 : 1 / n;
  const reg = lambda * (variant.regFactor ?? 1);
  let wSquared = 0;
  for (let k = 0; k < C * d; k++) {
    dW[k] = dW[k] * scale + reg * W[k];
    wSquared += W[k] * W[k];
  }
  const out = { dW, db: db.map((sum) => sum * scale), loss: total * scale + (reg / 2) * wSquared };
  if (variant.transposed) out.dW = Float64Array.from({ length: C * d }, (_, k) => dW[(k % C) * d + Math.floor(k / C)]);
  return out;
}

type Component = 'dW' | 'db' | 'loss';

interface Hypothesis {
  kind: LinearFindingKind;
  variant: Variant;
  message: string;
}

function catalogue(p: ValidLinearInput): Hypothesis[] {
  const otherKink: Kink = p.kink === 'zero' ? 'include' : 'zero';
  const hypotheses: Hypothesis[] = [];
  if (p.loss.name === 'multiclass-hinge') {
    hypotheses.push(
      { kind: 'true-class-included', variant: { includeTrueClass: true }, message: 'the sum over classes includes the true class: each row gains Δ in the loss, and the true class\u2019s column an extra −x_i' },
      { kind: 'mask-not-count', variant: { maskNotCount: true }, message: 'the true class gets −x_i once per row with any active term, not once per active term (a boolean mask where the count belongs)' },
    );
  }
  hypotheses.push(
    {
      kind: 'reg-convention', variant: { regFactor: 2 },
      message: `the regulariser is reg·‖W‖² with reg = λ = ${p.lambda} (gradient 2·reg·W), a convention of its own (CS231n's): ` +
        `in this library's terms that is (λ/2)‖W‖² with lambda = ${2 * p.lambda}. Either pass lambda: ${2 * p.lambda}, or use reg·‖W‖² with reg = λ/2 = ${p.lambda / 2}`,
    },
    { kind: 'sum-not-mean', variant: { sum: true }, message: 'the data term is a sum over rows, not a mean: the 1/n is missing' },
    { kind: 'reg-divided-by-n', variant: { regFactor: 1 / p.n }, message: 'the regulariser is divided by n too: (λ/2)‖W‖²/n and λW/n instead of (λ/2)‖W‖² and λW' },
    { kind: 'other-kink-convention', variant: { kink: otherKink }, message: `your gradient follows kink '${otherKink}' (${otherKink === 'include' ? 'an argument of exactly 0 counts as active' : 'only arguments above 0 count'}), not '${p.kink}'` },
  );
  if (p.C > 1 && p.d > 1) {
    hypotheses.push({ kind: 'transposed-W', variant: { transposed: true }, message: 'W was read transposed: as d×C (CS231n\u2019s layout) instead of C×d, row c for class c' });
  }
  return hypotheses;
}

class Comparison {
  readonly #theirs: TheirLinearGradient;
  readonly #bounds: { dW: Float64Array; db: Float64Array; loss: number };
  readonly #relative: number;

  constructor(theirs: TheirLinearGradient, bounds: { dW: Float64Array; db: Float64Array; loss: number }, p: ValidLinearInput) {
    this.#theirs = theirs;
    this.#bounds = bounds;
    // A variant's numbers may be larger than the reference's (a sum for a mean): their rounding grows with them.
    this.#relative = gamma(p.n + p.d + p.C + 8);
  }

  #within(got: number, want: number, bound: number): boolean {
    return Math.abs(got - want) <= bound + this.#relative * Math.abs(want);
  }

  matches(prediction: Prediction, component: Component): boolean {
    const theirs = this.#theirs;
    if (component === 'loss') return theirs.loss === undefined || this.#within(theirs.loss, prediction.loss, this.#bounds.loss);
    const values = theirs[component];
    if (values === undefined) return true;
    return Array.from(prediction[component], (want, k) => this.#within(values[k], want, this.#bounds[component][k])).every(Boolean);
  }

  differing(reference: Prediction): Component[] {
    return (['dW', 'db', 'loss'] as const).filter((component) => !this.matches(reference, component));
  }

  /** Whether two predictions agree on a component, within the bounds. */
  agree(a: Prediction, b: Prediction, component: Component): boolean {
    if (component === 'loss') return this.#within(a.loss, b.loss, this.#bounds.loss);
    return Array.from(a[component], (value, k) => this.#within(value, b[component][k], this.#bounds[component][k])).every(Boolean);
  }

  explains(prediction: Prediction, differing: Component[]): boolean {
    return differing.every((component) => this.matches(prediction, component));
  }
}

/**
 * A tolerance at the kink: terms become active from an argument above −eps. Tries eps at the
 * arguments of the inactive terms nearest their kink, in order, and gives the range that fits.
 */
function estimateEpsilon(p: ValidLinearInput, comparison: Comparison, differing: Component[]): LinearFinding | null {
  const below: number[] = [];
  const scores = new Float64Array(p.C);
  for (let i = 0; i < p.n; i++) {
    rowScores(p.X, p.W, p.biases, i, p.d, scores);
    // The gap from each inactive term to its kink, as the extra margin that would make it active.
    for (let c = 0; c < p.C; c++) {
      const slack = kinkGap(p, scores, p.labels[i], c);
      if (slack > 0 && slack < 1) below.push(slack);
    }
  }
  const gaps = [...new Set(below)].sort((a, b) => a - b).slice(0, 64);
  for (let k = 0; k < gaps.length; k++) {
    // Any eps between this gap and the next makes the same terms active: take the middle.
    const high = gaps[k + 1] ?? Infinity;
    const eps = high === Infinity ? 2 * gaps[k] : (gaps[k] + high) / 2;
    if (!comparison.explains(predict(p, { epsilon: eps }), differing)) continue;
    return {
      kind: 'epsilon-at-kink',
      message: `your gradient counts terms just below their kink as active, as a tolerance 'argument > −eps' with eps between ` +
        `${gaps[k].toExponential(3)} and ${high === Infinity ? '∞' : high.toExponential(3)}: those terms have zero loss and zero slope`,
      evidence: { epsLow: gaps[k], epsHigh: high },
    };
  }
  return null;
}

/** How much more margin would make class c's term of a row active (0 or less: it is active, or has none). */
function kinkGap(p: ValidLinearInput, scores: Float64Array, label: number, c: number): number {
  const name = p.loss.name;
  if (name === 'squared-hinge' || name === 'ovr-squared-hinge') return 0;
  if (name === 'hinge') return c === 0 ? label * scores[0] - p.margin : 0;
  if (name === 'ovr-hinge') return (c === label ? 1 : -1) * scores[c] - p.margin;
  if (c === label) return 0;
  return scores[label] - scores[c] - p.margin;
}

function unexplained(theirs: TheirLinearGradient, reference: Prediction, differing: Component[]): LinearFinding {
  const parts = differing.map((component) => {
    if (component === 'loss') return `loss = ${theirs.loss} (reference ${reference.loss})`;
    const values = theirs[component]!;
    const worst = Array.from(reference[component], (want, k) => ({ k, got: values[k], want, gap: Math.abs(values[k] - want) }))
      .sort((a, b) => b.gap - a.gap).slice(0, 3);
    return `${component} differs; worst: ${worst.map((entry) => `${component}[${entry.k}] = ${entry.got} (reference ${entry.want})`).join(', ')}`;
  });
  return {
    kind: 'unexplained',
    message: `no mistake in the catalogue, alone or in pairs, explains your numbers. ${parts.join('; ')}`,
    evidence: { differing },
  };
}

export function diagnoseLinearGradient(input: LinearInput, theirs: TheirLinearGradient): { ok: boolean; findings: LinearFinding[] } {
  const p = validateLinearInput(input);
  if (!theirs || theirs.dW === undefined || theirs.dW.length !== p.C * p.d) {
    throw new Error(`theirs.dW must have C·d = ${p.C * p.d} entries, got ${theirs?.dW?.length ?? 'none'}`);
  }
  if (theirs.db !== undefined && theirs.db.length !== p.C) throw new Error(`theirs.db must have C = ${p.C} entries, got ${theirs.db.length}`);
  if (theirs.loss !== undefined && typeof theirs.loss !== 'number') throw new Error('theirs.loss must be a number');
  const { reference, bounds } = linearBounds(p);
  const comparison = new Comparison(theirs, bounds, p);
  const differing = comparison.differing(reference);
  if (differing.length === 0) return { ok: true, findings: [] };

  const hypotheses = catalogue(p);
  const found = (hypothesis: Hypothesis): LinearFinding => ({ kind: hypothesis.kind, message: hypothesis.message, evidence: { explains: differing } });
  const singles = hypotheses.filter((hypothesis) => comparison.explains(predict(p, hypothesis.variant), differing)).map(found);
  if (singles.length > 0) return { ok: false, findings: singles };
  // Two mistakes at once, each with the components it changes alone.
  const pair = explainingPair(hypotheses, (variant) => comparison.explains(predict(p, variant), differing));
  if (pair) {
    const findings = pair.map((hypothesis) => {
      const alone = predict(p, hypothesis.variant);
      const changes = differing.filter((component) => !comparison.agree(alone, reference, component));
      return { ...found(hypothesis), evidence: { explains: changes, together: pair.map((h) => h.kind) } };
    });
    return { ok: false, findings };
  }
  const epsilon = estimateEpsilon(p, comparison, differing);
  return { ok: false, findings: [epsilon ?? unexplained(theirs, reference, differing)] };
}
