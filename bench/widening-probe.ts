// node scripts/run-ts.mjs bench/widening-probe.ts — what reading X costs per storage, apart from
// the kernels: each probe of bench/widening-probes.ts summed over 16.8M elements, against the same
// sum of f32 X. Taking turns; ratios to f32.
import { requestDevice } from '../src/index.js';
import { encodeComputePass } from './compute-pass.js';
import { timeTakingTurns } from './stats.js';
import { PROBES, SUM, VEC4S_PER_INVOCATION, WORKGROUP_SIZE } from './widening-probes.js';

const ELEMENTS = 65536 * 256;

const device = await requestDevice();
const invocations = ELEMENTS / 4 / VEC4S_PER_INVOCATION;
const sums = device.createBuffer({ size: invocations * 4, usage: GPUBufferUsage.STORAGE });
const runs = await Promise.all(PROBES.map(async ([name, bytesPerElement, xSource]) => {
  const X = device.createBuffer({ size: ELEMENTS * bytesPerElement, usage: GPUBufferUsage.STORAGE });
  const pipeline = await device.createComputePipelineAsync({ label: name, layout: 'auto', compute: { module: device.createShaderModule({ code: xSource + SUM }), entryPoint: 'main' } });
  const bindGroup = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: X } }, { binding: 1, resource: { buffer: sums } }] });
  return async () => {
    const encoder = device.createCommandEncoder();
    encodeComputePass(encoder, pipeline, bindGroup, invocations / WORKGROUP_SIZE);
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
  };
}));
for (const run of runs) await run();
const times = await timeTakingTurns(15, runs);
console.log(`${ELEMENTS} elements, median of 15 taking turns (wall time of one dispatch):`);
for (const [k, [name]] of PROBES.entries()) {
  console.log(`${name.padEnd(34)} ${times[k].medianMs.toFixed(1).padStart(7)} ms  ${(times[k].medianMs / times[0].medianMs).toFixed(2)}× f32`);
}
device.destroy();
