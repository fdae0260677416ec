// The compute pass the bench's small kernels and probes encode: one pipeline, its bind group at
// group 0, and dispatches of one size.

/** Encodes on `encoder` a pass that dispatches `pipeline`, `bindGroup` at group 0, `times` times over `workgroups` workgroups. */
export function encodeComputePass(encoder: GPUCommandEncoder, pipeline: GPUComputePipeline, bindGroup: GPUBindGroup, workgroups: number, times = 1): void {
  const pass = encoder.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bindGroup);
  for (let k = 0; k < times; k++) pass.dispatchWorkgroups(workgroups);
  pass.end();
}
