// One u32 of int8 codes q (the first in the low byte, src/storage.ts) widened to the integers q,
// exactly, by masks and products by powers of two (every value an integer below 2^24 times a power
// of two), not shifts, which SwiftShader ran twice as slowly (bench/widening-probe.ts). Flipping
// each byte's top bit turns q into q + 128 in [1, 255]; the top byte, masked in place, is q·2^24
// as an i32. The column scales s are folded into w on the host (the kernels use w∘s) and into the
// gradient sums after the read-back.
fn widen(word: u32) -> vec4<f32> {
  let offset = vec4(word ^ 0x80808080u) & vec4(0xffu, 0xff00u, 0xff0000u, 0u);
  let low = vec4<f32>(bitcast<vec4<i32>>(offset)) * vec4(1.0, 1.0 / 256.0, 1.0 / 65536.0, 0.0) - vec4(128.0, 128.0, 128.0, 0.0);
  return vec4(low.xyz, f32(bitcast<i32>(word & 0xff000000u)) * (1.0 / 16777216.0));
}
