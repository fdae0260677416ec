// The doctor on the loss family: each CS231n-style mistake in a multiclass gradient is named, two
// at once are named as a pair with the component each explains, a correct gradient gets nothing,
// and the regulariser's convention is named with the λ it corresponds to.
import { describe, expect, it } from 'vitest';
import { diagnoseGradient, seededRandom } from '../src/index.js';
import type { LinearInput } from '../src/linear-input.js';
import type { LinearFindingKind } from '../src/linear-doctor.js';
import { handWrittenLinear, type LinearMistake } from './helpers/buggy-linear.js';
import { normalFrom } from '../src/synthetic.js';

function classProblem(integer: boolean, seed: number): LinearInput {
  const random = seededRandom(seed);
  const normal = normalFrom(random);
  const int = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const n = 200;
  const d = 6;
  const C = 4;
  return {
    X: Float32Array.from({ length: n * d }, () => (integer ? int(-2, 2) : normal())),
    y: Int32Array.from({ length: n }, () => int(0, C - 1)),
    W: Float32Array.from({ length: C * d }, () => (integer ? int(-1, 1) : normal() * 0.5)),
    b: Float32Array.from({ length: C }, () => (integer ? int(-1, 1) : normal() * 0.2)),
    loss: 'multiclass-hinge',
    lambda: 0.3,
  };
}

const mistakes: [LinearMistake, LinearFindingKind, boolean][] = [
  ['true-class-included', 'true-class-included', false],
  ['mask-not-count', 'mask-not-count', false],
  ['reg-convention', 'reg-convention', false],
  ['missing-mean', 'sum-not-mean', false],
  ['reg-divided-by-n', 'reg-divided-by-n', false],
  ['transposed-W', 'transposed-W', false],
  ['other-kink', 'other-kink-convention', true],
  ['kink-tolerance', 'epsilon-at-kink', false],
];

describe('diagnoseGradient on Weston–Watkins (CS231n)', () => {
  it('finds nothing in a correct gradient', () => {
    const input = classProblem(false, 111);
    expect(diagnoseGradient(input, handWrittenLinear(input))).toEqual({ ok: true, findings: [] });
  });

  for (const [mistake, kind, integer] of mistakes) {
    it(`names '${kind}' for the mistake '${mistake}'`, () => {
      const input = classProblem(integer, 112);
      const diagnosis = diagnoseGradient(input, handWrittenLinear(input, mistake));
      expect(diagnosis.ok).toBe(false);
      expect(diagnosis.findings.map((finding) => finding.kind)).toEqual([kind]);
    });
  }

  it('names the regulariser convention with the λ it corresponds to', () => {
    const input = classProblem(false, 113);
    const [finding] = diagnoseGradient(input, handWrittenLinear(input, 'reg-convention')).findings;
    expect(finding.message).toMatch(/lambda = 0\.6.*reg = λ\/2 = 0\.15/);
  });

  it('names two mistakes at once, each with the components it explains', () => {
    const input = classProblem(false, 114);
    const diagnosis = diagnoseGradient(input, handWrittenLinear(input, ['mask-not-count', 'reg-convention']));
    expect(diagnosis.findings.map((finding) => finding.kind)).toEqual(['mask-not-count', 'reg-convention']);
    // A mask for the count changes the true class's slope: dW and db; the convention: dW and the loss.
    expect(diagnosis.findings[0].evidence).toMatchObject({ explains: ['dW', 'db'], together: ['mask-not-count', 'reg-convention'] });
    expect(diagnosis.findings[1].evidence).toMatchObject({ explains: ['dW', 'loss'] });
  });

  it('says what differs when nothing fits', () => {
    const input = classProblem(false, 115);
    const correct = handWrittenLinear(input);
    const scrambled = { ...correct, dW: correct.dW.map((value, k) => (k === 5 ? value + 0.5 : value)) };
    const diagnosis = diagnoseGradient(input, scrambled);
    expect(diagnosis.findings.map((finding) => finding.kind)).toEqual(['unexplained']);
    expect(diagnosis.findings[0].message).toMatch(/dW differs; worst: dW\[5\]/);
  });
});
