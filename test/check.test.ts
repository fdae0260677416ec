// The checker: it passes a correct f32 gradient, catches each planted mistake, and treats rows
// within rounding of the kink as ambiguous.
import { describe, expect, it } from 'vitest';
import { checkGradient, hingeGradientCpu, syntheticProblem } from '../src/index.js';
import { handWrittenGradient, type Mistake } from './helpers/buggy-gradients.js';
import { kinkProblem } from './helpers/data.js';

// Integer data with many margins of exactly 1 (so a kink mistake shows), λ > 0 and b ≠ 0.
const { X, y, w, b } = kinkProblem(400, 6, 3, 3);
const problem = { X, y, w, b, lambda: 0.5 };

describe('checkGradient', () => {
  it('passes a correct f32 gradient written by hand (any summation order assumed)', () => {
    const check = checkGradient(handWrittenGradient(problem), problem);
    expect(check.ok, check.report).toBe(true);
    expect(check.worstRatio).toBeLessThanOrEqual(1);
  });

  it('passes a correct gradient on random data of several magnitudes', () => {
    for (const xScale of [1e-10, 1, 1e10]) {
      const input = syntheticProblem({ n: 300, d: 9, seed: 21, xScale, lambda: 0.3 });
      const check = checkGradient(handWrittenGradient(input), input);
      expect(check.ok, check.report).toBe(true);
    }
  });

  const mistakes: Mistake[] = [
    'sign', 'sum-not-mean', 'epsilon-at-kink', 'missing-lambda-w', 'regularised-bias', 'db-over-all-rows', 'db-sign',
  ];
  for (const mistake of mistakes) {
    it(`catches the mistake '${mistake}'`, () => {
      const check = checkGradient(handWrittenGradient(problem, mistake), problem);
      expect(check.ok, check.report).toBe(false);
      expect(check.worstRatio).toBeGreaterThan(1);
      expect(check.report).toMatch(/^FAILED/);
    });
  }

  it("catches the other kink convention: 'include' data checked as 'zero'", () => {
    const include = hingeGradientCpu({ ...problem, kink: 'include' });
    const check = checkGradient(include, problem);
    expect(check.ok).toBe(false);
    expect(check.worst).not.toBe('loss'); // the hinge term is 0 at the kink either way
  });

  it('catches a wrong active count and a NaN', () => {
    const correct = handWrittenGradient(problem);
    expect(checkGradient({ ...correct, active: correct.active + 1 }, problem).worst).toBe('active');
    const withNaN = { ...correct, dw: correct.dw.map((v, j) => (j === 2 ? NaN : v)) };
    const check = checkGradient(withNaN, problem);
    expect(check.ok).toBe(false);
    expect(check.worstIndex).toBe(2);
  });

  it('catches the last active row left out of the sums (an off-by-one loop): an error of |x_ij| / n', () => {
    const input = syntheticProblem({ n: 1000, d: 4, seed: 22, lambda: 0.01 });
    const correct = handWrittenGradient(input);
    const reference = hingeGradientCpu(input);
    let last = input.y.length - 1;
    const margin = (i: number) => input.y[i] * (input.b + input.w.reduce((sum, wj, j) => sum + wj * input.X[i * 4 + j], 0));
    while (margin(last) >= 1) last--;
    // The row's part of dw is −y x / n; leaving it out adds y x / n back.
    const offByOne = {
      ...correct,
      dw: correct.dw.map((value, j) => Math.fround(value + (input.y[last] * input.X[last * 4 + j]) / 1000)),
      active: correct.active - 1,
    };
    expect(checkGradient(correct, input).ok).toBe(true);
    const check = checkGradient({ ...offByOne, active: correct.active }, input);
    expect(check.ok, check.report).toBe(false);
    expect(check.worst).toBe('dw');
    // The error is far below the gradient's own size, yet far beyond the rounding bound.
    const j = check.worstIndex;
    expect(Math.abs(offByOne.dw[j] - reference.dw[j])).toBeLessThan(0.05 * Math.max(...reference.dw.map(Math.abs)));
    // And the active count alone gives it away too.
    expect(checkGradient(offByOne, input).ok).toBe(false);
  });

  it('reports a row within rounding of the kink as ambiguous and accepts either class for it', () => {
    // Row 0: 0.1 and 0.9 are not exact in f32, so f32 may put the margin on either side of 1.
    const input = {
      X: new Float32Array([0.1, 0.9, 2, 2, -1, 0.5]),
      y: new Float32Array([1, 1, -1]),
      w: new Float32Array([1, 1]),
      b: 0,
    };
    const asActive = hingeGradientCpu({ ...input, kink: 'include' });
    const asInactive = hingeGradientCpu({ ...input, kink: 'zero' });
    // Whichever side float64 puts it on, a result that classes it either way is accepted.
    for (const result of [asActive, asInactive]) {
      const check = checkGradient(result, input);
      expect(check.ambiguousRows).toEqual([0]);
      expect(check.ok, check.report).toBe(true);
    }
  });

  it('does not call exact integer margins of 1 ambiguous', () => {
    const check = checkGradient(handWrittenGradient(problem), problem);
    expect(check.ambiguousRows).toEqual([]);
    expect(check.report).toContain('no row is within rounding of the kink');
  });

  it('accepts a GPU that reads a subnormal weight as 0, and only a subnormal one', () => {
    // Column 0 near 2^120 against w_0 near 2^-127: the product, about 2^-7, vanishes when w_0 is flushed.
    const base = syntheticProblem({ n: 300, d: 5, seed: 23, lambda: 0.1 });
    const X = Float32Array.from(base.X, (x, i) => (i % 5 === 0 ? x * 2 ** 120 : x));
    const withW0 = (w0: number) => ({ ...base, X, w: Float32Array.from(base.w, (v, j) => (j === 0 ? w0 : v)) });
    const flushedW = withW0(0);
    for (const w0 of [1.5 * 2 ** -127, -(2 ** -149)]) {
      const input = withW0(w0);
      const flushing = handWrittenGradient(flushedW);
      expect(checkGradient(flushing, input).ok, checkGradient(flushing, input).report).toBe(true);
      expect(checkGradient(handWrittenGradient(input), input).ok).toBe(true);
      expect(checkGradient(handWrittenGradient(flushedW, 'sign'), input).ok).toBe(false);
    }
    // The smallest normal weight is read as it is: dropping it is a bug.
    const normal = withW0(1.5 * 2 ** -126);
    expect(checkGradient(handWrittenGradient(flushedW), normal).ok).toBe(false);
  });

  it('takes no margin with a subnormal operand as exact: 2^-127 · 2^127 = 1 on the kink, or 0 flushed', () => {
    // Row 0's margin is exactly 1; the others' 0.
    const X = new Float32Array([2 ** 127, 1, 0, 2, 0, 3, 0, 4]);
    const input = { X, y: new Float32Array([1, 1, 1, 1]), w: new Float32Array([2 ** -127, 0]), b: 0, lambda: 0 };
    const check = checkGradient(handWrittenGradient(input), input);
    expect(check.ok, check.report).toBe(true);
    expect(check.ambiguousRows).toEqual([0]);
    const flushed = handWrittenGradient({ ...input, w: new Float32Array([0, 0]) });
    expect(checkGradient(flushed, input).ok).toBe(true);
  });

  it('an exact margin of 1 is ambiguous where the kernel multiplies rounded products (int8: w∘s by the codes)', () => {
    const declared = { rowSum: 400, dot: 8, productsRounded: true };
    const include = hingeGradientCpu({ ...problem, kink: 'include' });
    expect(checkGradient(include, problem, { sumDepths: { rowSum: 400, dot: 8 } }).ok).toBe(false);
    const check = checkGradient(include, problem, { sumDepths: declared });
    expect(check.ok, check.report).toBe(true);
    expect(check.ambiguousRows.length).toBeGreaterThan(0);
    expect(checkGradient(handWrittenGradient(problem, 'sign'), problem, { sumDepths: declared }).ok).toBe(false);
  });

  it('rejects unknown options and a dw of the wrong length', () => {
    const correct = handWrittenGradient(problem);
    expect(() => checkGradient(correct, problem, { depth: 3 } as never)).toThrow(/unknown option 'depth'/);
    expect(() => checkGradient({ ...correct, dw: correct.dw.slice(1) }, problem)).toThrow(/dw has length 5 but d = 6/);
  });
});
