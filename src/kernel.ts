// HingeKernel: X and y resident on the GPU; each run uploads only w and a few scalars.
import { isSoftwareAdapter } from './device.js';
import { hingePipelines, type HingePipelines, type PassPipeline } from './pipelines.js';
import { BYTES_PER_VEC4, planKernel, type KernelPlan, type Strategy } from './plan.js';
import type { HingeParams, HingeResult, Labels } from './types.js';
import { assertKnownKeys, validateData, validateParams } from './validate.js';

export interface HingeKernelOptions {
  /** Largest chunk of X in bytes; X is split into chunks no larger (default: the device's limits). */
  chunkBytes?: number;
  /** Time each run's kernels with timestamp queries (when the device has 'timestamp-query'). */
  timestamps?: boolean;
  /** 'auto' (default): 'fused' on hardware GPUs where rows fit, 'two-pass' on software ones. */
  strategy?: Strategy | 'auto';
}

/** What run() returns: the result, plus the GPU time when the kernel was made with timestamps. */
export interface HingeRun extends HingeResult {
  kernelMs?: number;
}

const PARAMS_BYTES = 32; // Params of margins.wgsl and gradient.wgsl, padded to 16
const REDUCE_PARAMS_BYTES = 32; // Params of reduce_partials.wgsl, padded to 16
const STATS_BYTES = 16;
const TIMESTAMP_BYTES = 16;

/** One dispatch of a chunk's passes over X. */
interface Dispatch {
  pipeline: GPUComputePipeline;
  bindGroup: GPUBindGroup;
  workgroups: number;
}

interface ChunkBuffers {
  params: GPUBuffer;
  dispatches: Dispatch[];
}

/** Everything setData puts on the GPU; destroyed together. */
interface Resident {
  plan: KernelPlan;
  pipelines: HingePipelines;
  chunks: ChunkBuffers[];
  w: GPUBuffer;
  reduceParams: GPUBuffer;
  dw: GPUBuffer;
  stats: GPUBuffer;
  staging: GPUBuffer;
  reduceBindGroup: GPUBindGroup;
  buffers: GPUBuffer[];
}

export class HingeKernel {
  readonly device: GPUDevice;
  readonly #chunkBytes: number;
  readonly #strategy: Strategy | 'auto';
  readonly #querySet?: GPUQuerySet;
  readonly #queryResolve?: GPUBuffer;
  #data?: Resident;
  // Runs and uploads share the staging buffer, so they take turns.
  #turn: Promise<unknown> = Promise.resolve();

  constructor(device: GPUDevice, options: HingeKernelOptions = {}) {
    assertKnownKeys(options, ['chunkBytes', 'timestamps', 'strategy'], 'the HingeKernel options');
    const { chunkBytes = Infinity, timestamps = false, strategy = 'auto' } = options;
    if (!(chunkBytes > 0)) throw new Error(`chunkBytes is ${chunkBytes}; it must be a positive number of bytes`);
    if (!['auto', 'fused', 'two-pass'].includes(strategy)) {
      throw new Error(`unknown strategy '${strategy}' (expected 'auto', 'fused' or 'two-pass')`);
    }
    this.device = device;
    this.#chunkBytes = chunkBytes;
    this.#strategy = strategy;
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

  /** Whether run() reports kernelMs. */
  get timesKernels(): boolean {
    return this.#querySet !== undefined;
  }

  /** Uploads X (n×d, row-major) and y (n labels of ±1), replacing earlier data. */
  async setData(X: Float32Array, y: Labels): Promise<void> {
    const { n, d, labels } = validateData(X, y);
    const plan = planKernel(n, d, this.device.limits, {
      chunkBytes: this.#chunkBytes,
      strategy: this.#strategy,
      softwareAdapter: isSoftwareAdapter(this.device),
    });
    await this.#inTurn(async () => {
      this.#release();
      this.#data = await this.#upload(plan, X, labels);
    });
  }

  /** Loss and gradient at (w, b) over the resident data. */
  run(params: HingeParams): Promise<HingeRun> {
    const data = this.#data;
    if (!data) return Promise.reject(new Error('HingeKernel.run: no data; call setData(X, y) first'));
    let valid;
    try {
      valid = validateParams(params, data.plan.d);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#inTurn(() => this.#compute(data, valid));
  }

  /** Frees every GPU buffer this kernel holds. The kernel can take new data afterwards. */
  destroy(): void {
    this.#release();
    this.#querySet?.destroy();
    this.#queryResolve?.destroy();
  }

  #inTurn<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#turn.then(task);
    this.#turn = result.catch(() => undefined);
    return result;
  }

  #release(): void {
    for (const buffer of this.#data?.buffers ?? []) buffer.destroy();
    this.#data = undefined;
  }

  async #upload(plan: KernelPlan, X: Float32Array, labels: Float32Array): Promise<Resident> {
    const { device } = this;
    const buffers: GPUBuffer[] = [];
    const make = (label: string, size: number, usage: number, mappedAtCreation = false) => {
      const buffer = device.createBuffer({ label, size, usage, mappedAtCreation });
      buffers.push(buffer);
      return buffer;
    };
    const STORAGE = GPUBufferUsage.STORAGE;
    const COPY_DST = GPUBufferUsage.COPY_DST;
    const COPY_SRC = GPUBufferUsage.COPY_SRC;
    const UNIFORM = GPUBufferUsage.UNIFORM;
    const rowBytes = plan.d4 * BYTES_PER_VEC4;

    const pipelines = await hingePipelines(device, plan);
    device.pushErrorScope('out-of-memory');
    device.pushErrorScope('validation');
    const w = make('w', rowBytes, STORAGE | COPY_DST);
    const partialDw = make('partialDw', plan.slots * rowBytes, STORAGE);
    const partialStats = make('partialStats', plan.slots * STATS_BYTES, STORAGE);
    const midDw = make('midDw', plan.groups * rowBytes, STORAGE);
    const midStats = make('midStats', plan.groups * STATS_BYTES, STORAGE);
    const entries = (buffers: GPUBuffer[]) => buffers.map((buffer, binding) => ({ binding, resource: { buffer } }));
    const dispatch = ({ layout, pipeline }: PassPipeline, buffers: GPUBuffer[], workgroups: number): Dispatch => ({
      pipeline, workgroups, bindGroup: device.createBindGroup({ layout, entries: entries(buffers) }),
    });
    // two-pass: per-row coefficients and hinge terms of one chunk at a time, from margins.wgsl
    // to gradient.wgsl.
    const coef = pipelines.margins && make('coef', plan.maxChunkRows * 4, STORAGE);
    const hinge = pipelines.margins && make('hinge', plan.maxChunkRows * 4, STORAGE);
    const chunks = plan.chunks.map((chunk, index): ChunkBuffers => {
      const Xchunk = make(`X chunk ${index}`, chunk.rows * rowBytes, STORAGE, true);
      writeRows(Xchunk, X, chunk.firstRow, chunk.rows, plan.d, plan.d4);
      const y = make(`y chunk ${index}`, chunk.rows * 4, STORAGE, true);
      new Float32Array(y.getMappedRange()).set(labels.subarray(chunk.firstRow, chunk.firstRow + chunk.rows));
      y.unmap();
      const params = make(`params chunk ${index}`, PARAMS_BYTES, UNIFORM | COPY_DST);
      const { fused, margins, gradient } = pipelines;
      const dispatches = fused
        ? [dispatch(fused, [Xchunk, y, w, params, partialDw, partialStats], chunk.blocks)]
        : [
            dispatch(margins!, [Xchunk, y, w, params, coef!, hinge!], chunk.marginWorkgroups),
            dispatch(gradient!, [Xchunk, coef!, hinge!, params, partialDw, partialStats], chunk.gradientWorkgroups),
          ];
      return { params, dispatches };
    });
    const reduceParams = make('reduce params', REDUCE_PARAMS_BYTES, UNIFORM | COPY_DST);
    const dw = make('dw', rowBytes, STORAGE | COPY_SRC);
    const stats = make('stats', STATS_BYTES, STORAGE | COPY_SRC);
    const staging = make('staging', rowBytes + STATS_BYTES + TIMESTAMP_BYTES, GPUBufferUsage.MAP_READ | COPY_DST);
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
    return { plan, pipelines, chunks, w, reduceParams, dw, stats, staging, reduceBindGroup, buffers };
  }

  async #compute(data: Resident, params: { w: Float32Array; b: number; lambda: number; kink: string }): Promise<HingeRun> {
    const { device } = this;
    const { plan, pipelines, chunks, staging } = data;
    const rowBytes = plan.d4 * BYTES_PER_VEC4;

    device.queue.writeBuffer(data.w, 0, padded(params.w, plan.d4 * 4));
    plan.chunks.forEach((chunk, index) => {
      const words = new ArrayBuffer(PARAMS_BYTES);
      new Uint32Array(words, 0, 6).set([
        chunk.rows, plan.d4, plan.vecsPerThread, plan.rowsPerBlock, chunk.slotBase, params.kink === 'include' ? 1 : 0,
      ]);
      new Float32Array(words, 24, 1)[0] = params.b;
      device.queue.writeBuffer(chunks[index].params, 0, words);
    });
    const reduceWords = new ArrayBuffer(REDUCE_PARAMS_BYTES);
    new Uint32Array(reduceWords, 0, 4).set([plan.slots, plan.d4, plan.slotsPerGroup, plan.groups]);
    new Float32Array(reduceWords, 16, 2).set([1 / plan.n, params.lambda]);
    device.queue.writeBuffer(data.reduceParams, 0, reduceWords);

    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass(
      this.#querySet ? { timestampWrites: { querySet: this.#querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 } } : {},
    );
    for (const chunk of chunks) {
      for (const { pipeline, bindGroup, workgroups } of chunk.dispatches) {
        pass.setPipeline(pipeline);
        pass.setBindGroup(0, bindGroup);
        pass.dispatchWorkgroups(workgroups);
      }
    }
    pass.setBindGroup(0, data.reduceBindGroup);
    pass.setPipeline(pipelines.reduceGroups);
    pass.dispatchWorkgroups(plan.reduceGroupsWorkgroups);
    pass.setPipeline(pipelines.finish);
    pass.dispatchWorkgroups(plan.finishWorkgroups);
    pass.end();
    encoder.copyBufferToBuffer(data.dw, 0, staging, 0, rowBytes);
    encoder.copyBufferToBuffer(data.stats, 0, staging, rowBytes, STATS_BYTES);
    if (this.#querySet && this.#queryResolve) {
      encoder.resolveQuerySet(this.#querySet, 0, 2, this.#queryResolve, 0);
      encoder.copyBufferToBuffer(this.#queryResolve, 0, staging, rowBytes + STATS_BYTES, TIMESTAMP_BYTES);
    }
    device.queue.submit([encoder.finish()]);

    await staging.mapAsync(GPUMapMode.READ);
    const bytes = staging.getMappedRange();
    const dw = new Float32Array(bytes, 0, plan.d).slice();
    const hingeSum = new Float32Array(bytes, rowBytes, 1)[0];
    const [ySum] = new Int32Array(bytes, rowBytes + 4, 1);
    const [active] = new Uint32Array(bytes, rowBytes + 8, 1);
    const [start, end] = new BigUint64Array(bytes, rowBytes + STATS_BYTES, 2);
    staging.unmap();

    let wSquared = 0;
    for (const weight of params.w) wSquared += weight * weight;
    const result: HingeRun = {
      loss: hingeSum / plan.n + (params.lambda / 2) * wSquared,
      dw,
      db: 0 - ySum / plan.n,
      active,
      sumDepths: { rowSum: plan.rowSumDepth, dot: plan.dotDepth },
    };
    if (this.#querySet) result.kernelMs = Number(end - start) / 1e6;
    return result;
  }
}

/** Copies rows [firstRow, firstRow + rows) of X into a mapped buffer, padding each row to d4 vec4s. */
function writeRows(buffer: GPUBuffer, X: Float32Array, firstRow: number, rows: number, d: number, d4: number): void {
  const target = new Float32Array(buffer.getMappedRange());
  if (d === d4 * 4) {
    target.set(X.subarray(firstRow * d, (firstRow + rows) * d));
  } else {
    for (let row = 0; row < rows; row++) {
      target.set(X.subarray((firstRow + row) * d, (firstRow + row + 1) * d), row * d4 * 4);
    }
  }
  buffer.unmap();
}

function padded(values: Float32Array, length: number): Float32Array {
  if (values.length === length) return values;
  const out = new Float32Array(length);
  out.set(values);
  return out;
}
