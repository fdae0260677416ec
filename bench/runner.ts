// The benchmark itself, shared by the page (browser) and bench/node.ts (Dawn in Node).
import {
  checkGradient, describeAdapter, HingeKernel, hingeGradient, syntheticProblem,
  type AdapterSummary, type HingeInput, type Strategy,
} from '../src/index.js';
import type { BenchConfig } from './config.js';
import { GpuTimer, type TimingMethod } from './gpu-timer.js';
import { measureLatency, type Latency } from './latency.js';
import { measureVectors, type VectorCost } from './vectors.js';
import type { PreparedPeer, TfjsBackend } from './peers/tfjs.js';
import { measureRoofline, type Roofline } from './roofline.js';
import { measureUpload, type UploadTiming } from './upload.js';
import { measureStreaming, type StreamingCost } from './streaming.js';
import { timePeer, type PeerTiming } from './peer-timing.js';
import { summarize, timeRepeats, type Summary } from './stats.js';

export interface CaseResult {
  n: number;
  d: number;
  /** The kernel strategy the plan chose (see src/plan.ts). */
  strategy: Strategy;
  /** Bytes the kernel must read: X, y and w as f32. */
  bytesRead: number;
  /** Kernel time: timestamp queries around the compute pass, else the wall time of run(). */
  gpu: Summary;
  /** Wall time of a resident run(): upload of w, the kernels, and the read-back of the result. */
  runMs: Summary;
  /** Wall time of hingeGradient: upload of X and y, the run, the read-back, freeing. */
  endToEndMs: Summary;
  /** setData against a raw writeBuffer of the same bytes, same run. */
  upload: UploadTiming;
  /** hingeGradient's median ÷ (raw write + resident run): what one call costs over its floor. */
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
  /** Like for like, call for call: a peer's median wall time ÷ our run()'s median wall time. */
  speedup: { cpuOverRun: number | null; tfjsOverRun: number | null; tfjsWasmOverRun: number | null };
  check: { ok: boolean; worstRatio: number; ambiguousRows: number; report: string };
}

export interface CaseFailure {
  n: number;
  d: number;
  error: string;
}

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
  ok: boolean;
  createdAt: string;
  environment: string;
}

export interface BenchHooks {
  progress?: (fraction: number, message: string) => void;
  /** Called after each case, for live tables and charts. */
  caseDone?: (result: CaseResult) => void;
  /** A TF.js peer on the given backend, when this environment has it (the page); null when that backend cannot run. */
  tfjs?: (input: HingeInput, backend: TfjsBackend) => Promise<PreparedPeer | null>;
  /** Times the CPU reference, in a fresh worker per case (the page's and Node's own). */
  timeCpu: (input: HingeInput, maxReps: number) => Promise<PeerTiming>;
  environment: string;
}

export async function runBenchmark(device: GPUDevice, config: BenchConfig, hooks: BenchHooks): Promise<BenchResult> {
  const timer = new GpuTimer(device);
  const cases: CaseResult[] = [];
  const failures: CaseFailure[] = [];
  let latency: Latency;
  let vectors: VectorCost[];
  let streaming: StreamingCost;
  try {
    for (const [index, [n, d]] of config.sizes.entries()) {
      const report = (step: number, what: string) =>
        hooks.progress?.((index + step / 5) / config.sizes.length, `n=${n} d=${d}: ${what}`);
      report(0, 'making data');
      try {
        const input = syntheticProblem({ n, d, seed: index + 1, lambda: 1e-3 });
        const result = await runCase(device, timer, config, input, hooks, report);
        cases.push(result);
        hooks.caseDone?.(result);
      } catch (error) {
        // A case the device cannot hold (out of memory, limits) is reported, and the run goes on.
        failures.push({ n, d, error: error instanceof Error ? error.message : String(error) });
      }
    }
    hooks.progress?.(0.98, 'small-problem latency');
    latency = await measureLatency(device, timer, Math.max(config.reps, 20));
    hooks.progress?.(0.99, 'K weight vectors per run');
    vectors = await measureVectors(device, timer, config.reps, 65536, 64);
    hooks.progress?.(0.995, 'streaming batches');
    streaming = await measureStreaming(device, config.reps);
  } finally {
    timer.destroy();
  }
  hooks.progress?.(1, 'done');
  return {
    adapter: describeAdapter(device),
    features: [...device.features].sort(),
    timing: timer.method,
    roofline: { gbps: Math.max(0, ...cases.map((c) => c.roofline.gbps)) },
    config,
    cases,
    failures,
    latency,
    vectors,
    streaming,
    ok: failures.length === 0 && cases.every((c) => c.check.ok),
    createdAt: new Date().toISOString(),
    environment: hooks.environment,
  };
}

async function runCase(
  device: GPUDevice, timer: GpuTimer, config: BenchConfig, input: HingeInput & { y: Float32Array },
  hooks: BenchHooks, report: (step: number, what: string) => void,
): Promise<CaseResult> {
  const n = input.y.length;
  const d = input.w.length;
  const bytesRead = 4 * (n * d + n + d);
  const params = { w: input.w, b: input.b, lambda: input.lambda };

  report(1, 'GPU kernel');
  const kernel = new HingeKernel(device, { timestamps: timer.method === 'timestamp-query', strategy: config.strategy });
  let gpuTimes: number[];
  let upload: UploadTiming;
  const runTimes: number[] = [];
  let last;
  let strategy: Strategy;
  try {
    await kernel.setData(input.X, input.y);
    strategy = kernel.plan!.strategy;
    for (let k = 0; k < config.warmup; k++) await kernel.run(params);
    await timer.warmUp();
    gpuTimes = [];
    for (let rep = 0; rep < config.reps; rep++) {
      const start = performance.now();
      last = await kernel.run(params);
      const wallMs = performance.now() - start;
      runTimes.push(wallMs);
      gpuTimes.push(last.kernelMs ?? wallMs);
    }
    report(1.5, 'uploads');
    upload = await measureUpload(device, kernel, input.X, input.y, config.reps);
  } finally {
    kernel.destroy();
  }
  const check = checkGradient(last!, input);

  report(2, 'end to end');
  await hingeGradient(device, input);
  const endToEnd = await timeRepeats(config.reps, () => hingeGradient(device, input));

  report(3, 'stream-read roofline');
  const roofline = await measureRoofline(device, timer, bytesRead, config.reps);

  report(4, 'peers');
  const cpu = config.peers.includes('cpu') ? await hooks.timeCpu(input, config.reps) : null;
  const tfjs = config.peers.includes('tfjs') ? await timeTfjs(hooks, input, 'webgpu', config.reps) : null;
  const tfjsWasm = config.peers.includes('tfjs-wasm') ? await timeTfjs(hooks, input, 'wasm', config.reps) : null;

  const gpu = summarize(gpuTimes);
  const runMs = summarize(runTimes);
  const endToEndMs = summarize(endToEnd);
  const overRun = (peer: PeerTiming | null) => (peer ? peer.medianMs / runMs.medianMs : null);
  return {
    n, d, strategy: strategy!, bytesRead, gpu, runMs, endToEndMs, upload: upload!,
    endToEndOverFloor: endToEndMs.medianMs / (upload!.rawWriteMs.medianMs + runMs.medianMs),
    gbps: bytesRead / gpu.medianMs / 1e6,
    nsPerElement: (gpu.medianMs * 1e6) / (n * d),
    roofline,
    // The roofline read at least bytesRead; compare rates, which holds whatever it read.
    rooflineRatio: bytesRead / gpu.medianMs / 1e6 / roofline.gbps,
    cpu, tfjs, tfjsWasm,
    speedup: { cpuOverRun: overRun(cpu), tfjsOverRun: overRun(tfjs), tfjsWasmOverRun: overRun(tfjsWasm) },
    check: { ok: check.ok, worstRatio: check.worstRatio, ambiguousRows: check.ambiguousRows.length, report: check.report },
  };
}

async function timeTfjs(hooks: BenchHooks, input: HingeInput, backend: TfjsBackend, reps: number): Promise<PeerTiming | null> {
  const peer = await hooks.tfjs?.(input, backend);
  if (!peer) return null;
  try {
    return await timePeer(reps, () => peer.run());
  } finally {
    peer.dispose();
  }
}
