// Combines the partial slots of gradient.wgsl in two barrier-free stages, each invocation adding
// its inputs in a fixed order (deterministic; no float atomics, no workgroup trees, which
// software GPUs run slowly):
//   reduceGroups: invocation (group g, column c) sums slots g·slotsPerGroup … into mid slot g
//   finish:       invocation c sums the mid slots;  dw = Σ / n + λ w
// Column d4 stands for the stats (hinge sum, Σ_active y, active count).

override WORKGROUP_SIZE: u32 = 256u;

struct Params {
  slots: u32,
  d4: u32,
  slotsPerGroup: u32,
  groups: u32,
  invN: f32,     // 1/n rounded to f32
  lambda: f32,
}

// Shared with gradient.wgsl.
struct Stats {
  hinge: f32,
  ySum: i32,
  activeCount: u32,
  _pad: u32,
}

@group(0) @binding(0) var<storage, read> partialDw: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> partialStats: array<Stats>;
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>;
@group(0) @binding(3) var<uniform> params: Params;
@group(0) @binding(4) var<storage, read_write> midDw: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read_write> midStats: array<Stats>;
@group(0) @binding(6) var<storage, read_write> dw: array<vec4<f32>>;
@group(0) @binding(7) var<storage, read_write> stats: Stats;

fn addStats(a: Stats, b: Stats) -> Stats {
  return Stats(a.hinge + b.hinge, a.ySum + b.ySum, a.activeCount + b.activeCount, 0u);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn reduceGroups(@builtin(global_invocation_id) gid: vec3<u32>) {
  let columns = params.d4 + 1u;
  let column = gid.x % columns;
  let group = gid.x / columns;
  if (group >= params.groups) {
    return;
  }
  let first = group * params.slotsPerGroup;
  let end = min(first + params.slotsPerGroup, params.slots);
  if (column < params.d4) {
    var sum = vec4(0.0);
    for (var slot = first; slot < end; slot++) {
      sum += partialDw[slot * params.d4 + column];
    }
    midDw[group * params.d4 + column] = sum;
  } else {
    var total = Stats(0.0, 0i, 0u, 0u);
    for (var slot = first; slot < end; slot++) {
      total = addStats(total, partialStats[slot]);
    }
    midStats[group] = total;
  }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn finish(@builtin(global_invocation_id) gid: vec3<u32>) {
  let column = gid.x;
  if (column < params.d4) {
    var sum = vec4(0.0);
    for (var group = 0u; group < params.groups; group++) {
      sum += midDw[group * params.d4 + column];
    }
    dw[column] = sum * params.invN + params.lambda * w[column];
  } else if (column == params.d4) {
    var total = Stats(0.0, 0i, 0u, 0u);
    for (var group = 0u; group < params.groups; group++) {
      total = addStats(total, midStats[group]);
    }
    stats = total;
  }
}
