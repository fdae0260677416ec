// Bind group layouts and pipelines: created once per device and shape, then reused.
import { isSoftwareAdapter } from './device.js';
import type { LossName } from './losses.js';
import type { KernelPlan } from './plan.js';
import { QUAD_STORAGES, readsX, shaderSource, xSourceKey, type ShaderName } from './shaders.js';
import type { Storage } from './storage.js';

export interface PassPipeline {
  layout: GPUBindGroupLayout;
  pipeline: GPUComputePipeline;
}

export interface HingePipelines {
  /** 'narrow': narrow.wgsl. 'subgroup': subgroup_rows.wgsl. 'fused': fused.wgsl. 'two-pass': scores.wgsl, row_terms.wgsl and gradient.wgsl. */
  narrow?: PassPipeline;
  subgroup?: PassPipeline;
  /** narrow's or subgroup's fourVectors entry point, for runs of K > 1 when the plan's vectorsAtOnce is 4 (same layout). */
  fourVectors?: GPUComputePipeline;
  fused?: PassPipeline;
  scores?: PassPipeline;
  rowTerms?: PassPipeline;
  /** scores.wgsl's and gradient.wgsl's fourVectors, for runs of K ≥ 2 (same layouts). */
  scoresFourVectors?: GPUComputePipeline;
  gradientFourVectors?: GPUComputePipeline;
  gradient?: PassPipeline;
  /** reduce_partials.wgsl's two entry points share one layout. */
  reduceLayout: GPUBindGroupLayout;
  reduceGroups: GPUComputePipeline;
  finish: GPUComputePipeline;
  /** find_nonfinite.wgsl: the check of X that the first run after setData makes. */
  findNonfinite: PassPipeline;
}


// Binding types in the order each WGSL file declares its bindings.
const READ: GPUBufferBindingType = 'read-only-storage';
const WRITE: GPUBufferBindingType = 'storage';
/** shaders/one_pass_bindings.wgsl */
const ONE_PASS: GPUBufferBindingType[] = [READ, READ, READ, 'uniform', WRITE, WRITE, READ, READ, WRITE];
const BINDINGS: Record<ShaderName, GPUBufferBindingType[]> = {
  narrow: ONE_PASS,
  subgroupRows: ONE_PASS,
  fused: ONE_PASS,
  scores: [READ, READ, 'uniform', WRITE, READ],
  rowTerms: [READ, READ, 'uniform', WRITE, WRITE, WRITE],
  gradient: [READ, READ, READ, 'uniform', WRITE, WRITE, READ],
  reduce: [READ, READ, READ, 'uniform', WRITE, WRITE, WRITE, WRITE],
  findNonfinite: [READ, 'uniform', WRITE],
};

const cache = new WeakMap<GPUDevice, Map<string, Promise<unknown>>>();

/** Creates once per device and key; a failed creation is dropped so that the next call retries. */
function cached<T>(device: GPUDevice, key: string, create: () => Promise<T>): Promise<T> {
  let byKey = cache.get(device);
  if (!byKey) cache.set(device, (byKey = new Map()));
  let entry = byKey.get(key) as Promise<T> | undefined;
  if (!entry) {
    entry = create();
    byKey.set(key, entry);
    entry.catch(() => byKey.delete(key));
  }
  return entry;
}

/** How the kernels that read X read it: as its storage, or f16 read as f16 ('shader-f16'). */
type XRead = Storage | 'f16 read as f16';

function pipelines(device: GPUDevice, name: ShaderName, entryPoints: string[], constants: Record<string, number>, read: XRead = 'f32') {
  const stored = readsX(name) ? read : 'f32';
  const xKey = readsX(name) ? xSourceKey() : '';
  const quads = constants.X_QUADS === 1;
  const nativeF16 = stored === 'f16 read as f16';
  return cached(device, `${name}:${stored}${xKey}:${entryPoints.join()}:${JSON.stringify(constants)}`, async () => {
    const label = `${name}.wgsl${stored === 'f32' ? '' : ` (X as ${stored})`}`;
    const layout = device.createBindGroupLayout({
      label,
      entries: BINDINGS[name].map((type, binding) => ({ binding, visibility: GPUShaderStage.COMPUTE, buffer: { type } })),
    });
    const pipelineLayout = device.createPipelineLayout({ bindGroupLayouts: [layout] });
    const module = device.createShaderModule({ label, code: shaderSource(name, nativeF16 ? 'f16' : stored, quads, nativeF16) });
    const created = await Promise.all(
      entryPoints.map((entryPoint) =>
        device.createComputePipelineAsync({ label: `${label} ${entryPoint}`, layout: pipelineLayout, compute: { module, entryPoint, constants } }),
      ),
    );
    return { layout, pipelines: created };
  });
}

async function pass(device: GPUDevice, name: ShaderName, constants: Record<string, number>, read: XRead = 'f32'): Promise<PassPipeline> {
  const { layout, pipelines: [pipeline] } = await pipelines(device, name, ['main'], constants, read);
  return { layout, pipeline };
}

/** shaders/row_columns.wgsl's PER: vec4 columns per group of a lane's share of a row. */
const rowColumnsPer = (plan: KernelPlan) => Math.ceil(plan.vecsPerThread / plan.columnGroups);

/**
 * Whether narrow and subgroup read X four vec4 at a time (row_columns.wgsl's X_QUADS): for the
 * storages that gain by it, where every quad a lane reads is aligned and whole, which holds when
 * its columns are contiguous and D4 and PER are multiples of 4.
 */
export function xQuadsFit(plan: KernelPlan, storage: Storage): boolean {
  return QUAD_STORAGES.includes(storage) && (plan.strategy === 'narrow' || plan.strategy === 'subgroup') &&
    !plan.interleavedColumns && plan.d4 % 4 === 0 && rowColumnsPer(plan) % 4 === 0;
}

/**
 * The storages whose narrow and subgroup kernels add coefficient·x to their sums by fma
 * (row_columns.wgsl's FUSED_UPDATE): faster for f32 and int8 in Chromium on SwiftShader, and no
 * gain for bf16 (docs/storage.md).
 */
export const FUSED_UPDATE_STORAGES: readonly Storage[] = ['f32', 'int8'];

/** The storages whose kernels take a block's rows two at a time, by kernel (rowPairs). */
export const PAIRED_ROW_STORAGES: Record<'narrow' | 'wide', readonly Storage[]> = { narrow: ['int8'], wide: ['f32', 'bf16', 'int8'] };

/**
 * Whether a kernel takes a block's rows two at a time, in the same order (ROW_PAIRS in narrow.wgsl
 * and in subgroup_rows.wgsl's wide), where that measured faster on SwiftShader in Chromium
 * (docs/storage.md, Rows in pairs): narrow for int8; wide, whose pairs meet at one barrier instead
 * of two, for f32, bf16 and int8 where a workgroup has at most four subgroups (f32 was slower with
 * eight). Hardware GPUs, where a second row would double a lane's registers, take one row at a
 * time (unmeasured there).
 */
export function rowPairs(device: GPUDevice, plan: KernelPlan, storage: Storage, kernel: 'narrow' | 'wide'): boolean {
  const fewSubgroups = kernel === 'narrow' || plan.colLanes <= 4 * plan.subgroupSize;
  return isSoftwareAdapter(device) && fewSubgroups && PAIRED_ROW_STORAGES[kernel].includes(storage);
}

/** shaders/loss.wgsl's LOSS code of each loss. */
export const LOSS_CODES: Record<LossName, number> = {
  hinge: 0, 'squared-hinge': 1, 'multiclass-hinge': 2, 'crammer-singer': 3, 'ovr-hinge': 4, 'ovr-squared-hinge': 5,
};
/** The binary losses: HingeKernel's. */
export type KernelLoss = 'hinge' | 'squared-hinge';
/** The losses whose rows couple their scores (shaders/loss.wgsl's COUPLED): the one-pass kernels keep each block's terms in a scratch buffer. */
export const COUPLED_LOSSES: readonly LossName[] = ['multiclass-hinge', 'crammer-singer'];

/**
 * The pipelines a plan runs, computing `loss` (every kernel that turns scores into loss terms calls
 * shaders/loss.wgsl); `weighted`: row weights, which every strategy reads; `smoothed`: the
 * solver's smoothed hinge; `storage`: how X is stored (shaders/storage_*.wgsl); `nativeF16`: f16
 * read as f16, on a device with 'shader-f16' (shaders/storage_f16_native.wgsl).
 */
export async function hingePipelines(
  device: GPUDevice, plan: KernelPlan, loss: LossName = 'hinge',
  { weighted = false, smoothed = false, storage = 'f32' as Storage, nativeF16 = false } = {},
): Promise<HingePipelines> {
  if (nativeF16 && !(storage === 'f16' && device.features.has('shader-f16'))) {
    throw new Error(`f16 read as f16 needs X stored as f16 (here '${storage}') on a device with 'shader-f16'`);
  }
  const read: XRead = nativeF16 ? 'f16 read as f16' : storage;
  const LOSS = LOSS_CODES[loss];
  const SMOOTHED = Number(smoothed);
  const WEIGHTED = Number(weighted);
  const WORKGROUP_SIZE = plan.workgroupSize;
  const reduce = await pipelines(device, 'reduce', ['reduceGroups', 'finish'], { WORKGROUP_SIZE });
  const common = {
    reduceLayout: reduce.layout, reduceGroups: reduce.pipelines[0], finish: reduce.pipelines[1],
    findNonfinite: await pass(device, 'findNonfinite', { WORKGROUP_SIZE }),
  };
  // shaders/row_columns.wgsl's overrides: narrow's single lane holds whole rows.
  const rows = {
    WORKGROUP_SIZE, LOSS, SMOOTHED, WEIGHTED, D4: plan.d4, PER: rowColumnsPer(plan), GROUPS: plan.columnGroups, ROW_LANES: plan.colLanes,
    X_QUADS: Number(xQuadsFit(plan, storage)), FUSED_UPDATE: Number(FUSED_UPDATE_STORAGES.includes(storage)),
  };
  // The one-pass kernels' entry point for one vector at a time, and for four when the plan says so.
  const onePass = async (name: ShaderName, entryPoint: string, constants: Record<string, number>) => {
    const entryPoints = plan.vectorsAtOnce > 1 ? [entryPoint, 'fourVectors'] : [entryPoint];
    const { layout, pipelines: [pipeline, fourVectors] } = await pipelines(device, name, entryPoints, constants, read);
    return { pass: { layout, pipeline }, fourVectors };
  };
  if (plan.strategy === 'narrow') {
    const ROW_PAIRS = Number(rowPairs(device, plan, storage, 'narrow'));
    const { pass: narrow, fourVectors } = await onePass('narrow', 'main', { ...rows, ROW_PAIRS });
    return { ...common, narrow, fourVectors };
  }
  if (plan.strategy === 'subgroup') {
    // 'main' when one subgroup holds a row, 'wide' when all of a workgroup's lanes share it.
    const entryPoint = plan.colLanes > plan.subgroupSize ? 'wide' : 'main';
    const constants = {
      ...rows, LANES: plan.subgroupSize, ROWS_AT_ONCE: plan.rowsPerSubgroup, INTERLEAVED: Number(plan.interleavedColumns),
      ROW_PAIRS: Number(entryPoint === 'wide' && rowPairs(device, plan, storage, 'wide')),
    };
    const { pass: subgroup, fourVectors } = await onePass('subgroupRows', entryPoint, constants);
    return { ...common, subgroup, fourVectors };
  }
  if (plan.strategy === 'fused') {
    return { ...common, fused: await pass(device, 'fused', { WORKGROUP_SIZE, COL_LANES: plan.colLanes, LOSS, SMOOTHED, WEIGHTED }, read) };
  }
  const entryPoints = plan.maxVectors > 1 ? ['main', 'fourVectors'] : ['main'];
  const [scores, rowTerms, gradient] = await Promise.all([
    pipelines(device, 'scores', entryPoints, { WORKGROUP_SIZE }, read),
    pass(device, 'rowTerms', { WORKGROUP_SIZE, LOSS, SMOOTHED, WEIGHTED }),
    pipelines(device, 'gradient', entryPoints, { WORKGROUP_SIZE }, read),
  ]);
  return {
    ...common,
    scores: { layout: scores.layout, pipeline: scores.pipelines[0] },
    scoresFourVectors: scores.pipelines[1],
    rowTerms,
    gradient: { layout: gradient.layout, pipeline: gradient.pipelines[0] },
    gradientFourVectors: gradient.pipelines[1],
  };
}
