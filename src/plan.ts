// How a problem of n×d is laid onto the GPU: workgroup shape, rows per workgroup, chunks of X.
// One place for these facts; the shaders receive them as overrides and uniforms.

/** Mirrors the WGSL constant in shaders/hinge_partials.wgsl. */
export const MAX_VECS_PER_THREAD = 8;
/** Preferred invocations per workgroup; lowered to the device's limits when they are smaller. */
export const PREFERRED_WORKGROUP_SIZE = 256;
/** Enough workgroups to fill a large GPU; more would only grow the partial sums. */
const TARGET_WORKGROUPS = 1024;
/** Keeps the partial-sum traffic (one row of d per workgroup) within a few percent of X's. */
const MIN_ROWS_PER_WORKGROUP = 32;
/** Bytes of workgroup memory per invocation in hinge_partials.wgsl (f32 + vec4 + f32 + vec2<i32>). */
const WORKGROUP_BYTES_PER_INVOCATION = 4 + 16 + 4 + 8;

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
  slotBase: number;
  workgroups: number;
}

export interface KernelPlan {
  n: number;
  d: number;
  /** d rounded up to whole vec4s; X and w are zero-padded to it on upload. */
  d4: number;
  workgroupSize: number;
  colLanes: number;
  rowLanes: number;
  vecsPerThread: number;
  rowsPerWorkgroup: number;
  chunks: Chunk[];
  /** Partial-sum slots, one per workgroup over all chunks. */
  slots: number;
  /** Longest f32 addition chains, for the checker (see SumDepths). */
  rowSumDepth: number;
  dotDepth: number;
}

const log2 = (x: number) => Math.round(Math.log2(x));
const nextPow2 = (x: number) => 2 ** Math.ceil(Math.log2(Math.max(1, x)));
const prevPow2 = (x: number) => 2 ** Math.floor(Math.log2(x));

/**
 * Plans the kernel for n rows of d columns. `chunkBytes` caps one chunk of X below the device's
 * own binding limit. Throws, naming the limit, when the problem cannot be laid out.
 */
export function planKernel(n: number, d: number, limits: PlanLimits, chunkBytes = Infinity): KernelPlan {
  const workgroupSize = prevPow2(
    Math.min(PREFERRED_WORKGROUP_SIZE, limits.maxComputeInvocationsPerWorkgroup, limits.maxComputeWorkgroupSizeX),
  );
  if (workgroupSize * WORKGROUP_BYTES_PER_INVOCATION > limits.maxComputeWorkgroupStorageSize) {
    throw new Error(
      `the kernel needs ${workgroupSize * WORKGROUP_BYTES_PER_INVOCATION} bytes of workgroup memory, ` +
        `over this device's maxComputeWorkgroupStorageSize of ${limits.maxComputeWorkgroupStorageSize}`,
    );
  }
  const d4 = Math.ceil(d / 4);
  const widest = workgroupSize * MAX_VECS_PER_THREAD * 4;
  if (d4 > workgroupSize * MAX_VECS_PER_THREAD) {
    throw new Error(
      `d = ${d} is wider than the ${widest} columns one workgroup holds in registers ` +
        `(maxComputeInvocationsPerWorkgroup = ${limits.maxComputeInvocationsPerWorkgroup} × ` +
        `${MAX_VECS_PER_THREAD * 4} columns each)`,
    );
  }
  const colLanes = Math.min(workgroupSize, nextPow2(Math.ceil(d4 / MAX_VECS_PER_THREAD)));
  const rowLanes = workgroupSize / colLanes;
  const vecsPerThread = Math.ceil(d4 / colLanes);
  const rowsWanted = Math.max(Math.ceil(n / TARGET_WORKGROUPS), MIN_ROWS_PER_WORKGROUP);
  const rowsPerWorkgroup = Math.ceil(rowsWanted / rowLanes) * rowLanes;

  const rowBytes = d4 * BYTES_PER_VEC4;
  const bindingLimit = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  const chunkLimit = Math.min(bindingLimit, chunkBytes);
  if (rowBytes > chunkLimit) {
    const which = chunkLimit === chunkBytes ? `the chunkBytes option (${chunkBytes})` : limitName(limits);
    throw new Error(`one row of X (d = ${d}, ${rowBytes} bytes) does not fit in ${which}`);
  }
  const maxRowsPerChunk = Math.min(
    Math.floor(chunkLimit / rowBytes),
    rowsPerWorkgroup * limits.maxComputeWorkgroupsPerDimension,
  );
  const chunks: Chunk[] = [];
  let slots = 0;
  for (let firstRow = 0; firstRow < n; firstRow += maxRowsPerChunk) {
    const rows = Math.min(maxRowsPerChunk, n - firstRow);
    const workgroups = Math.ceil(rows / rowsPerWorkgroup);
    chunks.push({ firstRow, rows, slotBase: slots, workgroups });
    slots += workgroups;
  }
  const partialBytes = slots * rowBytes;
  if (partialBytes > bindingLimit) {
    throw new Error(
      `the partial sums need ${partialBytes} bytes (${slots} workgroups × ${rowBytes}), over ${limitName(limits)}`,
    );
  }

  const rowSumDepth =
    rowsPerWorkgroup / rowLanes + log2(rowLanes) + Math.ceil(slots / workgroupSize) + log2(workgroupSize);
  // dot() of a vec4 is up to 4 roundings, each added to the running sum, then the tree and + b.
  const dotDepth = 5 * vecsPerThread + log2(colLanes) + 1;
  return {
    n, d, d4, workgroupSize, colLanes, rowLanes, vecsPerThread, rowsPerWorkgroup,
    chunks, slots, rowSumDepth, dotDepth,
  };
}

function limitName(limits: PlanLimits): string {
  return limits.maxStorageBufferBindingSize <= limits.maxBufferSize
    ? `maxStorageBufferBindingSize (${limits.maxStorageBufferBindingSize} bytes)`
    : `maxBufferSize (${limits.maxBufferSize} bytes)`;
}
