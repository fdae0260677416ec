// Each storage's kernel against the f32 kernel, like for like: at the shapes of the storage
// targets, a resident kernel per storage on the same X, and the same kernel compiled with
// shaders/x_from_index.wgsl in place of storage_f32.wgsl, whose xAt makes each vec4 from its index
// and reads nothing, all timed taking turns (the grid's storage cases run minutes apart from their
// f32 case). Every storage reads X and widens it to f32 before the same arithmetic, so no
// storage's kernel can be faster than the one without loads: the floor of every storage.
import { HingeKernel, syntheticProblem, type HingeRun, type Storage } from '../src/index.js';
import { withXSource } from '../src/shaders.js';
import { STORAGES } from '../src/storage.js';
import xFromIndex from '../shaders/x_from_index.wgsl?raw';
import type { GpuTimer } from './gpu-timer.js';
import { quartiles, summarize, timeTakingTurns } from './stats.js';

/** The storages, and 'no loads': the kernel that reads no X. */
export type StorageOrFloor = Storage | 'no loads';

/** A figure for each storage and the floor, and for any variants a probe adds, by name. */
export type Turns<T> = Record<StorageOrFloor, T> & { [variant: string]: T };

/**
 * A kernel for X stored as `storage`, compiled with `source` (shaders/storage_*.wgsl's binding 0,
 * xAt, and xQuad for a storage bound for quads) in place of the storage's own: a probe's variant,
 * timed beside the others; its values may be wrong.
 */
export interface XSourceVariant {
  name: string;
  storage: Storage;
  source: string;
}

export interface StorageTurns {
  n: number;
  d: number;
  strategy: string;
  /** Median kernel time of each (timestamp queries, else run()'s wall time), taking turns. */
  kernelMs: Turns<number>;
  /** kernelMs ÷ the f32 kernel's. */
  overF32: Turns<number>;
  /**
   * The spread behind overF32: each turn's time ÷ the f32 kernel's in the same turn, first and
   * third quartiles over the turns (absent from runs before it was recorded).
   */
  overF32PerTurn?: Turns<[number, number]>;
}

export async function measureStorageTurns(
  device: GPUDevice, timer: GpuTimer, reps: number, shapes: [number, number][], variants: XSourceVariant[] = [],
): Promise<StorageTurns[]> {
  const timestamps = timer.method === 'timestamp-query';
  const names: string[] = [...STORAGES, 'no loads', ...variants.map((variant) => variant.name)];
  const turns: StorageTurns[] = [];
  for (const [n, d] of shapes) {
    const problem = syntheticProblem({ n, d, seed: 9, lambda: 1e-3 });
    const params = { w: problem.w, b: problem.b, lambda: problem.lambda };
    const kernels = names.map(() => new HingeKernel(device, { timestamps }));
    try {
      for (const [k, name] of names.entries()) {
        const variant = variants.find((v) => v.name === name);
        if (variant) await withXSource(variant.source, () => kernels[k].setData(problem.X, problem.y, undefined, { storage: variant.storage }));
        else if (name === 'no loads') await withXSource(xFromIndex, () => kernels[k].setData(problem.X, problem.y));
        else await kernels[k].setData(problem.X, problem.y, undefined, { storage: name as Storage });
        await kernels[k].run(params);
      }
      await timer.warmUp();
      const times = names.map((): number[] => []);
      await timeTakingTurns(reps, kernels.map((kernel, k) => async () => {
        const start = performance.now();
        const run: HingeRun = await kernel.run(params);
        times[k].push(run.kernelMs ?? performance.now() - start);
      }));
      const medians = times.map((t) => summarize(t).medianMs);
      const f32 = names.indexOf('f32');
      turns.push({
        n, d, strategy: kernels[0].plan!.strategy,
        kernelMs: Object.fromEntries(names.map((name, k) => [name, medians[k]])) as Turns<number>,
        overF32: Object.fromEntries(names.map((name, k) => [name, medians[k] / medians[f32]])) as Turns<number>,
        overF32PerTurn: Object.fromEntries(names.map((name, k) => [name, quartiles(times[k].map((ms, turn) => ms / times[f32][turn]))])) as Turns<[number, number]>,
      });
    } finally {
      for (const kernel of kernels) kernel.destroy();
    }
  }
  return turns;
}
