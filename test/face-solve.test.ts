// The face solve (face-solve.ts, restricted-dual.ts): from near the optimum of each hinge-type
// loss, with row weights and unregularised biases, it lands on the optimum, primal and dual, to
// rounding; from anywhere its dual stays a lower bound on P* and its point's objective an upper one.
import { describe, expect, it } from 'vitest';
import { fitLinearSvmCpu } from '../src/fit-linear.js';
import { solveOnFaces } from '../src/face-solve.js';
import { validateLinearInput } from '../src/linear-input.js';
import type { LossName } from '../src/losses.js';
import { normalFrom, seededRandom } from '../src/synthetic.js';

function problem(loss: LossName, seed: number) {
  const random = seededRandom(seed);
  const normal = normalFrom(random);
  const n = 300;
  const d = 6;
  const C = loss === 'hinge' ? 2 : 3;
  const X = Float32Array.from({ length: n * d }, normal);
  const y = Int32Array.from({ length: n }, (_, i) => {
    const lean = X[i * d] + 0.5 * X[i * d + 1] + 0.4 * normal();
    return C === 2 ? (lean > 0.3 ? 1 : -1) : Math.min(C - 1, Math.max(0, Math.floor(lean + 1.5)));
  });
  const sampleWeight = Float32Array.from({ length: n }, () => 0.5 + random());
  return { X, y, d, C, sampleWeight };
}

describe('solveOnFaces', () => {
  for (const loss of ['hinge', 'multiclass-hinge', 'crammer-singer', 'ovr-hinge'] as const) {
    it(`'${loss}': from near the optimum, the optimum to rounding; from anywhere, bounds on each side of P*`, async () => {
      const { X, y, sampleWeight } = problem(loss, 7);
      const lambda = 1e-3;
      // The solver's optimum, certified: P* lies in [objective − gap, objective].
      const optimum = await fitLinearSvmCpu(X, y, { loss, lambda, sampleWeight, tol: 1e-5, maxEpochs: 6000 });
      expect(optimum.converged, `gap ${optimum.gap} at ${optimum.objective}`).toBe(true);
      const lower = optimum.objective - optimum.gap;
      const valid = validateLinearInput({ X, y: loss === 'hinge' ? Float32Array.from(y) : y, W: optimum.W, b: optimum.biases, lambda, loss, sampleWeight });
      const random = seededRandom(8);
      for (const [scale, smoothing] of [[1e-3, 1e-2], [0.3, 0.1]] as const) {
        const W = Float32Array.from(optimum.W, (value) => value + scale * (random() - 0.5));
        const biases = Float32Array.from(optimum.biases, (value) => value + scale * (random() - 0.5));
        const found = solveOnFaces(valid, W, biases, { smoothing, tol: 1e-12 });
        // Near the optimum the restricted problem is small; far from it, it may be declined.
        if (scale === 1e-3) expect(found, 'a face solve near the optimum').toBeDefined();
        if (!found) continue;
        expect(found.dual, `dual at scale ${scale}`).toBeLessThanOrEqual(optimum.objective);
        expect(found.objective, `objective at scale ${scale}`).toBeGreaterThanOrEqual(lower);
        if (scale === 1e-3) {
          // W(α) is rounded to f32 before P is taken: what is left of the gap is that rounding.
          expect(found.objective - found.dual).toBeLessThanOrEqual(1e-6 * found.objective);
        }
      }
    });
  }

  it('declines a restricted problem larger than maxCandidates', () => {
    const { X, y, sampleWeight } = problem('crammer-singer', 9);
    const valid = validateLinearInput({ X, y, W: new Float32Array(18), b: new Float32Array(3), lambda: 1e-3, loss: 'crammer-singer', sampleWeight });
    // At W = 0 every rival of every row is tied at the kink's far side: all 600 terms are in doubt.
    expect(solveOnFaces(valid, new Float32Array(18), new Float32Array(3), { smoothing: 1, tol: 1e-4, maxCandidates: 100 })).toBeUndefined();
  });
});
