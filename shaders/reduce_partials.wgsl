// Combines the per-workgroup slots written by hinge_partials.wgsl, in a fixed order:
// invocation t sums slots t, t + WORKGROUP_SIZE, … in sequence, then a tree sums the invocations.
//   reduceDw:    one workgroup per vec4 column;  dw = (Σ slots) / n + λ w
//   reduceStats: one workgroup;                  hinge sum, Σ_active y and the active count

override WORKGROUP_SIZE: u32 = 256u;

struct Params {
  slots: u32,
  d4: u32,
  invN: f32,     // 1/n rounded to f32
  lambda: f32,
}

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
@group(0) @binding(4) var<storage, read_write> dw: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read_write> stats: Stats;

var<workgroup> dwScratch: array<vec4<f32>, WORKGROUP_SIZE>;
var<workgroup> hingeScratch: array<f32, WORKGROUP_SIZE>;
var<workgroup> countScratch: array<vec2<i32>, WORKGROUP_SIZE>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn reduceDw(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let col = wid.x;
  var sum = vec4(0.0);
  for (var slot = lid; slot < params.slots; slot += WORKGROUP_SIZE) {
    sum += partialDw[slot * params.d4 + col];
  }
  dwScratch[lid] = sum;
  workgroupBarrier();
  for (var stride = WORKGROUP_SIZE / 2u; stride > 0u; stride /= 2u) {
    if (lid < stride) {
      dwScratch[lid] += dwScratch[lid + stride];
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    dw[col] = dwScratch[0] * params.invN + params.lambda * w[col];
  }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn reduceStats(@builtin(local_invocation_index) lid: u32) {
  var hinge = 0.0;
  var counts = vec2(0i);
  for (var slot = lid; slot < params.slots; slot += WORKGROUP_SIZE) {
    hinge += partialStats[slot].hinge;
    counts += vec2(partialStats[slot].ySum, i32(partialStats[slot].activeCount));
  }
  hingeScratch[lid] = hinge;
  countScratch[lid] = counts;
  workgroupBarrier();
  for (var stride = WORKGROUP_SIZE / 2u; stride > 0u; stride /= 2u) {
    if (lid < stride) {
      hingeScratch[lid] += hingeScratch[lid + stride];
      countScratch[lid] += countScratch[lid + stride];
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    stats = Stats(hingeScratch[0], countScratch[0].x, u32(countScratch[0].y), 0u);
  }
}
