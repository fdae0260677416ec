// node scripts/run-ts.mjs bench/widening-probe.ts — what reading X costs per storage, apart from
// the kernels: each storage's own xAt (shaders/storage_*.wgsl) summed over the vec4s of X, each
// invocation reading its own block (as narrow.wgsl reads rows), against the same sum of f32 X.
// Beside them: a u32 load with no widening (int8's load alone), int8 widened by shifts, and
// unpack4x8snorm, which widens in one built-in but rounds q/127 (so the kernels cannot use it and
// stay exact). Taking turns; ratios to f32.
import { requestDevice } from '../src/index.js';
import bf16 from '../shaders/storage_bf16.wgsl?raw';
import f16 from '../shaders/storage_f16.wgsl?raw';
import f32 from '../shaders/storage_f32.wgsl?raw';
import int8 from '../shaders/storage_int8.wgsl?raw';
import { timeTakingTurns } from './stats.js';

const ELEMENTS = 65536 * 256;
const VEC4S_PER_INVOCATION = 64;
const WORKGROUP_SIZE = 256;

const u32Words = `@group(0) @binding(0) var<storage, read> X: array<u32>;\n`;
const PROBES: [name: string, bytesPerElement: number, xSource: string][] = [
  ['f32', 4, f32],
  ['bf16', 2, bf16],
  ['f16', 2, f16],
  ['int8 (masks)', 1, int8],
  ['u32 load, no widening', 1, `${u32Words}fn xAt(i: u32) -> vec4<f32> { return vec4(bitcast<f32>(X[i] & 0x3fffffffu)); }`],
  ['int8 by shifts', 1, `${u32Words}fn xAt(i: u32) -> vec4<f32> { let word = X[i]; return vec4<f32>(bitcast<vec4<i32>>(vec4(word << 24u, word << 16u, word << 8u, word)) >> vec4(24u)); }`],
  ['int8 by unpack4x8snorm (rounds)', 1, `${u32Words}fn xAt(i: u32) -> vec4<f32> { return unpack4x8snorm(X[i]); }`],
];

const SUM = `
@group(0) @binding(1) var<storage, read_write> sums: array<f32>;
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let first = gid.x * ${VEC4S_PER_INVOCATION}u;
  var acc = vec4(0.0);
  for (var i = first; i < first + ${VEC4S_PER_INVOCATION}u; i += 4u) {
    acc += (xAt(i) + xAt(i + 1u)) + (xAt(i + 2u) + xAt(i + 3u));
  }
  sums[gid.x] = acc.x + acc.y + acc.z + acc.w;
}`;

const device = await requestDevice();
const invocations = ELEMENTS / 4 / VEC4S_PER_INVOCATION;
const sums = device.createBuffer({ size: invocations * 4, usage: GPUBufferUsage.STORAGE });
const runs = await Promise.all(PROBES.map(async ([name, bytesPerElement, xSource]) => {
  const X = device.createBuffer({ size: ELEMENTS * bytesPerElement, usage: GPUBufferUsage.STORAGE });
  const pipeline = await device.createComputePipelineAsync({ label: name, layout: 'auto', compute: { module: device.createShaderModule({ code: xSource + SUM }), entryPoint: 'main' } });
  const bindGroup = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: X } }, { binding: 1, resource: { buffer: sums } }] });
  return async () => {
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(invocations / WORKGROUP_SIZE);
    pass.end();
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
