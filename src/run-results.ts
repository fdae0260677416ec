// A run's results: where they lie in the staging buffer it maps, and how each vector's dw, stats,
// loss and db are finished from there on the host (in float64 where the GPU's f32 would round).
import type { HingeRun } from './kernel.js';
import { readStruct, STATS, structBytes } from './layout.js';
import { BYTES_PER_VEC4, type KernelPlan } from './plan.js';
import { INT8_FLUSHED_PRODUCTS_BELOW, int8CodeUnit, type Storage } from './storage.js';
import type { HingeSums, Reduction, SumDepths } from './types.js';

export const STATS_BYTES = structBytes(STATS);
export const TIMESTAMP_BYTES = 16;
/** find_nonfinite.wgsl's value for a chunk in which it found nothing. */
export const NONE_FOUND = 0xffffffff;

/** What finishing a run needs of the resident data. */
interface StoredData {
  plan: KernelPlan;
  storage: Storage;
  /** int8: the column scales s_j. */
  scales: Float32Array;
}

/** What finishing a run needs of its values. */
interface RunValues {
  W: Float32Array;
  biases: number[];
  lambda: number;
  reduction: Reduction;
}

/** Where a run's results lie in the staging buffer: K rows of dw, K stats, the timestamps, then the chunks' check results. */
export interface StagingLayout {
  dwBytes: number;
  statsBytes: number;
  timestampOffset: number;
  checkOffset: number;
  mappedBytes: number;
}

export function stagingLayout(plan: KernelPlan, K: number, checkedChunks: number): StagingLayout {
  const dwBytes = K * plan.d4 * BYTES_PER_VEC4;
  const statsBytes = K * STATS_BYTES;
  const checkOffset = dwBytes + statsBytes + TIMESTAMP_BYTES;
  return { dwBytes, statsBytes, timestampOffset: dwBytes + statsBytes, checkOffset, mappedBytes: checkOffset + checkedChunks * 4 };
}

/** The first chunk in which find_nonfinite.wgsl found a value that is not finite, and that value's element. */
export function firstFlagged(bytes: ArrayBuffer, offset: number, chunks: number): { chunk: number; element: number } | undefined {
  const found = new Uint32Array(bytes, offset, chunks);
  const chunk = found.findIndex((element) => element !== NONE_FOUND);
  return chunk < 0 ? undefined : { chunk, element: found[chunk] };
}

export function timestampMs(bytes: ArrayBuffer, offset: number): number {
  const [start, end] = new BigUint64Array(bytes, offset, 2);
  return Number(end - start) / 1e6;
}

/** Whether reduce_partials.wgsl scales by 1/n and adds λw: not for sums, nor for int8, whose sums the host scales first. */
export function finishesOnGpu(data: StoredData, run: RunValues): boolean {
  return run.reduction !== 'sum' && data.storage !== 'int8';
}

/** Each vector's result from the mapped staging bytes: dw, its stats, and the loss and db finished in float64. */
export function finishResults(bytes: ArrayBuffer, data: StoredData, evaluation: RunValues, kernelMs: number | undefined): (HingeRun | HingeSums)[] {
  const { plan } = data;
  const K = evaluation.biases.length;
  const { dwBytes } = stagingLayout(plan, K, 0);
  const sums = evaluation.reduction === 'sum';
  const int8 = data.storage === 'int8';
  // int8: (w∘s)·q and s·Σ coef·q each round once more per term than w·x̂ and Σ coef·x̂ (so no
  // dot product is exact for being exact on X̂), and a product whose scaled-down weight is flushed vanishes.
  const sumDepths: SumDepths = int8
    ? { rowSum: plan.rowSumDepth + 1, dot: plan.dotDepth + 2, flushedProductsBelow: INT8_FLUSHED_PRODUCTS_BELOW, productsRounded: true }
    : { rowSum: plan.rowSumDepth, dot: plan.dotDepth };
  const results: (HingeRun | HingeSums)[] = [];
  for (let k = 0; k < K; k++) {
    let dw = new Float32Array(bytes, k * plan.d4 * BYTES_PER_VEC4, plan.d).slice();
    const { loss: lossSum, slopeSum, activeCount: active, faults } = readStruct(STATS, bytes, dwBytes + k * STATS_BYTES);
    if (faults !== 0) {
      throw new Error(
        `the subgroup kernel found subgroups other than the adapter reported (${plan.subgroupSize} consecutive invocations each); ` +
          `its result would be wrong: use strategy 'narrow' or 'two-pass' on this device`,
      );
    }
    const w = evaluation.W.subarray(k * plan.d, (k + 1) * plan.d);
    if (int8) {
      const overflowed = dw.findIndex((sum) => !Number.isFinite(sum)); // ±Inf, or NaN from Inf − Inf
      if (overflowed >= 0) throw new Error(int8OverflowMessage(overflowed));
      const scale = sums ? 1 : 1 / plan.n;
      const lambda = sums ? 0 : evaluation.lambda;
      dw = Float32Array.from(dw, (sum, j) => data.scales[j] * (sum * int8CodeUnit(j)) * scale + lambda * w[j]);
    }
    if (sums) {
      results.push({ reduction: 'sum', rows: plan.n, lossSum, dwSum: dw, dbSum: slopeSum, active, sumDepths });
      continue;
    }
    let wSquared = 0;
    for (const weight of w) wSquared += weight * weight;
    results.push({
      loss: lossSum / plan.n + (evaluation.lambda / 2) * wSquared,
      dw,
      db: 0 + slopeSum / plan.n, // 0 + … keeps an empty sum at +0
      active,
      sumDepths,
      ...(kernelMs === undefined ? {} : { kernelMs }),
    });
  }
  return results;
}

/**
 * The int8 kernels sum coefficient·q·2^(8k) per column (int8_widen.wgsl), 2^(8k) times the codes'
 * sum, so f32 can overflow there where the gradient itself is finite.
 */
function int8OverflowMessage(column: number): string {
  return `the int8 kernel's sum for column ${column} overflowed f32 (it holds Σ coefficient·q·2^${8 * (column % 4)} over the rows, ` +
    'q the codes): row coefficients (weights, slopes) this large need storage \'f32\' or \'bf16\'';
}
