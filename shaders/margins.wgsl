// Pass 1 of 2 over X: the margin of every row, its hinge term, and its coefficient in the
// gradient sum. One invocation per row, whose loop is a plain load-and-accumulate.
//
//   margin_i = y_i (w·x_i + b)
//   active_i = margin_i < 1   (kink 'zero')   or   margin_i <= 1   (kink 'include')
//   coef_i   = active_i ? −y_i : 0            so that  Σ_active (−y_i) x_i = Σ_i coef_i x_i
//   hinge_i  = max(0, 1 − margin_i)
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
  bias: f32,
}

@group(0) @binding(0) var<storage, read> X: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> y: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>;
@group(0) @binding(3) var<uniform> params: Params;
@group(0) @binding(4) var<storage, read_write> coef: array<f32>;
@group(0) @binding(5) var<storage, read_write> hinge: array<f32>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row = gid.x;
  if (row >= params.rows) {
    return;
  }
  let d4 = params.d4;
  let first = row * d4;
  var score = 0.0;
  for (var c = 0u; c < d4; c++) {
    score += dot(X[first + c], w[c]);
  }
  let label = y[row];
  let margin = label * (score + params.bias);
  let isActive = select(margin < 1.0, margin <= 1.0, params.kinkInclude == 1u);
  coef[row] = select(0.0, -label, isActive);
  hinge[row] = max(0.0, 1.0 - margin);
}
