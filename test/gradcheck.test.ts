// The gradient-check explainer: a numerical gradient whose mismatches come from kinks crossed
// within the step is explained, naming the rows and classes; one from a wrong loss is a real
// error; one that matches has no mismatch.
import { describe, expect, it } from 'vitest';
import { explainGradcheck } from '../src/gradcheck.js';
import type { LinearInput } from '../src/linear-input.js';
import { seededRandom } from '../src/index.js';
import { centredDifferences } from './helpers/centred.js';
import { normalFrom } from '../src/synthetic.js';

/** Small integers: many Weston–Watkins terms exactly on their kink. */
function integerProblem(seed: number): LinearInput {
  const random = seededRandom(seed);
  const int = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  return {
    X: Float32Array.from({ length: 60 * 4 }, () => int(-2, 2)),
    y: Int32Array.from({ length: 60 }, () => int(0, 2)),
    W: Float32Array.from({ length: 3 * 4 }, () => int(-1, 1)),
    b: Float32Array.from({ length: 3 }, () => int(-1, 1)),
    loss: 'multiclass-hinge',
    lambda: 0.5,
  };
}

describe('explainGradcheck', () => {
  const h = 2 ** -8;

  it('explains mismatches from kinks crossed within ±h, naming the terms, and ok is true', () => {
    const input = integerProblem(101);
    const numeric = centredDifferences(input, h);
    const explanation = explainGradcheck(input, { h, numeric });
    expect(explanation.mismatches.length).toBeGreaterThan(0);
    expect(explanation.ok, explanation.report).toBe(true);
    for (const mismatch of explanation.mismatches) {
      expect(mismatch.explainedBy!.length).toBeGreaterThan(0);
      expect(mismatch.centred).toBeCloseTo(mismatch.numeric, 9);
    }
    // The named terms are on their kink: s_c − s_y + 1 = 0 exactly.
    const { X, y, W, b } = input as { X: Float32Array; y: Int32Array; W: Float32Array; b: Float32Array };
    const score = (i: number, c: number) => b[c] + [0, 1, 2, 3].reduce((sum, j) => sum + W[c * 4 + j] * X[i * 4 + j], 0);
    for (const { row, class: c } of explanation.mismatches.flatMap((m) => m.explainedBy!)) {
      expect(score(row, c) - score(row, y[row]) + 1).toBe(0);
    }
  });

  it('calls a mismatch a real error when the numeric gradient is not the centred difference of this loss', () => {
    const input = integerProblem(102);
    // Their loss forgot the 1/n: every numeric derivative is n times too large.
    const numeric = centredDifferences({ ...input, lambda: 0 }, h, 60);
    const explanation = explainGradcheck({ ...input, lambda: 0 }, { h, numeric });
    expect(explanation.ok).toBe(false);
    expect(explanation.mismatches.some((m) => m.explainedBy === null)).toBe(true);
    expect(explanation.report).toMatch(/a real error/);
  });

  it('finds no mismatch where no kink is within the step (random data, h = 2⁻¹⁶), in f64 and, with its wider tolerance, f32', () => {
    const small = 2 ** -16;
    const random = seededRandom(103);
    const normal = normalFrom(random);
    const input: LinearInput = {
      X: Float32Array.from({ length: 40 * 5 }, normal),
      y: Int32Array.from({ length: 40 }, () => Math.floor(random() * 4)),
      W: Float32Array.from({ length: 4 * 5 }, () => Math.round(normal() * 256) / 512),
      b: Float32Array.from({ length: 4 }, () => Math.round(normal() * 256) / 512),
      loss: 'crammer-singer',
      lambda: 0.1,
    };
    const numeric = centredDifferences(input, small);
    expect(explainGradcheck(input, { h: small, numeric })).toMatchObject({ ok: true, mismatches: [] });
    const inF32 = Float32Array.from(numeric);
    expect(explainGradcheck(input, { h: small, numeric: inF32, precision: 'f32' })).toMatchObject({ ok: true, mismatches: [] });
    // A wrong coordinate among them is named.
    const wrong = numeric.slice();
    wrong[7] += 0.01;
    const explanation = explainGradcheck(input, { h: small, numeric: wrong });
    expect(explanation.mismatches.map((m) => [m.index, m.explainedBy])).toEqual([[7, null]]);
    // With h = 2⁻⁸ the same data cross Crammer–Singer near-ties, and those are named.
    const wide = explainGradcheck(input, { h, numeric: centredDifferences(input, h) });
    expect(wide.ok).toBe(true);
    expect(wide.mismatches.length).toBeGreaterThan(0);
  });

  it('rejects a numeric gradient of the wrong length, a bad step and unknown options', () => {
    const input = integerProblem(104);
    expect(() => explainGradcheck(input, { h, numeric: new Float64Array(3) })).toThrow(/numeric has 3 entries; it needs C·d \+ C = 15/);
    expect(() => explainGradcheck(input, { h: 0, numeric: new Float64Array(15) })).toThrow(/h is 0/);
    expect(() => explainGradcheck(input, { h, numeric: new Float64Array(15), step: 1 } as never)).toThrow(/unknown option 'step'/);
  });
});
