// Shader modules, layouts and pipelines, created once per device and shape class, then reused.
import { shaderSources } from './shaders.js';

export interface HingePipelines {
  partialsLayout: GPUBindGroupLayout;
  partials: GPUComputePipeline;
  reduceLayout: GPUBindGroupLayout;
  reduceDw: GPUComputePipeline;
  reduceStats: GPUComputePipeline;
}

const cache = new WeakMap<GPUDevice, Map<string, Promise<HingePipelines>>>();

/** The pipelines for a workgroup of `workgroupSize` invocations with `colLanes` lanes per row. */
export function hingePipelines(device: GPUDevice, workgroupSize: number, colLanes: number): Promise<HingePipelines> {
  let byShape = cache.get(device);
  if (!byShape) cache.set(device, (byShape = new Map()));
  const key = `${workgroupSize}/${colLanes}`;
  let pipelines = byShape.get(key);
  if (!pipelines) {
    pipelines = createPipelines(device, workgroupSize, colLanes, key);
    byShape.set(key, pipelines);
    // A failed creation is not kept: the next call tries again.
    pipelines.catch(() => byShape.delete(key));
  }
  return pipelines;
}

async function createPipelines(device: GPUDevice, workgroupSize: number, colLanes: number, key: string): Promise<HingePipelines> {
  // Both shaders bind: three read-only buffers, a uniform, then two outputs (see the WGSL).
  const bindings: GPUBufferBindingType[] = ['read-only-storage', 'read-only-storage', 'read-only-storage', 'uniform', 'storage', 'storage'];
  const layout = (label: string) =>
    device.createBindGroupLayout({
      label,
      entries: bindings.map((type, binding) => ({ binding, visibility: GPUShaderStage.COMPUTE, buffer: { type } })),
    });
  const partialsLayout = layout('hinge partials');
  const reduceLayout = layout('reduce partials');
  const partialsModule = device.createShaderModule({ label: 'hinge_partials.wgsl', code: shaderSources.hingePartials });
  const reduceModule = device.createShaderModule({ label: 'reduce_partials.wgsl', code: shaderSources.reducePartials });
  const pipeline = (label: string, bindGroupLayout: GPUBindGroupLayout, module: GPUShaderModule, entryPoint: string, constants: Record<string, number>) =>
    device.createComputePipelineAsync({
      label,
      layout: device.createPipelineLayout({ bindGroupLayouts: [bindGroupLayout] }),
      compute: { module, entryPoint, constants },
    });
  const [partials, reduceDw, reduceStats] = await Promise.all([
    pipeline(`hinge partials ${key}`, partialsLayout, partialsModule, 'main', { WORKGROUP_SIZE: workgroupSize, COL_LANES: colLanes }),
    pipeline('reduceDw', reduceLayout, reduceModule, 'reduceDw', { WORKGROUP_SIZE: workgroupSize }),
    pipeline('reduceStats', reduceLayout, reduceModule, 'reduceStats', { WORKGROUP_SIZE: workgroupSize }),
  ]);
  return { partialsLayout, partials, reduceLayout, reduceDw, reduceStats };
}
