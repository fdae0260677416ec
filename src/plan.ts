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

export type Strategy = 'narrow' | 'subgroup' | 'fused' | 'two-pass';
export const STRATEGIES: readonly Strategy[] = ['narrow', 'subgroup', 'fused', 'two-pass'];

/** Preferred invocations per workgroup; lowered to the device's limits when they are smaller. */
export const PREFERRED_WORKGROUP_SIZE = 256;
/** Mirrors the WGSL constant in shaders/fused.wgsl. */
export const MAX_VECS_PER_THREAD = 8;
/** scores.wgsl and row_terms.wgsl: rows per invocation (mirrors ROWS there). */
export const SCORE_ROWS = 4;
/** gradient.wgsl: vec4 columns per invocation (mirrors TILE there), and in fourVectors (FOUR_TILE). */
export const GRADIENT_TILE = 8;
export const GRADIENT_FOUR_TILE = 4;
/**
 * narrow.wgsl holds a row in up to four groups of sixteen vec4 registers: rows of at most 256
 * columns. 'auto' takes it on software GPUs for rows too wide for narrow's one group only when
 * subgroups are not there: on SwiftShader in Chromium 2.1–2.5× as fast as two-pass at 96, 128
 * and 256 columns, but 1.2× slower than subgroup at 256.
 */
export const NARROW_MAX_D4 = 64;
/**
 * 'auto' takes narrow over subgroup up to 48 columns on software GPUs: on SwiftShader narrow was
 * faster or equal there (1.34× at d = 48 in Chromium, equal in Node); at d = 64
 * they split (narrow 1.15× faster in Chromium, subgroup 1.2× faster in Node).
 */
const NARROW_AUTO_MAX_D4 = 12;
/** row_columns.wgsl holds a lane's columns in groups of up to sixteen vec4 registers. */
export const COLUMNS_PER_GROUP = 16;
/**
 * subgroup on software GPUs: up to four groups per lane (64 vec4), so that rows of up to 1024
 * columns take one 4-lane subgroup and no barrier, and wider rows a quarter of the subgroups at
 * each barrier (SwiftShader in Chromium: 1.2–1.25× faster than one group at 512, 1024 and 4096
 * columns). Hardware GPUs keep one group: their registers are not spilled to a stack.
 */
const SOFTWARE_COLUMN_GROUPS = 4;
/** narrow: invocations (blocks of rows) worth launching to fill a large GPU. */
const TARGET_NARROW_INVOCATIONS = 1 << 16;
/** fused.wgsl's workgroup memory per invocation: f32 + vec4<f32> + vec2<f32> + u32. */
const FUSED_WORKGROUP_BYTES_PER_INVOCATION = 4 + 16 + 8 + 4;
/** two-pass: gradient invocations worth launching to fill a large GPU. */
const TARGET_GRADIENT_INVOCATIONS = 1 << 18;
/**
 * subgroup on hardware GPUs: blocks (subgroups, or workgroups for wide rows) worth launching, of at
 * least 8 rows. Measured on an H100 at its working clock: 4096 × 4096 in 512 blocks of 8 rows took
 * 0.061 ms against 0.066 in 128 blocks of 32; 1024 × 1024 in 128 blocks 0.026 ms against 0.035 in
 * 32; 65536 × 256 in 2048 blocks of 32 0.074 ms against 0.109 in 8192 blocks of 8.
 */
const TARGET_SUBGROUP_BLOCKS = 2048;
const MIN_SUBGROUP_ROWS_PER_BLOCK = 8;
/** fused: workgroups worth launching to fill a large GPU (a few per multiprocessor), each with several rows per thread to spread its final reduction over. */
const TARGET_FUSED_WORKGROUPS = 512;
/** Up to this many partial slots are reduced in one stage (reduce_partials.wgsl). */
const SINGLE_STAGE_SLOTS = 64;
/** Keeps the partial-slot traffic (one row of d per block) within a few percent of X's. */
const MIN_ROWS_PER_BLOCK = 32;
/**
 * Software GPUs pay a large set-up per block (its weights, its partial slot, its share of the
 * reduction) and have a few cores to fill, not thousands of lanes: blocks of up to 256 rows, as
 * long as there are 16 workgroups of 64 (measured on SwiftShader in Chromium: 1.2–1.3× faster than
 * blocks of 32 rows at 65536 × 256 and 1,000,000 × 32; too few workgroups leave cores idle).
 */
const SOFTWARE_MAX_ROWS_PER_BLOCK = 256;
const SOFTWARE_TARGET_WORKGROUPS = 16;
const SOFTWARE_WORKGROUP_SIZE = 64;

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
  /** subgroup: lanes hold interleaved columns (hardware GPUs: coalesced loads), not contiguous runs (software GPUs, measured faster). */
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

const log2 = (x: number) => Math.ceil(Math.log2(x));
const nextPow2 = (x: number) => 2 ** Math.ceil(Math.log2(Math.max(1, x)));
const prevPow2 = (x: number) => 2 ** Math.floor(Math.log2(x));

/** Whether the fused kernel can hold rows of d columns on this device. */
function fusedFits(d4: number, workgroupSize: number, limits: PlanLimits): boolean {
  return (
    d4 <= workgroupSize * MAX_VECS_PER_THREAD &&
    workgroupSize * FUSED_WORKGROUP_BYTES_PER_INVOCATION <= limits.maxComputeWorkgroupStorageSize
  );
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
  // The largest workgroup used: what fused and wide subgroup rows can hold depends on it.
  const largestWorkgroup = prevPow2(
    Math.min(PREFERRED_WORKGROUP_SIZE, limits.maxComputeInvocationsPerWorkgroup, limits.maxComputeWorkgroupSizeX),
  );
  let workgroupSize = largestWorkgroup;
  const d4 = Math.ceil(d / 4);
  const tiles = Math.ceil(d4 / GRADIENT_TILE);
  const maxGroups = limits.maxComputeWorkgroupsPerDimension;
  const fits = fusedFits(d4, workgroupSize, limits);
  const narrowFits = d4 <= NARROW_MAX_D4;
  const maxPerLane = COLUMNS_PER_GROUP * (softwareAdapter ? SOFTWARE_COLUMN_GROUPS : 1);
  const subgroupFits = subgroupSize !== undefined && subgroupSize <= workgroupSize && d4 <= workgroupSize * maxPerLane;
  if (wanted === 'subgroup' && !subgroupFits) {
    throw new Error(
      subgroupSize === undefined
        ? `the subgroup strategy needs the 'subgroups' feature and one subgroup size (subgroupMinSize = subgroupMaxSize) on the adapter: use 'two-pass'`
        : `the subgroup strategy holds rows of at most ${workgroupSize * maxPerLane * 4} columns in workgroups of ${workgroupSize}; d = ${d}: use 'two-pass'`,
    );
  }
  if (wanted === 'narrow' && !narrowFits) {
    throw new Error(`the narrow strategy holds rows of at most ${NARROW_MAX_D4 * 4} columns; d = ${d}: use 'fused' or 'two-pass'`);
  }
  if (wanted === 'fused' && !fits) {
    throw new Error(
      `the fused strategy holds at most ${workgroupSize * MAX_VECS_PER_THREAD * 4} columns in ` +
        `${FUSED_WORKGROUP_BYTES_PER_INVOCATION * workgroupSize} bytes of workgroup memory ` +
        `(maxComputeWorkgroupStorageSize = ${limits.maxComputeWorkgroupStorageSize}); d = ${d}: use 'two-pass'`,
    );
  }
  // 'auto' takes what was measured fastest: on software GPUs narrow (3× two-pass at 1,000,000 × 32
  // on SwiftShader), else subgroup (2.5× two-pass at 65536 × 256, 1.55× at d = 1024 and 4096 with
  // one group of columns per lane, 1.2–1.25× that with groups), else narrow up to 256 columns
  // (2.1–2.5× two-pass), else two-pass, for one vector or K. On hardware GPUs, for one vector, subgroup for rows of a
  // subgroup's lanes of vec4 or more (H100: 1.13× fused at 65536 × 256 and 4096 × 4096, 1.16× at
  // 1024 × 1024), else fused (1.2–1.4× subgroup's narrower rows at 1,000,000 × 32 and
  // 65536 × 16), and two-pass for K (measured; subgroup's K is not yet measured there).
  const strategy: Strategy =
    wanted !== 'auto' ? wanted
    : coupled ? 'two-pass'
    : softwareAdapter ? (d4 <= NARROW_AUTO_MAX_D4 ? 'narrow' : subgroupFits ? 'subgroup' : narrowFits ? 'narrow' : 'two-pass')
    : maxVectors > 1 ? 'two-pass'
    : subgroupFits && d4 >= subgroupSize! ? 'subgroup'
    : fits ? 'fused'
    : 'two-pass';

  // subgroup: a row of fewer vec4 than the subgroup has lanes takes a power of two lanes, one vec4
  // each, so that no lane idles for want of columns (a whole subgroup would leave most of its lanes
  // idle on 32-lane GPUs at d = 32); wider rows take whole subgroups.
  const colLanes =
    strategy === 'narrow' ? 1
    : strategy === 'subgroup' ? (d4 < subgroupSize! ? nextPow2(d4) : Math.max(subgroupSize!, nextPow2(Math.ceil(d4 / maxPerLane))))
    : Math.min(workgroupSize, nextPow2(Math.ceil(d4 / MAX_VECS_PER_THREAD)));
  const rowsPerSubgroup = strategy === 'subgroup' ? Math.max(1, subgroupSize! / colLanes) : 1;
  const vecsPerThread = Math.ceil(d4 / colLanes);
  const columnGroups = strategy === 'subgroup' || strategy === 'narrow' ? Math.ceil(vecsPerThread / COLUMNS_PER_GROUP) : 1;
  const fourAtOnce = columnGroups === 1 && (strategy === 'narrow' || (strategy === 'subgroup' && colLanes === subgroupSize));
  const vectorsAtOnce = maxVectors > 1 && fourAtOnce ? 4 : 1;
  // Rows wider than one subgroup holds, or held in groups of columns: a workgroup of exactly the
  // lanes that share a row (with groups, on SwiftShader in Chromium, blocks of 256 rows in 64
  // one-subgroup workgroups ran 16384 × 1024 in 30.5 ms, blocks of 64 rows in 16 workgroups of 64
  // lanes 32.8). Blocks of one invocation or one subgroup on software GPUs otherwise: smaller
  // workgroups, to have enough of them.
  if (strategy === 'subgroup' && (colLanes > subgroupSize! || columnGroups > 1)) workgroupSize = colLanes;
  else if (softwareAdapter && strategy !== 'fused') workgroupSize = Math.min(SOFTWARE_WORKGROUP_SIZE, largestWorkgroup);
  const rowLanes = workgroupSize / colLanes;
  // Sums are f32 rows of d4 vec4; X's rows take the storage's bytes per vec4.
  const rowBytes = d4 * BYTES_PER_VEC4;
  const xRowBytes = d4 * xVec4Bytes;
  const bindingLimit = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  const chunkLimit = Math.min(bindingLimit, chunkBytes);
  if (xRowBytes > chunkLimit) {
    const which = chunkLimit === chunkBytes ? `the chunkBytes option (${chunkBytes})` : limitName(limits);
    throw new Error(`one row of X (d = ${d}, ${xRowBytes} bytes) does not fit in ${which}`);
  }
  // Blocks are sized to fill the GPU in each dispatch, which covers one chunk of X: sized from all
  // of n, X of 8 chunks left 64 fused workgroups per dispatch on the H100 (1.57× the time per
  // element of one chunk's 512).
  const chunkRows = Math.min(n, Math.floor(chunkLimit / xRowBytes));
  // Invocations per block of rows (a subgroup block is a subgroup, or a whole workgroup for wide
  // rows; two-pass: its gradient tiles).
  const blockLanes = strategy === 'narrow' ? 1 : strategy === 'subgroup' ? colLanes * rowsPerSubgroup : tiles;
  const rowsPerBlock =
    strategy === 'fused' ? Math.ceil(Math.max(Math.ceil(chunkRows / TARGET_FUSED_WORKGROUPS), MIN_ROWS_PER_BLOCK) / rowLanes) * rowLanes
    : softwareAdapter ? Math.min(SOFTWARE_MAX_ROWS_PER_BLOCK, Math.max(MIN_ROWS_PER_BLOCK,
        Math.floor((chunkRows * blockLanes) / (SOFTWARE_TARGET_WORKGROUPS * workgroupSize))))
    : strategy === 'narrow' ? Math.max(MIN_ROWS_PER_BLOCK, Math.ceil(chunkRows / TARGET_NARROW_INVOCATIONS))
    : strategy === 'subgroup' ? Math.max(MIN_SUBGROUP_ROWS_PER_BLOCK, Math.ceil(chunkRows / TARGET_SUBGROUP_BLOCKS))
    : Math.max(MIN_ROWS_PER_BLOCK, Math.ceil((chunkRows * tiles) / TARGET_GRADIENT_INVOCATIONS));

  // A chunk also stays within one dispatch of each kernel, for up to maxVectors vectors.
  const invocations = maxGroups * workgroupSize;
  const dispatchRows =
    strategy === 'fused' ? maxGroups * rowsPerBlock
    : strategy === 'narrow' ? invocations * rowsPerBlock
    : strategy === 'subgroup' ? Math.floor(invocations / blockLanes) * rowsPerBlock
    : Math.min(Math.floor(invocations / maxVectors), Math.floor(invocations / (tiles * maxVectors)) * rowsPerBlock);
  // two-pass: each row's K scores, coefficients and loss terms stay in buffers of one chunk's rows;
  // the one-pass kernels keep all three in one buffer, for coupled losses.
  const rowValueRows = strategy === 'two-pass' ? Math.floor(chunkLimit / (4 * maxVectors))
    : coupled ? Math.floor(chunkLimit / (3 * 4 * maxVectors))
    : Infinity;
  const maxRowsPerChunk = Math.min(Math.floor(chunkLimit / xRowBytes), dispatchRows, rowValueRows);
  if (maxRowsPerChunk < 1) {
    throw new Error(
      `one row of d = ${d} for ${maxVectors} weight vectors needs more invocations than one dispatch has ` +
        `(maxComputeWorkgroupsPerDimension = ${maxGroups} × ${workgroupSize})`,
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
  const reduceGroupsWorkgroups = Math.ceil((groups * maxVectors * (d4 + 1)) / workgroupSize);
  if (reduceGroupsWorkgroups > maxGroups) {
    throw new Error(
      `reducing d = ${d} columns over ${groups} groups needs ${reduceGroupsWorkgroups} workgroups, ` +
        `over maxComputeWorkgroupsPerDimension (${maxGroups})`,
    );
  }

  const { rowSumDepth, dotDepth } = chainHeights({
    strategy, d4, colLanes, rowLanes, rowsPerSubgroup, vecsPerThread, columnGroups, interleavedColumns: strategy === 'subgroup' && !softwareAdapter,
    subgroupSize: subgroupSize ?? 0, workgroupSize, blockRows: Math.min(rowsPerBlock, Math.min(n, maxRowsPerChunk)), slotsPerGroup, groups,
  });
  return {
    strategy, n, d, d4, workgroupSize, colLanes, rowsPerSubgroup, rowLanes, vecsPerThread, columnGroups, vectorsAtOnce,
    subgroupSize: strategy === 'subgroup' ? subgroupSize! : 0, interleavedColumns: strategy === 'subgroup' && !softwareAdapter, rowsPerBlock,
    chunks, maxChunkRows: Math.min(n, maxRowsPerChunk),
    slots, slotsPerGroup, groups, maxVectors, rowSumDepth, dotDepth,
  };
}

/**
 * The heights of the f32 addition chains the plan's kernels build (the depths the checker's bounds
 * take), counted as src/sum-emulation.ts counts them: an addition to a structural zero (an
 * accumulator's initial 0) is exact; every other one adds one; a dot product's products are rounded
 * (a vec4 dot is a product and three additions, height 4). Tests hold these to the emulation.
 *   Over rows: a block's rows in one chain per lane (fused: each thread's rows, then a tree over
 *   its row lanes; subgroup with several rows at a time: per row offset, then a butterfly over the
 *   offsets); then its group's slots in one chain; then the groups in one chain.
 *   w·x_i + b: each lane's vec4 dots in one chain per group of columns, then group after group;
 *   the lanes' parts meet in a tree (fused), a butterfly (several rows per subgroup) or a
 *   subgroupAdd, whose order is the device's (m values: height at most m − 1); then + b.
 */
function chainHeights(p: {
  strategy: Strategy; d4: number; colLanes: number; rowLanes: number; rowsPerSubgroup: number; vecsPerThread: number;
  columnGroups: number; interleavedColumns: boolean; subgroupSize: number; workgroupSize: number;
  blockRows: number; slotsPerGroup: number; groups: number;
}): { rowSumDepth: number; dotDepth: number } {
  const slotChains = p.slotsPerGroup - 1 + (p.groups > 1 ? p.groups - 1 : 0);
  const rowChain =
    p.strategy === 'fused' ? Math.ceil(p.blockRows / p.rowLanes) - 1 + log2(p.rowLanes)
    : p.strategy === 'subgroup' ? Math.ceil(p.blockRows / p.rowsPerSubgroup) - 1 + log2(p.rowsPerSubgroup)
    : p.blockRows - 1;
  const DOT4 = 4;
  // A lane's part: its first group's PER dots in a chain, then one addition per further group.
  const per = Math.ceil(p.vecsPerThread / p.columnGroups);
  const lanePart = DOT4 + per - 1 + p.columnGroups - 1;
  // Lanes holding any column of the row (contiguous runs of per·groups, or every colLanes-th).
  const lanesHolding = (lanes: number) => Math.min(lanes, p.interleavedColumns ? p.d4 : Math.ceil(p.d4 / (per * p.columnGroups)));
  let score: number;
  if (p.strategy === 'fused') score = DOT4 + p.vecsPerThread - 1 + log2(p.colLanes);
  else if (p.strategy === 'two-pass') score = DOT4 + p.d4 - 1;
  else if (p.strategy === 'narrow') score = lanePart;
  else if (p.rowsPerSubgroup > 1) score = DOT4 + log2(p.colLanes);
  else if (p.colLanes <= p.subgroupSize) score = lanePart + lanesHolding(p.colLanes) - 1;
  else {
    // wide: each subgroup's subgroupAdd; quads of four subgroups as (x + y) + (z + w); lane q of
    // a subgroup adds quads q, q + LANES, …; a last subgroupAdd over the lanes holding quads.
    const lanes = p.subgroupSize;
    const subgroups = Math.ceil(lanesHolding(p.colLanes) / lanes);
    const quads = Math.ceil(subgroups / 4);
    const inQuad = Math.min(4, subgroups);
    const quadAdds = inQuad <= 1 ? 0 : inQuad === 2 ? 1 : 2;
    score = lanePart + lanes - 1 + quadAdds + Math.ceil(quads / lanes) - 1 + Math.min(lanes, quads) - 1;
  }
  return { rowSumDepth: rowChain + slotChains, dotDepth: score + 1 };
}

function limitName(limits: PlanLimits): string {
  return limits.maxStorageBufferBindingSize <= limits.maxBufferSize
    ? `maxStorageBufferBindingSize (${limits.maxStorageBufferBindingSize} bytes)`
    : `maxBufferSize (${limits.maxBufferSize} bytes)`;
}
