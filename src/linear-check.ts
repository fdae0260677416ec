// checkGradient for the loss family: could a correct f32 evaluation have produced this result?
// The same analysis as check.ts's for the binary hinge (docs/checker.md), term by term:
//   - each score s_ic = w_c·x_i + b_c is within E_ic = γ_{dot+2}·(Σ_j |w_cj x_ij| + |b_c|) of exact
//     (0 when f32 computes it exactly), plus flushed subnormals and the float64 reference's error;
//   - each loss says how far its row's coefficients and loss may then move (losses.ts, rowSlack):
//     a hinge term within its error of the kink, or a Crammer–Singer tie, is ambiguous and may
//     take either side; a squared term's coefficient moves with its argument;
//   - the sums over rows add γ_{rowSum + leaf roundings}·Σ|terms|, the final scaling by 1/n and
//     λW its own rounding, as in check.ts.
import { dotErrorBound, F32_MIN_NORMAL, F64_UNIT_ROUNDOFF, FINISH_GAMMA, gamma, isSubnormal, kernelDotIsExact } from './error-bounds.js';
import { validateLinearInput, type LinearInput, type ValidLinearInput } from './linear-input.js';
import { linearReferenceOf, type LinearReference } from './linear-reference.js';
import type { SumDepths } from './types.js';
import { assertKnownKeys } from './validate.js';
import { WorstRatio } from './worst-ratio.js';

export interface LinearResult {
  loss: number;
  /** C×d. */
  dW: ArrayLike<number>;
  /** C. */
  db: ArrayLike<number>;
  active: number;
  sumDepths?: SumDepths;
}

export type LinearQuantity = 'dW' | 'db' | 'loss' | 'active';

export interface LinearCheckReport {
  ok: boolean;
  worstRatio: number;
  worst: LinearQuantity;
  /** The flattened dW entry or the bias with the worst ratio; −1 for loss and active. */
  worstIndex: number;
  /** Terms within rounding of their kink, and Crammer–Singer near-ties: either side accepted. */
  ambiguousTerms: { row: number; class: number }[];
  reference: LinearReference;
  bounds: { dW: Float64Array; db: Float64Array; loss: number };
  activeRange: [number, number];
  report: string;
}

/** The reference and how far a correct f32 computation may be from it. */
export function linearBounds(valid: ValidLinearInput, depths?: SumDepths) {
  const { X, W, biases, labels, sampleWeight, n, d, C, lambda, loss, kink, margin } = valid;
  depths ??= { rowSum: n, dot: d + 1 };
  const reference = linearReferenceOf(valid);
  const scores = new Float64Array(C);
  const errors = new Float64Array(C);
  const bias32 = Float32Array.from(biases);
  // Per class and column: Σ_i s_i (|g_ic| + slack_ic)|x_ij|, and what may move beyond its roundings: Σ_i s_i slack_ic |x_ij|,
  // and the whole term where x_ij is subnormal.
  const absDW = new Float64Array(C * d);
  const slackDW = new Float64Array(C * d);
  const absDb = new Float64Array(C);
  const slackDb = new Float64Array(C);
  let lossSlack = 0;
  let lossAbs = 0;
  let certainActive = 0;
  let possibleActive = 0;
  // Roundings of a term s_i·g_ic·x_ij before it is summed: none for weights of 1 and slopes of 0 or ±1.
  let leafRoundings = 0;
  const ambiguousTerms: { row: number; class: number }[] = [];
  const classWeights = Array.from({ length: C }, (_, c) => W.subarray(c * d, (c + 1) * d));
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let c = 0; c < C; c++) {
      let score = biases[c];
      let absDot = Math.abs(biases[c]);
      for (let j = 0; j < d; j++) {
        score += W[c * d + j] * X[row + j];
        absDot += Math.abs(W[c * d + j] * X[row + j]);
      }
      scores[c] = score;
      errors[c] = kernelDotIsExact(X, classWeights[c], bias32[c], i, depths) ? 0 : dotErrorBound(X, classWeights[c], i, absDot, depths);
    }
    const terms = loss.rowTerms(scores, labels[i], margin, kink);
    const slack = loss.rowSlack(scores, errors, labels[i], margin, kink);
    const weight = sampleWeight ? sampleWeight[i] : 1;
    certainActive += slack.certainActive;
    possibleActive += slack.possibleActive;
    for (const c of slack.ambiguous) ambiguousTerms.push({ row: i, class: c });
    lossSlack += weight * slack.loss;
    lossAbs += weight * (terms.loss + slack.loss);
    for (let c = 0; c < C; c++) {
      const size = weight * (Math.abs(terms.coefficients[c]) + slack.coefficients[c]);
      if (size === 0) continue;
      const moved = weight * slack.coefficients[c];
      absDb[c] += size;
      slackDb[c] += moved;
      const g = weight * terms.coefficients[c];
      if (g !== 0 && !(g === 1 || g === -1)) leafRoundings = Math.max(leafRoundings, weight === 1 && Number.isInteger(g) ? 1 : 2);
      if (slack.coefficients[c] > 0 && !Number.isInteger(slack.coefficients[c])) leafRoundings = 2;
      for (let j = 0; j < d; j++) {
        const absX = Math.abs(X[row + j]);
        absDW[c * d + j] += size * absX;
        slackDW[c * d + j] += moved * absX;
        // A GPU may read a subnormal x_ij as 0, losing the whole term s_i·g_ic·x_ij.
        if (isSubnormal(X[row + j])) slackDW[c * d + j] += size * absX;
      }
    }
  }

  const gammaRows = gamma(depths.rowSum + leafRoundings);
  const gammaFinish = FINISH_GAMMA;
  const refGammaRows = gamma(n + 3, F64_UNIT_ROUNDOFF);
  const flushed = (depths.rowSum + 3) * F32_MIN_NORMAL;
  const boundDW = new Float64Array(C * d);
  for (let k = 0; k < C * d; k++) {
    const scale = absDW[k] / n + lambda * Math.abs(W[k]);
    boundDW[k] = ((gammaRows * absDW[k]) / n) * (1 + gammaFinish) + (gammaFinish + refGammaRows) * scale + slackDW[k] / n + flushed;
  }
  // db sums slopes: sums of small integers are exact in f32 below 2^24 (weights of 1, hinge terms).
  const integerSlopes = !sampleWeight && leafRoundings <= 1 && !loss.name.includes('squared');
  const boundDb = Float64Array.from(absDb, (abs, c) =>
    ((integerSlopes && abs <= 2 ** 24 ? 0 : gamma(depths.rowSum + leafRoundings) * abs) + gammaFinish * abs + slackDb[c]) / n + flushed);
  let wSquared = 0;
  for (let k = 0; k < C * d; k++) wSquared += W[k] * W[k];
  // A row's loss sums up to C terms and is weighted: C + 2 more roundings than the sum over rows.
  const boundLoss =
    ((lossSlack + gamma(depths.rowSum + C + 2) * lossAbs) / n) * (1 + gammaFinish) +
    gammaFinish * (reference.loss + lossAbs / n) +
    gamma(C * d + 3) * (lambda / 2) * wSquared +
    flushed;
  return {
    reference, bounds: { dW: boundDW, db: boundDb, loss: boundLoss }, ambiguousTerms,
    activeRange: [certainActive, possibleActive] as [number, number],
  };
}

export function checkLinearGradient(result: LinearResult, input: LinearInput, options: { sumDepths?: SumDepths } = {}): LinearCheckReport {
  assertKnownKeys(options, ['sumDepths'], 'the checkGradient options');
  const valid = validateLinearInput(input);
  const { reference, bounds, ambiguousTerms, activeRange } = linearBounds(valid, options.sumDepths ?? result.sumDepths);
  if (result.dW?.length !== valid.C * valid.d) throw new Error(`result.dW has length ${result.dW?.length} but C·d = ${valid.C * valid.d}`);
  if (result.db?.length !== valid.C) throw new Error(`result.db has length ${result.db?.length} but C = ${valid.C}`);
  const worstSeen = new WorstRatio<LinearQuantity>('dW');
  for (let k = 0; k < bounds.dW.length; k++) worstSeen.consider(result.dW[k], reference.dW[k], bounds.dW[k], 'dW', k);
  for (let c = 0; c < valid.C; c++) worstSeen.consider(result.db[c], reference.db[c], bounds.db[c], 'db', c);
  worstSeen.consider(result.loss, reference.loss, bounds.loss, 'loss', -1);
  if (!(result.active >= activeRange[0] && result.active <= activeRange[1])) worstSeen.consider(1, 0, 0, 'active', -1);
  const { ratio: worstRatio, quantity: worst, index: worstIndex } = worstSeen;
  const ok = worstRatio <= 1;
  const where = worst === 'dW' ? `dW[class ${Math.floor(worstIndex / valid.d)}, column ${worstIndex % valid.d}]` : worst === 'db' ? `db[${worstIndex}]` : worst;
  const got = worst === 'dW' ? result.dW[worstIndex] : worst === 'db' ? result.db[worstIndex] : worst === 'loss' ? result.loss : result.active;
  const want = worst === 'dW' ? reference.dW[worstIndex] : worst === 'db' ? reference.db[worstIndex] : worst === 'loss' ? reference.loss : activeRange.join(' to ');
  const shown = ambiguousTerms.slice(0, 10).map((term) => `row ${term.row} class ${term.class}`).join(', ');
  const report = [
    `${ok ? 'ok' : 'FAILED'}: worst |result − reference| / bound = ${worstRatio === Infinity ? '∞' : worstRatio.toPrecision(3)} at ${where} ('${valid.loss.name}')`,
    `  ${where} = ${got}, reference ${want}`,
    ambiguousTerms.length === 0
      ? '  no term is within rounding of its kink or of a tie'
      : `  ${ambiguousTerms.length} terms within rounding of a kink or a tie (either side accepted): ${shown}${ambiguousTerms.length > 10 ? ', …' : ''}`,
  ].join('\n');
  return {
    ok, worstRatio, worst, worstIndex: worst === 'dW' || worst === 'db' ? worstIndex : -1, ambiguousTerms, reference, bounds, activeRange, report,
  };
}
