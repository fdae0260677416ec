// npm run bench:targets — the solver's targets against liblinear, every case: the breast cancer
// data (hinge, squared hinge) and digits (Crammer–Singer, one-vs-rest hinge and squared hinge) at
// λ = 1/(C·n), C = 0.01, 0.1, 1, 10, on the GPU (Dawn in Node). Writes bench/results/targets.json:
// per case our objective, certified gap, epochs (those on the float64 fallback, and face solves), seconds and
// test accuracy, beside liblinear's objective and test accuracy from the committed fixtures.
// Flags: --max-epochs (default 8000), --out FILE.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { splitDataset, type DatasetName } from '../data/datasets.js';
import { describeAdapter, predictLabels, requestDevice, trainLinearSvm, type LossName } from '../src/index.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const maxEpochs = Number(flag('max-epochs', '8000'));
const out = flag('out', 'bench/results/targets.json');

interface Entry { loss: LossName; C: number; lambda: number; objective: number; testAccuracy: number }
const device = await requestDevice();
const cases = [];
for (const [data, fixture] of [['wdbc', 'wdbc-linearsvc'], ['digits', 'digits-linearsvc']] as const) {
  const { train, test } = splitDataset(data as DatasetName, readFileSync(`data/${data}.csv`, 'utf8'));
  const entries = (JSON.parse(readFileSync(`data/fixtures/${fixture}.json`, 'utf8')) as { entries: Entry[] }).entries;
  for (const entry of entries) {
    const started = performance.now();
    const model = await trainLinearSvm(device, train.X, train.y, { loss: entry.loss, lambda: entry.lambda, maxEpochs, gapEvery: data === 'digits' ? 5 : 1 });
    const seconds = (performance.now() - started) / 1000;
    const predicted = predictLabels(model, test.X);
    const testAccuracy = predicted.filter((label, i) => label === test.y[i]).length / test.y.length;
    const result = {
      data, loss: entry.loss, C: entry.C, lambda: entry.lambda,
      objective: model.objective, relativeGap: model.gap / model.objective, converged: model.converged,
      epochs: model.history.at(-1)!.epoch, float64Epochs: model.history.filter((record) => record.fallback).length,
      faceSolves: model.history.filter((record) => record.faceSolve).length, seconds, testAccuracy,
      liblinear: { objective: entry.objective, testAccuracy: entry.testAccuracy },
      objectiveOverLiblinear: model.objective / entry.objective,
    };
    cases.push(result);
    console.log(`${data} ${entry.loss} C=${entry.C}: objective ${model.objective.toPrecision(7)} (${result.objectiveOverLiblinear.toFixed(4)}× liblinear's), ` +
      `gap ${result.relativeGap.toExponential(2)}${model.converged ? ' ✓' : ' (not reached)'}, ${result.epochs} epochs (${result.float64Epochs} float64, ${result.faceSolves} face solves), ` +
      `${seconds.toFixed(1)} s, test ${testAccuracy.toFixed(4)} (liblinear ${entry.testAccuracy.toFixed(4)})`);
  }
}
const adapter = describeAdapter(device);
device.destroy();
mkdirSync('bench/results', { recursive: true });
writeFileSync(out, JSON.stringify({ adapter, maxEpochs, cases, createdAt: new Date().toISOString() }, null, 2));
console.log(`wrote ${out}`);
