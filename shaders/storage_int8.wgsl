// X stored as int8 codes, four per u32 (src/storage.ts), read a u32 at a time; widen:
// shaders/int8_widen.wgsl.
@group(0) @binding(0) var<storage, read> X: array<u32>;

fn xAt(index: u32) -> vec4<f32> {
  return widen(X[index]);
}
