// LinearKernel: the loss family's resident kernel. X, y and the row weights stay on the GPU; each
// run uploads W (C×d) and the C biases and returns the loss, dW, db and the active terms over all
// classes. Every strategy computes every loss: each row's C scores become its terms by the loss's
// row rule (shaders/row_rule.wgsl).
import { HingeKernel, type HingeKernelOptions, type HingeRun, type SetDataOptions } from './kernel.js';
import { checkedBiases, type ClassLabels, type LinearInput } from './linear-input.js';
import { LOSSES, LOSS_NAMES, type LossName } from './losses.js';
import type { KernelPlan } from './plan.js';
import type { HingeSums, Kink, Reduction, SumDepths } from './types.js';
import { assertKnownKeys, describe } from './validate.js';

export interface LinearKernelOptions extends Pick<HingeKernelOptions, 'chunkBytes' | 'timestamps' | 'strategy' | 'smoothed'> {
  loss?: LossName;
  /** C: 1 for the binary losses (the default), the number of classes for the multiclass ones. */
  classes?: number;
}

export interface LinearRunParams {
  /** C×d: row c holds class c's weights. */
  W: Float32Array;
  /** C biases; a plain number when C = 1. */
  b: LinearInput['b'];
  lambda?: number;
  kink?: Kink;
  margin?: number;
  reduction?: Reduction;
  /** μ > 0 of the smoothed hinge (Huber), for a kernel made with smoothed: true. */
  smoothing?: number;
}

export interface LinearGradientResult {
  loss: number;
  /** C×d. */
  dW: Float32Array;
  /** C. */
  db: Float32Array;
  active: number;
  sumDepths: SumDepths;
  /** GPU time of the run, when the kernel was made with timestamps. */
  kernelMs?: number;
}

/** A run with reduction 'sum': the data term's sums over this kernel's rows, for combineLinearGradients. */
export interface LinearSums {
  reduction: 'sum';
  rows: number;
  lossSum: number;
  /** C×d: Σ_i s_i ∂ℓ_i/∂W. */
  dWSum: Float32Array;
  /** C. */
  dbSum: Float32Array;
  active: number;
  sumDepths: SumDepths;
}

export class LinearKernel {
  readonly loss: LossName;
  readonly classes: number;
  readonly #kernel: HingeKernel;

  constructor(device: GPUDevice, options: LinearKernelOptions = {}) {
    assertKnownKeys(options, ['loss', 'classes', 'chunkBytes', 'timestamps', 'strategy', 'smoothed'], 'the LinearKernel options');
    const { loss = 'hinge', classes, ...kernelOptions } = options;
    if (!Object.hasOwn(LOSSES, loss)) throw new Error(`unknown loss '${String(loss)}' (expected ${LOSS_NAMES.map((name) => `'${name}'`).join(', ')})`);
    const multiclass = LOSSES[loss].labels === 'class';
    if (multiclass && !(Number.isInteger(classes) && classes! >= 2)) {
      throw new Error(`the '${loss}' loss needs classes: the number of classes C, an integer ≥ 2 (got ${describe(classes)})`);
    }
    if (!multiclass && classes !== undefined && classes !== 1) {
      throw new Error(`the '${loss}' loss is binary (classes = 1), got classes = ${describe(classes)}: for classes use a multiclass loss`);
    }
    this.loss = loss;
    this.classes = multiclass ? classes! : 1;
    this.#kernel = new HingeKernel(device, { ...kernelOptions, loss, maxVectors: this.classes });
  }

  get device(): GPUDevice {
    return this.#kernel.device;
  }

  /** The layout chosen for the data in setData, or undefined before it. */
  get plan(): KernelPlan | undefined {
    return this.#kernel.plan;
  }

  /**
   * Uploads X (n×d, row-major), y (±1 for the binary losses, class indices 0..C−1 for the others)
   * and the row weights, replacing earlier data; calls take effect in the order they are made.
   */
  setData(X: Float32Array, y: ClassLabels, options: SetDataOptions = {}): Promise<void> {
    return this.#kernel.setData(X, y as Float32Array, undefined, options);
  }

  run(params: LinearRunParams & { reduction: 'sum' }): Promise<LinearSums>;
  run(params: LinearRunParams & { reduction?: 'mean' }): Promise<LinearGradientResult>;
  async run(params: LinearRunParams): Promise<LinearGradientResult | LinearSums> {
    assertKnownKeys(params, ['W', 'b', 'lambda', 'kink', 'margin', 'reduction', 'smoothing'], 'the LinearKernel.run parameters');
    const { W, b, reduction = 'mean', ...rest } = params;
    const C = this.classes;
    const d = this.#kernel.plan?.d;
    if (!(W instanceof Float32Array)) throw new TypeError(`W must be a Float32Array (C×d, row c for class c), got ${describe(W)}`);
    if (d !== undefined && W.length !== C * d) throw new Error(`W has ${W.length} elements but C·d = ${C}·${d} = ${C * d}`);
    const biases = Array.from(checkedBiases(b, C));
    const parts = (await this.#kernel.run({ W, b: biases, ...rest, reduction } as Parameters<HingeKernel['run']>[0])) as (HingeRun | HingeSums)[];
    return reduction === 'sum' ? addSums(parts as HingeSums[], d!) : addResults(parts as HingeRun[], d!);
  }

  destroy(): void {
    this.#kernel.destroy();
  }
}

/** The classes' rows, one after another: C×d. */
function stacked(rows: Float32Array[], d: number): Float32Array {
  const out = new Float32Array(rows.length * d);
  rows.forEach((row, c) => out.set(row, c * d));
  return out;
}

const total = (values: number[]) => values.reduce((sum, value) => sum + value, 0);

/** The classes' shares of one run: each holds its class's dW row, db and share of the loss. */
function addResults(parts: HingeRun[], d: number): LinearGradientResult {
  const { sumDepths, kernelMs } = parts[0];
  return {
    loss: total(parts.map((part) => part.loss)), dW: stacked(parts.map((part) => part.dw), d), db: Float32Array.from(parts, (part) => part.db),
    active: total(parts.map((part) => part.active)), sumDepths, ...(kernelMs === undefined ? {} : { kernelMs }),
  };
}

function addSums(parts: HingeSums[], d: number): LinearSums {
  const { rows, sumDepths } = parts[0];
  return {
    reduction: 'sum', rows, lossSum: total(parts.map((part) => part.lossSum)), dWSum: stacked(parts.map((part) => part.dwSum), d),
    dbSum: Float32Array.from(parts, (part) => part.dbSum), active: total(parts.map((part) => part.active)), sumDepths,
  };
}
