// One hinge term from its margin m = t·s (score s, sign t = ±1, the target): the function every strategy
// calls (narrow, subgroup_rows, fused, row_terms). It gives the term's loss, its coefficient (the
// slope of the term in s: the gradient sums coefficient·x), and whether the term is active. LOSS
// is a pipeline constant, so the other branch folds away:
//   0 hinge, 2 Weston–Watkins, 3 Crammer–Singer, 4 one-vs-rest hinge:
//       max(0, Δ − m), active when Δ − m > 0 (kink 'zero') or ≥ 0 ('include');
//   1 squared hinge, 5 one-vs-rest squared hinge:
//       max(0, Δ − m)², active when Δ − m > 0 (it has no kink).
// Δ is params.margin. shaders/row_rule.wgsl gives codes 2 and 3 their row rules; vectorTerm below
// gives the others a term per weight vector. src/shaders.ts puts this file in front of those
// kernels, after their bindings.
override LOSS: u32 = 0u;
override SQUARED: bool = LOSS == 1u || LOSS == 5u;
// Whether a row's terms couple its K scores (Weston–Watkins, Crammer–Singer): each row's rule
// (shaders/row_rule.wgsl) then needs all K scores before any term.
override COUPLED: bool = LOSS == 2u || LOSS == 3u;
// Whether rows carry weights (rowWeight, bound by the kernel): a row's terms and coefficients are
// its weight times the unweighted ones.
override WEIGHTED: bool = false;
// The solver's smoothing: every non-squared hinge max(0, a) becomes Huber's a²/(2μ) up to
// μ = params.smoothing and a − μ/2 beyond, whose slope min(a/μ, 1) is continuous.
override SMOOTHED: bool = false;

struct LossTerm {
  loss: f32,
  coefficient: f32,
  isActive: bool,
}

// Whether a hinge term with argument a (Δ − m, or s_c − s_y + Δ) is active, by params.kinkInclude.
fn hingeActive(argument: f32) -> bool {
  return select(argument > 0.0, argument >= 0.0, params.kinkInclude == 1u);
}

// A hinge of argument a: its loss, its slope ∂/∂a (0 or 1, or between them when smoothed), and
// whether it is active.
struct Hinge {
  loss: f32,
  slope: f32,
  isActive: bool,
}

fn hingeOf(argument: f32) -> Hinge {
  if (SMOOTHED) {
    let mu = params.smoothing;
    let positive = max(0.0, argument);
    let inner = positive < mu;
    return Hinge(select(positive - 0.5 * mu, positive * positive / (2.0 * mu), inner), select(1.0, positive / mu, inner), argument > 0.0);
  }
  let isActive = hingeActive(argument);
  return Hinge(max(0.0, argument), select(0.0, 1.0, isActive), isActive);
}

fn lossTerm(margin: f32, sign: f32) -> LossTerm {
  let argument = params.margin - margin;
  let positive = max(0.0, argument);
  if (SQUARED) {
    return LossTerm(positive * positive, -2.0 * sign * positive, argument > 0.0);
  }
  if (SMOOTHED) {
    let hinge = hingeOf(argument);
    return LossTerm(hinge.loss, -sign * hinge.slope, hinge.isActive);
  }
  let isActive = hingeActive(argument);
  return LossTerm(positive, select(0.0, -sign, isActive), isActive);
}

// The term of weight vector k for a row's score s (bias included) and label: the binary losses
// take the target t = label (±1), one-vs-rest t = +1 for the row's class and −1 for the others;
// the term is lossTerm(t·s, t).
fn vectorTerm(score: f32, label: f32, k: u32) -> LossTerm {
  var sign = label;
  if (LOSS >= 4u) {
    sign = select(-1.0, 1.0, k == u32(label));
  }
  return lossTerm(sign * score, sign);
}

// A term times a row's weight.
fn timesWeight(term: LossTerm, weight: f32) -> LossTerm {
  return LossTerm(weight * term.loss, weight * term.coefficient, term.isActive);
}
