// Each loss's rule for one row: its K scores s_k = w_k·x + b_k become its loss terms, its
// coefficients ∂ℓ/∂s_k (the gradient sums Σ_i coef_ik x_i) and its active terms, by LOSS
// (shaders/loss.wgsl's codes):
//   0, 1  binary, for each of the K vectors: vectorTerm, lossTerm(t·s_k, t) with the row's t = ±1;
//   2     Weston–Watkins: the terms max(0, s_c − s_y + Δ), c ≠ y; coefficient +1 at each active c,
//         minus the active count at y (with smoothing, the slopes and minus their sum);
//   3     Crammer–Singer: max(0, Δ + s_j − s_y), j the highest-scoring class other than y (the
//         lowest index among equal scores); coefficients +1 at j and −1 at y when active (with
//         smoothing, a projection onto the capped simplex: smoothedCrammerSinger);
//   4, 5  one-vs-rest: vectorTerm for each class c, t = +1 when c = y and −1 otherwise.
// Each row's weight multiplies its loss terms and coefficients. A term's loss and active count
// go to one class's slot (Weston–Watkins: c; Crammer–Singer: y; the others: their own), so that
// the sums over classes are the row's. The operations are those the checker's bounds assume
// (src/losses.ts): s_c − s_y + Δ and Δ + s_j − s_y, left to right.
//
// Every kernel that applies it defines where a row's scores are and where its terms go:
//   scoreAt(index) → f32, the score at index = row · K + k;
//   put(index, coefficient, loss, isActive), which may overwrite that score: a rule reads a
//   row's scores before it puts their terms.
// and binds y and rowWeight. row_terms.wgsl (two-pass) and kept_terms.wgsl (the one-pass kernels)
// do. src/shaders.ts puts this file after shaders/loss.wgsl.

// Binary and one-vs-rest: one signed term per score.
fn signedTerms(first: u32, label: f32, weight: f32) {
  for (var k = 0u; k < params.vectors; k++) {
    let term = vectorTerm(scoreAt(first + k), label, k);
    put(first + k, weight * term.coefficient, weight * term.loss, term.isActive);
  }
}

fn westonWatkins(first: u32, label: u32, weight: f32) {
  let trueScore = scoreAt(first + label);
  var slopeSum = 0.0;
  for (var c = 0u; c < params.vectors; c++) {
    if (c == label) {
      continue;
    }
    let hinge = hingeOf(scoreAt(first + c) - trueScore + params.margin);
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
    if (c != label && scoreAt(first + c) > scoreAt(first + rival)) {
      rival = c;
    }
  }
  let hinge = hingeOf(params.margin + scoreAt(first + rival) - scoreAt(first + label));
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
  let trueScore = scoreAt(first + label);
  var high = 0.0;
  for (var c = 0u; c < params.vectors; c++) {
    if (c != label) {
      high = max(high, (params.margin + scoreAt(first + c) - trueScore) / mu);
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
    let z = (params.margin + scoreAt(first + c) - trueScore) / mu;
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
      sum += max(0.0, (params.margin + scoreAt(first + c) - trueScore) / params.smoothing - tau);
    }
  }
  return sum;
}

// Row `row` (of this chunk of X) by its loss's rule.
fn rowRule(row: u32) {
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
