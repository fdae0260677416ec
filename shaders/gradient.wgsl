// Pass 2 of 2 over X: the gradient sums  Σ_i coef_ik x_i  (coef from margins.wgsl), one per
// weight vector k. Invocation g takes vec4 column c = g mod d4, vector k and block b of rows
// (g = (b·K + k)·d4 + c), adds the block's rows in order and writes partial slot (b, k):
// neighbouring invocations read neighbouring columns of the same rows, and the K vectors of a
// block read the same rows, from cache after the first. The column-0 invocation also sums the
// block's hinge terms, Σ_active y (= −Σ coef, an integer: exact) and the active count.
// reduce_partials.wgsl combines the slots in a fixed order (no float atomics).

override WORKGROUP_SIZE: u32 = 256u;

// Shared with margins.wgsl and fused.wgsl.
struct Params {
  rows: u32,
  d4: u32,
  vecsPerThread: u32,
  rowsPerBlock: u32,
  slotBase: u32,
  kinkInclude: u32,
  bias: f32,
  vectors: u32,
}

// Shared with fused.wgsl and reduce_partials.wgsl.
struct Stats {
  hinge: f32,
  ySum: i32,
  activeCount: u32,
  _pad: u32,
}

@group(0) @binding(0) var<storage, read> X: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> coef: array<f32>;
@group(0) @binding(2) var<storage, read> hinge: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;
@group(0) @binding(4) var<storage, read_write> partialDw: array<vec4<f32>>;    // (slot × K) × d4
@group(0) @binding(5) var<storage, read_write> partialStats: array<Stats>;     // slot × K

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let d4 = params.d4;
  let vectors = params.vectors;
  let column = gid.x % d4;
  let k = (gid.x / d4) % vectors;
  let block = gid.x / (d4 * vectors);
  let firstRow = block * params.rowsPerBlock;
  if (firstRow >= params.rows) {
    return;
  }
  let endRow = min(firstRow + params.rowsPerBlock, params.rows);
  let slot = (params.slotBase + block) * vectors + k;
  var sum = vec4(0.0);
  for (var row = firstRow; row < endRow; row++) {
    sum += coef[row * vectors + k] * X[row * d4 + column];
  }
  partialDw[slot * d4 + column] = sum;

  if (column == 0u) {
    var hingeSum = 0.0;
    var ySum = 0i;
    var activeCount = 0u;
    for (var row = firstRow; row < endRow; row++) {
      let c = coef[row * vectors + k];
      hingeSum += hinge[row * vectors + k];
      ySum -= i32(c);
      activeCount += select(0u, 1u, c != 0.0);
    }
    partialStats[slot] = Stats(hingeSum, ySum, activeCount, 0u);
  }
}
