// The family's checker: it passes correct f32 gradients of every loss written by hand (random data
// of several magnitudes, weights, Δ ≠ 1; integer data with terms exactly on the kink; exact
// Crammer–Singer ties), catches each planted mistake, and reports terms within rounding of a kink
// or a tie as ambiguous, accepting either side.
import { describe, expect, it } from 'vitest';
import { checkGradient, seededRandom } from '../src/index.js';
import type { LinearInput } from '../src/linear-input.js';
import type { LossName } from '../src/losses.js';
import { handWrittenLinear, type LinearMistake } from './helpers/buggy-linear.js';
import { ALL_LOSSES as ALL, integerProblem, randomProblem } from './helpers/family.js';

describe('checkGradient for the loss family', () => {
  for (const loss of ALL) {
    it(`${loss}: passes correct f32 gradients (random data at three scales, weights, Δ = 0.8; integer data)`, () => {
      for (const [k, xScale] of [1e-3, 1, 1e3].entries()) {
        const input = randomProblem(loss, 300, 7, 4, 80 + k, xScale);
        const check = checkGradient(handWrittenLinear(input), input);
        expect(check.ok, check.report).toBe(true);
      }
      const integer = integerProblem(loss, 400, 5, 4, 90);
      const check = checkGradient(handWrittenLinear(integer), integer);
      expect(check.ok, check.report).toBe(true);
      // Exact kinks on integer data are not ambiguous (ties are, for Crammer–Singer).
      if (loss !== 'crammer-singer') expect(check.ambiguousTerms).toEqual([]);
    });
  }

  const planted: [LossName, LinearMistake, 'random' | 'integer'][] = [
    ['multiclass-hinge', 'true-class-included', 'random'],
    ['multiclass-hinge', 'mask-not-count', 'random'],
    ['multiclass-hinge', 'reg-convention', 'random'],
    ['multiclass-hinge', 'missing-mean', 'random'],
    ['multiclass-hinge', 'reg-divided-by-n', 'random'],
    ['multiclass-hinge', 'transposed-W', 'random'],
    ['multiclass-hinge', 'other-kink', 'integer'],
    ['multiclass-hinge', 'kink-tolerance', 'random'],
    ['crammer-singer', 'rival-includes-true', 'random'],
    ['crammer-singer', 'other-kink', 'integer'],
    ['ovr-hinge', 'weights-ignored', 'random'],
    ['ovr-hinge', 'other-kink', 'integer'],
    ['squared-hinge', 'squared-no-2', 'random'],
    ['ovr-squared-hinge', 'squared-no-2', 'random'],
    ['hinge', 'kink-tolerance', 'random'],
  ];
  for (const [loss, mistake, data] of planted) {
    it(`${loss}: catches '${mistake}'`, () => {
      const input = data === 'random' ? randomProblem(loss, 300, 7, 4, 81) : integerProblem(loss, 400, 5, 4, 91);
      const check = checkGradient(handWrittenLinear(input, mistake), input);
      expect(check.ok, check.report).toBe(false);
      expect(check.report).toMatch(/^FAILED/);
    });
  }

  it('Crammer–Singer: an exact tie is ambiguous, and either rival is accepted', () => {
    // Row 0: class 0 true (score 0), classes 1 and 2 tie at 0.5 (X = 0, scores = b).
    const input: LinearInput = { X: new Float32Array(2), y: new Int32Array([0]), W: new Float32Array(6), b: [0, 0.5, 0.5], loss: 'crammer-singer' };
    const lowest = handWrittenLinear(input);
    const check = checkGradient(lowest, input);
    expect(check.ok, check.report).toBe(true);
    expect(check.ambiguousTerms).toEqual([{ row: 0, class: 1 }, { row: 0, class: 2 }]);
    const highest = { ...lowest, db: Float32Array.of(-1, 0, 1) };
    expect(checkGradient(highest, input).ok).toBe(true);
    // The true class as the rival is not one of them.
    expect(checkGradient({ ...lowest, db: Float32Array.of(0, 0, 0), loss: 1 }, input).ok).toBe(false);
  });

  it('a term within rounding of its kink is ambiguous, and either side is accepted', () => {
    // Scores 0.1 + 0.2 (not exact in f32) against a margin that puts the argument at about 1e-17.
    const input: LinearInput = {
      X: new Float32Array([0.1, 0.2]), y: new Int32Array([0]), W: new Float32Array([0, 0, 1, 1]), b: [0.3, 0], loss: 'multiclass-hinge', margin: 0,
    };
    const check = checkGradient(handWrittenLinear(input), input);
    expect(check.ambiguousTerms).toEqual([{ row: 0, class: 1 }]);
    expect(check.ok, check.report).toBe(true);
    const otherSide = handWrittenLinear({ ...input, kink: 'include' });
    expect(checkGradient(otherSide, input).ok).toBe(true);
  });

  it('accepts a GPU that reads a subnormal x_ij as 0, whose terms in dW vanish with it', () => {
    // Scores near 2^40 make the squared hinge's slopes near 2^41, so column 0's terms, near 2^-89, are far above
    // what a flushed result could lose; λ = 0 leaves dW_0 to them.
    const base = randomProblem('squared-hinge', 200, 4, 1, 84);
    const input: LinearInput = {
      ...base, lambda: 0, W: Float32Array.from(base.W as Float32Array, (v) => v * 2 ** 40),
      X: Float32Array.from(base.X as Float32Array, (x, i) => (i % 4 === 0 ? Math.fround(x * 2 ** -130) : x)),
    };
    const flushedX = { ...input, X: Float32Array.from(input.X as Float32Array, (x, i) => (i % 4 === 0 ? 0 : x)) };
    const check = checkGradient(handWrittenLinear(flushedX), input);
    expect(check.ok, check.report).toBe(true);
    expect(checkGradient(handWrittenLinear(input), input).ok).toBe(true);
    expect(checkGradient(handWrittenLinear(flushedX, 'missing-mean'), input).ok).toBe(false);
  });

  it('accepts products that the int8 kernels may lose (flushedProductsBelow) only where the result declares it', () => {
    // Scores, biases and Δ near 2^-100: flushing w_0, every one of whose products is below 2^-95, moves the hinge terms visibly.
    const base = randomProblem('hinge', 300, 6, 1, 85);
    const tiny = (values: ArrayLike<number>) => Float32Array.from(values, (v) => v * 2 ** -100);
    const input: LinearInput = { ...base, W: tiny(base.W), b: tiny(base.b as Float32Array), margin: base.margin! * 2 ** -100 };
    for (let i = 0; i < 300; i++) expect(Math.abs(input.W[0] * input.X[i * 6])).toBeLessThan(2 ** -95);
    const flushed = handWrittenLinear({ ...input, W: Float32Array.from(input.W, (v, j) => (j === 0 ? 0 : v)) });
    const declared = { sumDepths: { rowSum: 300, dot: 7, flushedProductsBelow: 2 ** -95 } };
    const check = checkGradient(flushed, input, declared);
    expect(check.ok, check.report).toBe(true);
    expect(checkGradient(flushed, input, { sumDepths: { rowSum: 300, dot: 7 } }).ok).toBe(false);
    expect(checkGradient(handWrittenLinear(input, 'missing-mean'), input, declared).ok).toBe(false);
  });

  it('rejects a result of the wrong shape and unknown options', () => {
    const input = randomProblem('ovr-hinge', 20, 3, 3, 82);
    const correct = handWrittenLinear(input);
    expect(() => checkGradient({ ...correct, dW: correct.dW.slice(1) }, input)).toThrow(/result.dW has length 8 but C·d = 9/);
    expect(() => checkGradient({ ...correct, db: correct.db.slice(1) }, input)).toThrow(/result.db has length 2 but C = 3/);
    expect(() => checkGradient(correct, input, { depth: 1 } as never)).toThrow(/unknown option 'depth'/);
  });
});
