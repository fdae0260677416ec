// The loss family's float64 reference, held to things other than its own definition: the binary
// hinge reference, central differences of its own loss (exact here: dyadic weights and steps, and
// a central difference is exact for piecewise quadratics between kinks), identities between the
// losses at C = 2, weights against duplicated rows, and the tie and kink rules.
import { describe, expect, it } from 'vitest';
import { hingeGradientCpu, seededRandom, syntheticProblem } from '../src/index.js';
import type { LinearInput } from '../src/linear-input.js';
import { linearGradientCpu } from '../src/linear-reference.js';
import { LOSS_NAMES, type LossName } from '../src/losses.js';
import { normalFrom } from '../src/synthetic.js';

const MULTICLASS: LossName[] = ['multiclass-hinge', 'crammer-singer', 'ovr-hinge', 'ovr-squared-hinge'];

/** n×d Gaussian X, class labels, and W and b on a grid of 2⁻¹⁰ (exact in f32 with room for steps of 2⁻¹⁴). */
function classProblem(n: number, d: number, C: number, seed: number) {
  const random = seededRandom(seed);
  const normal = normalFrom(random);
  const dyadic = () => Math.round(normal() * 512) / 1024;
  const X = Float32Array.from({ length: n * d }, normal);
  const y = Int32Array.from({ length: n }, () => Math.floor(random() * C));
  const W = Float32Array.from({ length: C * d }, dyadic);
  const b = Float32Array.from({ length: C }, dyadic);
  const sampleWeight = Float32Array.from({ length: n }, () => Math.round(random() * 8) / 4);
  return { X, y, W, b, sampleWeight };
}

function binaryProblem(n: number, d: number, seed: number) {
  const { X, y, W, b, sampleWeight } = classProblem(n, d, 1, seed);
  return { X, y: Float32Array.from(y, (_, i) => (X[i * d] > 0 ? 1 : -1)), W, b, sampleWeight };
}

describe('linearGradientCpu', () => {
  it("'hinge' equals hingeGradientCpu bitwise, for both kinks", () => {
    const problem = syntheticProblem({ n: 500, d: 7, seed: 71, lambda: 0.2 });
    for (const kink of ['zero', 'include'] as const) {
      const binaryReference = hingeGradientCpu({ ...problem, kink });
      const family = linearGradientCpu({ X: problem.X, y: problem.y, W: problem.w, b: problem.b, lambda: 0.2, kink });
      expect(family.loss).toBe(binaryReference.loss);
      expect(Array.from(family.dW)).toEqual(Array.from(binaryReference.dw));
      expect(family.db[0]).toBe(binaryReference.db);
      expect(family.active).toBe(binaryReference.active);
    }
  });

  for (const loss of LOSS_NAMES) {
    it(`${loss}: dW and db are the central differences of the loss (weighted rows, λ > 0, Δ ≠ 1)`, () => {
      const C = MULTICLASS.includes(loss) ? 5 : 1;
      const problem = C === 1 ? binaryProblem(60, 4, 72) : classProblem(60, 4, C, 73);
      const input: LinearInput = { ...problem, loss, lambda: 0.25, margin: 0.75 };
      const analytic = linearGradientCpu(input);
      const h = 2 ** -14;
      const at = (field: 'W' | 'b', k: number, step: number) => {
        const moved = { W: problem.W.slice(), b: (problem.b as Float32Array).slice() };
        moved[field][k] += step;
        return linearGradientCpu({ ...input, ...moved });
      };
      const coordinates: ['W' | 'b', number, number][] = [
        ...Array.from(problem.W, (_, k) => ['W', k, analytic.dW[k]] as ['W', number, number]),
        ...Array.from(problem.b as Float32Array, (_, c) => ['b', c, analytic.db[c]] as ['b', number, number]),
      ];
      for (const [field, k, derivative] of coordinates) {
        const up = at(field, k, h);
        const down = at(field, k, -h);
        // No term crossed a kink within the step (else the difference would not be the derivative).
        expect([up.active, down.active]).toEqual([analytic.active, analytic.active]);
        expect(Math.abs((up.loss - down.loss) / (2 * h) - derivative)).toBeLessThan(1e-9);
      }
    });
  }

  it('C = 2: Crammer–Singer and Weston–Watkins are the binary hinge on w₁ − w₀; one-vs-rest is two binary hinges', () => {
    const { X, y, W, b } = classProblem(300, 6, 2, 74);
    const d = 6;
    const signs = Float32Array.from(y, (label) => (label === 1 ? 1 : -1));
    const difference = Float32Array.from({ length: d }, (_, j) => W[d + j] - W[j]);
    const binary = linearGradientCpu({ X, y: signs, W: difference, b: b[1] - b[0] });
    for (const loss of ['crammer-singer', 'multiclass-hinge'] as const) {
      const family = linearGradientCpu({ X, y, W, b, loss });
      expect(family.loss).toBeCloseTo(binary.loss, 12);
      expect(family.active).toBe(binary.active);
      for (let j = 0; j < d; j++) {
        expect(family.dW[d + j]).toBeCloseTo(binary.dW[j], 12);
        expect(family.dW[j]).toBeCloseTo(-binary.dW[j], 12);
      }
      expect(family.db[1]).toBeCloseTo(binary.db[0], 12);
    }
    const ovr = linearGradientCpu({ X, y, W, b, loss: 'ovr-hinge' });
    const forClass1 = linearGradientCpu({ X, y: signs, W: W.subarray(d), b: b[1] });
    const forClass0 = linearGradientCpu({ X, y: signs.map((s) => -s), W: W.subarray(0, d), b: b[0] });
    expect(ovr.loss).toBeCloseTo(forClass1.loss + forClass0.loss, 12);
    expect(Array.from(ovr.dW)).toEqual([...forClass0.dW, ...forClass1.dW]);
    expect(ovr.active).toBe(forClass0.active + forClass1.active);
  });

  it('a weight of 2 on a row is that row twice (the sums n·ℓ and n·dW)', () => {
    for (const loss of LOSS_NAMES) {
      const C = MULTICLASS.includes(loss) ? 3 : 1;
      const problem = C === 1 ? binaryProblem(40, 3, 75) : classProblem(40, 3, C, 76);
      const weights = new Float32Array(40).fill(1);
      weights[7] = 2;
      const weighted = linearGradientCpu({ ...problem, sampleWeight: weights, loss });
      const X = new Float32Array([...problem.X, ...problem.X.subarray(21, 24)]);
      const y = C === 1 ? Float32Array.from([...problem.y, problem.y[7]]) : Int32Array.from([...problem.y, problem.y[7]]);
      const duplicated = linearGradientCpu({ X, y, W: problem.W, b: problem.b, loss });
      expect(weighted.loss * 40).toBeCloseTo(duplicated.loss * 41, 10);
      weighted.dW.forEach((value, k) => expect(value * 40).toBeCloseTo(duplicated.dW[k] * 41, 10));
    }
  });

  it('Crammer–Singer takes the lowest index among tied rivals; each kink convention decides terms exactly on it', () => {
    // Scores (b only, X = 0): class 0 the label; classes 1 and 3 tie at the top.
    const base = { X: new Float32Array(2), y: new Int32Array([0]), W: new Float32Array(4 * 2), loss: 'crammer-singer' as const };
    const tied = linearGradientCpu({ ...base, b: [0, 0.5, 0.25, 0.5] });
    expect(Array.from(tied.db)).toEqual([-1, 1, 0, 0]);
    // Δ + s_rival − s_y = 1 + 0 − 1 = 0 exactly: active with 'include', not with 'zero'.
    const onKink = { ...base, loss: 'multiclass-hinge' as const, b: [1, 0, -5, -5] };
    expect(linearGradientCpu(onKink).active).toBe(0);
    expect(Array.from(linearGradientCpu({ ...onKink, kink: 'include' }).db)).toEqual([-1, 1, 0, 0]);
  });
});

describe('linearGradientCpu rejects bad input, naming the field', () => {
  const multi = classProblem(4, 3, 3, 77);
  const binary = binaryProblem(4, 3, 78);
  const bad: [string, LinearInput, RegExp][] = [
    ['a label out of range', { ...multi, loss: 'ovr-hinge', y: new Int32Array([0, 3, 1, 2]) }, /y\[1\] = 3 is out of range: .*class indices 0..2/],
    ['a label that is not an integer', { ...multi, loss: 'crammer-singer', y: new Float32Array([0, 1.5, 1, 2]) }, /y\[1\] = 1.5 is not an integer/],
    ['±1 labels for a multiclass loss', { ...multi, loss: 'multiclass-hinge', y: new Int32Array([1, -1, 1, 1]) }, /y\[1\] = -1 is out of range.*±1 labels need a binary loss/],
    ['class indices for a binary loss', { ...binary, y: new Int32Array([0, 1, 1, 0]) }, /y\[0\] = 0: the 'hinge' loss takes labels -1 or \+1 \(class indices need a multiclass loss\)/],
    ["W's length not C·d", { ...multi, loss: 'ovr-hinge', W: new Float32Array(7) }, /W has 7 elements, not a positive multiple of d = 3/],
    ['several weight vectors for a binary loss', { ...binary, W: new Float32Array(6), b: [0, 0] }, /binary and takes one \(C = 1\)/],
    ["b's length not C", { ...multi, loss: 'ovr-hinge', b: [0, 0] }, /b has 2 biases but W holds C = 3 classes/],
    ['a negative weight', { ...binary, sampleWeight: new Float32Array([1, -1, 1, 1]) }, /sampleWeight\[1\] is -1; weights must be finite and >= 0/],
    ['a NaN weight', { ...binary, sampleWeight: new Float32Array([1, 1, NaN, 1]) }, /sampleWeight\[2\] is NaN/],
    ['weights of the wrong length', { ...binary, sampleWeight: new Float32Array(3) }, /sampleWeight has 3 weights but there are n = 4 rows/],
    ['an unknown loss', { ...binary, loss: 'hinge2' as LossName }, /unknown loss 'hinge2' \(expected 'hinge', 'squared-hinge'/],
    ['an unknown option', { ...binary, lamda: 1 } as LinearInput, /unknown option 'lamda' in the input/],
    ['a negative margin', { ...binary, margin: -1 }, /margin is -1/],
  ];
  for (const [what, input, message] of bad) {
    it(what, () => expect(() => linearGradientCpu(input)).toThrow(message));
  }
});
