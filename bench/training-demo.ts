// The page's training demo: WDBC or digits from data/, trained on the GPU to a certified gap, the
// objective, the gap (log scale) and the train and test accuracy redrawn as each epoch ends.
import uPlot from 'uplot';
import { splitDataset, type DatasetName, type LabelledRows } from '../data/datasets.js';
import { predictLabels, requestDevice, trainLinearSvm, type LinearSvmModel, type LossName } from '../src/index.js';
import { LOSSES } from '../src/losses.js';
import { fillLossOptions } from './loss-options.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = $('train-status');

function newChart(): uPlot {
  $('train-chart').replaceChildren();
  return new uPlot(
    {
      width: 900,
      height: 300,
      scales: { x: { time: false }, value: { distr: 3 }, accuracy: { range: [0.5, 1] } },
      axes: [
        { label: 'epoch' },
        { scale: 'value', label: 'objective, gap (log)' },
        { scale: 'accuracy', side: 1, label: 'accuracy', grid: { show: false } },
      ],
      series: [
        { label: 'epoch' },
        { label: 'objective', scale: 'value', stroke: '#1f6feb', width: 2 },
        { label: 'gap', scale: 'value', stroke: '#cf222e', width: 2 },
        { label: 'train accuracy', scale: 'accuracy', stroke: '#8250df', width: 1 },
        { label: 'test accuracy', scale: 'accuracy', stroke: '#11794b', width: 2 },
      ],
    },
    [[], [], [], [], []],
    $('train-chart'),
  );
}

/** The share of held-out rows whose predicted label is theirs. */
function testAccuracy(W: Float32Array, biases: Float32Array, classes: number[], rows: LabelledRows): number {
  const predicted = predictLabels({ W, biases, classes }, rows.X);
  return predicted.filter((label, i) => label === rows.y[i]).length / rows.y.length;
}

let device: Promise<GPUDevice> | undefined;

fillLossOptions($<HTMLSelectElement>('train-loss'));

$('train-run').addEventListener('click', async () => {
  const button = $<HTMLButtonElement>('train-run');
  button.disabled = true;
  try {
    device ??= requestDevice();
    const data = $<HTMLSelectElement>('train-data').value as DatasetName;
    const loss = $<HTMLSelectElement>('train-loss').value as LossName;
    if (data === 'digits' && LOSSES[loss].labels === 'sign') throw new Error(`digits has 10 classes: pick a multiclass loss, not '${loss}'`);
    const { train, test } = splitDataset(data, await (await fetch(`/data/${data}.csv`)).text());
    const C = Number($<HTMLInputElement>('train-c').value);
    const lambda = 1 / (C * train.y.length);
    const chart = newChart();
    const curves: number[][] = [[], [], [], [], []];
    const classes = [...new Set(train.y)].sort((a, b) => a - b);
    const model: LinearSvmModel = await trainLinearSvm(await device, train.X, train.y, {
      loss, lambda, tol: Number($<HTMLInputElement>('train-tol').value),
      onProgress: (record, { W, biases }) => {
        const held = testAccuracy(W, biases, classes, test);
        [record.epoch, record.objective, Math.max(record.gap, 1e-12), record.accuracy, held].forEach((value, k) => curves[k].push(value));
        chart.setData(curves as uPlot.AlignedData);
        status.textContent = `epoch ${record.epoch}: objective ${record.objective.toPrecision(7)}, gap ${record.gap.toExponential(2)}, ` +
          `train accuracy ${record.accuracy.toFixed(4)}, test accuracy ${held.toFixed(4)}`;
      },
    });
    status.textContent += model.converged ? ` — gap below tol × objective (λ = ${lambda.toExponential(3)})` : ' — stopped at maxEpochs';
  } catch (error) {
    status.textContent = `error: ${(error as Error).message}`;
  } finally {
    button.disabled = false;
  }
});
