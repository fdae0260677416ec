// explainGradcheck: why does a dimension of a numerical gradient check not match? (CS231n's inline
// question.) A centred difference (L(θ + h) − L(θ − h)) / 2h of these losses equals the analytic
// derivative exactly, except where a term's kink (or a Crammer–Singer tie) lies within the step:
// hinge terms are linear and squared terms quadratic between kinks. So a coordinate whose
// numeric value differs from the analytic one by more than the rounding of the two loss
// evaluations is explained when the exact centred difference, computed here over the rows near a
// kink, matches it: a kink was crossed, and those rows and classes crossed it. Otherwise it is a
// real error (in the loss that made the numeric gradient, or in the analytic one).
import { gamma, F32_ROUND_TO_NEAREST, F64_UNIT_ROUNDOFF } from './error-bounds.js';
import { validateLinearInput, type LinearInput } from './linear-input.js';
import { linearReferenceOf, rowScores } from './linear-reference.js';
import { competingClass } from './losses.js';
import { assertKnownKeys } from './validate.js';

export interface GradcheckOptions {
  /** The step of the centred differences. */
  h: number;
  /** The numeric gradient: C·d entries of W (row-major, as W) then C biases; NaN where not checked. */
  numeric: ArrayLike<number>;
  /** The arithmetic that evaluated the loss for it: 'f64' (numpy's default) or 'f32'. */
  precision?: 'f64' | 'f32';
}

export interface GradcheckMismatch {
  /** Into the C·d entries of W, then the C biases. */
  index: number;
  numeric: number;
  analytic: number;
  /** The exact centred difference with step h. */
  centred: number;
  /** The terms whose kink lies within the step, when they explain the mismatch; null for a real error. */
  explainedBy: { row: number; class: number }[] | null;
}

export interface GradcheckExplanation {
  /** Every mismatch is explained by a crossed kink. */
  ok: boolean;
  mismatches: GradcheckMismatch[];
  report: string;
}

export function explainGradcheck(input: LinearInput, options: GradcheckOptions): GradcheckExplanation {
  assertKnownKeys(options, ['h', 'numeric', 'precision'], 'the gradcheck options');
  const valid = validateLinearInput(input);
  const { X, W, biases, labels, sampleWeight, n, d, C, lambda, loss, kink, margin } = valid;
  const { h, numeric, precision = 'f64' } = options;
  if (!(typeof h === 'number' && h > 0 && Number.isFinite(h))) throw new Error(`h is ${String(h)}; it must be a positive step`);
  if (!numeric || numeric.length !== C * d + C) {
    throw new Error(`numeric has ${numeric?.length ?? 'no'} entries; it needs C·d + C = ${C * d + C} (W's entries, then the biases)`);
  }
  if (precision !== 'f64' && precision !== 'f32') throw new Error(`unknown precision '${String(precision)}' (expected 'f64' or 'f32')`);
  const analytic = linearReferenceOf(valid);
  const u = precision === 'f64' ? F64_UNIT_ROUNDOFF : F32_ROUND_TO_NEAREST;

  // Every row's scores and loss term; |L| bounds the rounding of an evaluation of L.
  const scores = new Float64Array(n * C);
  const weightOf = (i: number) => (sampleWeight ? sampleWeight[i] : 1);
  let absLoss = 0;
  for (let i = 0; i < n; i++) {
    rowScores(X, W, biases, i, d, scores.subarray(i * C, (i + 1) * C));
    absLoss += weightOf(i) * loss.rowTerms(scores.subarray(i * C, (i + 1) * C), labels[i], margin, kink).loss;
  }
  let wSquared = 0;
  for (let k = 0; k < C * d; k++) wSquared += W[k] * W[k];
  absLoss = absLoss / n + (lambda / 2) * wSquared;
  // One evaluation of L: n rows of C terms of d products, in any order; two of them, over 2h.
  const evaluationError = gamma(n + C + d + 4, u) * absLoss;

  const mismatches: GradcheckMismatch[] = [];
  for (let index = 0; index < C * d + C; index++) {
    const got = numeric[index];
    if (Number.isNaN(got)) continue;
    const isBias = index >= C * d;
    const c = isBias ? index - C * d : Math.floor(index / d);
    const j = isBias ? -1 : index % d;
    const want = isBias ? analytic.db[c] : analytic.dW[index];
    const parameter = isBias ? biases[c] : W[index];
    // The step itself is rounded where θ ± h is stored: a relative error of u·|θ|/h in the difference.
    const tolerance = evaluationError / h + Math.abs(want) * u * (Math.abs(parameter) + h) / h;
    if (Math.abs(got - want) <= tolerance) continue;
    const crossing = nearKinks(c, j);
    mismatches.push({
      index, numeric: got, analytic: want, centred: crossing.centred,
      explainedBy: crossing.terms.length > 0 && Math.abs(got - crossing.centred) <= tolerance ? crossing.terms : null,
    });
  }

  /**
   * The exact centred difference for W's entry (c, j), or bias c when j < 0, and the terms whose
   * kink its step crosses. Each term is monotone in one score and changes side at most once, so a
   * term crosses its kink within the step exactly when its side differs at s_c − δ and s_c + δ;
   * the other rows' differences equal their slopes and leave the analytic value as it is.
   */
  function nearKinks(c: number, j: number) {
    let centred = j < 0 ? analytic.db[c] : analytic.dW[c * d + j];
    const terms: { row: number; class: number }[] = [];
    for (let i = 0; i < n; i++) {
      const step = j < 0 ? h : h * X[i * d + j];
      if (step === 0) continue;
      const base = scores.subarray(i * C, (i + 1) * C);
      const up = Float64Array.from(base);
      const down = Float64Array.from(base);
      up[c] += step;
      down[c] -= step;
      const crossed = crossedTerms(up, down, labels[i]);
      if (crossed.length === 0) continue;
      const difference = (loss.rowTerms(up, labels[i], margin, kink).loss - loss.rowTerms(down, labels[i], margin, kink).loss) / (2 * h);
      const slope = loss.rowTerms(base, labels[i], margin, kink).coefficients[c] * (j < 0 ? 1 : X[i * d + j]);
      centred += (weightOf(i) * (difference - slope)) / n;
      for (const term of crossed) terms.push({ row: i, class: term });
    }
    return { centred, terms };
  }

  /** Classes of a row whose term is on different sides at the two ends (Crammer–Singer: its rival, or its term). */
  function crossedTerms(up: Float64Array, down: Float64Array, label: number): number[] {
    if (loss.name === 'crammer-singer') {
      const [rivalUp, rivalDown] = [competingClass(up, label), competingClass(down, label)];
      if (rivalUp !== rivalDown) return [rivalDown, rivalUp];
      const activeUp = loss.rowTerms(up, label, margin, kink).active;
      return activeUp !== loss.rowTerms(down, label, margin, kink).active ? [rivalUp] : [];
    }
    const sidesUp = loss.rowTerms(up, label, margin, kink).coefficients.map(Math.sign);
    const sidesDown = loss.rowTerms(down, label, margin, kink).coefficients.map(Math.sign);
    const changed = Array.from(sidesUp, (side, k) => (side !== sidesDown[k] ? k : -1)).filter((k) => k >= 0);
    // Weston–Watkins names the other classes, whose terms cross (the true class's slope follows them).
    const others = changed.filter((k) => k !== label);
    return others.length > 0 ? others : changed;
  }

  const explained = mismatches.filter((m) => m.explainedBy !== null).length;
  const lines = [
    mismatches.length === 0
      ? 'ok: every checked coordinate matches the analytic gradient within the rounding of the two loss evaluations'
      : `${mismatches.length} coordinates differ from the analytic gradient; ${explained} are explained by kinks crossed within ±h`,
    ...mismatches.slice(0, 12).map((m) => {
      const where = m.index < C * d ? `dW[class ${Math.floor(m.index / d)}, column ${m.index % d}]` : `db[${m.index - C * d}]`;
      return m.explainedBy
        ? `  ${where}: numeric ${m.numeric}, analytic ${m.analytic}: a kink within the step (${m.explainedBy.slice(0, 4).map((t) => `row ${t.row} class ${t.class}`).join(', ')}) moves the centred difference by ${m.centred - m.analytic}`
        : `  ${where}: numeric ${m.numeric}, analytic ${m.analytic}, exact centred difference ${m.centred}: a real error (no kink explains it)`;
    }),
  ];
  return { ok: explained === mismatches.length, mismatches, report: lines.join('\n') };
}
