// HingeKernel: X and y resident on the GPU; each run uploads only the weights and a few scalars.
import { fixedSubgroupSize, isSoftwareAdapter } from './device.js';
import { onLiveDevice, watchDevice } from './device-loss.js';
import { ReadbackPacer } from './readback-pacer.js';
import { checkedWeights, kernelLabels } from './linear-input.js';
import { packStruct, PARAMS, REDUCE_PARAMS, structBytes } from './layout.js';
import { LOSSES, type LossName } from './losses.js';
import { hasF16Subnormal, int8CodeUnit, int8Scales, packRows, STORAGES, STORAGE_VEC4_BYTES, type Storage } from './storage.js';
import { COUPLED_LOSSES, hingePipelines, LOSS_CODES, type HingePipelines, type PassPipeline } from './pipelines.js';
import {
  finishesOnGpu, finishResults, firstFlagged, NONE_FOUND, stagingLayout, STATS_BYTES, TIMESTAMP_BYTES, timestampMs, type StagingLayout,
} from './run-results.js';
import { BYTES_PER_VEC4, chunkWorkgroups, planKernel, reduceWorkgroups, STRATEGIES, type Chunk, type KernelPlan, type Strategy } from './plan.js';
import type { HingeManyParams, HingeParams, HingeResult, HingeSums, Kink, Labels, Reduction } from './types.js';
import { assertKnownKeys, firstNonFinite, nonFiniteMessage, validateManyParams, validateParams, validateReduction, validateShape } from './validate.js';

export interface HingeKernelOptions {
  /** Largest chunk of X in bytes; X is split into chunks no larger (default: 256 MiB, or less where the device's limits are lower). */
  chunkBytes?: number;
  /** Time each run's kernels with timestamp queries (when the device has 'timestamp-query'). */
  timestamps?: boolean;
  /**
   * 'auto' (default): on software GPUs 'narrow' for rows of up to 48 columns, else 'subgroup' where
   * rows fit and the adapter has subgroups, else 'narrow' up to 256 columns, else 'two-pass'; on
   * hardware GPUs, for one vector, 'subgroup' for rows of at least a subgroup's lanes of vec4 (128
   * columns on 32 lanes), else 'fused' where rows fit, and 'two-pass' for several vectors or rows
   * fused cannot hold.
   */
  strategy?: Strategy | 'auto';
  /** Most weight vectors one run takes (default 1). */
  maxVectors?: number;
  /**
   * The loss the kernels compute (shaders/loss.wgsl, shaders/row_terms.wgsl): 'hinge' (default) or
   * 'squared-hinge' on ±1 labels. A multiclass loss takes class indices 0..maxVectors − 1 and runs
   * over all maxVectors = C classes at once, each result holding one class's share (LinearKernel
   * adds them up). Every strategy takes every loss.
   */
  loss?: LossName;
  /** Runs take `smoothing: μ > 0`, which smooths every hinge term (Huber; the solver's). */
  smoothed?: boolean;
}

/** What run() returns: the result, plus the GPU time when the kernel was made with timestamps. */
export interface HingeRun extends HingeResult {
  /** GPU time of the whole run (all K vectors when there are several). */
  kernelMs?: number;
}

/**
 * Drivers may refuse a single allocation well below maxBufferSize (SwiftShader refuses 1 GiB
 * while reporting 1 GiB as its limit); chunks of this size cost a few extra dispatches at most.
 */
const DEFAULT_CHUNK_BYTES = 256 << 20;
const PARAMS_BYTES = structBytes(PARAMS);
const REDUCE_PARAMS_BYTES = structBytes(REDUCE_PARAMS);
const CHECK_PARAMS_BYTES = 16; // CheckParams of find_nonfinite.wgsl, padded to 16
/** find_nonfinite.wgsl: vec4s each invocation reads, at least (more where a dispatch would exceed its limit). */
const CHECK_BLOCK = 256;

const ONE_PASS_NAMES = ['narrow', 'subgroup', 'fused'] as const;
type PassName = (typeof ONE_PASS_NAMES)[number] | 'scores' | 'rowTerms' | 'gradient';

/** One dispatch of a chunk's passes over X. */
interface Dispatch {
  pass: PassName;
  pipeline: GPUComputePipeline;
  /** The pipeline for runs of more than one weight vector, where it differs. */
  manyVectors?: GPUComputePipeline;
  bindGroup: GPUBindGroup;
}

interface ChunkBuffers {
  chunk: Chunk;
  params: GPUBuffer;
  dispatches: Dispatch[];
  X: GPUBuffer;
  y: GPUBuffer;
  /** The rows' weights, where setData was given sampleWeight. */
  weights?: GPUBuffer;
  /** find_nonfinite.wgsl over this chunk, and its workgroups. */
  check: GPUBindGroup;
  checkWorkgroups: number;
}

/**
 * Whether X's values are known finite: 'unchecked' after setData, until the next run's check;
 * then 'finite', or the error naming the first value that is not.
 */
type Finiteness = 'unchecked' | 'finite' | Error;

/** Everything setData puts on the GPU; destroyed together. */
interface Resident {
  plan: KernelPlan;
  /** Whether the rows carry weights (then the pipelines read them). */
  weighted: boolean;
  storage: Storage;
  /** f16 read as f16 (shaders/storage_f16_native.wgsl), not as pairs of u32. */
  nativeF16: boolean;
  /** int8: the column scales s_j, folded into w before each run and into the sums after. */
  scales: Float32Array;
  pipelines: HingePipelines;
  chunks: ChunkBuffers[];
  w: GPUBuffer;
  biases: GPUBuffer;
  reduceParams: GPUBuffer;
  dw: GPUBuffer;
  stats: GPUBuffer;
  staging: GPUBuffer;
  reduceBindGroup: GPUBindGroup;
  /** Per chunk: the first non-finite element find_nonfinite.wgsl found, or NONE_FOUND. */
  firstBad: GPUBuffer;
  finiteness: Finiteness;
  buffers: GPUBuffer[];
}

interface Evaluation {
  W: Float32Array;
  biases: number[];
  lambda: number;
  kink: Kink;
  /** Δ (shaders/loss.wgsl). */
  margin: number;
  /** μ of the smoothed hinge, or 0. */
  smoothing: number;
  reduction: Reduction;
}

/**
 * setData for a caller that checks X's values itself (hingeGradient on software GPUs, which scans
 * X on the CPU while the GPU computes, and owns X for the whole call): no check on the GPU.
 * Not exported from the package.
 */
export let setDataCheckedByCaller: (kernel: HingeKernel, X: Float32Array, y: Labels, d?: number) => Promise<void>;

/** setData's options. */
export interface SetDataOptions {
  /** n row weights s_i ≥ 0: ℓ = (1/n) Σ_i s_i ℓ_i + (λ/2)‖W‖². */
  sampleWeight?: Float32Array;
  /** How X is stored on the GPU (src/storage.ts): 'f32' (default), 'bf16', 'f16' or 'int8'; the kernels compute the gradient of the stored X̂. */
  storage?: Storage;
}

/**
 * Starts a run and lets it submit its work; then, where X is given, scans it for NaN and ±Inf on
 * the CPU while the GPU computes (the caller's check after setDataCheckedByCaller). The run's
 * promise is guarded, so a failure during the scan is not an unhandled rejection.
 */
export async function startRun<T>(run: () => Promise<T>, X?: Float32Array): Promise<{ running: Promise<T>; firstBad: number }> {
  const running = run();
  running.catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 0));
  return { running, firstBad: X ? firstNonFinite(X) : -1 };
}

export class HingeKernel {
  readonly device: GPUDevice;
  readonly #chunkBytes: number;
  readonly #strategy: Strategy | 'auto';
  readonly #maxVectors: number;
  readonly #loss: LossName;
  readonly #smoothed: boolean;
  readonly #querySet?: GPUQuerySet;
  readonly #queryResolve?: GPUBuffer;
  readonly #pacer: ReadbackPacer;
  #data?: Resident;
  /** The plan of the latest setData call, resident or on its way: what the next run() is for. */
  #planned?: KernelPlan;
  #destroyed = false;
  // Runs and uploads share the staging buffer, so they take turns.
  #turn: Promise<unknown> = Promise.resolve();

  constructor(device: GPUDevice, options: HingeKernelOptions = {}) {
    assertKnownKeys(options, ['chunkBytes', 'timestamps', 'strategy', 'maxVectors', 'loss', 'smoothed'], 'the HingeKernel options');
    const { chunkBytes = DEFAULT_CHUNK_BYTES, timestamps = false, strategy = 'auto', maxVectors = 1, loss = 'hinge', smoothed = false } = options;
    if (!Object.hasOwn(LOSS_CODES, loss)) {
      throw new Error(`unknown loss '${String(loss)}' (expected ${Object.keys(LOSS_CODES).map((name) => `'${name}'`).join(', ')})`);
    }
    if (!(chunkBytes > 0)) throw new Error(`chunkBytes is ${chunkBytes}; it must be a positive number of bytes`);
    if (strategy !== 'auto' && !STRATEGIES.includes(strategy)) {
      throw new Error(`unknown strategy '${strategy}' (expected 'auto', ${STRATEGIES.map((name) => `'${name}'`).join(', ')})`);
    }
    if (!Number.isInteger(maxVectors) || maxVectors < 1) throw new Error(`maxVectors is ${maxVectors}; it must be a positive integer`);
    if (LOSSES[loss].labels === 'class') {
      if (maxVectors < 2) throw new Error(`the '${loss}' loss needs maxVectors = C ≥ 2 classes, got ${maxVectors}`);
    }
    this.device = device;
    this.#chunkBytes = chunkBytes;
    this.#strategy = strategy;
    this.#maxVectors = maxVectors;
    this.#loss = loss;
    this.#smoothed = smoothed === true;
    this.#pacer = ReadbackPacer.forDevice(device);
    watchDevice(device);
    if (timestamps && device.features.has('timestamp-query')) {
      this.#querySet = device.createQuerySet({ type: 'timestamp', count: 2 });
      this.#queryResolve = device.createBuffer({
        size: TIMESTAMP_BYTES,
        usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
      });
    }
  }

  /** The layout chosen for the data in setData, or undefined before it. */
  get plan(): KernelPlan | undefined {
    return this.#data?.plan;
  }

  /** Whether the kernels read X stored as f16 as f16 values ('shader-f16'), not as pairs of u32. */
  get readsF16Natively(): boolean {
    return this.#data?.nativeF16 ?? false;
  }

  /** Whether run() reports kernelMs. */
  get timesKernels(): boolean {
    return this.#querySet !== undefined;
  }

  /**
   * Uploads X (n×d, row-major) and y (n labels of ±1), replacing earlier data. n is y's length;
   * d is X's length over n, or `d` when given (then X must hold exactly n·d values). Calls take
   * effect in the order they are made: runs made before setData answer for the earlier data,
   * runs made after it for this data.
   */
  setData(X: Float32Array, y: Labels | Uint8Array | Uint32Array, d?: number, options: SetDataOptions = {}): Promise<void> {
    return this.#setData(X, y, d, 'unchecked', options);
  }

  static {
    setDataCheckedByCaller = (kernel, X, y, d) => kernel.#setData(X, y, d, 'finite');
  }

  async #setData(
    X: Float32Array, y: Labels | Uint8Array | Uint32Array, d: number | undefined, finiteness: 'unchecked' | 'finite', options: SetDataOptions = {},
  ): Promise<void> {
    if (this.#destroyed) throw this.#destroyedError('setData');
    assertKnownKeys(options, ['sampleWeight', 'storage'], 'the setData options');
    const { storage = 'f32' } = options;
    if (!STORAGES.includes(storage)) throw new Error(`unknown storage '${String(storage)}' (expected ${STORAGES.map((name) => `'${name}'`).join(', ')})`);
    const loss = LOSSES[this.#loss];
    const checked = validateShape(X, y, d, loss.labels === 'sign' ? undefined : (labels) => kernelLabels(labels, loss, this.#maxVectors));
    const weights = options.sampleWeight === undefined ? undefined : checkedWeights(options.sampleWeight, checked.n);
    const weighted = weights !== undefined;
    const plan = planKernel(checked.n, checked.d, this.device.limits, {
      chunkBytes: this.#chunkBytes,
      strategy: this.#strategy,
      coupled: COUPLED_LOSSES.includes(this.#loss),
      softwareAdapter: isSoftwareAdapter(this.device),
      maxVectors: this.#maxVectors,
      subgroupSize: fixedSubgroupSize(this.device),
      xVec4Bytes: STORAGE_VEC4_BYTES[storage],
    });
    // Other storages convert X here, which checks its values too (naming the first that is not
    // finite, or beyond f16's range), before any buffer changes.
    const scales = storage === 'int8' ? int8Scales(X, checked.n, checked.d) : new Float32Array(0);
    const packed = storage === 'f32' ? undefined : plan.chunks.map((chunk) => packRows(X, plan.d, plan.d4, chunk.firstRow, chunk.rows, storage, scales));
    if (packed) finiteness = 'finite';
    // f16 is read as f16 on a device with 'shader-f16', unless X holds a subnormal f16, which WGSL
    // lets a device flush on the way (storage_f16_native.wgsl); as pairs of u32 otherwise, exactly.
    const nativeF16 = storage === 'f16' && this.device.features.has('shader-f16') && !packed!.some(hasF16Subnormal);
    const rowsOf = (Xchunk: GPUBuffer, chunk: Chunk, index: number) =>
      packed ? this.device.queue.writeBuffer(Xchunk, 0, packed[index]) : writeRows(this.device, Xchunk, X, chunk.firstRow, chunk.rows, plan.d, plan.d4);
    this.#planned = plan;
    await this.#inTurn('HingeKernel.setData', async () => {
      const resident = this.#data;
      if (resident && resident.weighted === weighted && resident.storage === storage && resident.nativeF16 === nativeF16 && sameLayout(resident.plan, plan)) {
        // Data of the same layout go into the buffers already there.
        for (const [index, { chunk, X: Xchunk, y: yChunk, weights: weightChunk }] of resident.chunks.entries()) {
          rowsOf(Xchunk, chunk, index);
          this.device.queue.writeBuffer(yChunk, 0, checked.labels, chunk.firstRow, chunk.rows);
          if (weightChunk) this.device.queue.writeBuffer(weightChunk, 0, weights!, chunk.firstRow, chunk.rows);
        }
        this.#data = { ...resident, plan, finiteness, scales };
        return;
      }
      this.#release();
      this.#data = { ...(await this.#upload(plan, rowsOf, checked.labels, weights, storage, nativeF16)), finiteness, scales };
    });
  }

  /**
   * Loss and gradient over the resident data: at (w, b), or for K weight vectors at once
   * ({ W: K×d, b: K biases }), which returns K results from the same passes over X.
   */
  run(params: HingeParams & { reduction: 'sum' }): Promise<HingeSums>;
  run(params: HingeParams & { reduction?: 'mean' }): Promise<HingeRun>;
  run(params: HingeManyParams & { reduction: 'sum' }): Promise<HingeSums[]>;
  run(params: HingeManyParams & { reduction?: 'mean' }): Promise<HingeRun[]>;
  run(params: (HingeParams | HingeManyParams) & { reduction?: Reduction }): Promise<HingeRun | HingeSums | (HingeRun | HingeSums)[]> {
    if (this.#destroyed) return Promise.reject(this.#destroyedError('run'));
    const plan = this.#planned;
    if (!plan) return Promise.reject(new Error('HingeKernel.run: no data; call setData(X, y) first'));
    const { d } = plan;
    const { reduction = 'mean', smoothing = 0, ...rest } = params as typeof params & { smoothing?: number };
    let evaluation: Evaluation;
    try {
      validateReduction(reduction, rest.lambda);
      if (smoothing !== 0) {
        if (!this.#smoothed) throw new Error('smoothing needs a kernel made with smoothed: true');
        if (typeof smoothing !== 'number' || !(smoothing > 0) || !Number.isFinite(smoothing)) throw new Error(`smoothing is ${String(smoothing)}; it must be a finite number > 0`);
      } else if (this.#smoothed) {
        throw new Error('a kernel made with smoothed: true runs with smoothing: μ > 0');
      }
      if ('W' in rest) {
        evaluation = { ...validateManyParams(rest, d, plan.maxVectors), reduction, smoothing };
      } else {
        const { w, b, lambda, kink, margin } = validateParams(rest as HingeParams, d);
        evaluation = { W: w, biases: [b], lambda, kink, margin, reduction, smoothing };
      }
      if (LOSSES[this.#loss].labels === 'class' && evaluation.biases.length !== plan.maxVectors) {
        throw new Error(`the '${this.#loss}' loss couples the classes: W must hold all C = ${plan.maxVectors} weight vectors, got ${evaluation.biases.length}`);
      }
    } catch (error) {
      return Promise.reject(error);
    }
    const results = this.#inTurn('HingeKernel.run', () => {
      const data = this.#data;
      if (data?.plan !== plan) throw new Error('HingeKernel.run: the data for this run could not be placed on the GPU (its setData failed); call setData again');
      return this.#compute(data, evaluation);
    });
    return 'W' in params ? results : results.then(([single]) => single);
  }

  /**
   * Frees every GPU buffer this kernel holds, once the calls already made have settled; later calls
   * reject. Calling it again does nothing.
   */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    void this.#turn.then(() => {
      this.#release();
      this.#querySet?.destroy();
      this.#queryResolve?.destroy();
    });
  }

  #destroyedError(call: string): Error {
    return new Error(`HingeKernel.${call}: this kernel was destroyed (destroy() frees its GPU buffers); create a new HingeKernel`);
  }

  /** Runs GPU work after the calls before it; a lost device's failure names the loss. */
  #inTurn<T>(what: string, task: () => Promise<T>): Promise<T> {
    const result = this.#turn.then(() => onLiveDevice(this.device, what, task));
    this.#turn = result.catch(() => undefined);
    return result;
  }

  #release(): void {
    for (const buffer of this.#data?.buffers ?? []) buffer.destroy();
    this.#data = undefined;
  }

  async #upload(
    plan: KernelPlan, writeX: (buffer: GPUBuffer, chunk: Chunk, index: number) => void, labels: Float32Array, weights: Float32Array | undefined,
    storage: Storage, nativeF16: boolean,
  ): Promise<Omit<Resident, 'scales'>> {
    const { device } = this;
    const buffers: GPUBuffer[] = [];
    const make = (label: string, size: number, usage: number) => {
      const buffer = device.createBuffer({ label, size, usage });
      buffers.push(buffer);
      return buffer;
    };
    const STORAGE = GPUBufferUsage.STORAGE;
    const COPY_DST = GPUBufferUsage.COPY_DST;
    const COPY_SRC = GPUBufferUsage.COPY_SRC;
    const UNIFORM = GPUBufferUsage.UNIFORM;
    const K = plan.maxVectors;
    const rowBytes = plan.d4 * BYTES_PER_VEC4;

    const pipelines = await hingePipelines(device, plan, this.#loss, { weighted: weights !== undefined, smoothed: this.#smoothed, storage, nativeF16 });
    device.pushErrorScope('out-of-memory');
    device.pushErrorScope('validation');
    const w = make('w', K * rowBytes, STORAGE | COPY_DST);
    const biases = make('biases', K * 4, STORAGE | COPY_DST);
    const partialDw = make('partialDw', plan.slots * K * rowBytes, STORAGE);
    const partialStats = make('partialStats', plan.slots * K * STATS_BYTES, STORAGE);
    const midDw = make('midDw', plan.groups * K * rowBytes, STORAGE);
    const midStats = make('midStats', plan.groups * K * STATS_BYTES, STORAGE);
    const entries = (buffers: GPUBuffer[]) => buffers.map((buffer, binding) => ({ binding, resource: { buffer } }));
    const dispatch = (pass: PassName, { layout, pipeline }: PassPipeline, buffers: GPUBuffer[]): Dispatch => ({
      pass, pipeline, bindGroup: device.createBindGroup({ layout, entries: entries(buffers) }),
    });
    // two-pass: per-(row, vector) scores, then coefficients, loss terms and active terms, of one
    // chunk at a time, from scores.wgsl through row_terms.wgsl to gradient.wgsl.
    const firstBad = make('firstBad', plan.chunks.length * 4, STORAGE | COPY_DST | COPY_SRC);
    const rowValues = (label: string) => pipelines.scores && make(label, plan.maxChunkRows * K * 4, STORAGE);
    const coef = rowValues('coef');
    const rowLoss = rowValues('rowLoss');
    const rowActive = rowValues('rowActive');
    // The one-pass kernels: each block's kept terms for coupled losses (shaders/kept_terms.wgsl),
    // else a buffer bound in their place and not read.
    const keptTerms = pipelines.scores ? undefined
      : make('kept terms', COUPLED_LOSSES.includes(this.#loss) ? 3 * plan.maxChunkRows * K * 4 : 16, STORAGE);
    const chunks = plan.chunks.map((chunk, index): ChunkBuffers => {
      // COPY_SRC: an error naming a non-finite value reads that value back.
      const Xchunk = make(`X chunk ${index}`, chunk.rows * plan.d4 * STORAGE_VEC4_BYTES[storage], STORAGE | COPY_DST | COPY_SRC);
      writeX(Xchunk, chunk, index);
      const y = make(`y chunk ${index}`, chunk.rows * 4, STORAGE | COPY_DST);
      device.queue.writeBuffer(y, 0, labels, chunk.firstRow, chunk.rows);
      const weightChunk = weights && make(`weights chunk ${index}`, chunk.rows * 4, STORAGE | COPY_DST);
      if (weightChunk) device.queue.writeBuffer(weightChunk, 0, weights!, chunk.firstRow, chunk.rows);
      const params = make(`params chunk ${index}`, PARAMS_BYTES, UNIFORM | COPY_DST);
      const checkParams = make(`check params chunk ${index}`, CHECK_PARAMS_BYTES, UNIFORM | COPY_DST);
      const vec4s = chunk.rows * plan.d4;
      const block = checkBlock(vec4s, plan.workgroupSize, device.limits.maxComputeWorkgroupsPerDimension);
      device.queue.writeBuffer(checkParams, 0, Uint32Array.of(vec4s, index, block, 0));
      const check = device.createBindGroup({ layout: pipelines.findNonfinite.layout, entries: entries([Xchunk, checkParams, firstBad]) });
      const { scores, rowTerms, gradient } = pipelines;
      // narrow, subgroup and fused share one set of bindings (shaders/one_pass_bindings.wgsl).
      const onePass = ONE_PASS_NAMES.find((name) => pipelines[name]);
      const dispatches = onePass
        ? [{
            // Unweighted rows bind y where the weights would be; the kernels do not read it.
            ...dispatch(onePass, pipelines[onePass]!, [Xchunk, y, w, params, partialDw, partialStats, biases, weightChunk ?? y, keptTerms!]),
            manyVectors: pipelines.fourVectors,
          }]
        : [
            { ...dispatch('scores', scores!, [Xchunk, w, params, coef!, biases]), manyVectors: pipelines.scoresFourVectors },
            // Unweighted rows bind y where the weights would be; row_terms.wgsl does not read it.
            dispatch('rowTerms', rowTerms!, [y, weightChunk ?? y, params, coef!, rowLoss!, rowActive!]),
            { ...dispatch('gradient', gradient!, [Xchunk, coef!, rowLoss!, params, partialDw, partialStats, rowActive!]), manyVectors: pipelines.gradientFourVectors },
          ];
      return { chunk, params, dispatches, X: Xchunk, y, weights: weightChunk, check, checkWorkgroups: Math.ceil(Math.ceil(vec4s / block) / plan.workgroupSize) };
    });
    const reduceParams = make('reduce params', REDUCE_PARAMS_BYTES, UNIFORM | COPY_DST);
    const dw = make('dw', K * rowBytes, STORAGE | COPY_SRC);
    const stats = make('stats', K * STATS_BYTES, STORAGE | COPY_SRC);
    const staging = make('staging', K * (rowBytes + STATS_BYTES) + TIMESTAMP_BYTES + plan.chunks.length * 4, GPUBufferUsage.MAP_READ | COPY_DST);
    const reduceBindGroup = device.createBindGroup({
      layout: pipelines.reduceLayout,
      entries: entries([partialDw, partialStats, w, reduceParams, midDw, midStats, dw, stats]),
    });
    const validationError = await device.popErrorScope();
    const memoryError = await device.popErrorScope();
    const error = memoryError ?? validationError;
    if (error) {
      for (const buffer of buffers) buffer.destroy();
      const bytes = buffers.reduce((sum, buffer) => sum + buffer.size, 0);
      throw new Error(`could not place the data on the GPU (${bytes} bytes in ${buffers.length} buffers): ${error.message}`);
    }
    return {
      plan, weighted: weights !== undefined, storage, nativeF16, pipelines, chunks, w, biases, reduceParams, dw, stats, staging, reduceBindGroup, firstBad,
      finiteness: 'unchecked', buffers,
    };
  }

  /** The error naming the non-finite value find_nonfinite.wgsl found at `element` of chunk `index`. */
  async #nonFiniteError(data: Resident, index: number, element: number): Promise<Error> {
    const { plan } = data;
    const rowFloats = plan.d4 * 4;
    const value = this.device.createBuffer({ size: 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    try {
      const encoder = this.device.createCommandEncoder();
      encoder.copyBufferToBuffer(data.chunks[index].X, element * 4, value, 0, 4);
      this.device.queue.submit([encoder.finish()]);
      await value.mapAsync(GPUMapMode.READ);
      const found = new Float32Array(value.getMappedRange())[0];
      const row = data.chunks[index].chunk.firstRow + Math.floor(element / rowFloats);
      const column = element % rowFloats;
      return new Error(nonFiniteMessage(found, row * plan.d + column, plan.d));
    } finally {
      value.destroy();
    }
  }

  /** One run: its values written, its passes encoded and submitted, its results read back and finished. */
  async #compute(data: Resident, evaluation: Evaluation): Promise<(HingeRun | HingeSums)[]> {
    if (data.finiteness instanceof Error) throw new Error(data.finiteness.message);
    const K = evaluation.biases.length;
    const checking = data.finiteness === 'unchecked';
    const layout = stagingLayout(data.plan, K, checking ? data.chunks.length : 0);
    this.#writeRunValues(data, evaluation);
    this.device.queue.submit([this.#encode(data, K, layout, checking)]);
    const { staging, plan } = data;
    await this.#pacer.read(`HingeKernel ${plan.strategy} ${plan.n}×${plan.d} K=${K}`, () => staging.mapAsync(GPUMapMode.READ, 0, layout.mappedBytes));
    const bytes = staging.getMappedRange(0, layout.mappedBytes);
    const bad = checking ? firstFlagged(bytes, layout.checkOffset, data.chunks.length) : undefined;
    if (bad) {
      staging.unmap();
      data.finiteness = await this.#nonFiniteError(data, bad.chunk, bad.element);
      throw new Error(data.finiteness.message);
    }
    if (checking) data.finiteness = 'finite';
    try {
      return finishResults(bytes, data, evaluation, this.#querySet ? timestampMs(bytes, layout.timestampOffset) : undefined);
    } finally {
      staging.unmap();
    }
  }

  /** The run's W, biases and uniforms. */
  #writeRunValues(data: Resident, evaluation: Evaluation): void {
    const { device } = this;
    const { plan } = data;
    const K = evaluation.biases.length;
    // int8: the kernels read code q of column j as q/u_j (u_j = int8CodeUnit(j), a power of two), so they
    // take (w∘s)∘u, and the sums Σ coef·q/u_j come back to be scaled by s_j·u_j (finishResults).
    const weights = data.storage === 'int8'
      ? Float32Array.from(evaluation.W, (weight, k) => Math.fround(weight * data.scales[k % plan.d]) * int8CodeUnit(k % plan.d))
      : evaluation.W;
    device.queue.writeBuffer(data.w, 0, paddedRows(weights, plan.d, plan.d4, K));
    device.queue.writeBuffer(data.biases, 0, Float32Array.from(evaluation.biases));
    for (const { chunk, params } of data.chunks) {
      device.queue.writeBuffer(params, 0, packStruct(PARAMS, {
        rows: chunk.rows, d4: plan.d4, vecsPerThread: plan.vecsPerThread, rowsPerBlock: plan.rowsPerBlock, slotBase: chunk.slotBase,
        kinkInclude: evaluation.kink === 'include' ? 1 : 0, vectors: K, margin: evaluation.margin, smoothing: evaluation.smoothing,
      }));
    }
    // reduce_partials.wgsl finishes dw = Σ·(1/n) + λw; with 1/n = 1 and λ = 0, Σ itself, exactly.
    const finishOnGpu = finishesOnGpu(data, evaluation);
    device.queue.writeBuffer(data.reduceParams, 0, packStruct(REDUCE_PARAMS, {
      slots: plan.slots, d4: plan.d4, slotsPerGroup: plan.slotsPerGroup, groups: plan.groups,
      invN: finishOnGpu ? 1 / plan.n : 1, lambda: finishOnGpu ? evaluation.lambda : 0, vectors: K,
    }));
  }

  /** The check of X (on the data's first run), the passes over each chunk, the reduction, and the copies into staging. */
  #encode(data: Resident, K: number, layout: StagingLayout, checking: boolean): GPUCommandBuffer {
    const { plan, pipelines, chunks, staging } = data;
    const encoder = this.device.createCommandEncoder();
    if (checking) {
      // The data's first run checks X's values first, in a pass of its own (outside the timing).
      this.device.queue.writeBuffer(data.firstBad, 0, new Uint32Array(chunks.length).fill(NONE_FOUND));
      const checkPass = encoder.beginComputePass();
      checkPass.setPipeline(pipelines.findNonfinite.pipeline);
      for (const { check, checkWorkgroups } of chunks) {
        checkPass.setBindGroup(0, check);
        checkPass.dispatchWorkgroups(checkWorkgroups);
      }
      checkPass.end();
      encoder.copyBufferToBuffer(data.firstBad, 0, staging, layout.checkOffset, chunks.length * 4);
    }
    const pass = encoder.beginComputePass(
      this.#querySet ? { timestampWrites: { querySet: this.#querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 } } : {},
    );
    for (const { chunk, dispatches } of chunks) {
      const counts = chunkWorkgroups(plan, chunk, K);
      for (const { pass: name, pipeline, manyVectors, bindGroup } of dispatches) {
        pass.setPipeline(K > 1 && manyVectors ? manyVectors : pipeline);
        pass.setBindGroup(0, bindGroup);
        pass.dispatchWorkgroups(counts[name]);
      }
    }
    const counts = reduceWorkgroups(plan, K);
    pass.setBindGroup(0, data.reduceBindGroup);
    pass.setPipeline(pipelines.reduceGroups);
    pass.dispatchWorkgroups(counts.reduceGroups);
    if (plan.groups > 1) {
      pass.setPipeline(pipelines.finish);
      pass.dispatchWorkgroups(counts.finish);
    }
    pass.end();
    encoder.copyBufferToBuffer(data.dw, 0, staging, 0, layout.dwBytes);
    encoder.copyBufferToBuffer(data.stats, 0, staging, layout.dwBytes, layout.statsBytes);
    if (this.#querySet && this.#queryResolve) {
      encoder.resolveQuerySet(this.#querySet, 0, 2, this.#queryResolve, 0);
      encoder.copyBufferToBuffer(this.#queryResolve, 0, staging, layout.timestampOffset, TIMESTAMP_BYTES);
    }
    return encoder.finish();
  }
}

/** vec4s per invocation of find_nonfinite.wgsl: CHECK_BLOCK, or more where one dispatch would not cover the chunk. */
function checkBlock(vec4s: number, workgroupSize: number, maxWorkgroups: number): number {
  const least = Math.ceil(vec4s / (workgroupSize * maxWorkgroups));
  return Math.max(CHECK_BLOCK, Math.ceil(least / 4) * 4);
}

/** Whether two plans lay data out alike, so that new data can go into the buffers of the old. */
function sameLayout(a: KernelPlan, b: KernelPlan): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Rows padded per upload when d is not a multiple of 4: a few MiB of staging at a time. */
const PADDED_UPLOAD_BYTES = 4 << 20;

/**
 * Uploads rows [firstRow, firstRow + rows) of X, each padded to d4 vec4s. writeBuffer, not a
 * buffer mapped at creation: in Dawn it is the faster path (docs/performance.md).
 */
function writeRows(device: GPUDevice, buffer: GPUBuffer, X: Float32Array, firstRow: number, rows: number, d: number, d4: number): void {
  if (d === d4 * 4) {
    device.queue.writeBuffer(buffer, 0, X, firstRow * d, rows * d);
    return;
  }
  const rowFloats = d4 * 4;
  const rowsPerPiece = Math.max(1, Math.floor(PADDED_UPLOAD_BYTES / (rowFloats * 4)));
  const piece = new Float32Array(Math.min(rows, rowsPerPiece) * rowFloats);
  for (let first = 0; first < rows; first += rowsPerPiece) {
    const count = Math.min(rowsPerPiece, rows - first);
    for (let row = 0; row < count; row++) {
      const source = (firstRow + first + row) * d;
      piece.set(X.subarray(source, source + d), row * rowFloats);
    }
    device.queue.writeBuffer(buffer, first * rowFloats * 4, piece, 0, count * rowFloats);
  }
}

/** K rows of d values, each zero-padded to d4 vec4s. */
function paddedRows(values: Float32Array, d: number, d4: number, K: number): Float32Array {
  if (d === d4 * 4) return values;
  const out = new Float32Array(K * d4 * 4);
  for (let k = 0; k < K; k++) out.set(values.subarray(k * d, (k + 1) * d), k * d4 * 4);
  return out;
}
