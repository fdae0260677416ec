// Between the two passes over X of the two-pass strategy: each row's K scores (scores.wgsl)
// become its loss terms, coefficients and active terms by its loss's rule (shaders/row_rule.wgsl),
// which gradient.wgsl then sums. One invocation per four rows.

override WORKGROUP_SIZE: u32 = 256u;

// Params: shaders/layout.wgsl; lossTerm, WEIGHTED: shaders/loss.wgsl; rowRule:
// shaders/row_rule.wgsl. src/shaders.ts puts them in front.
@group(0) @binding(0) var<storage, read> y: array<f32>;                // ±1, or the class index
// Unweighted rows bind any buffer here; it is not read.
@group(0) @binding(1) var<storage, read> rowWeight: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;
@group(0) @binding(3) var<storage, read_write> coef: array<f32>;       // rows × K: scores in, coefficients out
@group(0) @binding(4) var<storage, read_write> rowLoss: array<f32>;    // rows × K
@group(0) @binding(5) var<storage, read_write> rowActive: array<u32>;  // rows × K

// Rows per invocation, as scores.wgsl (SCORE_ROWS in plan.ts).
const ROWS: u32 = 4u;

fn scoreAt(index: u32) -> f32 {
  return coef[index];
}

fn put(index: u32, coefficient: f32, loss: f32, isActive: bool) {
  coef[index] = coefficient;
  rowLoss[index] = loss;
  rowActive[index] = select(0u, 1u, isActive);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row0 = gid.x * ROWS;
  let end = min(row0 + ROWS, params.rows);
  for (var row = row0; row < end; row++) {
    rowRule(row);
  }
}
