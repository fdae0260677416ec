// Between the two passes over X of the two-pass strategy: each row's K scores s_k = w_k·x + b_k
// (scores.wgsl) become its loss terms, its coefficients ∂ℓ/∂s_k (gradient.wgsl sums
// Σ_i coef_ik x_i) and its active terms, by the loss's row rule (LOSS: shaders/loss.wgsl's codes):
//   0, 1  binary, for each of the K vectors: lossTerm(t·s_k, t) with the row's label t = ±1;
//   2     Weston–Watkins: the terms max(0, s_c − s_y + Δ), c ≠ y; coefficient +1 at each active c,
//         minus the active count at y (with smoothing, the slopes and minus their sum);
//   3     Crammer–Singer: max(0, Δ + s_j − s_y), j the highest-scoring class other than y (the
//         lowest index among equal scores); coefficients +1 at j and −1 at y when active (with
//         smoothing, a projection onto the capped simplex: smoothedCrammerSinger);
//   4, 5  one-vs-rest: lossTerm(t·s_c, t) for each class c, t = +1 when c = y and −1 otherwise.
// Each row's weight multiplies its loss terms and coefficients. A term's loss and active count
// go to one class's slot (Weston–Watkins: c; Crammer–Singer: y; the others: their own), so that
// the sums over classes are the row's. The operations are those the checker's bounds assume
// (src/losses.ts): s_c − s_y + Δ and Δ + s_j − s_y, left to right.
// One invocation per four rows; a row's scores are read before its coefficients replace them.

override WORKGROUP_SIZE: u32 = 256u;
// Whether rows carry weights (rowWeight); when not, the binding holds any buffer and is not read.
override WEIGHTED: bool = false;

// Params: shaders/layout.wgsl; lossTerm: shaders/loss.wgsl. src/shaders.ts puts both in front.
@group(0) @binding(0) var<storage, read> y: array<f32>;                // ±1, or the class index
@group(0) @binding(1) var<storage, read> rowWeight: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;
@group(0) @binding(3) var<storage, read_write> coef: array<f32>;       // rows × K: scores in, coefficients out
@group(0) @binding(4) var<storage, read_write> rowLoss: array<f32>;    // rows × K
@group(0) @binding(5) var<storage, read_write> rowActive: array<u32>;  // rows × K

// Rows per invocation, as scores.wgsl (SCORE_ROWS in plan.ts).
const ROWS: u32 = 4u;

fn put(index: u32, coefficient: f32, loss: f32, isActive: bool) {
  coef[index] = coefficient;
  rowLoss[index] = loss;
  rowActive[index] = select(0u, 1u, isActive);
}

// Binary and one-vs-rest: one signed term per score.
fn signedTerms(first: u32, label: f32, weight: f32) {
  for (var k = 0u; k < params.vectors; k++) {
    var sign = label;
    if (LOSS >= 4u) {
      sign = select(-1.0, 1.0, k == u32(label));
    }
    let term = lossTerm(sign * coef[first + k], sign);
    put(first + k, weight * term.coefficient, weight * term.loss, term.isActive);
  }
}

fn westonWatkins(first: u32, label: u32, weight: f32) {
  let trueScore = coef[first + label];
  var slopeSum = 0.0;
  for (var c = 0u; c < params.vectors; c++) {
    if (c == label) {
      continue;
    }
    let hinge = hingeOf(coef[first + c] - trueScore + params.margin);
    slopeSum += hinge.slope;
    put(first + c, weight * hinge.slope, weight * hinge.loss, hinge.isActive);
  }
  put(first + label, -slopeSum * weight, 0.0, false);
}

fn crammerSinger(first: u32, label: u32, weight: f32) {
  if (SMOOTHED) {
    smoothedCrammerSinger(first, label, weight);
    return;
  }
  var rival = select(0u, 1u, label == 0u);
  for (var c = rival + 1u; c < params.vectors; c++) {
    if (c != label && coef[first + c] > coef[first + rival]) {
      rival = c;
    }
  }
  let hinge = hingeOf(params.margin + coef[first + rival] - coef[first + label]);
  for (var c = 0u; c < params.vectors; c++) {
    put(first + c, 0.0, 0.0, false);
  }
  put(first + rival, weight * hinge.slope, 0.0, false);
  put(first + label, -weight * hinge.slope, weight * hinge.loss, hinge.isActive);
}

// Crammer–Singer smoothed (the solver's, src/losses.ts): α_c = max(0, z_c − τ) with
// z_c = (Δ + s_c − s_y)/μ for c ≠ y and τ ≥ 0 the least with Σα ≤ 1, found by bisection; the
// loss Σ α_c μ z_c − (μ/2)‖α‖².
fn smoothedCrammerSinger(first: u32, label: u32, weight: f32) {
  let mu = params.smoothing;
  let trueScore = coef[first + label];
  var high = 0.0;
  for (var c = 0u; c < params.vectors; c++) {
    if (c != label) {
      high = max(high, (params.margin + coef[first + c] - trueScore) / mu);
    }
  }
  var low = 0.0;
  if (cappedSum(first, label, trueScore, 0.0) > 1.0) {
    for (var step = 0u; step < 40u; step++) {
      let middle = 0.5 * (low + high);
      if (cappedSum(first, label, trueScore, middle) > 1.0) {
        low = middle;
      } else {
        high = middle;
      }
    }
    low = high;
  }
  var total = 0.0;
  var loss = 0.0;
  for (var c = 0u; c < params.vectors; c++) {
    if (c == label) {
      continue;
    }
    let z = (params.margin + coef[first + c] - trueScore) / mu;
    let alpha = max(0.0, z - low);
    total += alpha;
    loss += alpha * z * mu - 0.5 * mu * alpha * alpha;
    put(first + c, weight * alpha, 0.0, false);
  }
  put(first + label, -weight * total, weight * loss, total > 0.0);
}

// Σ_{c ≠ y} max(0, z_c − τ).
fn cappedSum(first: u32, label: u32, trueScore: f32, tau: f32) -> f32 {
  var sum = 0.0;
  for (var c = 0u; c < params.vectors; c++) {
    if (c != label) {
      sum += max(0.0, (params.margin + coef[first + c] - trueScore) / params.smoothing - tau);
    }
  }
  return sum;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row0 = gid.x * ROWS;
  let end = min(row0 + ROWS, params.rows);
  for (var row = row0; row < end; row++) {
    let label = y[row];
    var weight = 1.0;
    if (WEIGHTED) {
      weight = rowWeight[row];
    }
    let first = row * params.vectors;
    if (LOSS == 2u) {
      westonWatkins(first, u32(label), weight);
    } else if (LOSS == 3u) {
      crammerSinger(first, u32(label), weight);
    } else {
      signedTerms(first, label, weight);
    }
  }
}
