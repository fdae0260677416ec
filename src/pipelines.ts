// Shader modules, layouts and pipelines: created once per device and workgroup size, then reused.
import { shaderSources } from './shaders.js';

export interface HingePipelines {
  marginsLayout: GPUBindGroupLayout;
  margins: GPUComputePipeline;
  gradientLayout: GPUBindGroupLayout;
  gradient: GPUComputePipeline;
  reduceLayout: GPUBindGroupLayout;
  reduceGroups: GPUComputePipeline;
  finish: GPUComputePipeline;
}

const cache = new WeakMap<GPUDevice, Map<number, Promise<HingePipelines>>>();

export function hingePipelines(device: GPUDevice, workgroupSize: number): Promise<HingePipelines> {
  let bySize = cache.get(device);
  if (!bySize) cache.set(device, (bySize = new Map()));
  let pipelines = bySize.get(workgroupSize);
  if (!pipelines) {
    pipelines = createPipelines(device, workgroupSize);
    bySize.set(workgroupSize, pipelines);
    // A failed creation is not kept: the next call tries again.
    pipelines.catch(() => bySize.delete(workgroupSize));
  }
  return pipelines;
}

// Binding types in the order each WGSL file declares its bindings.
const READ: GPUBufferBindingType = 'read-only-storage';
const WRITE: GPUBufferBindingType = 'storage';
const MARGINS_BINDINGS: GPUBufferBindingType[] = [READ, READ, READ, 'uniform', WRITE, WRITE];
const GRADIENT_BINDINGS: GPUBufferBindingType[] = [READ, READ, READ, 'uniform', WRITE, WRITE];
const REDUCE_BINDINGS: GPUBufferBindingType[] = [READ, READ, READ, 'uniform', WRITE, WRITE, WRITE, WRITE];

async function createPipelines(device: GPUDevice, workgroupSize: number): Promise<HingePipelines> {
  const layout = (label: string, bindings: GPUBufferBindingType[]) =>
    device.createBindGroupLayout({
      label,
      entries: bindings.map((type, binding) => ({ binding, visibility: GPUShaderStage.COMPUTE, buffer: { type } })),
    });
  const pipeline = (label: string, bindGroupLayout: GPUBindGroupLayout, code: string, entryPoint = 'main') =>
    device.createComputePipelineAsync({
      label,
      layout: device.createPipelineLayout({ bindGroupLayouts: [bindGroupLayout] }),
      compute: {
        module: device.createShaderModule({ label, code }),
        entryPoint,
        constants: { WORKGROUP_SIZE: workgroupSize },
      },
    });
  const marginsLayout = layout('margins', MARGINS_BINDINGS);
  const gradientLayout = layout('gradient', GRADIENT_BINDINGS);
  const reduceLayout = layout('reduce partials', REDUCE_BINDINGS);
  const [margins, gradient, reduceGroups, finish] = await Promise.all([
    pipeline('margins.wgsl', marginsLayout, shaderSources.margins),
    pipeline('gradient.wgsl', gradientLayout, shaderSources.gradient),
    pipeline('reduce_partials.wgsl reduceGroups', reduceLayout, shaderSources.reducePartials, 'reduceGroups'),
    pipeline('reduce_partials.wgsl finish', reduceLayout, shaderSources.reducePartials, 'finish'),
  ]);
  return { marginsLayout, margins, gradientLayout, gradient, reduceLayout, reduceGroups, finish };
}
