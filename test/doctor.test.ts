// The gradient doctor names each planted mistake, and finds nothing in a correct gradient.
import { describe, expect, it } from 'vitest';
import { diagnoseGradient, syntheticProblem, type FindingKind } from '../src/index.js';
import { handWrittenGradient, type Mistake } from './helpers/buggy-gradients.js';
import { kinkProblem } from './helpers/data.js';

// Integer data with many margins of exactly 1, λ > 0 and b ≠ 0.
const { X, y, w, b, kinkRows } = kinkProblem(400, 6, 3, 3);
const problem = { X, y, w, b, lambda: 0.5 };

const expected: [Mistake, FindingKind][] = [
  ['sign', 'y-sign-flipped'],
  ['y-dropped', 'y-sign-dropped'],
  ['sum-not-mean', 'sum-not-mean'],
  ['missing-lambda-w', 'lambda-missing'],
  ['doubled-lambda-w', 'lambda-doubled'],
  ['halved-lambda-w', 'lambda-halved'],
  ['regularised-bias', 'bias-regularised'],
  ['db-over-all-rows', 'db-over-all-rows'],
  ['transposed', 'transposed'],
];

describe('diagnoseGradient', () => {
  it('finds nothing in a correct gradient, with or without db and loss', () => {
    const correct = handWrittenGradient(problem);
    expect(diagnoseGradient(problem, correct)).toEqual({ ok: true, findings: [] });
    expect(diagnoseGradient(problem, { dw: correct.dw })).toEqual({ ok: true, findings: [] });
  });

  for (const [mistake, kind] of expected) {
    it(`names '${kind}' for a gradient written with the mistake '${mistake}'`, () => {
      const diagnosis = diagnoseGradient(problem, handWrittenGradient(problem, mistake));
      expect(diagnosis.ok).toBe(false);
      expect(diagnosis.findings.map((finding) => finding.kind)).toEqual([kind]);
      expect(diagnosis.findings[0].message.length).toBeGreaterThan(20);
    });
  }

  it("names the other kink convention and the rows where the conventions differ", () => {
    const diagnosis = diagnoseGradient(problem, handWrittenGradient(problem, 'include-kink'));
    expect(diagnosis.findings.map((finding) => finding.kind)).toEqual(['other-kink-convention']);
    const rows = diagnosis.findings[0].evidence.rowsAtKink as number[];
    expect(rows).toEqual(expect.arrayContaining(kinkRows));
    expect(diagnosis.findings[0].message).toMatch(/differ only on the rows with margin exactly 1: rows 0, 3, 6/);
  });

  it("names 'margin < 1 + eps' and estimates eps from the numbers", () => {
    const input = syntheticProblem({ n: 3000, d: 8, seed: 31, lambda: 0.01 });
    const eps = 0.05;
    const diagnosis = diagnoseGradient(input, handWrittenGradient(input, 'epsilon-at-kink', eps));
    expect(diagnosis.findings.map((finding) => finding.kind)).toEqual(['epsilon-at-kink']);
    const { epsLow, epsHigh, rows } = diagnosis.findings[0].evidence as { epsLow: number; epsHigh: number; rows: number[] };
    expect(rows.length).toBeGreaterThan(0);
    expect(epsLow).toBeLessThan(eps);
    expect(epsHigh).toBeGreaterThanOrEqual(eps);
  });

  it('says what differs and where when nothing in the catalogue fits', () => {
    const correct = handWrittenGradient(problem);
    const scrambled = { ...correct, dw: correct.dw.map((value, j) => (j === 4 ? value + 0.25 : value)) };
    const diagnosis = diagnoseGradient(problem, scrambled);
    expect(diagnosis.findings.map((finding) => finding.kind)).toEqual(['unexplained']);
    expect(diagnosis.findings[0].message).toMatch(/dw differs in 1 of 6 columns; worst: dw\[4\]/);
  });

  it("names 'db-sign-flipped' alone, and a data term with the wrong sign in both dw and db as two mistakes, each with its component", () => {
    const flippedDb = diagnoseGradient(problem, handWrittenGradient(problem, 'db-sign'));
    expect(flippedDb.findings.map((finding) => finding.kind)).toEqual(['db-sign-flipped']);
    const signDw = handWrittenGradient(problem, 'sign');
    const bothSigns = { ...signDw, db: handWrittenGradient(problem, 'db-sign').db };
    const diagnosis = diagnoseGradient(problem, bothSigns);
    expect(diagnosis.findings.map((finding) => [finding.kind, finding.evidence.explains])).toEqual([
      ['y-sign-flipped', ['dw']],
      ['db-sign-flipped', ['db']],
    ]);
    expect(diagnosis.findings[0].evidence.together).toEqual(['y-sign-flipped', 'db-sign-flipped']);
  });

  it('rejects a dw of the wrong length', () => {
    expect(() => diagnoseGradient(problem, { dw: [1, 2] })).toThrow(/theirs.dw must have d = 6 entries, got 2/);
  });
});
