// X stored as int8 codes q, four per u32, the first in the low byte (src/storage.ts): xAt gives
// the integers q exactly; the column scales s are folded into w on the host (the kernels use w∘s)
// and into the gradient sums after the read-back.
@group(0) @binding(0) var<storage, read> X: array<u32>;

// Widened by masks and products by powers of two, not shifts (each step exact: every value is an
// integer below 2^24 times a power of two), which SwiftShader runs in about half the time
// (bench/widening-probe.ts). Flipping each byte's top bit turns q into q + 128 in [1, 255]; the
// top byte is taken in place, where it is q·2^24 as an i32.
fn xAt(index: u32) -> vec4<f32> {
  let word = X[index];
  let offset = vec4(word ^ 0x80808080u) & vec4(0xffu, 0xff00u, 0xff0000u, 0u);
  let low = vec4<f32>(bitcast<vec4<i32>>(offset)) * vec4(1.0, 1.0 / 256.0, 1.0 / 65536.0, 0.0) - vec4(128.0, 128.0, 128.0, 0.0);
  return vec4(low.xyz, f32(bitcast<i32>(word & 0xff000000u)) * (1.0 / 16777216.0));
}
