// A row's loss from its margin m = y·(w·x + b): one function that every strategy calls (narrow,
// subgroup_rows, fused, margins). It gives the row's loss term, its coefficient (the slope of the
// term in w·x: the gradient sums coefficient·x), and whether the term is active. LOSS is a
// pipeline constant, so the other loss folds away:
//   0, the hinge:          max(0, Δ − m), active when Δ − m > 0 (kink 'zero') or ≥ 0 ('include');
//   1, the squared hinge:  max(0, Δ − m)², active when Δ − m > 0 (it has no kink).
// Δ is params.margin. src/shaders.ts puts this file in front of those kernels, after their bindings.
override LOSS: u32 = 0u;

struct LossTerm {
  loss: f32,
  coefficient: f32,
  isActive: bool,
}

fn lossTerm(margin: f32, label: f32) -> LossTerm {
  let argument = params.margin - margin;
  let positive = max(0.0, argument);
  if (LOSS == 1u) {
    return LossTerm(positive * positive, -2.0 * label * positive, argument > 0.0);
  }
  let isActive = select(argument > 0.0, argument >= 0.0, params.kinkInclude == 1u);
  return LossTerm(positive, select(0.0, -label, isActive), isActive);
}
