// Training to the optimum, for every loss of the family: labels mapped to classes, row and class
// weights, the solver (solver.ts) fed by the GPU (LinearKernel) or by the float64 reference, and
// the model in scikit-learn's layout with its certificate.
import { validateLinearInput, type ValidLinearInput } from './linear-input.js';
import { LinearKernel } from './linear-kernel.js';
import { linearReferenceOf } from './linear-reference.js';
import { LOSSES, LOSS_NAMES, type LossName } from './losses.js';
import { solve, type Oracle, type SolverEpoch } from './solver.js';
import type { Kink } from './types.js';
import { STORAGES, storedX, type Storage } from './storage.js';
import { assertKnownKeys, describe } from './validate.js';

export interface FitOptions {
  loss?: LossName;
  /** λ > 0 of (1/n) Σ s_i ℓ_i + (λ/2)‖W‖². For scikit-learn's C: λ = 1/(C·n). Default 1e-3. */
  lambda?: number;
  /** Stop when the duality gap ≤ tol·objective (default 1e-4, as liblinear's tol). */
  tol?: number;
  /** Most gradient evaluations (each one pass over the data). Default 2000. */
  maxEpochs?: number;
  kink?: Kink;
  margin?: number;
  sampleWeight?: Float32Array;
  /** 'balanced': n / (C · count of the class), as scikit-learn's; or one weight per class, in `classes` order. */
  classWeight?: 'balanced' | number[];
  /** Compute the certificate every this many epochs (default 1; it costs a float64 pass on the CPU). */
  gapEvery?: number;
  onProgress?: (record: FitEpoch, current: { W: Float32Array; biases: Float32Array }) => void;
  /** How the GPU stores X (src/storage.ts): the model is then the optimum for the stored X̂, which the certificate uses. */
  storage?: Storage;
}

export interface FitEpoch extends SolverEpoch {
  /** The exact objective (also `objective`), the name the Pegasos history uses. */
  loss: number;
}

export interface LinearSvmModel {
  /** C×d (C = 1 for the binary losses). */
  W: Float32Array;
  biases: Float32Array;
  /** The original labels, sorted: the binary losses' −1 is classes[0] and +1 classes[1]. */
  classes: number[];
  loss: LossName;
  lambda: number;
  history: FitEpoch[];
  /** The final duality gap, and whether it reached tol·objective. */
  gap: number;
  objective: number;
  converged: boolean;
  /** The binary losses: W and biases[0]. */
  w?: Float32Array;
  b?: number;
}

export const FIT_OPTION_KEYS = ['loss', 'lambda', 'tol', 'maxEpochs', 'kink', 'margin', 'sampleWeight', 'classWeight', 'gapEvery', 'onProgress', 'solver', 'storage'];

/** The classes of y (sorted) and each row's label as the loss takes it (±1, or the class index). */
export function labelsForLoss(y: ArrayLike<number>, loss: LossName): { classes: number[]; labels: Float32Array | Int32Array } {
  const seen = new Set<number>();
  for (let i = 0; i < y.length; i++) {
    if (!Number.isInteger(y[i])) throw new Error(`y[${i}] = ${y[i]}: labels must be integers`);
    seen.add(y[i]);
  }
  const classes = [...seen].sort((a, b) => a - b);
  if (classes.length < 2) throw new Error(`y holds a single class (${classes[0]}): training needs at least two`);
  const index = new Map(classes.map((label, k) => [label, k]));
  if (LOSSES[loss].labels === 'sign') {
    if (classes.length > 2) throw new Error(`y holds ${classes.length} classes, but the '${loss}' loss is binary: use a multiclass loss`);
    return { classes, labels: Float32Array.from(y, (label) => (label === classes[1] ? 1 : -1)) };
  }
  return { classes, labels: Int32Array.from(y, (label) => index.get(label)!) };
}

function rowWeights(
  labels: Float32Array | Int32Array, classes: number[], sampleWeight: Float32Array | undefined, classWeight: FitOptions['classWeight'],
): Float32Array | undefined {
  if (classWeight === undefined) return sampleWeight;
  const n = labels.length;
  const classOf = (i: number) => (labels instanceof Float32Array ? (labels[i] > 0 ? 1 : 0) : labels[i]);
  let perClass: number[];
  if (classWeight === 'balanced') {
    const counts = new Array(classes.length).fill(0);
    for (let i = 0; i < n; i++) counts[classOf(i)]++;
    perClass = counts.map((count) => n / (classes.length * count));
  } else if (Array.isArray(classWeight)) {
    if (classWeight.length !== classes.length) {
      throw new Error(`classWeight has ${classWeight.length} weights but y holds ${classes.length} classes (${classes.join(', ')})`);
    }
    classWeight.forEach((weight, k) => {
      if (typeof weight !== 'number' || !(weight >= 0) || !Number.isFinite(weight)) throw new Error(`classWeight[${k}] is ${String(weight)}; weights must be finite and >= 0`);
    });
    perClass = classWeight;
  } else {
    throw new Error(`classWeight is ${describe(classWeight)}; it must be 'balanced' or an array of one weight per class`);
  }
  return Float32Array.from({ length: n }, (_, i) => (sampleWeight ? sampleWeight[i] : 1) * perClass[classOf(i)]);
}

interface Prepared {
  valid: ValidLinearInput;
  storage: Storage;
  classes: number[];
  labels: Float32Array | Int32Array;
  weights?: Float32Array;
  solverOptions: { tol: number; maxEpochs: number; gapEvery: number };
  onProgress: FitOptions['onProgress'];
}

function prepare(X: Float32Array, y: ArrayLike<number>, options: FitOptions): Prepared {
  assertKnownKeys(options, FIT_OPTION_KEYS, 'the training options');
  const { loss = 'hinge', lambda = 1e-3, tol = 1e-4, maxEpochs = 2000, kink = 'zero', margin = 1, gapEvery = 1, storage = 'f32' } = options;
  if (!STORAGES.includes(storage)) throw new Error(`unknown storage '${String(storage)}' (expected ${STORAGES.map((name) => `'${name}'`).join(', ')})`);
  if (!Object.hasOwn(LOSSES, loss)) throw new Error(`unknown loss '${String(loss)}' (expected ${LOSS_NAMES.map((name) => `'${name}'`).join(', ')})`);
  if (typeof tol !== 'number' || !(tol > 0)) throw new Error(`tol is ${String(tol)}; it must be a number > 0 (the gap relative to the objective)`);
  if (typeof lambda !== 'number' || !(lambda > 0) || !Number.isFinite(lambda)) {
    throw new Error(`lambda is ${String(lambda)}; the solver needs lambda > 0 (a strongly convex objective, and a finite dual for its certificate)`);
  }
  if (!Number.isInteger(maxEpochs) || maxEpochs < 1) throw new Error(`maxEpochs is ${String(maxEpochs)}; it must be a positive integer`);
  if (!Number.isInteger(gapEvery) || gapEvery < 1) throw new Error(`gapEvery is ${String(gapEvery)}; it must be a positive integer`);
  if (!(X instanceof Float32Array)) throw new TypeError(`X must be a Float32Array (n×d, row-major), got ${describe(X)}`);
  if (!y || typeof y.length !== 'number' || y.length === 0) throw new Error(`y must hold n labels, got ${describe(y)}`);
  const { classes, labels } = labelsForLoss(y, loss);
  const n = labels.length;
  if (X.length % n !== 0 || X.length === 0) throw new Error(`X has ${X.length} elements, not a positive multiple of n = y.length = ${n}`);
  const d = X.length / n;
  const C = LOSSES[loss].labels === 'sign' ? 1 : classes.length;
  const weights = rowWeights(labels, classes, options.sampleWeight, options.classWeight);
  const valid = validateLinearInput({
    X: storage === 'f32' ? X : storedX(X, d, storage), y: labels, W: new Float32Array(C * d), b: new Float32Array(C), lambda, loss, kink, margin, ...(weights ? { sampleWeight: weights } : {}),
  });
  return { valid, storage, classes, labels, weights, solverOptions: { tol, maxEpochs, gapEvery }, onProgress: options.onProgress };
}

async function fit(prepared: Prepared, oracle: Oracle, fallback?: Oracle): Promise<LinearSvmModel> {
  const { valid, classes, solverOptions, onProgress } = prepared;
  const result = await solve(valid, oracle, {
    ...solverOptions,
    ...(fallback ? { fallback } : {}),
    onEpoch: onProgress && ((record, W, biases) => onProgress({ ...record, loss: record.objective }, { W, biases })),
  });
  const binary = valid.loss.labels === 'sign';
  return {
    W: result.W, biases: result.biases, classes, loss: valid.loss.name, lambda: valid.lambda,
    history: result.history.map((record) => ({ ...record, loss: record.objective })),
    gap: result.certificate.gap, objective: result.certificate.objective, converged: result.converged,
    ...(binary ? { w: result.W, b: result.biases[0] } : {}),
  };
}

/** Trains on the GPU: every epoch's gradient from a resident LinearKernel. */
export async function fitLinearSvm(device: GPUDevice, X: Float32Array, y: ArrayLike<number>, options: FitOptions = {}): Promise<LinearSvmModel> {
  const prepared = prepare(X, y, options);
  const { valid, labels, weights, storage } = prepared;
  const kernel = new LinearKernel(device, { loss: valid.loss.name, classes: valid.C, smoothed: true });
  try {
    await kernel.setData(X, labels, { ...(weights ? { sampleWeight: weights } : {}), storage });
    const { lambda, kink, margin } = valid;
    const gpu = { evaluate: (W: Float32Array, b: Float32Array, smoothing: number) => kernel.run({ W, b, lambda, kink, margin, smoothing }), noise: 1e-6 };
    return await fit(prepared, gpu, float64Oracle(valid));
  } finally {
    kernel.destroy();
  }
}

/** The same solver with the float64 reference for every gradient. */
export async function fitLinearSvmCpu(X: Float32Array, y: ArrayLike<number>, options: FitOptions = {}): Promise<LinearSvmModel> {
  const prepared = prepare(X, y, options);
  const { valid } = prepared;
  return fit(prepared, float64Oracle(valid));
}

/** The float64 reference as the solver's oracle. */
function float64Oracle(valid: ValidLinearInput): Oracle {
  return {
    evaluate: async (W, b, smoothing) => linearReferenceOf({ ...valid, W, biases: Float64Array.from(b) }, smoothing),
    noise: 1e-14,
  };
}
