// xQuad for X bound a vec4 at a time: vec4 columns 4·quad to 4·quad + 3, each through the
// storage's xAt. shaders/row_columns.wgsl calls it where X_QUADS is on, which the host sets only
// for a storage bound for quads (src/shaders.ts, QUAD_SOURCES); elsewhere the call folds away.
fn xQuad(quad: u32) -> mat4x4<f32> {
  let index = 4u * quad;
  return mat4x4(xAt(index), xAt(index + 1u), xAt(index + 2u), xAt(index + 3u));
}
