// Cost per weight vector when K vectors share one run, against K = 1, on resident data.
import { HingeKernel, syntheticProblem } from '../src/index.js';
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
}

export async function measureVectors(
  device: GPUDevice, timer: GpuTimer, reps: number, n: number, d: number, counts = [1, 4, 16],
): Promise<VectorCost[]> {
  const problem = syntheticProblem({ n, d, seed: 5 });
  const kernel = new HingeKernel(device, {
    maxVectors: Math.max(...counts), timestamps: timer.method === 'timestamp-query', strategy: 'two-pass',
  });
  try {
    await kernel.setData(problem.X, problem.y);
    const costs: VectorCost[] = [];
    for (const K of counts) {
      const W = Float32Array.from({ length: K * d }, (_, k) => problem.w[k % d] * (1 + 0.1 * Math.floor(k / d)));
      const params = { W, b: Array.from({ length: K }, (_, k) => 0.01 * k), lambda: 1e-3 };
      await kernel.run(params);
      const times: number[] = [];
      const wall = await timeRepeats(reps, async () => {
        const [first] = await kernel.run(params);
        if (first.kernelMs !== undefined) times.push(first.kernelMs);
      });
      const medianMs = summarize(times.length ? times : wall).medianMs;
      const single = costs[0]?.medianMs ?? medianMs;
      costs.push({ n, d, K, medianMs, perVectorMs: medianMs / K, relativeToSingle: medianMs / K / single });
    }
    return costs;
  } finally {
    kernel.destroy();
  }
}
