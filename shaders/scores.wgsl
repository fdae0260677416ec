// Pass 1 of the two-pass strategy: every row's K scores s_ik = w_k·x_i + b_k, for row_terms.wgsl
// to turn into the row's loss terms and coefficients. main: one invocation per (four rows,
// vector); fourVectors, for K ≥ 2: per (four rows, four vectors), so that each load of a row
// serves four vectors and each load of w four rows. Both add each score's column dot products in
// the same order. No workgroup memory or barriers.

override WORKGROUP_SIZE: u32 = 256u;

// Params: shaders/layout.wgsl; X and xAt, binding 0: the storage's shaders/storage_*.wgsl. src/shaders.ts
// puts both in front of this file.
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
    score += vec4(dot(xAt(f0 + c), wc), dot(xAt(f1 + c), wc), dot(xAt(f2 + c), wc), dot(xAt(f3 + c), wc));
  }
  for (var r = 0u; r < ROWS; r++) {
    let row = row0 + r;
    if (row < params.rows) {
      scores[row * vectors + k] = score[r] + biases[k];
    }
  }
}

// Row r's four scores, one per vector of the invocation's four.
fn fourScores(x: vec4<f32>, w0: vec4<f32>, w1: vec4<f32>, w2: vec4<f32>, w3: vec4<f32>) -> vec4<f32> {
  return vec4(dot(x, w0), dot(x, w1), dot(x, w2), dot(x, w3));
}

// Row `row`'s scores for vectors k0 to k0 + 3 (those below K).
fn storeFour(row: u32, k0: u32, sums: vec4<f32>) {
  if (row >= params.rows) {
    return;
  }
  for (var j = 0u; j < 4u && k0 + j < params.vectors; j++) {
    scores[row * params.vectors + k0 + j] = sums[j] + biases[k0 + j];
  }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn fourVectors(@builtin(global_invocation_id) gid: vec3<u32>) {
  let vectors = params.vectors;
  let quads = (vectors + 3u) / 4u;
  let k0 = (gid.x % quads) * 4u;
  let row0 = (gid.x / quads) * ROWS;
  if (row0 >= params.rows) {
    return;
  }
  let d4 = params.d4;
  // Vectors past K repeat the last, rows past the end the last row; neither is written.
  let lastVector = vectors - 1u;
  let v0 = k0 * d4;
  let v1 = min(k0 + 1u, lastVector) * d4;
  let v2 = min(k0 + 2u, lastVector) * d4;
  let v3 = min(k0 + 3u, lastVector) * d4;
  let last = params.rows - 1u;
  let f0 = row0 * d4;
  let f1 = min(row0 + 1u, last) * d4;
  let f2 = min(row0 + 2u, last) * d4;
  let f3 = min(row0 + 3u, last) * d4;
  var s0 = vec4(0.0);
  var s1 = vec4(0.0);
  var s2 = vec4(0.0);
  var s3 = vec4(0.0);
  for (var c = 0u; c < d4; c++) {
    let w0 = w[v0 + c];
    let w1 = w[v1 + c];
    let w2 = w[v2 + c];
    let w3 = w[v3 + c];
    s0 += fourScores(xAt(f0 + c), w0, w1, w2, w3);
    s1 += fourScores(xAt(f1 + c), w0, w1, w2, w3);
    s2 += fourScores(xAt(f2 + c), w0, w1, w2, w3);
    s3 += fourScores(xAt(f3 + c), w0, w1, w2, w3);
  }
  storeFour(row0, k0, s0);
  storeFour(row0 + 1u, k0, s1);
  storeFour(row0 + 2u, k0, s2);
  storeFour(row0 + 3u, k0, s3);
}
