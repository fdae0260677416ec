// X stored as f32 (src/storage.ts): xAt(i) is vec4 i of X as given.
@group(0) @binding(0) var<storage, read> X: array<vec4<f32>>;

fn xAt(index: u32) -> vec4<f32> {
  return X[index];
}
