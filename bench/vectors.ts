// Cost per weight vector when K vectors share one run, against K = 1 with the same strategy, on
// resident data; and against a one-vector kernel's run, whose 'auto' strategy may differ (fused).
import { HingeKernel, syntheticProblem, type HingeRun } from '../src/index.js';
import type { GpuTimer } from './gpu-timer.js';
import { summarize, timeRepeats } from './stats.js';

export interface VectorCost {
  n: number;
  d: number;
  K: number;
  /** GPU time of one run with K vectors (timestamp queries), else its wall time. */
  medianMs: number;
  perVectorMs: number;
  /** perVectorMs / (the K = 1 run's time). */
  relativeToSingle: number;
  /** The strategy 'auto' picked for K vectors. */
  strategy: string;
  /** One vector with the strategy 'auto' picks for a one-vector kernel, and perVectorMs against it. */
  autoStrategy: string;
  autoSingleMs: number;
  relativeToAutoSingle: number;
}

export async function measureVectors(
  device: GPUDevice, timer: GpuTimer, reps: number, n: number, d: number, counts = [1, 4, 16],
): Promise<VectorCost[]> {
  const problem = syntheticProblem({ n, d, seed: 5 });
  const timestamps = timer.method === 'timestamp-query';
  const kernel = new HingeKernel(device, { maxVectors: Math.max(...counts), timestamps });
  const autoKernel = new HingeKernel(device, { timestamps });
  try {
    await kernel.setData(problem.X, problem.y);
    await autoKernel.setData(problem.X, problem.y);
    const autoSingleMs = await medianRunMs(timer, reps, () => autoKernel.run({ w: problem.w, b: 0, lambda: 1e-3 }).then((run) => [run]));
    const autoStrategy = autoKernel.plan!.strategy;
    const costs: VectorCost[] = [];
    for (const K of counts) {
      const W = Float32Array.from({ length: K * d }, (_, k) => problem.w[k % d] * (1 + 0.1 * Math.floor(k / d)));
      const params = { W, b: Array.from({ length: K }, (_, k) => 0.01 * k), lambda: 1e-3 };
      const medianMs = await medianRunMs(timer, reps, () => kernel.run(params));
      const single = costs[0]?.medianMs ?? medianMs;
      costs.push({
        n, d, K, strategy: kernel.plan!.strategy, medianMs, perVectorMs: medianMs / K, relativeToSingle: medianMs / K / single,
        autoStrategy, autoSingleMs, relativeToAutoSingle: medianMs / K / autoSingleMs,
      });
    }
    return costs;
  } finally {
    kernel.destroy();
    autoKernel.destroy();
  }
}

/** The median GPU time of a run (its wall time without timestamp queries), after one warm-up. */
async function medianRunMs(timer: GpuTimer, reps: number, run: () => Promise<HingeRun[]>): Promise<number> {
  await run();
  await timer.warmUp();
  const times: number[] = [];
  const wall = await timeRepeats(reps, async () => {
    const [first] = await run();
    if (first.kernelMs !== undefined) times.push(first.kernelMs);
  });
  return summarize(times.length ? times : wall).medianMs;
}
