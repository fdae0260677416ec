// combineGradients: parts of the rows evaluated apart (shards on several devices, workers or
// machines, each a run with reduction 'sum') merged into what one call on all the rows returns.
// The sums are added in float64, then scaled by 1/n and given the regulariser once: no worse than
// the single call's own f32 finish, so the checker's bounds for the whole hold, with the deepest
// part's depths.
import type { LinearGradientResult, LinearSums } from './linear-kernel.js';
import type { HingeResult, HingeSums, SumDepths } from './types.js';

/** The binary hinge's parts (hingeGradient, HingeKernel.run), at w. */
export function combineGradients(parts: HingeSums[], options: { w: Float32Array; lambda?: number }): HingeResult;
/** The family's parts (linearGradient, LinearKernel.run), at W (C×d). */
export function combineGradients(parts: LinearSums[], options: { W: Float32Array; lambda?: number }): LinearGradientResult;
export function combineGradients(
  parts: (HingeSums | LinearSums)[], options: { w?: Float32Array; W?: Float32Array; lambda?: number },
): HingeResult | LinearGradientResult {
  const family = options?.W !== undefined;
  const W = family ? options.W : options?.w;
  const name = family ? 'W' : 'w';
  const { lambda = 0 } = options ?? {};
  if (!Array.isArray(parts) || parts.length === 0) throw new Error('combineGradients needs at least one part (a run with reduction: \'sum\')');
  if (!(W instanceof Float32Array)) throw new TypeError(`${name} must be the Float32Array the parts were evaluated at`);
  if (typeof lambda !== 'number' || !Number.isFinite(lambda) || lambda < 0) throw new Error(`lambda is ${String(lambda)}; it must be a finite number >= 0`);
  const classes = family ? (parts[0] as LinearSums)?.dbSum?.length ?? 0 : 1;
  const dWSum = new Float64Array(W.length);
  const dbSum = new Float64Array(classes);
  let rows = 0;
  let lossSum = 0;
  let active = 0;
  parts.forEach((part, k) => {
    if (part?.reduction !== 'sum') throw new Error(`part ${k} is not a run with reduction 'sum'`);
    const partDW = 'dWSum' in part ? part.dWSum : part.dwSum;
    if (('dWSum' in part) !== family) throw new Error(`part ${k} is a ${family ? 'binary hinge' : 'loss family'} run: give ${family ? 'w' : 'W'} for it`);
    if (partDW.length !== W.length) throw new Error(`part ${k} has ${partDW.length} weights' sums, but ${name} has ${W.length}`);
    rows += part.rows;
    lossSum += part.lossSum;
    active += part.active;
    for (let j = 0; j < W.length; j++) dWSum[j] += partDW[j];
    if ('dWSum' in part) part.dbSum.forEach((sum, c) => (dbSum[c] += sum));
    else dbSum[0] += part.dbSum;
  });
  let wSquared = 0;
  for (const weight of W) wSquared += weight * weight;
  const loss = lossSum / rows + (lambda / 2) * wSquared;
  const gradient = Float32Array.from(dWSum, (sum, j) => sum / rows + lambda * W[j]);
  // 0 + … keeps an empty sum at +0.
  const db = Float32Array.from(dbSum, (sum) => 0 + sum / rows);
  const sumDepths: SumDepths = {
    rowSum: Math.max(...parts.map((part) => part.sumDepths.rowSum)),
    dot: Math.max(...parts.map((part) => part.sumDepths.dot)),
  };
  const flushedBelow = Math.max(...parts.map((part) => part.sumDepths.flushedProductsBelow ?? 0));
  if (flushedBelow > 0) sumDepths.flushedProductsBelow = flushedBelow;
  if (parts.some((part) => part.sumDepths.productsRounded)) sumDepths.productsRounded = true;
  return family ? { loss, dW: gradient, db, active, sumDepths } : { loss, dw: gradient, db: db[0], active, sumDepths };
}
