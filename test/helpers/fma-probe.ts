import { encodeComputePass } from '../../bench/compute-pass.js';

// Whether a device rounds WGSL's fma once: fma(a, a, −(1 + 2⁻¹¹)) with a = 1 + 2⁻¹² is 2⁻²⁴
// exactly when fused, and 0 when a·a = 1 + 2⁻¹¹ + 2⁻²⁴ is first rounded (a tie, to even).
const SOURCE = `
@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@group(0) @binding(1) var<storage, read> inputs: array<f32>;
@compute @workgroup_size(1)
fn main() {
  out[0] = fma(inputs[0], inputs[0], inputs[1]);
}`;

export async function deviceFusesMultiplyAdd(device: GPUDevice): Promise<boolean> {
  const a = 1 + 2 ** -12;
  const inputs = device.createBuffer({ size: 8, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(inputs, 0, new Float32Array([a, -(1 + 2 ** -11)]));
  const out = device.createBuffer({ size: 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const read = device.createBuffer({ size: 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code: SOURCE }), entryPoint: 'main' } });
  const bindGroup = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: out } }, { binding: 1, resource: { buffer: inputs } }] });
  const encoder = device.createCommandEncoder();
  encodeComputePass(encoder, pipeline, bindGroup, 1);
  encoder.copyBufferToBuffer(out, 0, read, 0, 4);
  device.queue.submit([encoder.finish()]);
  await read.mapAsync(GPUMapMode.READ);
  const value = new Float32Array(read.getMappedRange())[0];
  read.unmap();
  for (const buffer of [inputs, out, read]) buffer.destroy();
  if (value !== 2 ** -24 && value !== 0) throw new Error(`fma(1 + 2⁻¹², 1 + 2⁻¹², −(1 + 2⁻¹¹)) gave ${value}: neither fused (2⁻²⁴) nor a rounded product and sum (0)`);
  return value === 2 ** -24;
}
