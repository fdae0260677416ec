// X stored as int8 codes, four per u32 (src/storage.ts), bound as vec4<u32> for the kernels that
// read four vec4 of a row at once (X_QUADS in shaders/row_columns.wgsl): xQuad(quad) is one 16-byte
// load for the 16 values of vec4 columns 4·quad to 4·quad + 3. X's bytes are then a multiple of 16
// (D4 a multiple of 4). widen: shaders/int8_widen.wgsl.
@group(0) @binding(0) var<storage, read> X: array<vec4<u32>>;

fn xAt(index: u32) -> vec4<f32> {
  return widen(X[index >> 2u][index & 3u]);
}

fn xQuad(quad: u32) -> mat4x4<f32> {
  let words = X[quad];
  return mat4x4(widen(words.x), widen(words.y), widen(words.z), widen(words.w));
}
