// One u32 of int8 codes q (the first in the low byte, src/storage.ts) widened exactly to code k's
// q·2^(8k), with no multiply: masked in place, each is an integer below 2^31 whose low 8k bits are
// zero, which f32 holds exactly. Flipping the low three bytes' top bits makes their masked values
// (q + 128)·2^(8k), non-negative, from which 128·2^(8k) is taken after the conversion; the top
// byte, masked in place, is already q·2^24 as an i32. Masks rather than shifts: SwiftShader ran
// shifts twice as slowly (bench/widening-probe.ts). The host folds each column's s_j·2^(−8k) into
// w (the kernels use w∘s∘2^(−8k)) and into the gradient sums after the read-back
// (src/storage.ts, int8CodeUnit).
fn widen(word: u32) -> vec4<f32> {
  let placed = vec4(word ^ 0x00808080u) & vec4(0xffu, 0xff00u, 0xff0000u, 0xff000000u);
  return vec4<f32>(bitcast<vec4<i32>>(placed)) - vec4(128.0, 32768.0, 8388608.0, 0.0);
}
