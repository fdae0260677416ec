// xQuad for X bound a vec4 at a time: four vec4 from index on, each through the storage's xAt.
// shaders/row_columns.wgsl calls it where X_QUADS is on, which the host sets only for a storage
// bound for quads (src/shaders.ts, QUAD_SOURCES); elsewhere the call folds away.
fn xQuad(index: u32) -> mat4x4<f32> {
  return mat4x4(xAt(index), xAt(index + 1u), xAt(index + 2u), xAt(index + 3u));
}
