// Each strategy's rules for laying n rows of d columns onto the GPU (plan.ts's KernelPlan): what
// it can hold, how a row is spread over lanes and lanes over workgroups, how many rows a block
// and a dispatch take, and the heights of its f32 addition chains. 'auto' picks among them.
import type { KernelPlan, PlanLimits, Strategy } from './plan.js';

/** Mirrors the WGSL constant in shaders/fused.wgsl. */
export const MAX_VECS_PER_THREAD = 8;
/** gradient.wgsl: vec4 columns per invocation (mirrors TILE there), and in fourVectors (FOUR_TILE). */
export const GRADIENT_TILE = 8;
/**
 * narrow.wgsl holds a row in up to four groups of sixteen vec4 registers: rows of at most 256
 * columns. 'auto' takes it on software GPUs for rows too wide for narrow's one group only when
 * subgroups are not there (faster than two-pass there, slower than subgroup: docs/kernels.md,
 * "The plan's measurements").
 */
export const NARROW_MAX_D4 = 64;
/** 'auto' takes narrow over subgroup up to 48 columns on software GPUs, where it measured faster or equal. */
const NARROW_AUTO_MAX_D4 = 12;
/** row_columns.wgsl holds a lane's columns in groups of up to sixteen vec4 registers. */
export const COLUMNS_PER_GROUP = 16;
/**
 * subgroup on software GPUs: up to four groups per lane (64 vec4), so that rows of up to 1024
 * columns take one 4-lane subgroup and no barrier, and wider rows a quarter of the subgroups at
 * each barrier. Hardware GPUs keep one group: their registers are not spilled to a stack.
 */
export const SOFTWARE_COLUMN_GROUPS = 4;
/** narrow: invocations (blocks of rows) worth launching to fill a large GPU. */
const TARGET_NARROW_INVOCATIONS = 1 << 16;
/** fused.wgsl's workgroup memory per invocation: f32 + vec4<f32> + vec2<f32> + u32. */
const FUSED_WORKGROUP_BYTES_PER_INVOCATION = 4 + 16 + 8 + 4;
/** two-pass: gradient invocations worth launching to fill a large GPU. */
const TARGET_GRADIENT_INVOCATIONS = 1 << 18;
/** subgroup on hardware GPUs: blocks (subgroups, or workgroups for wide rows) worth launching, of at least 8 rows. */
const TARGET_SUBGROUP_BLOCKS = 2048;
const MIN_SUBGROUP_ROWS_PER_BLOCK = 8;
/** fused: workgroups worth launching to fill a large GPU (a few per multiprocessor), each with several rows per thread to spread its final reduction over. */
const TARGET_FUSED_WORKGROUPS = 512;
/** Keeps the partial-slot traffic (one row of d per block) within a few percent of X's. */
const MIN_ROWS_PER_BLOCK = 32;
/**
 * Software GPUs pay a large set-up per block (its weights, its partial slot, its share of the
 * reduction) and have a few cores to fill, not thousands of lanes: blocks of up to 256 rows, as
 * long as there are 16 workgroups of 64 (too few workgroups leave cores idle).
 */
const SOFTWARE_MAX_ROWS_PER_BLOCK = 256;
const SOFTWARE_TARGET_WORKGROUPS = 16;
const SOFTWARE_WORKGROUP_SIZE = 64;

const log2 = (x: number) => Math.ceil(Math.log2(x));
const nextPow2 = (x: number) => 2 ** Math.ceil(Math.log2(Math.max(1, x)));
export const prevPow2 = (x: number) => 2 ** Math.floor(Math.log2(x));

/** What a plan is made from: the problem, the device, the options, and what follows from them alone. */
export interface PlanContext {
  n: number;
  d: number;
  d4: number;
  limits: PlanLimits;
  softwareAdapter: boolean;
  maxVectors: number;
  subgroupSize?: number;
  /** The largest workgroup the device allows, up to the preferred size (a power of two). */
  largestWorkgroup: number;
  /** subgroup: vec4 columns one lane may hold. */
  maxPerLane: number;
}

/** How a strategy lays a row onto lanes and lanes into workgroups. */
export type Lanes = Pick<KernelPlan, 'workgroupSize' | 'colLanes' | 'rowsPerSubgroup' | 'rowLanes' | 'vecsPerThread' | 'columnGroups' | 'vectorsAtOnce' | 'interleavedColumns'> & {
  /** Invocations per block of rows: narrow one, subgroup a subgroup or a workgroup, two-pass its gradient tiles. */
  blockLanes: number;
};

/**
 * One strategy's rules. The heights are those of the f32 addition chains its kernels build (the
 * depths the checker's bounds take), counted as src/sum-emulation.ts counts them: an addition to
 * a structural zero (an accumulator's initial 0) is exact; every other one adds one; a dot
 * product's products are rounded (a vec4 dot is a product and three additions, height 4). Tests
 * hold these to the emulation.
 */
interface StrategyRules {
  /** Why the strategy cannot take rows of d columns on this device (the error when it is asked for), or undefined. */
  refusal(c: PlanContext): string | undefined;
  lanes(c: PlanContext): Lanes;
  /** Rows summed into one partial slot, for chunks of chunkRows rows. */
  rowsPerBlock(c: PlanContext, lanes: Lanes, chunkRows: number): number;
  /** Rows one dispatch of its kernels covers. */
  dispatchRows(c: PlanContext, lanes: Lanes, rowsPerBlock: number): number;
  /** The height of a block's sum over its blockRows rows. */
  rowChain(lanes: Lanes, blockRows: number): number;
  /** The height of w·x_i, before + b. */
  score(c: PlanContext, lanes: Lanes): number;
}

const DOT4 = 4;

/** Invocations of one dispatch. */
const invocations = (c: PlanContext, lanes: Lanes) => c.limits.maxComputeWorkgroupsPerDimension * lanes.workgroupSize;

/** Software GPUs: blocks of invocations or subgroups in small workgroups, to have enough of them. */
const softwareWorkgroup = (c: PlanContext) => (c.softwareAdapter ? Math.min(SOFTWARE_WORKGROUP_SIZE, c.largestWorkgroup) : c.largestWorkgroup);

/** Software GPUs: blocks of up to 256 rows, as long as there are 16 workgroups (SOFTWARE_MAX_ROWS_PER_BLOCK). */
const softwareRowsPerBlock = (lanes: Lanes, chunkRows: number) =>
  Math.min(SOFTWARE_MAX_ROWS_PER_BLOCK, Math.max(MIN_ROWS_PER_BLOCK, Math.floor((chunkRows * lanes.blockLanes) / (SOFTWARE_TARGET_WORKGROUPS * lanes.workgroupSize))));

/** narrow and subgroup: a lane's part of w·x, its first group's PER dots in a chain, then one addition per further group. */
const lanePart = (lanes: Lanes) => DOT4 + Math.ceil(lanes.vecsPerThread / lanes.columnGroups) - 1 + lanes.columnGroups - 1;

/** narrow and subgroup: named registers in groups of sixteen vec4, four vectors at once with one group. */
function heldInGroups(c: PlanContext, colLanes: number, fourAtOnce: (columnGroups: number) => boolean) {
  const vecsPerThread = Math.ceil(c.d4 / colLanes);
  const columnGroups = Math.ceil(vecsPerThread / COLUMNS_PER_GROUP);
  return { vecsPerThread, columnGroups, vectorsAtOnce: c.maxVectors > 1 && fourAtOnce(columnGroups) ? 4 : 1 };
}

/** fused and two-pass: threads sharing a row, each holding up to MAX_VECS_PER_THREAD vec4. */
const sharedRowLanes = (c: PlanContext) => Math.min(c.largestWorkgroup, nextPow2(Math.ceil(c.d4 / MAX_VECS_PER_THREAD)));

const NARROW: StrategyRules = {
  refusal: (c) => (c.d4 <= NARROW_MAX_D4 ? undefined : `the narrow strategy holds rows of at most ${NARROW_MAX_D4 * 4} columns; d = ${c.d}: use 'fused' or 'two-pass'`),
  lanes(c) {
    const workgroupSize = softwareWorkgroup(c);
    const held = heldInGroups(c, 1, (groups) => groups === 1);
    return { workgroupSize, colLanes: 1, rowsPerSubgroup: 1, rowLanes: workgroupSize, ...held, interleavedColumns: false, blockLanes: 1 };
  },
  rowsPerBlock: (c, lanes, chunkRows) =>
    c.softwareAdapter ? softwareRowsPerBlock(lanes, chunkRows) : Math.max(MIN_ROWS_PER_BLOCK, Math.ceil(chunkRows / TARGET_NARROW_INVOCATIONS)),
  dispatchRows: (c, lanes, rowsPerBlock) => invocations(c, lanes) * rowsPerBlock,
  rowChain: (_, blockRows) => blockRows - 1,
  score: (_, lanes) => lanePart(lanes),
};

const SUBGROUP: StrategyRules = {
  refusal(c) {
    if (c.subgroupSize === undefined) {
      return `the subgroup strategy needs the 'subgroups' feature and one subgroup size (subgroupMinSize = subgroupMaxSize) on the adapter: use 'two-pass'`;
    }
    const workgroup = c.largestWorkgroup;
    return c.subgroupSize <= workgroup && c.d4 <= workgroup * c.maxPerLane
      ? undefined
      : `the subgroup strategy holds rows of at most ${workgroup * c.maxPerLane * 4} columns in workgroups of ${workgroup}; d = ${c.d}: use 'two-pass'`;
  },
  lanes(c) {
    const lanes = c.subgroupSize!;
    // A row of fewer vec4 than the subgroup has lanes takes a power of two lanes, one vec4 each, so
    // that no lane idles for want of columns (a whole subgroup would leave most of its lanes idle
    // on 32-lane GPUs at d = 32); wider rows take whole subgroups.
    const colLanes = c.d4 < lanes ? nextPow2(c.d4) : Math.max(lanes, nextPow2(Math.ceil(c.d4 / c.maxPerLane)));
    const held = heldInGroups(c, colLanes, (groups) => groups === 1 && colLanes === lanes);
    // Rows wider than one subgroup holds, or held in groups of columns: a workgroup of exactly the
    // lanes that share a row.
    const workgroupSize = colLanes > lanes || held.columnGroups > 1 ? colLanes : softwareWorkgroup(c);
    const rowsPerSubgroup = Math.max(1, lanes / colLanes);
    return {
      workgroupSize, colLanes, rowsPerSubgroup, rowLanes: workgroupSize / colLanes, ...held,
      interleavedColumns: !c.softwareAdapter, blockLanes: colLanes * rowsPerSubgroup,
    };
  },
  rowsPerBlock: (c, lanes, chunkRows) =>
    c.softwareAdapter ? softwareRowsPerBlock(lanes, chunkRows) : Math.max(MIN_SUBGROUP_ROWS_PER_BLOCK, Math.ceil(chunkRows / TARGET_SUBGROUP_BLOCKS)),
  dispatchRows: (c, lanes, rowsPerBlock) => Math.floor(invocations(c, lanes) / lanes.blockLanes) * rowsPerBlock,
  // Per row offset, then a butterfly over the offsets.
  rowChain: (lanes, blockRows) => Math.ceil(blockRows / lanes.rowsPerSubgroup) - 1 + log2(lanes.rowsPerSubgroup),
  score(c, lanes) {
    // The lanes' parts meet in a butterfly (several rows per subgroup) or a subgroupAdd, whose
    // order is the device's (m values: height at most m − 1).
    const per = Math.ceil(lanes.vecsPerThread / lanes.columnGroups);
    const lanesHolding = (count: number) => Math.min(count, lanes.interleavedColumns ? c.d4 : Math.ceil(c.d4 / (per * lanes.columnGroups)));
    if (lanes.rowsPerSubgroup > 1) return DOT4 + log2(lanes.colLanes);
    const size = c.subgroupSize!;
    if (lanes.colLanes <= size) return lanePart(lanes) + lanesHolding(lanes.colLanes) - 1;
    // wide: each subgroup's subgroupAdd; quads of four subgroups as (x + y) + (z + w); lane q of
    // a subgroup adds quads q, q + LANES, …; a last subgroupAdd over the lanes holding quads.
    const subgroups = Math.ceil(lanesHolding(lanes.colLanes) / size);
    const quads = Math.ceil(subgroups / 4);
    const inQuad = Math.min(4, subgroups);
    const quadAdds = inQuad <= 1 ? 0 : inQuad === 2 ? 1 : 2;
    return lanePart(lanes) + size - 1 + quadAdds + Math.ceil(quads / size) - 1 + Math.min(size, quads) - 1;
  },
};

const FUSED: StrategyRules = {
  refusal(c) {
    const workgroup = c.largestWorkgroup;
    const fits = c.d4 <= workgroup * MAX_VECS_PER_THREAD && workgroup * FUSED_WORKGROUP_BYTES_PER_INVOCATION <= c.limits.maxComputeWorkgroupStorageSize;
    return fits ? undefined
      : `the fused strategy holds at most ${workgroup * MAX_VECS_PER_THREAD * 4} columns in ` +
        `${FUSED_WORKGROUP_BYTES_PER_INVOCATION * workgroup} bytes of workgroup memory ` +
        `(maxComputeWorkgroupStorageSize = ${c.limits.maxComputeWorkgroupStorageSize}); d = ${c.d}: use 'two-pass'`;
  },
  lanes(c) {
    const colLanes = sharedRowLanes(c);
    const workgroupSize = c.largestWorkgroup;
    return {
      workgroupSize, colLanes, rowsPerSubgroup: 1, rowLanes: workgroupSize / colLanes, vecsPerThread: Math.ceil(c.d4 / colLanes),
      columnGroups: 1, vectorsAtOnce: 1, interleavedColumns: false, blockLanes: workgroupSize,
    };
  },
  // A whole number of rows in flight per thread, and enough workgroups to fill a large GPU.
  rowsPerBlock: (_, lanes, chunkRows) =>
    Math.ceil(Math.max(Math.ceil(chunkRows / TARGET_FUSED_WORKGROUPS), MIN_ROWS_PER_BLOCK) / lanes.rowLanes) * lanes.rowLanes,
  dispatchRows: (c, _, rowsPerBlock) => c.limits.maxComputeWorkgroupsPerDimension * rowsPerBlock,
  // Each thread's rows, then a tree over its row lanes.
  rowChain: (lanes, blockRows) => Math.ceil(blockRows / lanes.rowLanes) - 1 + log2(lanes.rowLanes),
  // Each thread's vec4 dots in a chain, then a tree over the row's lanes.
  score: (_, lanes) => DOT4 + lanes.vecsPerThread - 1 + log2(lanes.colLanes),
};

const TWO_PASS: StrategyRules = {
  refusal: () => undefined,
  lanes(c) {
    const colLanes = sharedRowLanes(c);
    const workgroupSize = softwareWorkgroup(c);
    return {
      workgroupSize, colLanes, rowsPerSubgroup: 1, rowLanes: workgroupSize / colLanes, vecsPerThread: Math.ceil(c.d4 / colLanes),
      columnGroups: 1, vectorsAtOnce: 1, interleavedColumns: false, blockLanes: Math.ceil(c.d4 / GRADIENT_TILE),
    };
  },
  rowsPerBlock: (c, lanes, chunkRows) =>
    c.softwareAdapter ? softwareRowsPerBlock(lanes, chunkRows) : Math.max(MIN_ROWS_PER_BLOCK, Math.ceil((chunkRows * lanes.blockLanes) / TARGET_GRADIENT_INVOCATIONS)),
  // scores.wgsl takes one invocation per row and vector, gradient.wgsl one per block, tile and vector.
  dispatchRows: (c, lanes, rowsPerBlock) =>
    Math.min(Math.floor(invocations(c, lanes) / c.maxVectors), Math.floor(invocations(c, lanes) / (lanes.blockLanes * c.maxVectors)) * rowsPerBlock),
  rowChain: (_, blockRows) => blockRows - 1,
  score: (c) => DOT4 + c.d4 - 1,
};

export const RULES: Record<Strategy, StrategyRules> = { narrow: NARROW, subgroup: SUBGROUP, fused: FUSED, 'two-pass': TWO_PASS };

/**
 * 'auto' takes what was measured fastest (docs/kernels.md, "The plan's measurements"): on software
 * GPUs narrow for rows of up to 48 columns, else subgroup where it fits, else narrow up to 256
 * columns, else two-pass, for one vector or K, for every loss. On hardware GPUs, for one vector,
 * subgroup for rows of a subgroup's lanes of vec4 or more, else fused where it fits, and two-pass
 * for K (subgroup's K is not yet measured there).
 */
export function autoStrategy(c: PlanContext): Strategy {
  const fits = (strategy: Strategy) => RULES[strategy].refusal(c) === undefined;
  if (c.softwareAdapter) {
    return c.d4 <= NARROW_AUTO_MAX_D4 ? 'narrow' : fits('subgroup') ? 'subgroup' : fits('narrow') ? 'narrow' : 'two-pass';
  }
  if (c.maxVectors > 1) return 'two-pass';
  return fits('subgroup') && c.d4 >= c.subgroupSize! ? 'subgroup' : fits('fused') ? 'fused' : 'two-pass';
}
