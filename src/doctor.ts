// diagnoseGradient: given a problem and someone's own gradient, name the likely mistake. Each
// hypothesis in the catalogue predicts what a gradient with that mistake would be; a hypothesis is
// reported when its prediction explains every number that differs from the reference, within the
// same f32 error bounds the checker uses.
import { gamma } from './error-bounds.js';
import { boundsOf, type ReferenceBounds } from './check.js';
import { rowMargin } from './reference.js';
import type { HingeInput, Kink } from './types.js';
import { validateInput, type ValidInput } from './validate.js';
import { explainingPair } from './mistake-pairs.js';
import { diagnoseLinearGradient, type LinearFinding, type TheirLinearGradient } from './linear-doctor.js';
import type { LinearInput } from './linear-input.js';

export interface TheirGradient {
  dw: ArrayLike<number>;
  db?: number;
  loss?: number;
}

export type FindingKind =
  | 'epsilon-at-kink'
  | 'other-kink-convention'
  | 'sum-not-mean'
  | 'y-sign-dropped'
  | 'y-sign-flipped'
  | 'lambda-missing'
  | 'lambda-doubled'
  | 'lambda-halved'
  | 'bias-regularised'
  | 'db-over-all-rows'
  | 'db-sign-flipped'
  | 'transposed'
  | 'unexplained';

export interface Finding {
  kind: FindingKind;
  message: string;
  evidence: Record<string, unknown>;
}

export interface Diagnosis {
  ok: boolean;
  findings: Finding[];
}

interface Prediction {
  dw: Float64Array;
  db: number;
  loss: number;
}

/** Switches for the one variant-aware evaluation of the definition below. */
interface Variant {
  active?: (margin: number) => boolean;
  scale?: 'mean' | 'sum';
  ySign?: 'kept' | 'dropped' | 'flipped';
  lambdaFactor?: number;
  regulariseBias?: boolean;
  dbOverAllRows?: boolean;
  dbSignFlipped?: boolean;
  transposed?: boolean;
}

/** The definition of the README with a mistake switched in. */
function predict(p: ValidInput, variant: Variant): Prediction {
  const { y, w, b, lambda, kink, n, d } = p;
  const X = variant.transposed ? transpose(p.X, n, d) : p.X;
  const active = variant.active ?? ((m: number) => (kink === 'include' ? m <= 1 : m < 1));
  const scale = variant.scale === 'sum' ? 1 : 1 / n;
  const lambdaW = lambda * (variant.lambdaFactor ?? 1);
  const dw = new Float64Array(d);
  let hinge = 0;
  let ySum = 0;
  let yAll = 0;
  for (let i = 0; i < n; i++) {
    const margin = rowMargin(X, y, w, b, i);
    hinge += Math.max(0, 1 - margin);
    yAll += y[i];
    if (!active(margin)) continue;
    ySum += y[i];
    const coefficient = variant.ySign === 'dropped' ? -1 : variant.ySign === 'flipped' ? y[i] : -y[i];
    for (let j = 0; j < d; j++) dw[j] += coefficient * X[i * d + j];
  }
  let wSquared = 0;
  for (let j = 0; j < d; j++) {
    dw[j] = dw[j] * scale + lambdaW * w[j];
    wSquared += w[j] * w[j];
  }
  let db = (variant.dbSignFlipped ? 1 : -1) * (variant.dbOverAllRows ? yAll : ySum) * scale;
  let loss = hinge * scale + (lambdaW / 2) * wSquared;
  if (variant.regulariseBias) {
    db += lambda * b;
    loss += (lambda / 2) * b * b;
  }
  return { dw, db, loss };
}

/** X read as d×n row-major, the way a transposed copy would be. */
function transpose(X: Float32Array, n: number, d: number): Float32Array {
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out[i * d + j] = X[j * n + i];
  return out;
}

type Component = 'dw' | 'db' | 'loss';

/** Compares their numbers with a prediction, component by component, within f32 bounds. */
class Comparison {
  readonly #theirs: TheirGradient;
  readonly #bounds: ReferenceBounds['bounds'];
  readonly #relative: number;

  constructor(theirs: TheirGradient, bounds: ReferenceBounds['bounds'], n: number, d: number) {
    this.#theirs = theirs;
    this.#bounds = bounds;
    // A variant's numbers can be larger than the reference's (a sum instead of a mean): its
    // rounding grows with them, as γ of the longest chain times the value.
    this.#relative = gamma(n + d + 8);
  }

  matches(prediction: Prediction, component: Component): boolean {
    const theirs = this.#theirs;
    const within = (got: number, want: number, bound: number) => Math.abs(got - want) <= bound + this.#relative * Math.abs(want);
    if (component === 'dw') {
      for (let j = 0; j < prediction.dw.length; j++) {
        if (!within(theirs.dw[j], prediction.dw[j], this.#bounds.dw[j])) return false;
      }
      return true;
    }
    const got = theirs[component];
    return got === undefined || within(got, prediction[component], this.#bounds[component]);
  }

  /** The components they gave that differ from `reference`. */
  differing(reference: Prediction): Component[] {
    return (['dw', 'db', 'loss'] as const).filter(
      (component) => (component === 'dw' || this.#theirs[component] !== undefined) && !this.matches(reference, component),
    );
  }

  /** Whether two predictions agree on a component, within the bounds. */
  agree(a: Prediction, b: Prediction, component: Component): boolean {
    const within = (x: number, y: number, bound: number) => Math.abs(x - y) <= bound + this.#relative * Math.abs(y);
    if (component === 'dw') return Array.from(a.dw, (value, j) => within(value, b.dw[j], this.#bounds.dw[j])).every(Boolean);
    return within(a[component], b[component], this.#bounds[component]);
  }

  /** Whether `prediction` explains every differing component. */
  explains(prediction: Prediction, differing: Component[]): boolean {
    return differing.every((component) => this.matches(prediction, component));
  }
}

interface Hypothesis {
  kind: FindingKind;
  variant: Variant;
  message: string;
}

function catalogue(p: ValidInput): Hypothesis[] {
  const otherKink: Kink = p.kink === 'zero' ? 'include' : 'zero';
  const hypotheses: Hypothesis[] = [
    {
      kind: 'other-kink-convention',
      variant: { active: otherKink === 'include' ? (m) => m <= 1 : (m) => m < 1 },
      message: `your gradient follows kink '${otherKink}' (margin ${otherKink === 'include' ? '<=' : '<'} 1), not '${p.kink}'`,
    },
    { kind: 'sum-not-mean', variant: { scale: 'sum' }, message: 'the data term is a sum over rows, not a mean: the 1/n is missing' },
    { kind: 'y-sign-dropped', variant: { ySign: 'dropped' }, message: 'the gradient sums −x_i over active rows: the label y_i is missing from −y_i x_i' },
    { kind: 'y-sign-flipped', variant: { ySign: 'flipped' }, message: 'the data term has the wrong sign: +(1/n) Σ y_i x_i instead of −(1/n) Σ y_i x_i' },
    { kind: 'lambda-missing', variant: { lambdaFactor: 0 }, message: 'the regulariser is missing: λw is not added to dw' },
    { kind: 'lambda-doubled', variant: { lambdaFactor: 2 }, message: 'the regulariser is doubled: 2λw instead of λw (the derivative of λ‖w‖² rather than λ/2‖w‖²)' },
    { kind: 'lambda-halved', variant: { lambdaFactor: 0.5 }, message: 'the regulariser is applied as (λ/2)w instead of λw' },
    { kind: 'bias-regularised', variant: { regulariseBias: true }, message: 'the bias is regularised (db has + λb): the bias should not be' },
    { kind: 'db-over-all-rows', variant: { dbOverAllRows: true }, message: 'db sums −y_i over all rows instead of the active ones' },
    { kind: 'db-sign-flipped', variant: { dbSignFlipped: true }, message: 'db has the wrong sign: +(1/n) Σ_active y_i instead of −(1/n) Σ_active y_i' },
  ];
  if (p.n > 1 && p.d > 1) {
    hypotheses.push({ kind: 'transposed', variant: { transposed: true }, message: 'X was read transposed (as d×n instead of n×d, row-major)' });
  }
  return hypotheses;
}

/** Rows whose margin is exactly 1, where the two kink conventions differ. */
function rowsAtKink(p: ValidInput): number[] {
  const rows: number[] = [];
  for (let i = 0; i < p.n; i++) if (rowMargin(p.X, p.y, p.w, p.b, i) === 1) rows.push(i);
  return rows;
}

const listRows = (rows: number[]) => rows.slice(0, 12).join(', ') + (rows.length > 12 ? `, … (${rows.length} rows)` : '');

/**
 * Estimates eps for `margin < 1 + eps`: adds the rows above the kink in order of margin and looks
 * for the count of rows whose prediction fits. Returns the range of eps consistent with it.
 */
function estimateEpsilon(p: ValidInput, reference: Prediction, comparison: Comparison, differing: Component[]): Finding | null {
  const above: { row: number; margin: number }[] = [];
  for (let i = 0; i < p.n; i++) {
    const margin = rowMargin(p.X, p.y, p.w, p.b, i);
    const activeAlready = p.kink === 'include' ? margin <= 1 : margin < 1;
    if (!activeAlready && margin < 2) above.push({ row: i, margin });
  }
  above.sort((a, b) => a.margin - b.margin || a.row - b.row);
  const prediction: Prediction = { dw: Float64Array.from(reference.dw), db: reference.db, loss: reference.loss };
  for (let k = 0; k < above.length; k++) {
    const { row, margin } = above[k];
    for (let j = 0; j < p.d; j++) prediction.dw[j] -= (p.y[row] * p.X[row * p.d + j]) / p.n;
    prediction.db -= p.y[row] / p.n;
    const next = above[k + 1]?.margin;
    if (next === margin) continue; // rows of equal margin come in together
    if (margin === 1) continue; // only rows at the kink: that is the other convention, not an eps
    if (comparison.explains(prediction, differing)) {
      const low = margin - 1;
      const high = next === undefined ? Infinity : next - 1;
      const rows = above.slice(0, k + 1).map((entry) => entry.row);
      return {
        kind: 'epsilon-at-kink',
        message:
          `your gradient counts rows with margins just above 1 as active, as 'margin <= 1 + eps' with eps ` +
          `between ${low.toExponential(3)} and ${high === Infinity ? '∞' : high.toExponential(3)}: rows ${listRows(rows)}. ` +
          'Those rows have zero loss and zero slope; the kink is at exactly 1 (see the README)',
        evidence: { epsLow: low, epsHigh: high, rows },
      };
    }
  }
  return null;
}

/** What differs and where, when no hypothesis explains it. */
function unexplained(theirs: TheirGradient, reference: Prediction, bounds: ReferenceBounds['bounds'], differing: Component[]): Finding {
  const columns = Array.from(reference.dw, (want, j) => ({
    column: j, theirs: theirs.dw[j], reference: want, ratio: Math.abs(theirs.dw[j] - want) / bounds.dw[j],
  }))
    .filter((entry) => !(entry.ratio <= 1))
    .sort((a, b) => b.ratio - a.ratio);
  const worst = columns.slice(0, 5);
  const parts = [];
  if (differing.includes('dw')) {
    parts.push(
      `dw differs in ${columns.length} of ${reference.dw.length} columns; worst: ` +
        worst.map((c) => `dw[${c.column}] = ${c.theirs} (reference ${c.reference})`).join(', '),
    );
  }
  if (differing.includes('db')) parts.push(`db = ${theirs.db} (reference ${reference.db})`);
  if (differing.includes('loss')) parts.push(`loss = ${theirs.loss} (reference ${reference.loss})`);
  return {
    kind: 'unexplained',
    message: `no single mistake in the catalogue explains your numbers. ${parts.join('; ')}`,
    evidence: { worstColumns: worst, differing },
  };
}

/** Two mistakes at once (mistake-pairs.ts), each with the components it changes alone. */
function explainedByTwo(p: ValidInput, hypotheses: Hypothesis[], comparison: Comparison, differing: Component[], reference: Prediction): Finding[] {
  const pair = explainingPair(hypotheses, (variant) => comparison.explains(predict(p, variant), differing));
  if (!pair) return [];
  return pair.map((hypothesis) => {
    const alone = predict(p, hypothesis.variant);
    const changes = differing.filter((component) => !comparison.agree(alone, reference, component));
    return { kind: hypothesis.kind, message: hypothesis.message, evidence: { explains: changes, together: pair.map((h) => h.kind) } };
  });
}

/**
 * Names the mistake in someone's gradient: a binary hinge gradient ({ dw, db, loss }) against a
 * HingeInput, or any loss of the family ({ dW, db: C, loss }) against a LinearInput
 * (linear-doctor.ts).
 */
export function diagnoseGradient(input: HingeInput, theirs: TheirGradient): Diagnosis;
export function diagnoseGradient(input: LinearInput, theirs: TheirLinearGradient): { ok: boolean; findings: LinearFinding[] };
export function diagnoseGradient(input: HingeInput | LinearInput, theirs: TheirGradient | TheirLinearGradient): Diagnosis | { ok: boolean; findings: LinearFinding[] } {
  if ('W' in input) return diagnoseLinearGradient(input, theirs as TheirLinearGradient);
  return diagnoseHingeGradient(input as HingeInput, theirs as TheirGradient);
}

function diagnoseHingeGradient(input: HingeInput, theirs: TheirGradient): Diagnosis {
  const p = validateInput(input);
  if (!theirs || theirs.dw === undefined || theirs.dw.length !== p.d) {
    throw new Error(`theirs.dw must have d = ${p.d} entries, got ${theirs?.dw?.length ?? 'none'}`);
  }
  for (const key of ['db', 'loss'] as const) {
    if (theirs[key] !== undefined && typeof theirs[key] !== 'number') throw new Error(`theirs.${key} must be a number`);
  }
  const { reference, bounds } = boundsOf(p);
  const comparison = new Comparison(theirs, bounds, p.n, p.d);
  const differing = comparison.differing(reference);
  if (differing.length === 0) return { ok: true, findings: [] };

  const findings: Finding[] = [];
  const hypotheses = catalogue(p);
  for (const hypothesis of hypotheses) {
    const prediction = predict(p, hypothesis.variant);
    if (!comparison.explains(prediction, differing)) continue;
    const evidence: Record<string, unknown> = { explains: differing };
    let message = hypothesis.message;
    if (hypothesis.kind === 'other-kink-convention') {
      const rows = rowsAtKink(p);
      evidence.rowsAtKink = rows;
      message += `. The two conventions differ only on the rows with margin exactly 1: rows ${listRows(rows)}`;
    }
    findings.push({ kind: hypothesis.kind, message, evidence });
  }
  if (findings.length === 0) findings.push(...explainedByTwo(p, hypotheses, comparison, differing, reference));
  if (findings.length === 0) {
    const epsilon = estimateEpsilon(p, reference, comparison, differing);
    if (epsilon) findings.push(epsilon);
  }
  if (findings.length === 0) findings.push(unexplained(theirs, reference, bounds, differing));
  return { ok: false, findings };
}
