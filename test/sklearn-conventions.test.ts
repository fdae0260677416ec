// scikit-learn's LinearSVC (liblinear) against this library's definitions (docs/losses.md): its
// ½‖w‖² + C Σ L_i is our (1/n) Σ L_i + (λ/2)‖w‖² with λ = 1/(C·n), the squared hinge without ½.
// Fixtures: scripts/sklearn-linearsvc-fixtures.py (/usr/bin/python3, Debian's python3-sklearn) on
// the WDBC training rows, at C = 0.01, 0.1, 1 and 10.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accuracy, linearGradientCpu, predict } from '../src/index.js';
import { wdbcSplit } from './helpers/datasets.js';

interface Entry {
  loss: 'hinge' | 'squared-hinge';
  C: number;
  lambda: number;
  coef: number[];
  intercept: number;
  objective: number;
  trainAccuracy: number;
  testAccuracy: number;
}
const fixture = JSON.parse(readFileSync('data/fixtures/wdbc-linearsvc.json', 'utf8')) as { trainRows: number; entries: Entry[] };
const { train, test } = wdbcSplit();
const n = train.y.length;
const norm = (values: ArrayLike<number>) => Math.hypot(...Array.from(values));

describe("LinearSVC's solutions under this library's definitions", () => {
  it('the fixture is of these training rows, with λ = 1/(C·n)', () => {
    expect(fixture.trainRows).toBe(n);
    for (const entry of fixture.entries) expect(entry.lambda).toBeCloseTo(1 / (entry.C * n), 15);
  });

  for (const entry of fixture.entries) {
    const W = Float32Array.from(entry.coef);
    const input = { X: train.X, y: Float32Array.from(train.y), W, b: entry.intercept, loss: entry.loss, lambda: entry.lambda };

    it(`${entry.loss}, C = ${entry.C}: our objective at its solution is its objective, and its labels are ours`, () => {
      const ours = linearGradientCpu(input).loss;
      // Both sides standardise X in float64 and round it to f32, possibly a last bit apart: each
      // score may move by 2⁻²³ Σ_j |w_j x_ij|, each hinge term by as much (a squared term by 2·its root·as much).
      let bound = 0;
      for (let i = 0; i < n; i++) {
        let score = entry.intercept;
        let absScore = 0;
        for (let j = 0; j < W.length; j++) {
          score += W[j] * train.X[i * W.length + j];
          absScore += Math.abs(W[j] * train.X[i * W.length + j]);
        }
        const move = 2 ** -23 * absScore;
        const root = Math.max(0, 1 - train.y[i] * score) + move;
        bound += entry.loss === 'squared-hinge' ? 2 * root * move : move;
      }
      expect(Math.abs(ours - entry.objective)).toBeLessThanOrEqual(bound / n + 1e-12 * entry.objective);
      expect(accuracy(predict(W, entry.intercept, train.X), train.y)).toBe(entry.trainAccuracy);
      expect(accuracy(predict(W, entry.intercept, test.X), test.y)).toBe(entry.testAccuracy);
    });

    if (entry.loss === 'squared-hinge') {
      // liblinear's primal Newton solver converges: at its solution our gradient must vanish. A
      // convention apart (λ doubled or halved, the ½ of the squared hinge) leaves it near λ‖w‖.
      it(`squared hinge, C = ${entry.C}: its solution is our optimum (gradient under 10⁻³ of λ‖w‖; a convention apart gives ~1)`, () => {
        const { dW, db } = linearGradientCpu(input);
        const scale = entry.lambda * norm(W);
        expect(norm(dW) / scale).toBeLessThan(1e-3);
        expect(Math.abs(db[0]) / scale).toBeLessThan(1e-3);
        const doubled = linearGradientCpu({ ...input, lambda: 2 * entry.lambda });
        expect(norm(doubled.dW) / scale).toBeGreaterThan(0.5);
      });
    }
  }
});
