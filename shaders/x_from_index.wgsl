// Not a storage: xAt makes vec4 i from i alone, and X (bound as f32) is never read. The bench
// compiles the kernels with it in place of storage_f32.wgsl (bench/storage-turns.ts) to time all
// they do beyond reading X: the floor of every storage on this adapter. Each value is a finite
// float in [1, 2), different per index and component, so nothing folds away.
@group(0) @binding(0) var<storage, read> X: array<vec4<f32>>;

fn xAt(index: u32) -> vec4<f32> {
  return bitcast<vec4<f32>>((vec4(index) & vec4(0x007fffffu)) ^ vec4(0x3f800000u, 0x3f800001u, 0x3f800002u, 0x3f800003u));
}
