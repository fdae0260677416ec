// X stored as IEEE f16, two per u32, the first in the low half (src/storage.ts): every f16 is an
// f32, and unpack2x16float widens exactly.
@group(0) @binding(0) var<storage, read> X: array<vec2<u32>>;

fn xAt(index: u32) -> vec4<f32> {
  let pair = X[index];
  return vec4(unpack2x16float(pair.x), unpack2x16float(pair.y));
}
