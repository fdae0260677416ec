// Problems of the loss family for the checker's and the kernels' tests.
import { seededRandom } from '../../src/index.js';
import type { LinearInput } from '../../src/linear-input.js';
import type { LossName } from '../../src/losses.js';
import { normalFrom } from '../../src/synthetic.js';

export const MULTICLASS_LOSSES: LossName[] = ['multiclass-hinge', 'crammer-singer', 'ovr-hinge', 'ovr-squared-hinge'];
export const ALL_LOSSES: LossName[] = ['hinge', 'squared-hinge', ...MULTICLASS_LOSSES];

/** Gaussian X at a scale, weights near a separator, labels from it, row weights in [0, 2]. */
export function randomProblem(loss: LossName, n: number, d: number, C: number, seed: number, xScale = 1): LinearInput {
  const random = seededRandom(seed);
  const normal = normalFrom(random);
  const X = Float32Array.from({ length: n * d }, () => normal() * xScale);
  const classes = MULTICLASS_LOSSES.includes(loss) ? C : 1;
  const W = Float32Array.from({ length: classes * d }, () => (normal() * 0.6) / xScale);
  const b = Float32Array.from({ length: classes }, () => normal() * 0.3);
  const y = classes === 1
    ? Float32Array.from({ length: n }, (_, i) => (X[i * d] + 0.3 * normal() > 0 ? 1 : -1))
    : Int32Array.from({ length: n }, () => Math.floor(random() * C));
  const sampleWeight = Float32Array.from({ length: n }, () => random() * 2);
  return { X, y, W, b, loss, lambda: 0.05, margin: 0.8, sampleWeight };
}

/** Small integers throughout: many terms exactly on the kink, and exact Crammer–Singer ties. */
export function integerProblem(loss: LossName, n: number, d: number, C: number, seed: number): LinearInput {
  const random = seededRandom(seed);
  const int = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const classes = MULTICLASS_LOSSES.includes(loss) ? C : 1;
  const X = Float32Array.from({ length: n * d }, () => int(-2, 2));
  const W = Float32Array.from({ length: classes * d }, () => int(-1, 1));
  const b = Float32Array.from({ length: classes }, () => int(-1, 1));
  const y = classes === 1 ? Float32Array.from({ length: n }, () => (random() < 0.5 ? -1 : 1)) : Int32Array.from({ length: n }, () => int(0, C - 1));
  return { X, y, W, b, loss, lambda: 0.5 };
}
