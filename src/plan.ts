// How a problem of n×d is laid onto the GPU: which strategy, workgroup shape, rows per block,
// chunks of X. One place for these facts; the shaders receive them as overrides and uniforms.
//
// Strategies (all write one partial slot per block of rows; reduce_partials.wgsl combines them):
//   'narrow':   narrow.wgsl reads X once, one invocation per block of rows of at most 256 columns
//               held in registers (more than 64 in groups of 16 vec4); no barriers.
//   'subgroup': subgroup_rows.wgsl reads X once, the lanes of a subgroup sharing each row (up to 16
//               vec4 columns per lane in registers, 64 on software GPUs in groups of 16) and its dot
//               product (subgroupAdd); no barriers.
//               Rows of fewer vec4 than a subgroup has lanes: a power of two lanes per row (one
//               vec4 each), several rows at a time per subgroup. Wider rows: the subgroups of a
//               workgroup share a row, meeting at one barrier per row.
//               Needs the 'subgroups' feature and one subgroup size on the adapter.
//   'fused':    fused.wgsl reads X once; a workgroup's threads share rows and meet at barriers.
//   'two-pass': scores.wgsl then gradient.wgsl read X twice, with no barriers or private arrays,
//               which is far faster on software GPUs than fused (SwiftShader runs barriers very
//               slowly); any d. Between them row_terms.wgsl turns each row's K scores into its
//               loss terms.
// Every strategy computes every loss, with or without row weights, for K weight vectors: the
// one-pass kernels take a loss whose rows couple their scores (Weston–Watkins, Crammer–Singer) in
// two readings of each block of rows (shaders/kept_terms.wgsl).

import { autoStrategy, COLUMNS_PER_GROUP, GRADIENT_TILE, prevPow2, RULES, SOFTWARE_COLUMN_GROUPS, type PlanContext } from './strategies.js';

export type Strategy = 'narrow' | 'subgroup' | 'fused' | 'two-pass';
export const STRATEGIES: readonly Strategy[] = ['narrow', 'subgroup', 'fused', 'two-pass'];

/** Preferred invocations per workgroup; lowered to the device's limits when they are smaller. */
export const PREFERRED_WORKGROUP_SIZE = 256;
/** scores.wgsl and row_terms.wgsl: rows per invocation (mirrors ROWS there). */
export const SCORE_ROWS = 4;
/** gradient.wgsl's fourVectors: vec4 columns per invocation (mirrors FOUR_TILE there). */
export const GRADIENT_FOUR_TILE = 4;
/** Up to this many partial slots are reduced in one stage (reduce_partials.wgsl). */
const SINGLE_STAGE_SLOTS = 64;

export const BYTES_PER_VEC4 = 16;

export type PlanLimits = Pick<
  GPUSupportedLimits,
  | 'maxStorageBufferBindingSize'
  | 'maxBufferSize'
  | 'maxComputeInvocationsPerWorkgroup'
  | 'maxComputeWorkgroupSizeX'
  | 'maxComputeWorkgroupsPerDimension'
  | 'maxComputeWorkgroupStorageSize'
>;

export interface Chunk {
  firstRow: number;
  rows: number;
  /** Blocks of rowsPerBlock rows; one partial slot (per weight vector) each, from slotBase on. */
  blocks: number;
  slotBase: number;
}

export interface KernelPlan {
  strategy: Strategy;
  n: number;
  d: number;
  /** d rounded up to whole vec4s; X and w are zero-padded to it on upload. */
  d4: number;
  workgroupSize: number;
  /** narrow (1), subgroup and fused: threads sharing one row, rows in flight, vec4 columns held per thread. */
  colLanes: number;
  /** subgroup: rows a subgroup holds at a time (its lanes over colLanes; 1 when rows take a subgroup or more); else 1. */
  rowsPerSubgroup: number;
  rowLanes: number;
  vecsPerThread: number;
  /** narrow and subgroup: groups of named registers those columns are held in (row_columns.wgsl's GROUPS). */
  columnGroups: number;
  /** K > 1 vectors with narrow, or subgroup with one subgroup and one group of columns to a row: 4 (the kernels' fourVectors); else 1. */
  vectorsAtOnce: number;
  /** subgroup: the adapter's subgroup size (colLanes of them share a row: one subgroup, or all of a workgroup's); else 0. */
  subgroupSize: number;
  /** subgroup: lanes hold interleaved columns (hardware GPUs: coalesced loads), not contiguous runs (software GPUs, where those are faster). */
  interleavedColumns: boolean;
  rowsPerBlock: number;
  chunks: Chunk[];
  /** Rows of the largest chunk (two-pass: the size of the per-row buffers). */
  maxChunkRows: number;
  slots: number;
  /** reduce_partials.wgsl: slots summed per group in its first stage, and the groups. */
  slotsPerGroup: number;
  groups: number;
  /** Most weight vectors one run takes. */
  maxVectors: number;
  /** Longest f32 addition chains, for the checker (see SumDepths). */
  rowSumDepth: number;
  dotDepth: number;
}

const perWorkgroup = (plan: KernelPlan, invocations: number) => Math.ceil(invocations / plan.workgroupSize);

/** Workgroups of each pass over one chunk of X, for a run over `vectors` weight vectors. */
export function chunkWorkgroups(plan: KernelPlan, chunk: Chunk, vectors: number) {
  return {
    narrow: perWorkgroup(plan, chunk.blocks),
    subgroup: perWorkgroup(plan, chunk.blocks * plan.colLanes * plan.rowsPerSubgroup),
    fused: chunk.blocks,
    // scores.wgsl and gradient.wgsl take K ≥ 2 vectors four at a time (their fourVectors).
    scores: perWorkgroup(plan, Math.ceil(chunk.rows / SCORE_ROWS) * (vectors > 1 ? Math.ceil(vectors / 4) : 1)),
    rowTerms: perWorkgroup(plan, Math.ceil(chunk.rows / SCORE_ROWS)),
    gradient: perWorkgroup(plan, chunk.blocks * (vectors > 1
      ? Math.ceil(vectors / 4) * Math.ceil(plan.d4 / GRADIENT_FOUR_TILE)
      : Math.ceil(plan.d4 / GRADIENT_TILE))),
  };
}

/** Workgroups of reduce_partials.wgsl's two stages, for a run over `vectors` weight vectors. */
export function reduceWorkgroups(plan: KernelPlan, vectors: number) {
  return {
    reduceGroups: perWorkgroup(plan, plan.groups * vectors * (plan.d4 + 1)),
    finish: perWorkgroup(plan, vectors * (plan.d4 + 1)),
  };
}

/**
 * Plans the kernels for n rows of d columns. `strategy` 'auto' takes 'fused' where it fits and
 * the adapter is a hardware GPU. `chunkBytes` caps one chunk of X below the device's own binding
 * limit. Throws, naming the limit, when the problem cannot be laid out.
 */
export function planKernel(
  n: number, d: number, limits: PlanLimits,
  options: {
    chunkBytes?: number;
    strategy?: Strategy | 'auto';
    softwareAdapter?: boolean;
    maxVectors?: number;
    /** The adapter's subgroup size when it has 'subgroups' and a single size (see fixedSubgroupSize). */
    subgroupSize?: number;
    /** Bytes of one stored vec4 of X (16 for f32; src/storage.ts). */
    xVec4Bytes?: number;
    /** A loss whose rows couple their scores (pipelines.ts's COUPLED_LOSSES): the one-pass kernels keep three values per row and vector (shaders/kept_terms.wgsl). */
    coupled?: boolean;
  } = {},
): KernelPlan {
  const { chunkBytes = Infinity, strategy: wanted = 'auto', softwareAdapter = false, maxVectors = 1, subgroupSize, xVec4Bytes = BYTES_PER_VEC4, coupled = false } = options;
  const largestWorkgroup = prevPow2(
    Math.min(PREFERRED_WORKGROUP_SIZE, limits.maxComputeInvocationsPerWorkgroup, limits.maxComputeWorkgroupSizeX),
  );
  const context: PlanContext = {
    n, d, d4: Math.ceil(d / 4), limits, softwareAdapter, maxVectors, subgroupSize, largestWorkgroup,
    maxPerLane: COLUMNS_PER_GROUP * (softwareAdapter ? SOFTWARE_COLUMN_GROUPS : 1),
  };
  const { d4 } = context;
  if (wanted !== 'auto') {
    const refusal = RULES[wanted].refusal(context);
    if (refusal) throw new Error(refusal);
  }
  const strategy = wanted === 'auto' ? autoStrategy(context) : wanted;
  const rules = RULES[strategy];
  const lanes = rules.lanes(context);

  // Sums are f32 rows of d4 vec4; X's rows take the storage's bytes per vec4.
  const rowBytes = d4 * BYTES_PER_VEC4;
  const xRowBytes = d4 * xVec4Bytes;
  const bindingLimit = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  const chunkLimit = Math.min(bindingLimit, chunkBytes);
  if (xRowBytes > chunkLimit) {
    const which = chunkLimit === chunkBytes ? `the chunkBytes option (${chunkBytes})` : limitName(limits);
    throw new Error(`one row of X (d = ${d}, ${xRowBytes} bytes) does not fit in ${which}`);
  }
  // Blocks are sized to fill the GPU in each dispatch, which covers one chunk of X (not from all of
  // n, which would leave a chunked X's dispatches a fraction of the GPU).
  const chunkRows = Math.min(n, Math.floor(chunkLimit / xRowBytes));
  const rowsPerBlock = rules.rowsPerBlock(context, lanes, chunkRows);
  // A chunk also stays within one dispatch of each kernel, for up to maxVectors vectors.
  const dispatchRows = rules.dispatchRows(context, lanes, rowsPerBlock);
  // two-pass: each row's K scores, coefficients and loss terms stay in buffers of one chunk's rows;
  // the one-pass kernels keep all three in one buffer, for coupled losses.
  const rowValueRows = strategy === 'two-pass' ? Math.floor(chunkLimit / (4 * maxVectors))
    : coupled ? Math.floor(chunkLimit / (3 * 4 * maxVectors))
    : Infinity;
  const maxRowsPerChunk = Math.min(Math.floor(chunkLimit / xRowBytes), dispatchRows, rowValueRows);
  if (maxRowsPerChunk < 1) {
    throw new Error(
      `one row of d = ${d} for ${maxVectors} weight vectors needs more invocations than one dispatch has ` +
        `(maxComputeWorkgroupsPerDimension = ${limits.maxComputeWorkgroupsPerDimension} × ${lanes.workgroupSize})`,
    );
  }
  const chunks: Chunk[] = [];
  let slots = 0;
  for (let firstRow = 0; firstRow < n; firstRow += maxRowsPerChunk) {
    const rows = Math.min(maxRowsPerChunk, n - firstRow);
    const blocks = Math.ceil(rows / rowsPerBlock);
    chunks.push({ firstRow, rows, blocks, slotBase: slots });
    slots += blocks;
  }
  const partialBytes = slots * maxVectors * rowBytes;
  if (partialBytes > bindingLimit) {
    throw new Error(
      `the partial sums need ${partialBytes} bytes (${slots} blocks × ${maxVectors} vectors × ${rowBytes}), over ${limitName(limits)}`,
    );
  }
  // Two stages of about √slots additions each keep both the chains and the launches short; a few
  // slots take one stage, which saves a dispatch on small problems.
  const slotsPerGroup = slots <= SINGLE_STAGE_SLOTS ? slots : Math.ceil(Math.sqrt(slots));
  const groups = Math.ceil(slots / slotsPerGroup);
  const reduceGroupsWorkgroups = Math.ceil((groups * maxVectors * (d4 + 1)) / lanes.workgroupSize);
  if (reduceGroupsWorkgroups > limits.maxComputeWorkgroupsPerDimension) {
    throw new Error(
      `reducing d = ${d} columns over ${groups} groups needs ${reduceGroupsWorkgroups} workgroups, ` +
        `over maxComputeWorkgroupsPerDimension (${limits.maxComputeWorkgroupsPerDimension})`,
    );
  }
  // Over rows: a block's rows (rules.rowChain), then its group's slots in one chain, then the
  // groups in one chain. w·x_i + b: rules.score, then + b.
  const blockRows = Math.min(rowsPerBlock, Math.min(n, maxRowsPerChunk));
  const slotChains = slotsPerGroup - 1 + (groups > 1 ? groups - 1 : 0);
  const { blockLanes: _, ...laid } = lanes;
  return {
    strategy, n, d, d4, ...laid, subgroupSize: strategy === 'subgroup' ? subgroupSize! : 0, rowsPerBlock,
    chunks, maxChunkRows: Math.min(n, maxRowsPerChunk), slots, slotsPerGroup, groups, maxVectors,
    rowSumDepth: rules.rowChain(lanes, blockRows) + slotChains, dotDepth: rules.score(context, lanes) + 1,
  };
}

function limitName(limits: PlanLimits): string {
  return limits.maxStorageBufferBindingSize <= limits.maxBufferSize
    ? `maxStorageBufferBindingSize (${limits.maxStorageBufferBindingSize} bytes)`
    : `maxBufferSize (${limits.maxBufferSize} bytes)`;
}
