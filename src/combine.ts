// combineGradients: parts of the rows evaluated apart (shards on several devices, workers or
// machines, each a run with reduction 'sum') merged into what one call on all the rows returns.
// The sums are added in float64, then scaled by 1/n and given the regulariser once: no worse than
// the single call's own f32 finish, so the checker's bounds for the whole hold, with the deepest
// part's depths.
import type { HingeResult, HingeSums } from './types.js';

export function combineGradients(parts: HingeSums[], { w, lambda = 0 }: { w: Float32Array; lambda?: number }): HingeResult {
  if (!Array.isArray(parts) || parts.length === 0) throw new Error('combineGradients needs at least one part (a run with reduction: \'sum\')');
  if (!(w instanceof Float32Array)) throw new TypeError('w must be the Float32Array the parts were evaluated at');
  if (typeof lambda !== 'number' || !Number.isFinite(lambda) || lambda < 0) throw new Error(`lambda is ${String(lambda)}; it must be a finite number >= 0`);
  const d = w.length;
  const dwSum = new Float64Array(d);
  let rows = 0;
  let lossSum = 0;
  let dbSum = 0;
  let active = 0;
  parts.forEach((part, k) => {
    if (part?.reduction !== 'sum') throw new Error(`part ${k} is not a run with reduction 'sum'`);
    if (part.dwSum.length !== d) throw new Error(`part ${k} has ${part.dwSum.length} columns, but w has ${d}`);
    rows += part.rows;
    lossSum += part.lossSum;
    dbSum += part.dbSum;
    active += part.active;
    for (let j = 0; j < d; j++) dwSum[j] += part.dwSum[j];
  });
  let wSquared = 0;
  for (const weight of w) wSquared += weight * weight;
  return {
    loss: lossSum / rows + (lambda / 2) * wSquared,
    dw: Float32Array.from(dwSum, (sum, j) => sum / rows + lambda * w[j]),
    db: 0 + dbSum / rows, // dbSum is Σ_active (−y_i) already; 0 + … keeps an empty sum at +0
    active,
    sumDepths: {
      rowSum: Math.max(...parts.map((part) => part.sumDepths.rowSum)),
      dot: Math.max(...parts.map((part) => part.sumDepths.dot)),
    },
  };
}
