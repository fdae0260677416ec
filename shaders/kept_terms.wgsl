// The one-pass kernels' row terms (narrow.wgsl, subgroup_rows.wgsl, fused.wgsl). A loss whose
// rows couple their scores (COUPLED: Weston–Watkins, Crammer–Singer) needs a row's K scores before
// any of its terms, so those kernels take each block of rows twice: first every vector's scores,
// kept in rowScratch (keepScore), then each row's rule (shaders/row_rule.wgsl), then the gradient
// sums with the terms the rule kept (keptTerm). The block's second reading of its rows comes from
// cache on hardware GPUs. Other losses take each vector's term from its score (vectorTerm) in one
// reading, times the row's weight when WEIGHTED.
//
// rowScratch holds three regions of params.rows × K values each, at index row · K + k: the score,
// then the coefficient in its place; the loss term; the active count (0 or 1). A block's rows are
// written and read by the invocations that hold the block, with the barriers each kernel names.
// src/shaders.ts puts this file after shaders/one_pass_bindings.wgsl, loss.wgsl and row_rule.wgsl.

fn termIndex(row: u32, k: u32) -> u32 {
  return row * params.vectors + k;
}

fn scoreAt(index: u32) -> f32 {
  return rowScratch[index];
}

fn put(index: u32, coefficient: f32, loss: f32, isActive: bool) {
  let region = params.rows * params.vectors;
  rowScratch[index] = coefficient;
  rowScratch[region + index] = loss;
  rowScratch[2u * region + index] = select(0.0, 1.0, isActive);
}

fn keepScore(row: u32, k: u32, score: f32) {
  rowScratch[termIndex(row, k)] = score;
}

// Scores of vectors k0 to k0 + 3, those below K.
fn keepFour(row: u32, k0: u32, scores: vec4<f32>) {
  keepScore(row, k0, scores.x);
  if (k0 + 1u < params.vectors) { keepScore(row, k0 + 1u, scores.y); }
  if (k0 + 2u < params.vectors) { keepScore(row, k0 + 2u, scores.z); }
  if (k0 + 3u < params.vectors) { keepScore(row, k0 + 3u, scores.w); }
}

fn keptTerm(row: u32, k: u32) -> LossTerm {
  let index = termIndex(row, k);
  let region = params.rows * params.vectors;
  return LossTerm(rowScratch[region + index], rowScratch[index], rowScratch[2u * region + index] != 0.0);
}

// Row `row`'s term for vector k, whose score (bias included) is `score`: kept by the row's rule
// when the loss couples the scores, else the vector's own term times the row's weight.
fn rowTerm(row: u32, k: u32, score: f32, label: f32) -> LossTerm {
  if (COUPLED) {
    return keptTerm(row, k);
  }
  let term = vectorTerm(score, label, k);
  if (WEIGHTED) {
    return timesWeight(term, rowWeight[row]);
  }
  return term;
}
