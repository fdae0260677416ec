// A linear model in scikit-learn's layout: W holds a row of weights per class (coef_), biases one
// per row (intercept_), classes the original labels, sorted (classes_). With two classes there is
// one row, for classes[1], as scikit-learn keeps it. decisionFunction and predictLabels follow
// scikit-learn's rules, so a model written by LinearSVC predicts the same labels here.
import { rowScores } from './linear-reference.js';
import type { LossName } from './losses.js';

export interface LinearModel {
  /** C×d (C = 1 for two classes: the row of classes[1]). */
  W: Float32Array;
  /** C. */
  biases: Float32Array;
  /** The original labels, sorted. */
  classes: number[];
  loss?: LossName;
  lambda?: number;
}

function rowsOf(model: LinearModel, X: Float32Array): { n: number; d: number; C: number } {
  const C = model.biases.length;
  const d = model.W.length / C;
  if (!Number.isInteger(d) || d === 0) throw new Error(`the model's W has ${model.W.length} weights, not a multiple of its ${C} biases`);
  if (X.length % d !== 0) throw new Error(`X has ${X.length} elements, not a multiple of the model's d = ${d}`);
  return { n: X.length / d, d, C };
}

/** The n×C scores s_ic = w_c·x_i + b_c, in float64 (scikit-learn's decision_function; one column for two classes). */
export function decisionFunction(model: LinearModel, X: Float32Array): Float64Array {
  const { n, d, C } = rowsOf(model, X);
  const scores = new Float64Array(n * C);
  for (let i = 0; i < n; i++) rowScores(X, model.W, model.biases, i, d, scores.subarray(i * C, (i + 1) * C));
  return scores;
}

/** The original labels: with two classes classes[1] where the score is above 0, else classes[0]; with more, the highest score's (the first among ties). */
export function predictLabels(model: LinearModel, X: Float32Array): number[] {
  const scores = decisionFunction(model, X);
  const C = model.biases.length;
  const n = scores.length / C;
  return Array.from({ length: n }, (_, i) => {
    if (C === 1) return model.classes[scores[i] > 0 ? 1 : 0];
    let best = 0;
    for (let c = 1; c < C; c++) if (scores[i * C + c] > scores[i * C + best]) best = c;
    return model.classes[best];
  });
}

/** scikit-learn's layout: { coef_: C rows, intercept_: C numbers, classes_ }, with loss and lambda when known. */
export function modelToJson(model: LinearModel): { coef_: number[][]; intercept_: number[]; classes_: number[]; loss?: LossName; lambda?: number } {
  const C = model.biases.length;
  const d = model.W.length / C;
  return {
    coef_: Array.from({ length: C }, (_, c) => Array.from(model.W.subarray(c * d, (c + 1) * d))),
    intercept_: Array.from(model.biases),
    classes_: [...model.classes],
    ...(model.loss === undefined ? {} : { loss: model.loss }),
    ...(model.lambda === undefined ? {} : { lambda: model.lambda }),
  };
}

/** A model from scikit-learn's layout (a LinearSVC's coef_, intercept_ and classes_, as JSON). */
export function modelFromJson(json: unknown): LinearModel {
  if (typeof json !== 'object' || json === null) throw new Error('a model must be a JSON object with coef_, intercept_ and classes_');
  const { coef_, intercept_, classes_, loss, lambda } = json as Record<string, unknown>;
  const rows = Array.isArray(coef_) && coef_.every(Array.isArray) ? (coef_ as number[][]) : null;
  if (!rows || rows.length === 0) throw new Error('coef_ must be an array of rows, one per class (one for two classes)');
  const d = rows[0].length;
  rows.forEach((row, c) => {
    if (row.length !== d || !row.every((v) => typeof v === 'number' && Number.isFinite(v))) throw new Error(`coef_[${c}] must hold ${d} finite numbers`);
  });
  if (!Array.isArray(intercept_) || intercept_.length !== rows.length || !intercept_.every(Number.isFinite)) {
    throw new Error(`intercept_ must hold ${rows.length} finite numbers, one per row of coef_`);
  }
  if (!Array.isArray(classes_) || !classes_.every(Number.isFinite)) throw new Error('classes_ must be an array of numeric labels');
  const expected = rows.length === 1 ? 2 : rows.length;
  if (classes_.length !== expected) throw new Error(`classes_ has ${classes_.length} labels, but coef_'s ${rows.length} rows need ${expected}`);
  return {
    W: Float32Array.from(rows.flat()),
    biases: Float32Array.from(intercept_ as number[]),
    classes: [...(classes_ as number[])],
    ...(loss === undefined ? {} : { loss: loss as LossName }),
    ...(lambda === undefined ? {} : { lambda: lambda as number }),
  };
}
