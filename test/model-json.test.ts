// Models in scikit-learn's layout: JSON written by scikit-learn's LinearSVC (binary, one-vs-rest
// and Crammer–Singer, with labels that are not 0..C−1) predicts the same labels here, row for row;
// a model survives the round trip; bad JSON is named. Fixtures: scripts/sklearn-models.py.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decisionFunction, modelFromJson, modelToJson, predictLabels } from '../src/index.js';

interface Case {
  name: string;
  model: unknown;
  X: number[][];
  predictions: number[];
}
const { cases } = JSON.parse(readFileSync('data/fixtures/sklearn-models.json', 'utf8')) as { cases: Case[] };

describe("models written by scikit-learn's LinearSVC", () => {
  for (const { name, model, X, predictions } of cases) {
    it(`${name}: the same labels, row for row, and a lossless round trip`, () => {
      const loaded = modelFromJson(model);
      const rows = Float32Array.from(X.flat());
      expect(predictLabels(loaded, rows)).toEqual(predictions);
      expect(decisionFunction(loaded, rows)).toHaveLength(X.length * loaded.biases.length);
      expect(modelFromJson(JSON.parse(JSON.stringify(modelToJson(loaded))))).toEqual(loaded);
    });
  }

  it('two classes keep one row of weights, for the second class; more keep one per class', () => {
    const [binary, ovr] = cases.map((c) => modelFromJson(c.model));
    expect([binary.biases.length, binary.classes]).toEqual([1, [0, 1]]);
    expect([ovr.biases.length, ovr.classes]).toEqual([3, [3, 7, 11]]);
  });

  it('names what is wrong in a model file', () => {
    expect(() => modelFromJson({ intercept_: [0], classes_: [0, 1] })).toThrow(/coef_ must be an array of rows/);
    expect(() => modelFromJson({ coef_: [[1, 2], [3]], intercept_: [0, 0], classes_: [0, 1] })).toThrow(/coef_\[1\] must hold 2 finite numbers/);
    expect(() => modelFromJson({ coef_: [[1, 2]], intercept_: [0, 1], classes_: [0, 1] })).toThrow(/intercept_ must hold 1 finite numbers/);
    expect(() => modelFromJson({ coef_: [[1, 2]], intercept_: [0], classes_: [0, 1, 2] })).toThrow(/classes_ has 3 labels, but coef_'s 1 rows need 2/);
  });
});
