// Combines the partial slots of the passes over X in two barrier-free stages, each
// invocation adding its inputs in a fixed order (deterministic; no float atomics, no workgroup
// trees, which software GPUs run slowly). Slots are laid out (slot × K + k) for K weight vectors.
//   reduceGroups: invocation (group g, vector k, column c) sums slots g·slotsPerGroup … into mid slot (g, k)
//   finish:       invocation (vector k, column c) sums the mid slots;  dw_k = Σ / n + λ w_k
// With a single group, reduceGroups writes dw and the stats itself and finish is not dispatched.
// Column d4 stands for the stats (loss sum, slope sum, active count, faults).

override WORKGROUP_SIZE: u32 = 256u;

// Params, ReduceParams and Stats: shaders/layout.wgsl, which src/shaders.ts puts in front of this file.
@group(0) @binding(0) var<storage, read> partialDw: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> partialStats: array<Stats>;
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>;          // K × d4
@group(0) @binding(3) var<uniform> params: ReduceParams;
@group(0) @binding(4) var<storage, read_write> midDw: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read_write> midStats: array<Stats>;
@group(0) @binding(6) var<storage, read_write> dw: array<vec4<f32>>;   // K × d4
@group(0) @binding(7) var<storage, read_write> stats: array<Stats>;    // K

fn addStats(a: Stats, b: Stats) -> Stats {
  return Stats(a.loss + b.loss, a.slopeSum + b.slopeSum, a.activeCount + b.activeCount, a.faults + b.faults);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn reduceGroups(@builtin(global_invocation_id) gid: vec3<u32>) {
  let d4 = params.d4;
  let vectors = params.vectors;
  let column = gid.x % (d4 + 1u);
  let k = (gid.x / (d4 + 1u)) % vectors;
  let group = gid.x / ((d4 + 1u) * vectors);
  if (group >= params.groups) {
    return;
  }
  let first = group * params.slotsPerGroup;
  let end = min(first + params.slotsPerGroup, params.slots);
  let mid = group * vectors + k;
  let single = params.groups == 1u;
  if (column < d4) {
    var sum = vec4(0.0);
    for (var slot = first; slot < end; slot++) {
      sum += partialDw[(slot * vectors + k) * d4 + column];
    }
    if (single) {
      dw[k * d4 + column] = finishDw(sum, k * d4 + column);
    } else {
      midDw[mid * d4 + column] = sum;
    }
  } else {
    var total = Stats(0.0, 0.0, 0u, 0u);
    for (var slot = first; slot < end; slot++) {
      total = addStats(total, partialStats[slot * vectors + k]);
    }
    if (single) {
      stats[k] = total;
    } else {
      midStats[mid] = total;
    }
  }
}

fn finishDw(sum: vec4<f32>, index: u32) -> vec4<f32> {
  return sum * params.invN + params.lambda * w[index];
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn finish(@builtin(global_invocation_id) gid: vec3<u32>) {
  let d4 = params.d4;
  let vectors = params.vectors;
  let column = gid.x % (d4 + 1u);
  let k = gid.x / (d4 + 1u);
  if (k >= vectors) {
    return;
  }
  if (column < d4) {
    var sum = vec4(0.0);
    for (var group = 0u; group < params.groups; group++) {
      sum += midDw[(group * vectors + k) * d4 + column];
    }
    dw[k * d4 + column] = finishDw(sum, k * d4 + column);
  } else {
    var total = Stats(0.0, 0.0, 0u, 0u);
    for (var group = 0u; group < params.groups; group++) {
      total = addStats(total, midStats[group * vectors + k]);
    }
    stats[k] = total;
  }
}
