// Pass 1 of the two-pass strategy: every row's K scores s_ik = w_k·x_i + b_k, for row_terms.wgsl
// to turn into the row's loss terms and coefficients. One invocation per (four rows, vector); the
// invocations of the same rows are neighbours, so they are read from memory once and from cache
// K − 1 times. No workgroup memory or barriers.

override WORKGROUP_SIZE: u32 = 256u;

// Params: shaders/layout.wgsl, which src/shaders.ts puts in front of this file.
@group(0) @binding(0) var<storage, read> X: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> w: array<vec4<f32>>;      // K × d4
@group(0) @binding(2) var<uniform> params: Params;
@group(0) @binding(3) var<storage, read_write> scores: array<f32>; // rows × K
@group(0) @binding(4) var<storage, read> biases: array<f32>;       // K

// Rows per invocation: one load of w[c] serves four rows. Mirrors SCORE_ROWS in plan.ts.
const ROWS: u32 = 4u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let vectors = params.vectors;
  let quad = gid.x / vectors;
  let k = gid.x % vectors;
  let row0 = quad * ROWS;
  if (row0 >= params.rows) {
    return;
  }
  let d4 = params.d4;
  let weights = k * d4;
  // Rows past the end repeat the last row and are not written.
  let last = params.rows - 1u;
  let f0 = row0 * d4;
  let f1 = min(row0 + 1u, last) * d4;
  let f2 = min(row0 + 2u, last) * d4;
  let f3 = min(row0 + 3u, last) * d4;
  var score = vec4(0.0);
  for (var c = 0u; c < d4; c++) {
    let wc = w[weights + c];
    score += vec4(dot(X[f0 + c], wc), dot(X[f1 + c], wc), dot(X[f2 + c], wc), dot(X[f3 + c], wc));
  }
  for (var r = 0u; r < ROWS; r++) {
    let row = row0 + r;
    if (row < params.rows) {
      scores[row * vectors + k] = score[r] + biases[k];
    }
  }
}
