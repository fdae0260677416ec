// The float64 reference against cases worked by hand.
import { describe, expect, it } from 'vitest';
import { hingeGradientCpu } from '../src/index.js';

describe('hingeGradientCpu, worked by hand', () => {
  it('two active rows with λ and b', () => {
    // m0 = 1·(0.5·1 − 0.5·2 + 0.25) = −0.25 → hinge 1.25;  m1 = −1·(0.5·3 + 0.5·1 + 0.25) = −2.25 → hinge 3.25
    // loss = (1.25 + 3.25)/2 + 0.1/2·(0.25 + 0.25) = 2.275
    // dw = −½([1, 2] − [3, −1]) + 0.1·[0.5, −0.5] = [1.05, −1.55];  db = −½(1 − 1) = 0
    const result = hingeGradientCpu({
      X: new Float32Array([1, 2, 3, -1]), y: new Int8Array([1, -1]), w: new Float32Array([0.5, -0.5]), b: 0.25, lambda: 0.1,
    });
    expect(result.loss).toBeCloseTo(2.275, 14);
    expect(result.dw[0]).toBeCloseTo(1.05, 14);
    expect(result.dw[1]).toBeCloseTo(-1.55, 14);
    expect(result.db).toBe(0);
    expect(result.active).toBe(2);
  });

  // Rows: m0 = 1 (on the kink), m1 = 2 (inactive), m2 = −1·0.5 = −0.5 (active, hinge 1.5).
  const atKink = { X: new Float32Array([1, 2, 0.5]), y: new Float32Array([1, 1, -1]), w: new Float32Array([1]), b: 0 };

  it("kink 'zero': the row at margin 1 is not active", () => {
    const result = hingeGradientCpu(atKink);
    expect(result.loss).toBe(0.5); // (0 + 0 + 1.5) / 3
    expect(result.dw[0]).toBeCloseTo(1 / 6, 15); // −⅓·(−1·0.5)
    expect(result.db).toBeCloseTo(1 / 3, 15); // −⅓·(−1)
    expect(result.active).toBe(1);
  });

  it("kink 'include': the row at margin 1 is active", () => {
    const result = hingeGradientCpu({ ...atKink, kink: 'include' });
    expect(result.loss).toBe(0.5); // the hinge term is 0 at the kink either way
    expect(result.dw[0]).toBeCloseTo(-1 / 6, 15); // −⅓·(1·1 − 1·0.5)
    expect(result.db).toBeCloseTo(0, 15); // −⅓·(1 − 1)
    expect(result.active).toBe(2);
  });

  it('the bias is not regularised', () => {
    const base = { X: new Float32Array([2]), y: new Float32Array([1]), w: new Float32Array([0]), lambda: 4 };
    // w = 0: loss = 1 − b for b < 1, and λ touches neither loss nor db.
    expect(hingeGradientCpu({ ...base, b: 0.5 }).loss).toBe(0.5);
    expect(hingeGradientCpu({ ...base, b: 0.5 }).db).toBe(-1);
    expect(hingeGradientCpu({ ...base, b: -3 }).loss).toBe(4);
  });
});
