// X stored as bf16, two per u32, the first in the low half (src/storage.ts): a bf16 is the top
// half of an f32, so each value widens exactly. The low half moves up by a product, word · 2^16
// (mod 2^32), not a shift: SwiftShader runs integer shifts lane by lane (docs/storage.md).
@group(0) @binding(0) var<storage, read> X: array<vec2<u32>>;

fn xAt(index: u32) -> vec4<f32> {
  let pair = X[index];
  return vec4(bitcast<f32>(pair.x * 65536u), bitcast<f32>(pair.x & 0xffff0000u), bitcast<f32>(pair.y * 65536u), bitcast<f32>(pair.y & 0xffff0000u));
}
