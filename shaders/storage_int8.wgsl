// X stored as int8 codes q, four per u32, the first in the low byte (src/storage.ts): xAt gives
// the integers q exactly (each byte sign-extended by shifts); the column scales s are folded into
// w on the host (the kernels use w∘s) and into the gradient sums after the read-back.
@group(0) @binding(0) var<storage, read> X: array<u32>;

fn xAt(index: u32) -> vec4<f32> {
  let word = X[index];
  return vec4<f32>(bitcast<vec4<i32>>(vec4(word << 24u, word << 16u, word << 8u, word)) >> vec4(24u));
}
