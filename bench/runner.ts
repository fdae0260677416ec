// The benchmark itself, shared by the page (browser) and bench/node.ts (Dawn in Node).
import {
  checkGradient, describeAdapter, HingeKernel, hingeGradient, LinearKernel, linearGradient, syntheticClasses, syntheticProblem,
  type AdapterSummary, type HingeInput, type HingeResult, type LinearGradientResult, type LinearInput, type LossName, type Storage, type Strategy,
} from '../src/index.js';
import { STORAGE_VEC4_BYTES } from '../src/storage.js';
import { benchCases, type BenchCase, type BenchConfig } from './config.js';
import { GpuTimer, type TimingMethod } from './gpu-timer.js';
import { measureLatency, type Latency } from './latency.js';
import { measureVectors, type VectorCost } from './vectors.js';
import { measureStorageTurns, type StorageTurns } from './storage-turns.js';
import type { PreparedPeer, TfjsBackend } from './peers/tfjs.js';
import { measureRoofline, type Roofline } from './roofline.js';
import { measureOneCall, measureUpload, type OneCallTiming, type UploadTiming } from './upload.js';
import { measureStreaming, type StreamingCost } from './streaming.js';
import { timePeer, type PeerTiming } from './peer-timing.js';
import { summarize, type Summary } from './stats.js';

export interface CaseResult {
  n: number;
  d: number;
  loss: LossName;
  /** C: 1 for the binary losses. */
  classes: number;
  /** How X was stored on the GPU (src/storage.ts). */
  storage: Storage;
  /** The kernel strategy the plan chose (see src/plan.ts). */
  strategy: Strategy;
  /** Bytes the kernel must read: X as stored, y and W as f32. */
  bytesRead: number;
  /** Kernel time: timestamp queries around the compute pass, else the wall time of run(). */
  gpu: Summary;
  /** Wall time of a resident run(): upload of w, the kernels, and the read-back of the result. */
  runMs: Summary;
  /** Wall time of one call (hingeGradient; linearGradient for the other losses): upload of X and y, the run, the read-back, freeing. */
  endToEndMs: Summary;
  /** The binary hinge kernel's time on the same X ('auto'), and this kernel's time over it; null for the hinge itself. */
  binaryKernelMs: number | null;
  overBinaryKernel: number | null;
  /** X stored in fewer bytes: this kernel ÷ the same case's f32 kernel in this run; null for f32 (or none in the run). */
  overF32Kernel: number | null;
  /** Elements per second against the f32 stream read's: (f32 bytes of X, y, W) ÷ kernel time ÷ the roofline's rate. */
  elementRooflineRatio: number;
  /** setData against a raw writeBuffer of the same bytes, same run. */
  upload: UploadTiming;
  /** One call's floor, timed taking turns with endToEndMs: a raw write of X and y, then a resident run. */
  floorMs: Summary;
  /** The CPU's scan of X for NaN and ±Inf alone (hingeGradient's check on software adapters), taking turns with endToEndMs. */
  nonFiniteScanMs: Summary;
  /** endToEndMs ÷ floorMs (medians): what one call costs over its floor. */
  endToEndOverFloor: number;
  gbps: number;
  roofline: Roofline;
  /** roofline time / kernel time: 1.0 is at the memory limit. */
  rooflineRatio: number;
  /** Kernel time per element of X, for comparing sizes. */
  nsPerElement: number;
  /** The float64 reference's computation alone (input validated beforehand), one thread. */
  cpu: PeerTiming | null;
  /** TF.js autograd with its read-back, on WebGPU and on WASM. */
  tfjs: PeerTiming | null;
  tfjsWasm: PeerTiming | null;
  /** Like for like, call for call, the same loss: a peer's median wall time ÷ our run()'s median wall time. */
  speedup: { cpuOverRun: number | null; tfjsOverRun: number | null; tfjsWasmOverRun: number | null };
  /** The checker's verdict; ambiguousRows counts the terms within rounding of a kink or a tie. */
  check: { ok: boolean; worstRatio: number; ambiguousRows: number; report: string };
}

export interface CaseFailure {
  n: number;
  d: number;
  loss: LossName;
  classes: number;
  storage: Storage;
  error: string;
}

/** A case's input: the binary hinge's, or the loss family's. */
export type BenchInput = HingeInput | LinearInput;

export interface BenchResult {
  adapter: AdapterSummary;
  features: string[];
  timing: TimingMethod;
  roofline: { gbps: number };
  config: BenchConfig;
  cases: CaseResult[];
  /** Cases that could not run (the device could not hold them, say), with the error. */
  failures: CaseFailure[];
  /** A small resident problem's per-call time against an empty submit-and-read-back. */
  latency: Latency;
  /** Cost per weight vector for K = 1, 4, 16 vectors in one run (n = 65536, d = 64). */
  vectors: VectorCost[];
  /** An epoch of batches streamed through runBatches against its uploads and runs alone. */
  streaming: StreamingCost;
  /** At the shapes of the storage cases: each storage's kernel and the kernel with no loads of X, taking turns (bench/storage-turns.ts). */
  storageTurns: StorageTurns[];
  ok: boolean;
  createdAt: string;
  environment: string;
  /** The host's CPU and cores (bench/host.ts), added on the Node side; absent from runs before it was recorded. */
  host?: string;
}

export interface BenchHooks {
  progress?: (fraction: number, message: string) => void;
  /** Called after each case, for live tables and charts. */
  caseDone?: (result: CaseResult) => void;
  /** A TF.js peer on the given backend, when this environment has it (the page); null when that backend cannot run. */
  tfjs?: (input: BenchInput, backend: TfjsBackend) => Promise<PreparedPeer | null>;
  /** Times the CPU reference, in a fresh worker per case (the page's and Node's own). */
  timeCpu: (input: BenchInput, maxReps: number) => Promise<PeerTiming>;
  environment: string;
}

export async function runBenchmark(device: GPUDevice, config: BenchConfig, hooks: BenchHooks, sizesName = 'default'): Promise<BenchResult> {
  const timer = new GpuTimer(device);
  const results: CaseResult[] = [];
  const failures: CaseFailure[] = [];
  let latency: Latency;
  let vectors: VectorCost[];
  let streaming: StreamingCost;
  let storageTurns: StorageTurns[];
  try {
    const cases = benchCases(config, sizesName);
    for (const [index, benchCase] of cases.entries()) {
      const { n, d, loss, classes, storage } = benchCase;
      const name = `n=${n} d=${d}${loss === 'hinge' ? '' : ` ${loss} C=${classes}`}${storage === 'f32' ? '' : ` ${storage}`}`;
      const report = (step: number, what: string) => hooks.progress?.((index + step / 5) / cases.length, `${name}: ${what}`);
      report(0, 'making data');
      try {
        const result = await runCase(device, timer, config, subjectOf(device, benchCase, index + 1, timer, config), hooks, report);
        // The f32 case of the same shape and loss runs earlier in the grid, when there is one.
        const f32 = results.find((c) => c.storage === 'f32' && c.n === n && c.d === d && c.loss === loss && c.classes === classes);
        if (storage !== 'f32' && f32) result.overF32Kernel = result.gpu.medianMs / f32.gpu.medianMs;
        results.push(result);
        hooks.caseDone?.(result);
      } catch (error) {
        // A case the device cannot hold (out of memory, limits) is reported, and the run goes on.
        failures.push({ n, d, loss, classes, storage, error: error instanceof Error ? error.message : String(error) });
      }
    }
    hooks.progress?.(0.98, 'small-problem latency');
    latency = await measureLatency(device, timer, Math.max(config.reps, 20));
    hooks.progress?.(0.99, 'K weight vectors per run');
    vectors = await measureVectors(device, timer, config.reps, 65536, 64);
    hooks.progress?.(0.995, 'streaming batches');
    streaming = await measureStreaming(device, config.reps);
    hooks.progress?.(0.997, 'the storages taking turns');
    const storageShapes = results.filter((c) => c.storage !== 'f32').map((c): [number, number] => [c.n, c.d]);
    const shapes = storageShapes.filter(([n, d], k) => storageShapes.findIndex(([m, e]) => m === n && e === d) === k);
    storageTurns = await measureStorageTurns(device, timer, config.reps, shapes);
  } finally {
    timer.destroy();
  }
  hooks.progress?.(1, 'done');
  return {
    adapter: describeAdapter(device),
    features: [...device.features].sort(),
    timing: timer.method,
    roofline: { gbps: Math.max(0, ...results.map((c) => c.roofline.gbps)) },
    config,
    cases: results,
    failures,
    latency,
    vectors,
    streaming,
    storageTurns,
    ok: failures.length === 0 && results.every((c) => c.check.ok),
    createdAt: new Date().toISOString(),
    environment: hooks.environment,
  };
}

/**
 * What a case measures, for the binary hinge (HingeKernel, hingeGradient) and for the other losses
 * (LinearKernel, linearGradient) alike.
 */
interface CaseSubject {
  benchCase: BenchCase;
  input: BenchInput;
  X: Float32Array;
  /** The labels setData takes. */
  y: Float32Array | Int32Array;
  bytesRead: number;
  /** Makes the resident kernel; its runs report kernelMs when the timer has timestamps. */
  kernel(): { setData(): Promise<void>; run(): Promise<{ kernelMs?: number }>; strategy(): Strategy; destroy(): void };
  /** One call of the one-shot API. */
  oneShot(): Promise<unknown>;
  check(result: unknown): CaseResult['check'];
}

function subjectOf(device: GPUDevice, benchCase: BenchCase, seed: number, timer: GpuTimer, config: BenchConfig): CaseSubject {
  const { n, d, loss, classes, storage } = benchCase;
  const timestamps = timer.method === 'timestamp-query';
  const xBytes = (n * Math.ceil(d / 4) * STORAGE_VEC4_BYTES[storage]);
  const verdict = (check: { ok: boolean; worstRatio: number; report: string }, ambiguous: number) =>
    ({ ok: check.ok, worstRatio: check.worstRatio, ambiguousRows: ambiguous, report: check.report });
  if (loss === 'hinge') {
    const input = syntheticProblem({ n, d, seed, lambda: 1e-3 });
    const params = { w: input.w, b: input.b, lambda: input.lambda };
    return {
      benchCase, input, X: input.X, y: input.y, bytesRead: (storage === 'f32' ? 4 * n * d : xBytes) + 4 * (n + d),
      kernel() {
        const kernel = new HingeKernel(device, { timestamps, strategy: config.strategy });
        return {
          setData: () => kernel.setData(input.X, input.y, undefined, { storage }), run: () => kernel.run(params),
          strategy: () => kernel.plan!.strategy, destroy: () => kernel.destroy(),
        };
      },
      oneShot: () => hingeGradient(device, { ...input, storage }),
      check(result) {
        const check = checkGradient(result as HingeResult, input, { storage });
        return verdict(check, check.ambiguousRows.length);
      },
    };
  }
  const family = classes > 1 ? syntheticClasses({ n, d, classes, seed, lambda: 1e-3 }) : undefined;
  const binary = family ? undefined : syntheticProblem({ n, d, seed, lambda: 1e-3 });
  const input: LinearInput = family ? { ...family, loss } : { X: binary!.X, y: binary!.y, W: binary!.w, b: binary!.b, lambda: binary!.lambda, loss };
  const params = { W: input.W, b: input.b, lambda: input.lambda };
  return {
    benchCase, input, X: input.X, y: input.y as Float32Array | Int32Array, bytesRead: (storage === 'f32' ? 4 * n * d : xBytes) + 4 * (n + classes * d),
    kernel() {
      const kernel = new LinearKernel(device, { loss, classes, timestamps, strategy: config.strategy });
      return {
        setData: () => kernel.setData(input.X, input.y, { storage }), run: () => kernel.run(params),
        strategy: () => kernel.plan!.strategy, destroy: () => kernel.destroy(),
      };
    },
    oneShot: () => linearGradient(device, input, { storage }),
    check(result) {
      const check = checkGradient(result as LinearGradientResult, input, { storage });
      return verdict(check, check.ambiguousTerms.length);
    },
  };
}

async function runCase(
  device: GPUDevice, timer: GpuTimer, config: BenchConfig, subject: CaseSubject,
  hooks: BenchHooks, report: (step: number, what: string) => void,
): Promise<CaseResult> {
  const { benchCase, input, bytesRead } = subject;
  const { n, d } = benchCase;

  report(1, 'GPU kernel');
  const kernel = subject.kernel();
  const gpuTimes: number[] = [];
  let upload: UploadTiming;
  let oneCall: OneCallTiming;
  const runTimes: number[] = [];
  let last;
  let strategy: Strategy;
  try {
    await kernel.setData();
    strategy = kernel.strategy();
    for (let k = 0; k < config.warmup; k++) await kernel.run();
    await timer.warmUp();
    for (let rep = 0; rep < config.reps; rep++) {
      const start = performance.now();
      last = await kernel.run();
      const wallMs = performance.now() - start;
      runTimes.push(wallMs);
      gpuTimes.push(last.kernelMs ?? wallMs);
    }
    const wayIn = { setData: () => kernel.setData(), run: () => kernel.run(), oneShot: () => subject.oneShot() };
    report(1.5, 'uploads');
    upload = await measureUpload(device, wayIn, subject.X, subject.y, config.reps);
    report(2, 'end to end');
    oneCall = await measureOneCall(device, wayIn, subject.X, subject.y, config.reps);
  } finally {
    kernel.destroy();
  }
  const check = subject.check(last!);
  const gpu = summarize(gpuTimes);
  const binaryKernelMs = benchCase.loss === 'hinge' || benchCase.storage !== 'f32' ? null : await binaryHingeKernelMs(device, timer, config, subject.X, n, d);

  report(3, 'stream-read roofline');
  // The f32 bytes of the same elements: a read of them is the roofline of every storage.
  const f32Bytes = 4 * (n * d + n + benchCase.classes * d);
  const roofline = await measureRoofline(device, timer, f32Bytes, config.reps);

  // The peers compute in f32 (or f64): they run beside f32 cases only.
  report(4, 'peers');
  const peers = benchCase.storage === 'f32' ? config.peers : [];
  const cpu = peers.includes('cpu') ? await hooks.timeCpu(input, config.reps) : null;
  const tfjs = peers.includes('tfjs') ? await timeTfjs(hooks, input, 'webgpu', config.reps) : null;
  const tfjsWasm = peers.includes('tfjs-wasm') ? await timeTfjs(hooks, input, 'wasm', config.reps) : null;

  const runMs = summarize(runTimes);
  const { endToEndMs, floorMs, nonFiniteScanMs } = oneCall!;
  const overRun = (peer: PeerTiming | null) => (peer ? peer.medianMs / runMs.medianMs : null);
  return {
    n, d, loss: benchCase.loss, classes: benchCase.classes, storage: benchCase.storage, strategy: strategy!, bytesRead, gpu, runMs, endToEndMs,
    binaryKernelMs, overBinaryKernel: binaryKernelMs === null ? null : gpu.medianMs / binaryKernelMs,
    overF32Kernel: null,
    elementRooflineRatio: f32Bytes / gpu.medianMs / 1e6 / roofline.gbps,
    upload: upload!,
    floorMs, nonFiniteScanMs,
    endToEndOverFloor: endToEndMs.medianMs / floorMs.medianMs,
    gbps: bytesRead / gpu.medianMs / 1e6,
    nsPerElement: (gpu.medianMs * 1e6) / (n * d),
    roofline,
    // The roofline read at least bytesRead; compare rates, which holds whatever it read.
    rooflineRatio: bytesRead / gpu.medianMs / 1e6 / roofline.gbps,
    cpu, tfjs, tfjsWasm,
    speedup: { cpuOverRun: overRun(cpu), tfjsOverRun: overRun(tfjs), tfjsWasmOverRun: overRun(tfjsWasm) },
    check,
  };
}

/** The binary hinge kernel's median time ('auto') on the same X, with labels of ±1: what the family's kernels are compared with. */
async function binaryHingeKernelMs(device: GPUDevice, timer: GpuTimer, config: BenchConfig, X: Float32Array, n: number, d: number): Promise<number> {
  const y = Float32Array.from({ length: n }, (_, i) => (X[i * d] >= 0 ? 1 : -1));
  const w = Float32Array.from({ length: d }, (_, j) => 0.1 * Math.cos(j));
  const kernel = new HingeKernel(device, { timestamps: timer.method === 'timestamp-query' });
  try {
    await kernel.setData(X, y);
    for (let k = 0; k < config.warmup; k++) await kernel.run({ w, b: 0 });
    const times: number[] = [];
    for (let rep = 0; rep < config.reps; rep++) {
      const start = performance.now();
      const run = await kernel.run({ w, b: 0, lambda: 1e-3 });
      times.push(run.kernelMs ?? performance.now() - start);
    }
    return summarize(times).medianMs;
  } finally {
    kernel.destroy();
  }
}

async function timeTfjs(hooks: BenchHooks, input: BenchInput, backend: TfjsBackend, reps: number): Promise<PeerTiming | null> {
  const peer = await hooks.tfjs?.(input, backend);
  if (!peer) return null;
  try {
    return await timePeer(reps, () => peer.run());
  } finally {
    peer.dispose();
  }
}
