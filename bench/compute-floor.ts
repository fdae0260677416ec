// What the kernels cost beyond reading X: the f32 kernel against the same kernel compiled with
// shaders/x_from_index.wgsl in place of storage_f32.wgsl, whose xAt makes each vec4 from its index
// and reads nothing. Every storage reads X and widens it to f32 before the same arithmetic, so no
// storage's kernel can be faster than this one: it is the floor of every storage on this adapter.
// Taking turns, at the shapes of the storage targets.
import { HingeKernel, syntheticProblem, type HingeRun } from '../src/index.js';
import { withXSource } from '../src/shaders.js';
import xFromIndex from '../shaders/x_from_index.wgsl?raw';
import type { GpuTimer } from './gpu-timer.js';
import { summarize, timeTakingTurns } from './stats.js';

export interface ComputeFloor {
  n: number;
  d: number;
  strategy: string;
  /** The f32 kernel's median time (timestamp queries, else run()'s wall time). */
  f32KernelMs: number;
  /** The same kernel with no loads of X. */
  noLoadsKernelMs: number;
  /** noLoadsKernelMs ÷ f32KernelMs: below it, no storage's kernel ÷ f32 kernel can go. */
  ratio: number;
}

export async function measureComputeFloor(device: GPUDevice, timer: GpuTimer, reps: number, shapes: [number, number][]): Promise<ComputeFloor[]> {
  const timestamps = timer.method === 'timestamp-query';
  const floors: ComputeFloor[] = [];
  for (const [n, d] of shapes) {
    const problem = syntheticProblem({ n, d, seed: 9, lambda: 1e-3 });
    const params = { w: problem.w, b: problem.b, lambda: problem.lambda };
    const f32 = new HingeKernel(device, { timestamps });
    const noLoads = new HingeKernel(device, { timestamps });
    try {
      await f32.setData(problem.X, problem.y);
      await withXSource(xFromIndex, () => noLoads.setData(problem.X, problem.y));
      const kernelTimes = [f32, noLoads].map((): number[] => []);
      const timed = (kernel: HingeKernel, times: number[]) => async () => {
        const start = performance.now();
        const run: HingeRun = await kernel.run(params);
        times.push(run.kernelMs ?? performance.now() - start);
      };
      await f32.run(params);
      await noLoads.run(params);
      await timer.warmUp();
      await timeTakingTurns(reps, [timed(f32, kernelTimes[0]), timed(noLoads, kernelTimes[1])]);
      const [f32KernelMs, noLoadsKernelMs] = kernelTimes.map((times) => summarize(times).medianMs);
      floors.push({ n, d, strategy: f32.plan!.strategy, f32KernelMs, noLoadsKernelMs, ratio: noLoadsKernelMs / f32KernelMs });
    } finally {
      f32.destroy();
      noLoads.destroy();
    }
  }
  return floors;
}
