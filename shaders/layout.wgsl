// The layouts the host and the kernels share, described for the host in src/layout.ts (member for
// member; test/layout.test.ts holds the two together): src/kernel.ts packs Params and ReduceParams
// and reads Stats back. WGSL has no includes, so src/shaders.ts puts this file in front of each
// kernel's own source.

// One uniform buffer per chunk of X, read by the kernels that pass over X.
struct Params {
  rows: u32,             // rows in this chunk of X
  d4: u32,               // vec4 columns per row (d rounded up to a multiple of 4, zero-padded)
  vecsPerThread: u32,    // fused: vec4 columns each thread holds
  rowsPerBlock: u32,     // rows summed into one partial slot
  slotBase: u32,         // first partial slot of this chunk
  kinkInclude: u32,      // 1: a hinge term is active when Δ − margin >= 0; 0: when > 0
  vectors: u32,          // K: weight vectors evaluated together (their biases: a buffer of K)
  margin: f32,           // Δ, the margin each hinge term asks for (shaders/loss.wgsl)
  smoothing: f32,        // μ of the smoothed hinge, where the pipeline has SMOOTHED (shaders/loss.wgsl)
}

// reduce_partials.wgsl's uniform.
struct ReduceParams {
  slots: u32,
  d4: u32,
  slotsPerGroup: u32,
  groups: u32,
  invN: f32,             // 1/n rounded to f32
  lambda: f32,
  vectors: u32,
}

// Sums over rows that are not dw: per partial slot, per reduction group, and the final ones.
struct Stats {
  loss: f32,             // Σ of the rows' loss terms (shaders/loss.wgsl)
  slopeSum: f32,         // Σ of the rows' coefficients: n·db (for the hinge, sums of ±1: exact below 2^24)
  activeCount: u32,
  faults: u32,           // subgroup_rows.wgsl: subgroups not formed as the plan assumed (0 elsewhere)
}
