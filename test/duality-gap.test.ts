// The certificate: the duality gap bounds P(W, b) − P* from above at any point, for every loss,
// with weights and unregularised biases; it closes at the optimum; and the step that makes the
// dual point feasible for the biases is what makes it a bound (planted: skipping it certifies
// points above the optimum as better than they are).
import { describe, expect, it } from 'vitest';
import { dualityGap, largestCirculation } from '../src/duality-gap.js';
import { fitLinearSvmCpu } from '../src/fit-linear.js';
import { validateLinearInput } from '../src/linear-input.js';
import type { LossName } from '../src/losses.js';
import { normalFrom, seededRandom } from '../src/synthetic.js';
import { ALL_LOSSES } from './helpers/family.js';

/** A small separable-ish problem with two or four classes and row weights. */
function problem(loss: LossName, seed: number) {
  const random = seededRandom(seed);
  const normal = normalFrom(random);
  const n = 240;
  const d = 5;
  const C = loss === 'hinge' || loss === 'squared-hinge' ? 2 : 4;
  const X = Float32Array.from({ length: n * d }, normal);
  const y = Int32Array.from({ length: n }, (_, i) => {
    const lean = X[i * d] + 0.5 * X[i * d + 1] + 0.5 * normal();
    return C === 2 ? (lean > 0.3 ? 1 : -1) : Math.min(C - 1, Math.max(0, Math.floor(lean + 2)));
  });
  const sampleWeight = Float32Array.from({ length: n }, () => 0.5 + random());
  return { X, y, d, C, sampleWeight, lambda: 0.02 };
}

describe('largestCirculation', () => {
  it('keeps a circulation whole and cancels only the acyclic rest', () => {
    // 0 → 1 → 2 → 0 carries 2 around; 0 → 2 adds 3 with no way back.
    const flow = Float64Array.from([0, 2, 3, 0, 0, 2, 2, 0, 0]);
    expect(Array.from(largestCirculation(flow, 3))).toEqual([0, 2, 0, 0, 0, 2, 2, 0, 0]);
    expect(Array.from(largestCirculation(Float64Array.from([0, 1, 0, 0]), 2))).toEqual([0, 0, 0, 0]);
  });
});

describe('dualityGap', () => {
  for (const loss of ALL_LOSSES) {
    it(`'${loss}': bounds P − P* at points near and far from the optimum, and closes at it`, async () => {
      const { X, y, sampleWeight, lambda } = problem(loss, 40);
      const optimum = await fitLinearSvmCpu(X, y, { loss, lambda, sampleWeight, tol: 1e-5, maxEpochs: 6000 });
      expect(optimum.converged, `gap ${optimum.gap} at ${optimum.objective}`).toBe(true);
      // P* ≤ the optimum's objective, so a certificate must cover at least P(W, b) − that.
      const best = optimum.objective;
      const valid = validateLinearInput({ X, y, W: optimum.W, b: optimum.biases, lambda, loss, sampleWeight });
      const random = seededRandom(41);
      for (const scale of [0, 1e-3, 0.1, 1]) {
        const W = Float32Array.from(optimum.W, (value) => value + scale * (random() - 0.5));
        const biases = Float32Array.from(optimum.biases, (value) => value + scale * (random() - 0.5));
        for (const smoothing of [0, 1e-3, 0.5]) {
          const { objective, gap } = dualityGap(valid, W, biases, smoothing);
          expect(gap).toBeGreaterThanOrEqual(objective - best - 1e-12);
        }
      }
      expect(optimum.gap).toBeLessThanOrEqual(1e-5 * optimum.objective);
    });
  }

  it('planted: without the bias constraint, the "gap" at the solver\'s own iterates undercuts P − P*', async () => {
    // Off-centre data and unequal classes, where the bias matters: the slopes at the iterates do
    // not meet Σ s_i α_i y_i = 0, and unscaled they claim a dual value above the optimum.
    const random = seededRandom(42);
    const normal = normalFrom(random);
    const d = 5;
    const X = Float32Array.from({ length: 240 * d }, () => normal() + 3);
    const y = Int32Array.from({ length: 240 }, (_, i) => (X[i * d] - 3 + 0.5 * normal() > 0.8 ? 1 : -1));
    const iterates: { W: Float32Array; biases: Float32Array; smoothing: number }[] = [];
    const optimum = await fitLinearSvmCpu(X, y, {
      lambda: 0.02, tol: 1e-6, maxEpochs: 6000,
      onProgress: (record, at) => iterates.push({ W: Float32Array.from(at.W), biases: Float32Array.from(at.biases), smoothing: record.smoothing }),
    });
    // P* is at least the optimum's objective less its certified gap.
    const lowest = optimum.objective - optimum.gap;
    const valid = validateLinearInput({ X, y, W: optimum.W, b: optimum.biases, lambda: 0.02 });
    let undercuts = 0;
    for (const { W, biases, smoothing } of iterates) {
      const planted = dualityGap(valid, W, biases, smoothing, { skipBiasConstraint: true });
      const sound = dualityGap(valid, W, biases, smoothing);
      expect(sound.gap).toBeGreaterThanOrEqual(sound.objective - optimum.objective - 1e-12);
      if (planted.gap < planted.objective - lowest) undercuts++;
    }
    expect(undercuts).toBeGreaterThan(0);
  });
});
