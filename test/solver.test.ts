// The default solver (trainLinearSvm): on the GPU it reaches liblinear's objective, within 0.1%
// (below it where liblinear's dual solver stalls), and its test accuracy within a point (or above
// it, where liblinear stalls), at λ = 1/(C·n), each model certified by its duality gap: the breast
// cancer data with the hinge and the squared hinge, and digits with Crammer–Singer, the
// one-vs-rest hinge and the one-vs-rest squared hinge, at C = 0.01, 0.1, 1 and 10.
// Fixtures: scripts/sklearn-linearsvc-fixtures.py and scripts/sklearn-digits-fixtures.py.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { modelFromJson, modelToJson, predictLabels, syntheticProblem, trainLinearSvm, trainLinearSvmCpu, type LinearSvmModel } from '../src/index.js';
import { digitsSplit, wdbcSplit } from './helpers/datasets.js';
import { useDevice } from './helpers/gpu.js';

const gpu = useDevice();

interface Entry {
  loss: 'hinge' | 'squared-hinge' | 'crammer-singer' | 'ovr-hinge' | 'ovr-squared-hinge';
  C: number;
  lambda: number;
  objective: number;
  testAccuracy: number;
}
const fixtures = (name: string) => (JSON.parse(readFileSync(`data/fixtures/${name}-linearsvc.json`, 'utf8')) as { entries: Entry[] }).entries;

function accuracyOf(model: LinearSvmModel, rows: { X: Float32Array; y: Int32Array }): number {
  const predicted = predictLabels(model, rows.X);
  return predicted.filter((label, i) => label === rows.y[i]).length / rows.y.length;
}

for (const [name, split] of [['wdbc', wdbcSplit], ['digits', digitsSplit]] as const) {
  describe(`${name}: the targets against liblinear`, () => {
    const { train, test } = split();
    for (const entry of fixtures(name)) {
      it(`'${entry.loss}' at C = ${entry.C}: objective within 0.1% of liblinear's, test accuracy within a point, certified`, async () => {
        // The certificate costs a float64 pass on the CPU: every fifth epoch on digits.
        const gapEvery = name === 'digits' ? 5 : 1;
        const model = await trainLinearSvm(gpu.device(), train.X, train.y, { loss: entry.loss, lambda: entry.lambda, maxEpochs: 4000, gapEvery });
        expect(model.converged, `gap ${model.gap} at objective ${model.objective} after ${model.history.at(-1)!.epoch} epochs`).toBe(true);
        expect(model.gap).toBeLessThanOrEqual(1e-4 * model.objective);
        expect(model.objective).toBeLessThanOrEqual(entry.objective * (1 + 1e-3));
        // Within a point below liblinear's; above it only where liblinear stopped short of the optimum.
        const accuracy = accuracyOf(model, test);
        expect(accuracy).toBeGreaterThanOrEqual(entry.testAccuracy - 0.01);
        if (accuracy > entry.testAccuracy + 0.01) expect(model.objective).toBeLessThan(entry.objective * 0.999);
      });
    }
  });
}

describe('trainLinearSvm', () => {
  it('the GPU and the float64 CPU path reach the same optimum, each certified', async () => {
    const { train } = wdbcSplit();
    const options = { loss: 'hinge' as const, lambda: 1 / (0.1 * 455) };
    const onGpu = await trainLinearSvm(gpu.device(), train.X, train.y, options);
    const onCpu = await trainLinearSvmCpu(train.X, train.y, options);
    // Each objective is within its own gap of the optimum, so the two are within the larger gap.
    expect(Math.abs(onGpu.objective - onCpu.objective)).toBeLessThanOrEqual(Math.max(onGpu.gap, onCpu.gap));
    // One record per epoch.
    expect(onGpu.history.map((record) => record.epoch)).toEqual(onGpu.history.map((_, k) => k + 1));
  });

  it('certifies every loss at λ = 1e-6 within the default epochs, on the float64 path', async () => {
    // At λ = 1e-6 (C ≈ 700 on digits, 2200 on WDBC) the data are nearly separable: the optimum
    // is tiny (1.3e-5 for digits' pair losses), and rounding W to f32 alone costs more than tol.
    const cases = [
      [wdbcSplit, 'hinge'], [wdbcSplit, 'squared-hinge'], [digitsSplit, 'multiclass-hinge'], [digitsSplit, 'crammer-singer'],
      [digitsSplit, 'ovr-hinge'], [digitsSplit, 'ovr-squared-hinge'],
    ] as const;
    for (const [split, loss] of cases) {
      const { train } = split();
      const model = await trainLinearSvmCpu(train.X, train.y, { loss, lambda: 1e-6, gapEvery: 5 });
      expect(model.converged, `${loss}: gap ${model.gap} at ${model.objective} after ${model.history.at(-1)!.epoch} epochs`).toBe(true);
    }
  });

  it('maps any integer labels to sorted classes, and the model saves in scikit-learn\'s layout', async () => {
    const { train, test } = digitsSplit();
    const relabel = (y: Int32Array) => Int32Array.from(y, (digit) => 100 + 7 * digit);
    const model = await trainLinearSvm(gpu.device(), train.X, relabel(train.y), { loss: 'ovr-squared-hinge', lambda: 1e-3 });
    expect(model.classes).toEqual(Array.from({ length: 10 }, (_, k) => 100 + 7 * k));
    expect(model.W.length).toBe(10 * 64);
    const reloaded = modelFromJson(modelToJson(model));
    expect(predictLabels(reloaded, test.X)).toEqual(predictLabels(model, test.X));
    expect(accuracyOf(model, { X: test.X, y: relabel(test.y) })).toBeGreaterThan(0.9);
  });

  it('weights rows: class weights \'balanced\' equal sample weights of n/(C·count)', async () => {
    const problem = syntheticProblem({ n: 600, d: 6, seed: 3 });
    const y = Int32Array.from(problem.y, (label, i) => (label > 0 && i % 3 !== 0 ? 1 : -1)); // unbalanced
    const positives = y.filter((label) => label > 0).length;
    const balanced = await trainLinearSvmCpu(problem.X, y, { lambda: 0.01, classWeight: 'balanced', tol: 1e-6 });
    const sampleWeight = Float32Array.from(y, (label) => 600 / (2 * (label > 0 ? positives : 600 - positives)));
    const weighted = await trainLinearSvmCpu(problem.X, y, { lambda: 0.01, sampleWeight, tol: 1e-6 });
    expect(Math.abs(balanced.objective - weighted.objective)).toBeLessThanOrEqual(Math.max(balanced.gap, weighted.gap));
    const plain = await trainLinearSvmCpu(problem.X, y, { lambda: 0.01, tol: 1e-6 });
    expect(Math.abs(plain.objective - weighted.objective)).toBeGreaterThan(1e-3);
  });

  it('trains on X stored as bf16 and int8 within half a point of f32\'s test accuracy', async () => {
    for (const [split, loss, C] of [[wdbcSplit, 'hinge', 1], [digitsSplit, 'ovr-squared-hinge', 0.1]] as const) {
      const { train, test } = split();
      const lambda = 1 / (C * train.y.length);
      const f32 = await trainLinearSvm(gpu.device(), train.X, train.y, { loss, lambda });
      for (const storage of ['bf16', 'int8'] as const) {
        const model = await trainLinearSvm(gpu.device(), train.X, train.y, { loss, lambda, storage });
        expect(model.converged, `${loss} ${storage}`).toBe(true);
        expect(accuracyOf(model, test), `${loss} ${storage}`).toBeGreaterThanOrEqual(accuracyOf(f32, test) - 0.005);
      }
    }
  });

  it('names each bad input', async () => {
    const problem = syntheticProblem({ n: 50, d: 3, seed: 4 });
    const train = (options: object, y: ArrayLike<number> = problem.y, X = problem.X) => trainLinearSvm(gpu.device(), X, y, options);
    await expect(train({ tol: 0 })).rejects.toThrow(/tol is 0; it must be a number > 0/);
    await expect(train({ storage: 'fp8' })).rejects.toThrow(/unknown storage 'fp8'/);
    await expect(train({ tol: -1 })).rejects.toThrow(/tol is -1/);
    await expect(train({ lambda: 0 })).rejects.toThrow(/lambda is 0; the solver needs lambda > 0/);
    await expect(train({}, new Int32Array(50).fill(3))).rejects.toThrow(/y holds a single class \(3\)/);
    await expect(train({ classWeight: [1, 2, 3] })).rejects.toThrow(/classWeight has 3 weights but y holds 2 classes/);
    await expect(train({ loss: 'hinge' }, Int32Array.from({ length: 50 }, (_, i) => i % 3))).rejects.toThrow(/holds 3 classes, but the 'hinge' loss is binary/);
    const bad = problem.X.slice();
    bad[7] = NaN;
    await expect(train({}, problem.y, bad)).rejects.toThrow(/X contains NaN at row 2, column 1/);
    await expect(train({}, Float32Array.from(problem.y, (label, i) => (i === 4 ? 0.5 : label)))).rejects.toThrow(/y\[4\] = 0.5: labels must be integers/);
  });
});
