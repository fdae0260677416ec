// Streaming batches through two kernels: the same results as a kernel per batch, a loader that
// refills one array, parameters that follow each result, bad batches named, and the trainer's
// streaming mode giving the same model as its resident one.
import { describe, expect, it } from 'vitest';
import { HingeKernel, runBatches, syntheticProblem, trainLinearSvm, type Batch, type HingeRun } from '../src/index.js';
import { useDevice } from './helpers/gpu.js';

const gpu = useDevice();
const d = 24;
const problem = syntheticProblem({ n: 5000, d, seed: 51, lambda: 0.01 });
/** Batches of 1200 rows, the last of 200. */
const batches: Batch[] = Array.from({ length: 5 }, (_, k) => ({
  X: problem.X.subarray(k * 1200 * d, Math.min(5000, (k + 1) * 1200) * d),
  y: problem.y.subarray(k * 1200, Math.min(5000, (k + 1) * 1200)),
}));
const params = { w: problem.w, b: problem.b, lambda: problem.lambda };
const bits = (values: Float32Array) => Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length));

async function onePerBatch(paramsOf: (index: number) => typeof params): Promise<HingeRun[]> {
  const results: HingeRun[] = [];
  for (const [index, batch] of batches.entries()) {
    const kernel = new HingeKernel(gpu.device());
    await kernel.setData(batch.X, batch.y);
    results.push(await kernel.run(paramsOf(index)));
    kernel.destroy();
  }
  return results;
}

describe('runBatches', () => {
  it('gives each batch the result of a kernel of its own, bitwise', async () => {
    const streamed: HingeRun[] = [];
    await runBatches(gpu.device(), batches, () => params, (result) => void streamed.push(result));
    const alone = await onePerBatch(() => params);
    expect(streamed.map((r) => bits(r.dw))).toEqual(alone.map((r) => bits(r.dw)));
    expect(streamed.map((r) => r.loss)).toEqual(alone.map((r) => r.loss));
  });

  it('takes a loader that refills one array, and asks for each batch’s parameters after the last result', async () => {
    const buffer = { X: new Float32Array(1200 * d), y: new Float32Array(1200) };
    async function* loader() {
      for (const batch of batches) {
        const X = buffer.X.subarray(0, batch.X.length);
        const y = buffer.y.subarray(0, batch.y.length);
        X.set(batch.X);
        y.set(batch.y);
        yield { X, y };
      }
    }
    // Each batch's w depends on the previous result, as a trainer's step would.
    const ws: Float32Array[] = [problem.w];
    const streamed: HingeRun[] = [];
    await runBatches(gpu.device(), loader(), (index) => ({ ...params, w: ws[index] }), (result) => {
      streamed.push(result);
      ws.push(ws.at(-1)!.map((value, j) => value - 0.5 * result.dw[j]));
    });
    const alone = await onePerBatch((index) => ({ ...params, w: ws[index] }));
    expect(streamed.map((r) => bits(r.dw))).toEqual(alone.map((r) => bits(r.dw)));
  });

  it('names the batch, row and column of a non-finite value', async () => {
    const bad = batches.map((batch) => ({ X: batch.X.slice(), y: batch.y }));
    bad[3].X[7 * d + 2] = Infinity;
    const seen: number[] = [];
    await expect(runBatches(gpu.device(), bad, () => params, (_, index) => void seen.push(index)))
      .rejects.toThrow('batch 3: X contains Infinity at row 7, column 2 (index 170)');
    expect(seen).toEqual([0, 1, 2]);
  });
});

describe('trainLinearSvm with stream: true', () => {
  it('streams its batches each epoch and reaches the same model as resident training, bitwise', async () => {
    const options = { solver: 'pegasos' as const, lambda: 0.01, epochs: 3, batchSize: 700, seed: 9, validationSplit: 0.2 };
    const resident = await trainLinearSvm(gpu.device(), problem.X, problem.y, { ...options, stream: false });
    const streamed = await trainLinearSvm(gpu.device(), problem.X, problem.y, { ...options, stream: true });
    expect(bits(streamed.w)).toEqual(bits(resident.w));
    expect(streamed.b).toBe(resident.b);
    expect(streamed.history.map((r) => r.loss)).toEqual(resident.history.map((r) => r.loss));
    await expect(trainLinearSvm(gpu.device(), problem.X, problem.y, { solver: 'pegasos', stream: 'yes' as never })).rejects.toThrow(/stream is yes/);
  });
});
