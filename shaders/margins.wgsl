// Pass 1 of 2 over X: for every row and each of the K weight vectors, the margin, the loss term
// and the row's coefficient in the gradient sum (shaders/loss.wgsl). One invocation per (four rows, vector); the
// invocations of the same rows are neighbours, so they are read from memory once and from cache
// K − 1 times.
//
//   margin_ik = y_i (w_k·x_i + b_k)
//   coef_ik, rowLoss_ik: lossTerm(margin_ik, y_i)   so that the gradient sum is Σ_i coef_ik x_i
//
// No workgroup memory or barriers: the sums over rows happen in gradient.wgsl and
// reduce_partials.wgsl, each invocation adding its own rows in order (deterministic).

override WORKGROUP_SIZE: u32 = 256u;

// Params and Stats: shaders/layout.wgsl, which src/shaders.ts puts in front of this file.
@group(0) @binding(0) var<storage, read> X: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> y: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>;      // K × d4
@group(0) @binding(3) var<uniform> params: Params;
@group(0) @binding(4) var<storage, read_write> coef: array<f32>;   // rows × K
@group(0) @binding(5) var<storage, read_write> rowLoss: array<f32>;  // rows × K
@group(0) @binding(6) var<storage, read> biases: array<f32>;       // K

// Rows per invocation: one load of w[c] serves four rows (22–29% faster on SwiftShader than one
// row per invocation, measured interleaved). Mirrors MARGIN_ROWS in plan.ts.
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
      let label = y[row];
      let term = lossTerm(label * (score[r] + biases[k]), label);
      coef[row * vectors + k] = term.coefficient;
      rowLoss[row * vectors + k] = term.loss;
    }
  }
}
