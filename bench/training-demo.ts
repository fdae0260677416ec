// The page's training demo: WDBC from data/wdbc.csv, trained on the GPU, the curves redrawn as
// each epoch ends.
import uPlot from 'uplot';
import { splitWdbc } from '../data/wdbc.js';
import { accuracy, predict, requestDevice, trainLinearSvm } from '../src/index.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = $('train-status');

function newChart(): uPlot {
  $('train-chart').replaceChildren();
  return new uPlot(
    {
      width: 900,
      height: 300,
      scales: { x: { time: false }, loss: { distr: 3 }, accuracy: { range: [0.8, 1] } },
      axes: [
        { label: 'epoch' },
        { scale: 'loss', label: 'training objective' },
        { scale: 'accuracy', side: 1, label: 'accuracy', grid: { show: false } },
      ],
      series: [
        { label: 'epoch' },
        { label: 'objective', scale: 'loss', stroke: '#1f6feb', width: 2 },
        { label: 'train accuracy', scale: 'accuracy', stroke: '#8250df', width: 1 },
        { label: 'test accuracy', scale: 'accuracy', stroke: '#11794b', width: 2 },
      ],
    },
    [[], [], [], []],
    $('train-chart'),
  );
}

let device: Promise<GPUDevice> | undefined;

$('train-run').addEventListener('click', async () => {
  const button = $<HTMLButtonElement>('train-run');
  button.disabled = true;
  try {
    device ??= requestDevice();
    const { train, test } = splitWdbc(await (await fetch('/data/wdbc.csv')).text());
    const chart = newChart();
    const curves: number[][] = [[], [], [], []];
    await trainLinearSvm(await device, train.X, train.y, {
      lambda: Number($<HTMLInputElement>('train-lambda').value),
      epochs: Number($<HTMLInputElement>('train-epochs').value),
      batchSize: Number($<HTMLInputElement>('train-batch').value),
      onProgress: (record, { w, b }) => {
        const testAccuracy = accuracy(predict(w, b, test.X), test.y);
        [record.epoch, record.loss, record.accuracy, testAccuracy].forEach((value, k) => curves[k].push(value));
        chart.setData(curves as uPlot.AlignedData);
        status.textContent =
          `epoch ${record.epoch}: objective ${record.loss.toFixed(5)}, ` +
          `train accuracy ${record.accuracy.toFixed(4)}, test accuracy ${testAccuracy.toFixed(4)}`;
      },
    });
  } catch (error) {
    status.textContent = `error: ${(error as Error).message}`;
  } finally {
    button.disabled = false;
  }
});
