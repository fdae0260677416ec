// X stored as IEEE f16 (src/storage.ts), read as f16 on a device with 'shader-f16': the same bytes
// as storage_f16.wgsl's, four values to a vec4<f16>, each widened to f32, which holds it exactly.
// WGSL lets a device flush a subnormal f16 on the way, so the host takes this file only for X with
// no subnormal f16 (src/storage.ts, hasF16Subnormal), and storage_f16.wgsl otherwise.
enable f16;
@group(0) @binding(0) var<storage, read> X: array<vec4<f16>>;

fn xAt(index: u32) -> vec4<f32> {
  return vec4<f32>(X[index]);
}
