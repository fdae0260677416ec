// The read probes of bench/widening-probe.ts: each storage's own xAt (shaders/storage_*.wgsl),
// and beside them a u32 load with no widening (int8's load alone), int8 widened by shifts or by
// integer products (q·2²⁴: the scale 2⁻²⁴ would fold into w), and unpack4x8snorm, which widens in
// one built-in but rounds q/127 (so the kernels cannot use it and stay exact). SUM adds X's vec4s,
// a block of them per invocation, as narrow.wgsl reads rows.
import bf16 from '../shaders/storage_bf16.wgsl?raw';
import f16 from '../shaders/storage_f16.wgsl?raw';
import f32 from '../shaders/storage_f32.wgsl?raw';
import int8Widen from '../shaders/int8_widen.wgsl?raw';
import int8 from '../shaders/storage_int8.wgsl?raw';

export const VEC4S_PER_INVOCATION = 64;
export const WORKGROUP_SIZE = 256;

const u32Words = `@group(0) @binding(0) var<storage, read> X: array<u32>;\n`;
export const PROBES: [name: string, bytesPerElement: number, xSource: string][] = [
  ['f32', 4, f32],
  ['bf16', 2, bf16],
  ['f16', 2, f16],
  ['int8 (masks)', 1, `${int8Widen}\n${int8}`],
  ['u32 load, no widening', 1, `${u32Words}fn xAt(i: u32) -> vec4<f32> { return vec4(bitcast<f32>(X[i] & 0x3fffffffu)); }`],
  ['int8 by shifts', 1, `${u32Words}fn xAt(i: u32) -> vec4<f32> { let word = X[i]; return vec4<f32>(bitcast<vec4<i32>>(vec4(word << 24u, word << 16u, word << 8u, word)) >> vec4(24u)); }`],
  ['int8 by products, as q·2^24', 1, `${u32Words}fn xAt(i: u32) -> vec4<f32> { return vec4<f32>(bitcast<vec4<i32>>((vec4(X[i]) * vec4(16777216u, 65536u, 256u, 1u)) & vec4(0xff000000u))); }`],
  ['int8 by products and a shift', 1, `${u32Words}fn xAt(i: u32) -> vec4<f32> { return vec4<f32>(bitcast<vec4<i32>>(vec4(X[i]) * vec4(16777216u, 65536u, 256u, 1u)) >> vec4(24u)); }`],
  ['int8 by unpack4x8snorm (rounds)', 1, `${u32Words}fn xAt(i: u32) -> vec4<f32> { return unpack4x8snorm(X[i]); }`],
];

export const SUM = `
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
