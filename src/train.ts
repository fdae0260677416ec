// trainLinearSvm: the default solver (fit-linear.ts: every loss, to a certified duality gap), or,
// with solver: 'pegasos', mini-batch subgradient descent on the binary hinge with the Pegasos step
// size η_t = 1/(λ t) (Shalev-Shwartz et al., 2011) and its projection onto ‖w‖ ≤ 1/√λ. Pegasos
// shuffles the rows once (seeded); each mini-batch keeps its rows resident on the GPU in a
// HingeKernel of its own, or, for data larger than the device holds in one buffer, streams through
// two kernels each epoch (runBatches); the batch order is reshuffled every epoch.
import { fitLinearSvm, fitLinearSvmCpu, type FitOptions, type LinearSvmModel } from './fit-linear.js';
import { HingeKernel } from './kernel.js';
import { hingeGradientCpu } from './reference.js';
import { runBatches } from './run-batches.js';
import { seededRandom } from './synthetic.js';
import type { Kink, Labels } from './types.js';
import { assertKnownKeys, validateData } from './validate.js';

/** Pegasos' options: solver: 'pegasos' and these. */
export interface PegasosOptions {
  solver: 'pegasos';
  /** Regularisation λ of the objective (1/n) Σ hinge + (λ/2)‖w‖². Default 1e-3. */
  lambda?: number;
  epochs?: number;
  batchSize?: number;
  seed?: number;
  /** Fraction of the rows held out for validation (0 to < 1). */
  validationSplit?: number;
  kink?: Kink;
  /** 'pegasos' (default): η_t = 1/(λ t); or a constant learning rate. */
  step?: 'pegasos' | number;
  /** Stop when the monitored loss (validation if any, else training) has not improved by minDelta for patience epochs; the best weights are returned. */
  earlyStopping?: { patience: number; minDelta?: number };
  /** Called after each epoch with its record and the weights at that point. */
  onProgress?: (record: EpochRecord, current: { w: Float32Array; b: number }) => void;
  /**
   * GPU training only: stream the batches through two kernels every epoch instead of keeping them
   * all resident. Default 'auto': stream when X is larger than the device's maxBufferSize.
   */
  stream?: boolean | 'auto';
}

export interface EpochRecord {
  epoch: number;
  /** Objective over the training rows at the end of the epoch. */
  loss: number;
  accuracy: number;
  valLoss?: number;
  valAccuracy?: number;
  /** Wall time of the epoch's updates, without the evaluation. */
  epochMs: number;
}

export interface TrainedSvm {
  w: Float32Array;
  b: number;
  history: EpochRecord[];
  /** Rows (indices into X) used for training and for validation. */
  trainRows: Int32Array;
  validationRows: Int32Array;
}

const OPTION_KEYS = ['solver', 'lambda', 'epochs', 'batchSize', 'seed', 'validationSplit', 'kink', 'step', 'earlyStopping', 'onProgress', 'stream'];

/** The default solver's options (fit-linear.ts), with solver: 'lbfgs' or none. */
export type TrainOptions = FitOptions & { solver?: 'lbfgs' };

/** Options that belong to Pegasos alone: given without solver: 'pegasos', they are an error that says so. */
const PEGASOS_ONLY = ['epochs', 'batchSize', 'seed', 'validationSplit', 'step', 'earlyStopping', 'stream'];

function checkSolver(options: object): 'pegasos' | 'lbfgs' {
  const { solver = 'lbfgs' } = options as { solver?: unknown };
  if (solver !== 'pegasos' && solver !== 'lbfgs') throw new Error(`unknown solver '${String(solver)}' (expected 'lbfgs', the default, or 'pegasos')`);
  if (solver === 'lbfgs') {
    const pegasosOnly = Object.keys(options).find((key) => PEGASOS_ONLY.includes(key));
    if (pegasosOnly) throw new Error(`${pegasosOnly} is an option of solver: 'pegasos'; the default solver takes tol and maxEpochs`);
  }
  return solver;
}

/** Labels from the sign of w·x + b (+1 at 0). */
export function predict(w: Float32Array, b: number, X: Float32Array): Int8Array {
  const d = w.length;
  if (d === 0 || X.length % d !== 0) throw new Error(`X has ${X.length} elements, not a multiple of d = w.length = ${d}`);
  const labels = new Int8Array(X.length / d);
  for (let i = 0; i < labels.length; i++) {
    let score = b;
    for (let j = 0; j < d; j++) score += w[j] * X[i * d + j];
    labels[i] = score >= 0 ? 1 : -1;
  }
  return labels;
}

export function accuracy(predicted: ArrayLike<number>, labels: ArrayLike<number>): number {
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) right++;
  return right / labels.length;
}

type Params = { w: Float32Array; b: number; lambda: number; kink: Kink };
type Gradient = { loss: number; dw: ArrayLike<number>; db: number };

/** Loss and gradient of one batch (or of the validation rows) at (w, b). */
interface GradientSource {
  run(params: Params): Promise<Gradient>;
  destroy(): void;
}

/** Evaluates batches in a given order, each at the parameters of that moment, results in turn. */
interface BatchRunner {
  each(order: ArrayLike<number>, params: () => Params, onResult: (result: Gradient, batch: number) => void): Promise<void>;
  destroy(): void;
}

/** Every batch keeps its own source (resident on the GPU, or the CPU reference). */
async function residentRunner(batches: Rows[], makeSource: (rows: Rows) => Promise<GradientSource>): Promise<BatchRunner> {
  const sources: GradientSource[] = [];
  try {
    for (const rows of batches) sources.push(await makeSource(rows));
  } catch (error) {
    for (const source of sources) source.destroy();
    throw error;
  }
  return {
    async each(order, params, onResult) {
      for (const k of Array.from(order)) onResult(await sources[k].run(params()), k);
    },
    destroy: () => sources.forEach((source) => source.destroy()),
  };
}

/** The batches stream through two kernels each time (runBatches). */
function streamingRunner(device: GPUDevice, batches: Rows[]): BatchRunner {
  return {
    each: (order, params, onResult) => {
      const sequence = Array.from(order);
      return runBatches(device, sequence.map((k) => batches[k]), params, (result, index) => onResult(result, sequence[index]));
    },
    destroy: () => {},
  };
}

interface Rows {
  X: Float32Array;
  y: Float32Array;
}

function gatherRows(X: Float32Array, labels: Float32Array, d: number, rows: Int32Array): Rows {
  const out = new Float32Array(rows.length * d);
  rows.forEach((row, k) => out.set(X.subarray(row * d, (row + 1) * d), k * d));
  return { X: out, y: Float32Array.from(rows, (row) => labels[row]) };
}

async function gpuSource(device: GPUDevice, rows: Rows): Promise<GradientSource> {
  const kernel = new HingeKernel(device);
  await kernel.setData(rows.X, rows.y);
  return { run: (params) => kernel.run(params), destroy: () => kernel.destroy() };
}

function cpuSource(rows: Rows): GradientSource {
  return { run: async (params) => hingeGradientCpu({ ...rows, ...params }), destroy: () => {} };
}

function shuffled(count: number, random: () => number): Int32Array {
  const order = Int32Array.from({ length: count }, (_, k) => k);
  for (let k = count - 1; k > 0; k--) {
    const other = Math.floor(random() * (k + 1));
    [order[k], order[other]] = [order[other], order[k]];
  }
  return order;
}

/**
 * Trains on the GPU: by default to a certified duality gap (any loss, labels any integers); with
 * solver: 'pegasos', the binary hinge by Pegasos, each mini-batch's gradient from the hinge kernel.
 */
export function trainLinearSvm(device: GPUDevice, X: Float32Array, y: ArrayLike<number>, options?: TrainOptions): Promise<LinearSvmModel>;
export function trainLinearSvm(device: GPUDevice, X: Float32Array, y: Labels, options: PegasosOptions): Promise<TrainedSvm>;
export async function trainLinearSvm(
  device: GPUDevice, X: Float32Array, y: ArrayLike<number>, options: TrainOptions | PegasosOptions = {},
): Promise<LinearSvmModel | TrainedSvm> {
  if (checkSolver(options) === 'lbfgs') return fitLinearSvm(device, X, y, options as FitOptions);
  return trainPegasos(device, X, y as Labels, options as PegasosOptions);
}

/** The same training with the float64 CPU reference for every gradient: the baseline. */
export function trainLinearSvmCpu(X: Float32Array, y: ArrayLike<number>, options?: TrainOptions): Promise<LinearSvmModel>;
export function trainLinearSvmCpu(X: Float32Array, y: Labels, options: PegasosOptions): Promise<TrainedSvm>;
export async function trainLinearSvmCpu(X: Float32Array, y: ArrayLike<number>, options: TrainOptions | PegasosOptions = {}): Promise<LinearSvmModel | TrainedSvm> {
  if (checkSolver(options) === 'lbfgs') return fitLinearSvmCpu(X, y, options as FitOptions);
  return trainPegasosCpu(X, y as Labels, options as PegasosOptions);
}

async function trainPegasos(device: GPUDevice, X: Float32Array, y: Labels, options: PegasosOptions): Promise<TrainedSvm> {
  const { stream = 'auto' } = options;
  if (stream !== 'auto' && typeof stream !== 'boolean') throw new Error(`stream is ${String(stream)}; it must be true, false or 'auto'`);
  const streaming = stream === 'auto' ? X.byteLength > device.limits.maxBufferSize : stream;
  const makeSource = (rows: Rows) => gpuSource(device, rows);
  return train(X, y, options, makeSource, (batches) => (streaming ? Promise.resolve(streamingRunner(device, batches)) : residentRunner(batches, makeSource)));
}

async function trainPegasosCpu(X: Float32Array, y: Labels, options: PegasosOptions): Promise<TrainedSvm> {
  if (options.stream !== undefined) throw new Error('stream is an option of GPU training (trainLinearSvm) only');
  const makeSource = async (rows: Rows) => cpuSource(rows);
  return train(X, y, options, makeSource, (batches) => residentRunner(batches, makeSource));
}

async function train(
  X: Float32Array, y: Labels, options: PegasosOptions, makeSource: (rows: Rows) => Promise<GradientSource>,
  makeRunner: (batches: Rows[]) => Promise<BatchRunner>,
): Promise<TrainedSvm> {
  assertKnownKeys(options, OPTION_KEYS, 'the training options');
  const {
    lambda = 1e-3, epochs = 20, batchSize = 256, seed = 1, validationSplit = 0, kink = 'zero', step = 'pegasos',
    earlyStopping, onProgress,
  } = options;
  const { n, d, labels } = validateData(X, y);
  if (!(lambda > 0) && step === 'pegasos') throw new Error(`lambda is ${lambda}; the Pegasos step 1/(λt) needs lambda > 0`);
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new Error(`lambda is ${lambda}; it must be a finite number >= 0`);
  if (!Number.isInteger(epochs) || epochs < 1) throw new Error(`epochs is ${epochs}; it must be a positive integer`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize is ${batchSize}; it must be a positive integer`);
  if (!(validationSplit >= 0 && validationSplit < 1)) throw new Error(`validationSplit is ${validationSplit}; it must be in [0, 1)`);
  if (step !== 'pegasos' && !(typeof step === 'number' && step > 0)) {
    throw new Error(`step is ${String(step)}; it must be 'pegasos' or a positive learning rate`);
  }
  if (earlyStopping) assertKnownKeys(earlyStopping, ['patience', 'minDelta'], 'earlyStopping');

  const random = seededRandom(seed);
  const order = shuffled(n, random);
  const validationCount = Math.floor(n * validationSplit);
  const trainRows = order.slice(0, n - validationCount);
  const validationRows = order.slice(n - validationCount);
  if (trainRows.length === 0) throw new Error('no rows left for training after the validation split');
  const train = gatherRows(X, labels, d, trainRows);
  const validation = validationCount > 0 ? gatherRows(X, labels, d, validationRows) : undefined;

  const batches: Rows[] = [];
  for (let first = 0; first < trainRows.length; first += batchSize) {
    const end = Math.min(first + batchSize, trainRows.length);
    batches.push({ X: train.X.subarray(first * d, end * d), y: train.y.subarray(first, end) });
  }
  const inOrder = batches.map((_, k) => k);
  let runner: BatchRunner | undefined;
  let validationSource: GradientSource | undefined;
  try {
    runner = await makeRunner(batches);
    if (validation) validationSource = await makeSource(validation);

    let w = new Float32Array(d);
    let b = 0;
    let t = 0;
    const history: EpochRecord[] = [];
    let best = { loss: Infinity, w, b, epoch: 0 };
    const radius = lambda > 0 ? 1 / Math.sqrt(lambda) : Infinity;
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const started = performance.now();
      await runner.each(shuffled(batches.length, random), () => ({ w, b, lambda, kink }), ({ dw, db }) => {
        t++;
        const eta = step === 'pegasos' ? 1 / (lambda * t) : step;
        const next = new Float32Array(d);
        let norm = 0;
        for (let j = 0; j < d; j++) {
          next[j] = w[j] - eta * dw[j];
          norm += next[j] * next[j];
        }
        const shrink = Math.min(1, radius / Math.sqrt(norm));
        if (shrink < 1) for (let j = 0; j < d; j++) next[j] *= shrink;
        w = next;
        b -= eta * db;
      });
      const epochMs = performance.now() - started;

      let loss = 0;
      await runner.each(inOrder, () => ({ w, b, lambda, kink }), (result, k) => {
        loss += (result.loss * batches[k].y.length) / trainRows.length;
      });
      const record: EpochRecord = { epoch, loss, accuracy: accuracy(predict(w, b, train.X), train.y), epochMs };
      if (validation && validationSource) {
        record.valLoss = (await validationSource.run({ w, b, lambda, kink })).loss;
        record.valAccuracy = accuracy(predict(w, b, validation.X), validation.y);
      }
      history.push(record);
      onProgress?.(record, { w, b });

      const monitored = record.valLoss ?? record.loss;
      if (monitored < best.loss - (earlyStopping?.minDelta ?? 0)) best = { loss: monitored, w, b, epoch };
      if (earlyStopping && epoch - best.epoch >= earlyStopping.patience) break;
    }
    const final = earlyStopping ? best : { w, b };
    return { w: final.w, b: final.b, history, trainRows, validationRows };
  } finally {
    runner?.destroy();
    validationSource?.destroy();
  }
}
