// checkGradient: does a result agree with the float64 reference within what f32 rounding allows?
// Each quantity gets a bound derived from the error analysis in error-bounds.ts, from the sums of
// absolute values behind it. Rows whose margin lies within rounding of the kink could be classed
// either way by a correct f32 kernel: they are reported as ambiguous and widen the bounds by
// exactly what their class could change, instead of failing or passing by luck.
import { dotErrorBound, F32_MIN_NORMAL, F64_UNIT_ROUNDOFF, FINISH_GAMMA, gamma, kernelDotIsExact } from './error-bounds.js';
import { checkLinearGradient, type LinearCheckReport, type LinearResult } from './linear-check.js';
import type { LinearInput } from './linear-input.js';
import { referenceOf, rowMargin } from './reference.js';
import { quantizationError, storedX, STORAGES, type Storage } from './storage.js';
import type { HingeInput, HingeReference, SumDepths } from './types.js';
import { assertKnownKeys, validateInput, type ValidInput } from './validate.js';
import { WorstRatio } from './worst-ratio.js';

export interface CheckableResult {
  loss: number;
  dw: ArrayLike<number>;
  db: number;
  active: number;
  sumDepths?: SumDepths;
  /**
   * How the GPU stored X (setData's storage): the result is checked against the stored values X̂
   * (storedX), which the report names with the largest quantisation error |x − x̂|.
   */
  storage?: Storage;
}

export interface CheckOptions {
  /**
   * Longest f32 addition chains behind the result's sums. Default: the result's own sumDepths,
   * else the worst any summation order can have (n for sums over rows, d for dot products).
   */
  sumDepths?: SumDepths;
  /**
   * How the GPU stored X (setData's storage): the result is checked against the stored values X̂
   * (storedX), which the report names with the largest quantisation error |x − x̂|.
   */
  storage?: Storage;
}

export type CheckedQuantity = 'dw' | 'db' | 'loss' | 'active';

export interface CheckReport {
  ok: boolean;
  /** Largest |result − reference| / bound over all quantities (≤ 1 passes). */
  worstRatio: number;
  /** Which quantity has the worst ratio, and its dw column (−1 when it is not dw). */
  worst: CheckedQuantity;
  worstIndex: number;
  /** Rows whose margin is within rounding of the kink. */
  ambiguousRows: number[];
  reference: HingeReference;
  bounds: { dw: Float64Array; db: number; loss: number };
  /** Human-readable summary. */
  report: string;
}

/** The float64 reference and how far a correct f32 computation may be from it. */
export interface ReferenceBounds {
  reference: HingeReference;
  bounds: { dw: Float64Array; db: number; loss: number };
  /** Rows within rounding of the kink, and the rows active beyond doubt. */
  ambiguousRows: number[];
  certainActive: number;
}

/** The reference and its f32 error bounds for a result whose sums are at most `depths` deep. */
export function referenceBounds(input: HingeInput, depths?: SumDepths): ReferenceBounds {
  return boundsOf(validateInput(input), depths);
}

/** referenceBounds for input already checked by validateInput. */
export function boundsOf(valid: ValidInput, depths?: SumDepths): ReferenceBounds {
  const { X, y, w, b, lambda, kink, n, d } = valid;
  depths ??= { rowSum: n, dot: d };
  const reference = referenceOf(valid);

  const absContributing = new Float64Array(d); // Σ|x_ij| over rows active or ambiguous
  const absAmbiguous = new Float64Array(d); // Σ|x_ij| over ambiguous rows
  const ambiguousRows: number[] = [];
  let countContributing = 0;
  let certainActive = 0;
  let marginLossError = 0; // how far the hinge sum can move because margins are rounded
  let hingeAbsSum = 0;
  for (let i = 0; i < n; i++) {
    const row = i * d;
    const margin = rowMargin(X, y, w, b, i);
    let absDot = Math.abs(b);
    for (let j = 0; j < d; j++) absDot += Math.abs(w[j] * X[row + j]);
    let marginError = dotErrorBound(X, w, i, absDot, depths);
    let ambiguous = Math.abs(margin - 1) <= marginError;
    if (ambiguous && kernelDotIsExact(X, w, b, i, depths)) {
      marginError = 0;
      ambiguous = false;
    }
    const active = kink === 'include' ? margin <= 1 : margin < 1;
    if (ambiguous) ambiguousRows.push(i);
    else if (active) certainActive++;
    if (ambiguous || active) {
      countContributing++;
      for (let j = 0; j < d; j++) {
        const absX = Math.abs(X[row + j]);
        absContributing[j] += absX;
        if (ambiguous) absAmbiguous[j] += absX;
      }
    }
    const hinge = Math.max(0, 1 - margin);
    hingeAbsSum += hinge + marginError;
    marginLossError += Math.min(marginError, Math.max(0, 1 - margin + marginError));
  }

  const gammaRows = gamma(depths.rowSum);
  const gammaFinish = FINISH_GAMMA;
  const refGammaRows = gamma(n + 3, F64_UNIT_ROUNDOFF);
  const flushed = (depths.rowSum + 3) * F32_MIN_NORMAL;
  const boundsDw = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const sumError = gammaRows * absContributing[j];
    const scale = absContributing[j] / n + lambda * Math.abs(w[j]);
    boundsDw[j] =
      (sumError / n) * (1 + gammaFinish) + (gammaFinish + refGammaRows) * scale + absAmbiguous[j] / n + flushed;
  }
  // Σ_active y is a sum of ±1: exact in f32 while the count stays below 2^24.
  const ySumError = countContributing <= 2 ** 24 ? 0 : gammaRows * countContributing;
  const boundDb = (ySumError + gammaFinish * countContributing + ambiguousRows.length) / n;
  let wSquared = 0;
  for (let j = 0; j < d; j++) wSquared += w[j] * w[j];
  const boundLoss =
    (marginLossError + gamma(depths.rowSum + 1) * hingeAbsSum) / n * (1 + gammaFinish) +
    gammaFinish * (reference.loss + hingeAbsSum / n) +
    gamma(d + 3) * (lambda / 2) * wSquared +
    flushed;
  return { reference, bounds: { dw: boundsDw, db: boundDb, loss: boundLoss }, ambiguousRows, certainActive };
}

/**
 * Checks a result against the float64 reference within f32 error bounds: a binary hinge result
 * ({ dw, db }) against a HingeInput ({ w, b }), or any loss of the family ({ dW, db: C biases })
 * against a LinearInput ({ W, b, loss, … }; see linear-check.ts).
 */
export function checkGradient(result: CheckableResult, input: HingeInput, options?: CheckOptions): CheckReport;
export function checkGradient(result: LinearResult, input: LinearInput, options?: CheckOptions): LinearCheckReport;
export function checkGradient(
  result: CheckableResult | LinearResult, input: HingeInput | LinearInput, options: CheckOptions = {},
): CheckReport | LinearCheckReport {
  const { storage = 'f32', ...rest } = options;
  if (storage !== 'f32') {
    if (!STORAGES.includes(storage)) throw new Error(`unknown storage '${String(storage)}' (expected ${STORAGES.join(', ')})`);
    const d = 'W' in input ? input.X.length / input.y.length : (input as HingeInput).w.length;
    const stored = storedX(input.X, d, storage);
    const errors = quantizationError(input.X, stored, d);
    let worst = 0;
    errors.forEach((error, j) => (worst = error > errors[worst] ? j : worst));
    const report = checkGradient(result as LinearResult, { ...input, X: stored } as LinearInput, rest);
    report.report += `\n  checked against X as stored in ${storage} (X̂, the values the GPU read); |x − x̂| is at most ${errors[worst]} (column ${worst})`;
    return report;
  }
  if ('W' in input) return checkLinearGradient(result as LinearResult, input, rest);
  return checkHingeGradient(result as CheckableResult, input as HingeInput, rest);
}

function checkHingeGradient(result: CheckableResult, input: HingeInput, options: Omit<CheckOptions, 'storage'>): CheckReport {
  assertKnownKeys(options, ['sumDepths'], 'the checkGradient options');
  const { reference, bounds, ambiguousRows, certainActive } = referenceBounds(input, options.sumDepths ?? result.sumDepths);
  const d = reference.dw.length;
  if (result.dw.length !== d) throw new Error(`result.dw has length ${result.dw.length} but d = ${d}`);
  const boundsDw = bounds.dw;

  const worstSeen = new WorstRatio<CheckedQuantity>('dw');
  for (let j = 0; j < d; j++) worstSeen.consider(result.dw[j], reference.dw[j], boundsDw[j], 'dw', j);
  worstSeen.consider(result.db, reference.db, bounds.db, 'db', -1);
  worstSeen.consider(result.loss, reference.loss, bounds.loss, 'loss', -1);
  const activeInRange = result.active >= certainActive && result.active <= certainActive + ambiguousRows.length;
  if (!activeInRange) worstSeen.consider(1, 0, 0, 'active', -1);
  const { ratio: worstRatio, quantity: worst, index: worstIndex } = worstSeen;

  const ok = worstRatio <= 1;
  const summary: CheckReport = {
    ok, worstRatio, worst, worstIndex: worst === 'dw' ? worstIndex : -1, ambiguousRows, reference,
    bounds, report: '',
  };
  summary.report = describeCheck(summary, result, certainActive);
  return summary;
}

function describeCheck(check: CheckReport, result: CheckableResult, certainActive: number): string {
  const where = check.worst === 'dw' ? `dw[${check.worstIndex}]` : check.worst;
  const lines = [`${check.ok ? 'ok' : 'FAILED'}: worst |result − reference| / bound = ${formatRatio(check.worstRatio)} at ${where}`];
  if (check.worst === 'active' && !check.ok) {
    const most = certainActive + check.ambiguousRows.length;
    lines.push(`  active = ${result.active}, expected ${certainActive === most ? certainActive : `${certainActive} to ${most}`}`);
  } else if (check.worst === 'dw') {
    const j = check.worstIndex;
    lines.push(`  dw[${j}] = ${result.dw[j]}, reference ${check.reference.dw[j]}, bound ${check.bounds.dw[j].toExponential(3)}`);
  } else {
    const got = check.worst === 'db' ? result.db : result.loss;
    const want = check.worst === 'db' ? check.reference.db : check.reference.loss;
    const bound = check.worst === 'db' ? check.bounds.db : check.bounds.loss;
    lines.push(`  ${check.worst} = ${got}, reference ${want}, bound ${bound.toExponential(3)}`);
  }
  const shown = check.ambiguousRows.slice(0, 10).join(', ');
  const more = check.ambiguousRows.length > 10 ? ', …' : '';
  lines.push(
    check.ambiguousRows.length === 0
      ? '  no row is within rounding of the kink'
      : `  ${check.ambiguousRows.length} rows within rounding of the kink (ambiguous, either class accepted): ${shown}${more}`,
  );
  return lines.join('\n');
}

function formatRatio(ratio: number): string {
  return ratio === Infinity ? '∞' : ratio.toPrecision(3);
}
