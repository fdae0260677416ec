// The f32 model of a float64 point (f32-rounding.ts): where many terms sit within an ulp's reach of
// their kinks, the search keeps the exact objective's books right: it ends below plain rounding,
// by exactly the fall its moves claim, so no move crossed a kink that its books did not see.
import { describe, expect, it } from 'vitest';
import { nextF32, roundToF32 } from '../src/f32-rounding.js';
import { validateLinearInput, type ValidLinearInput } from '../src/linear-input.js';
import { linearReferenceOf } from '../src/linear-reference.js';
import type { LossName } from '../src/losses.js';
import { normalFrom, seededRandom } from '../src/synthetic.js';

/**
 * Rows placed on a kink of a float64 point (W, b): each x_i is moved along the direction that
 * changes one of its terms' arguments, until that argument is 0, then rounded to f32.
 */
function onKinks(loss: LossName, seed: number) {
  const random = seededRandom(seed);
  const normal = normalFrom(random);
  const n = 120;
  const d = 5;
  const C = loss === 'hinge' ? 1 : 3;
  const W = Float64Array.from({ length: C * d }, normal);
  const biases = Float64Array.from({ length: C }, normal);
  const X = new Float32Array(n * d);
  const y = loss === 'hinge' ? new Float32Array(n) : new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const x = Float64Array.from({ length: d }, normal);
    const label = C === 1 ? (random() < 0.5 ? 1 : -1) : Math.floor(random() * C);
    y[i] = label;
    // The term put on its kink: a = Δ − t·s_c (signed), or Δ + s_c − s_y (pairs), as a·x + offset.
    const c = C === 1 ? 0 : (label + 1 + Math.floor(random() * (C - 1))) % C;
    const direction = new Float64Array(d);
    let offset = 1;
    for (let j = 0; j < d; j++) {
      if (loss === 'hinge' || loss === 'ovr-hinge') direction[j] = -(C === 1 ? label : c === label ? 1 : -1) * W[c * d + j];
      else direction[j] = W[c * d + j] - W[label * d + j];
    }
    if (loss === 'hinge' || loss === 'ovr-hinge') offset -= (C === 1 ? label : c === label ? 1 : -1) * biases[c];
    else offset += biases[c] - biases[label];
    let argument = offset;
    let norm = 0;
    for (let j = 0; j < d; j++) {
      argument += direction[j] * x[j];
      norm += direction[j] * direction[j];
    }
    for (let j = 0; j < d; j++) X[i * d + j] = x[j] - (argument / norm) * direction[j];
  }
  const valid = validateLinearInput({ X, y, W: new Float32Array(C * d), b: new Float32Array(C), lambda: 1e-3, loss });
  return { valid, W, biases };
}

const objective = (valid: ValidLinearInput, W: Float32Array, biases: Float32Array) => linearReferenceOf({ ...valid, W, biases: Float64Array.from(biases) }).loss;

describe('roundToF32', () => {
  it('steps to the next f32 either way, through zero', () => {
    expect(nextF32(1, 1)).toBe(1 + 2 ** -23);
    expect(nextF32(1, -1)).toBe(1 - 2 ** -24);
    expect(nextF32(-1, 1)).toBe(-1 + 2 ** -24);
    expect(nextF32(0, -1)).toBe(-(2 ** -149));
  });

  for (const loss of ['hinge', 'multiclass-hinge', 'crammer-singer', 'ovr-hinge'] as const) {
    it(`'${loss}': below plain rounding, by the fall its moves add up to`, () => {
      const { valid, W, biases } = onKinks(loss, 11);
      const plain = objective(valid, Float32Array.from(W), Float32Array.from(biases));
      const found = roundToF32(valid, W, biases);
      const reached = objective(valid, found.W, found.biases);
      expect(found.moves).toBeGreaterThan(0);
      expect(reached).toBeLessThan(plain);
      // The near rows' terms and the far rows' slopes, summed move by move, against the objective
      // computed afresh: equal but for float64 rounding of sums of n terms of size ~plain.
      expect(Math.abs(plain - reached - found.decrease)).toBeLessThanOrEqual(1e-12 * plain);
    });
  }
});
