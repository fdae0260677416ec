// Pass 1 of 2 over X: for every row and each of the K weight vectors, the margin, the hinge term
// and the row's coefficient in the gradient sum. One invocation per (row, vector); the invocations
// of one row are neighbours, so the row is read from memory once and from cache K − 1 times.
//
//   margin_ik = y_i (w_k·x_i + b_k)
//   active_ik = margin_ik < 1   (kink 'zero')   or   margin_ik <= 1   (kink 'include')
//   coef_ik   = active_ik ? −y_i : 0            so that  Σ_active (−y_i) x_i = Σ_i coef_ik x_i
//   hinge_ik  = max(0, 1 − margin_ik)
//
// No workgroup memory or barriers: the sums over rows happen in gradient.wgsl and
// reduce_partials.wgsl, each invocation adding its own rows in order (deterministic).

override WORKGROUP_SIZE: u32 = 256u;

// Shared with gradient.wgsl and fused.wgsl: one uniform buffer per chunk serves them all.
struct Params {
  rows: u32,            // rows in this chunk of X
  d4: u32,              // vec4 columns per row (d rounded up to a multiple of 4, zero-padded)
  vecsPerThread: u32,   // fused.wgsl only
  rowsPerBlock: u32,    // gradient.wgsl: rows summed by one invocation
  slotBase: u32,        // gradient.wgsl: first partial slot of this chunk
  kinkInclude: u32,     // 1: active when margin <= 1; 0: when margin < 1
  bias: f32,            // fused.wgsl only (one vector); here the biases come from `biases`
  vectors: u32,         // K: weight vectors evaluated together
}

@group(0) @binding(0) var<storage, read> X: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> y: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>;      // K × d4
@group(0) @binding(3) var<uniform> params: Params;
@group(0) @binding(4) var<storage, read_write> coef: array<f32>;   // rows × K
@group(0) @binding(5) var<storage, read_write> hinge: array<f32>;  // rows × K
@group(0) @binding(6) var<storage, read> biases: array<f32>;       // K

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let vectors = params.vectors;
  let row = gid.x / vectors;
  let k = gid.x % vectors;
  if (row >= params.rows) {
    return;
  }
  let d4 = params.d4;
  let first = row * d4;
  let weights = k * d4;
  // Four vec4 per iteration into four running sums: 10–20% faster on SwiftShader (measured
  // interleaved), and never a longer addition chain than one running sum.
  var score4 = vec4(0.0);
  var c = 0u;
  for (; c + 4u <= d4; c += 4u) {
    score4 += vec4(
      dot(X[first + c], w[weights + c]),
      dot(X[first + c + 1u], w[weights + c + 1u]),
      dot(X[first + c + 2u], w[weights + c + 2u]),
      dot(X[first + c + 3u], w[weights + c + 3u]),
    );
  }
  var score = (score4.x + score4.y) + (score4.z + score4.w);
  for (; c < d4; c++) {
    score += dot(X[first + c], w[weights + c]);
  }
  let label = y[row];
  let margin = label * (score + biases[k]);
  let isActive = select(margin < 1.0, margin <= 1.0, params.kinkInclude == 1u);
  coef[gid.x] = select(0.0, -label, isActive);
  hinge[gid.x] = max(0.0, 1.0 - margin);
}
