// How a problem of n×d is laid onto the GPU: workgroup size, rows per gradient block, chunks of X.
// One place for these facts; the shaders receive them as overrides and uniforms.

/** Preferred invocations per workgroup; lowered to the device's limits when they are smaller. */
export const PREFERRED_WORKGROUP_SIZE = 256;
/** Gradient invocations worth launching to fill a large GPU. */
const TARGET_GRADIENT_INVOCATIONS = 1 << 18;
/** Keeps the partial dw traffic (one row of d per block) within a few percent of X's. */
const MIN_ROWS_PER_BLOCK = 32;

export const BYTES_PER_VEC4 = 16;

export type PlanLimits = Pick<
  GPUSupportedLimits,
  | 'maxStorageBufferBindingSize'
  | 'maxBufferSize'
  | 'maxComputeInvocationsPerWorkgroup'
  | 'maxComputeWorkgroupSizeX'
  | 'maxComputeWorkgroupsPerDimension'
>;

export interface Chunk {
  firstRow: number;
  rows: number;
  /** margins.wgsl: one invocation per row. */
  marginWorkgroups: number;
  /** gradient.wgsl: one invocation per (block of rows, vec4 column), one partial slot per block. */
  blocks: number;
  gradientWorkgroups: number;
  slotBase: number;
}

export interface KernelPlan {
  n: number;
  d: number;
  /** d rounded up to whole vec4s; X and w are zero-padded to it on upload. */
  d4: number;
  workgroupSize: number;
  rowsPerBlock: number;
  chunks: Chunk[];
  /** Rows of the largest chunk: the size of the shared coefficient buffer. */
  maxChunkRows: number;
  /** Partial slots, one per block of rows over all chunks. */
  slots: number;
  /** reduce_partials.wgsl: slots summed per group in its first stage, and the groups. */
  slotsPerGroup: number;
  groups: number;
  reduceGroupsWorkgroups: number;
  finishWorkgroups: number;
  /** Longest f32 addition chains, for the checker (see SumDepths). */
  rowSumDepth: number;
  dotDepth: number;
}

const prevPow2 = (x: number) => 2 ** Math.floor(Math.log2(x));

/**
 * Plans the kernels for n rows of d columns. `chunkBytes` caps one chunk of X below the device's
 * own binding limit. Throws, naming the limit, when the problem cannot be laid out.
 */
export function planKernel(n: number, d: number, limits: PlanLimits, chunkBytes = Infinity): KernelPlan {
  const workgroupSize = prevPow2(
    Math.min(PREFERRED_WORKGROUP_SIZE, limits.maxComputeInvocationsPerWorkgroup, limits.maxComputeWorkgroupSizeX),
  );
  const d4 = Math.ceil(d / 4);
  const maxGroups = limits.maxComputeWorkgroupsPerDimension;
  const rowsPerBlock = Math.max(MIN_ROWS_PER_BLOCK, Math.ceil((n * d4) / TARGET_GRADIENT_INVOCATIONS));

  const rowBytes = d4 * BYTES_PER_VEC4;
  const bindingLimit = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  const chunkLimit = Math.min(bindingLimit, chunkBytes);
  if (rowBytes > chunkLimit) {
    const which = chunkLimit === chunkBytes ? `the chunkBytes option (${chunkBytes})` : limitName(limits);
    throw new Error(`one row of X (d = ${d}, ${rowBytes} bytes) does not fit in ${which}`);
  }
  // A chunk also stays within one dispatch of each kernel.
  const gradientRowsPerDispatch = Math.floor((maxGroups * workgroupSize) / d4) * rowsPerBlock;
  const maxRowsPerChunk = Math.min(Math.floor(chunkLimit / rowBytes), maxGroups * workgroupSize, gradientRowsPerDispatch);
  const chunks: Chunk[] = [];
  let slots = 0;
  for (let firstRow = 0; firstRow < n; firstRow += maxRowsPerChunk) {
    const rows = Math.min(maxRowsPerChunk, n - firstRow);
    const blocks = Math.ceil(rows / rowsPerBlock);
    chunks.push({
      firstRow, rows, slotBase: slots, blocks,
      marginWorkgroups: Math.ceil(rows / workgroupSize),
      gradientWorkgroups: Math.ceil((blocks * d4) / workgroupSize),
    });
    slots += blocks;
  }
  const partialBytes = slots * rowBytes;
  if (partialBytes > bindingLimit) {
    throw new Error(`the partial sums need ${partialBytes} bytes (${slots} blocks × ${rowBytes}), over ${limitName(limits)}`);
  }
  // Two stages of about √slots additions each keep both the chains and the launches short.
  const slotsPerGroup = Math.ceil(Math.sqrt(slots));
  const groups = Math.ceil(slots / slotsPerGroup);
  const reduceGroupsWorkgroups = Math.ceil((groups * (d4 + 1)) / workgroupSize);
  if (reduceGroupsWorkgroups > maxGroups) {
    throw new Error(
      `reducing d = ${d} columns over ${groups} groups needs ${reduceGroupsWorkgroups} workgroups, ` +
        `over maxComputeWorkgroupsPerDimension (${maxGroups})`,
    );
  }

  // Every sum over rows: a block's rows in sequence, then its group's slots, then the groups.
  const rowSumDepth = rowsPerBlock + slotsPerGroup + groups;
  // Each vec4 dot: a rounded product and up to three additions, then the running sum and + b.
  const dotDepth = d4 + 5;
  return {
    n, d, d4, workgroupSize, rowsPerBlock, chunks, maxChunkRows: Math.min(n, maxRowsPerChunk),
    slots, slotsPerGroup, groups, reduceGroupsWorkgroups, finishWorkgroups: Math.ceil((d4 + 1) / workgroupSize),
    rowSumDepth, dotDepth,
  };
}

function limitName(limits: PlanLimits): string {
  return limits.maxStorageBufferBindingSize <= limits.maxBufferSize
    ? `maxStorageBufferBindingSize (${limits.maxStorageBufferBindingSize} bytes)`
    : `maxBufferSize (${limits.maxBufferSize} bytes)`;
}
