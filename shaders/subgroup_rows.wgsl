// The one-pass strategy for rows of up to 16 vec4 columns per subgroup lane: the LANES
// invocations of a subgroup share each row, lane l holding vec4 columns l·PER … l·PER + PER − 1 in
// named registers from its part of the dot product (summed over the subgroup by subgroupAdd) to
// its part of the gradient update. As in narrow.wgsl: no barriers, no workgroup memory, no indexed
// per-thread arrays, X read once; each subgroup writes one partial slot in gradient.wgsl's format,
// and reduce_partials.wgsl combines the slots in a fixed order (no float atomics).

enable subgroups;
// Every invocation of a subgroup takes the same block of rows (block = global id / LANES, with
// subgroups of LANES consecutive invocations, which main checks), so control flow is uniform
// across each subgroup; the uniformity analysis cannot see that through global_invocation_id.
diagnostic(off, subgroup_uniformity);

override WORKGROUP_SIZE: u32 = 256u;
// The adapter's subgroup size (its subgroupMinSize, equal to its subgroupMaxSize).
override LANES: u32 = 4u;
// vec4 columns per lane, 1 to 16: a pipeline constant, so the unused registers fold away.
override PER: u32 = 16u;
// vec4 columns per row.
override D4: u32 = 64u;

// Params and Stats: shaders/layout.wgsl, which src/shaders.ts puts in front of this file.
@group(0) @binding(0) var<storage, read> X: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> y: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>;
@group(0) @binding(3) var<uniform> params: Params;
@group(0) @binding(4) var<storage, read_write> partialDw: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read_write> partialStats: array<Stats>;

// Column c + j of the lane whose first column is c. Both tests fold at pipeline creation when
// the lanes hold whole rows exactly (LANES · PER = D4); only a ragged last lane tests c + j.
fn held(c: u32, j: u32) -> bool {
  return j < PER && (LANES * PER == D4 || c + j < D4);
}

fn weight(c: u32, j: u32) -> vec4<f32> {
  if (held(c, j)) {
    return w[c + j];
  }
  return vec4(0.0);
}

fn element(first: u32, c: u32, j: u32) -> vec4<f32> {
  if (held(c, j)) {
    return X[first + j];
  }
  return vec4(0.0);
}

fn store(slot: u32, c: u32, j: u32, sum: vec4<f32>) {
  if (held(c, j)) {
    partialDw[slot * D4 + c + j] = sum;
  }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
  @builtin(global_invocation_id) gid: vec3<u32>,
  @builtin(local_invocation_index) local: u32,
  @builtin(subgroup_invocation_id) laneInSubgroup: u32,
  @builtin(subgroup_size) subgroupSize: u32,
) {
  let block = gid.x / LANES;
  let lane = gid.x % LANES;
  let firstRow = block * params.rowsPerBlock;
  if (firstRow >= params.rows) {
    return;
  }
  // A device that formed subgroups otherwise would add the wrong lanes' dot products: counted
  // as faults, which the host turns into an error instead of a wrong gradient.
  let misplaced = subgroupSize != LANES || laneInSubgroup != local % LANES;
  let faults = subgroupAdd(select(0u, 1u, misplaced));
  let endRow = min(firstRow + params.rowsPerBlock, params.rows);
  let c = lane * PER;
  let w0 = weight(c, 0u); let w1 = weight(c, 1u); let w2 = weight(c, 2u); let w3 = weight(c, 3u);
  let w4 = weight(c, 4u); let w5 = weight(c, 5u); let w6 = weight(c, 6u); let w7 = weight(c, 7u);
  let w8 = weight(c, 8u); let w9 = weight(c, 9u); let w10 = weight(c, 10u); let w11 = weight(c, 11u);
  let w12 = weight(c, 12u); let w13 = weight(c, 13u); let w14 = weight(c, 14u); let w15 = weight(c, 15u);
  var s0 = vec4(0.0); var s1 = vec4(0.0); var s2 = vec4(0.0); var s3 = vec4(0.0);
  var s4 = vec4(0.0); var s5 = vec4(0.0); var s6 = vec4(0.0); var s7 = vec4(0.0);
  var s8 = vec4(0.0); var s9 = vec4(0.0); var s10 = vec4(0.0); var s11 = vec4(0.0);
  var s12 = vec4(0.0); var s13 = vec4(0.0); var s14 = vec4(0.0); var s15 = vec4(0.0);
  var hingeSum = 0.0;
  var ySum = 0i;
  var activeCount = 0u;
  for (var row = firstRow; row < endRow; row++) {
    let first = row * D4 + c;
    let x0 = element(first, c, 0u); let x1 = element(first, c, 1u); let x2 = element(first, c, 2u); let x3 = element(first, c, 3u);
    let x4 = element(first, c, 4u); let x5 = element(first, c, 5u); let x6 = element(first, c, 6u); let x7 = element(first, c, 7u);
    let x8 = element(first, c, 8u); let x9 = element(first, c, 9u); let x10 = element(first, c, 10u); let x11 = element(first, c, 11u);
    let x12 = element(first, c, 12u); let x13 = element(first, c, 13u); let x14 = element(first, c, 14u); let x15 = element(first, c, 15u);
    let partial = dot(x0, w0) + dot(x1, w1) + dot(x2, w2) + dot(x3, w3)
                + dot(x4, w4) + dot(x5, w5) + dot(x6, w6) + dot(x7, w7)
                + dot(x8, w8) + dot(x9, w9) + dot(x10, w10) + dot(x11, w11)
                + dot(x12, w12) + dot(x13, w13) + dot(x14, w14) + dot(x15, w15);
    let score = subgroupAdd(partial);
    let label = y[row];
    let margin = label * (score + params.bias);
    let isActive = select(margin < 1.0, margin <= 1.0, params.kinkInclude == 1u);
    let coefficient = select(0.0, -label, isActive);
    s0 += coefficient * x0; s1 += coefficient * x1; s2 += coefficient * x2; s3 += coefficient * x3;
    s4 += coefficient * x4; s5 += coefficient * x5; s6 += coefficient * x6; s7 += coefficient * x7;
    s8 += coefficient * x8; s9 += coefficient * x9; s10 += coefficient * x10; s11 += coefficient * x11;
    s12 += coefficient * x12; s13 += coefficient * x13; s14 += coefficient * x14; s15 += coefficient * x15;
    hingeSum += max(0.0, 1.0 - margin);
    ySum += select(0i, i32(label), isActive);
    activeCount += select(0u, 1u, isActive);
  }
  let slot = params.slotBase + block;
  store(slot, c, 0u, s0); store(slot, c, 1u, s1); store(slot, c, 2u, s2); store(slot, c, 3u, s3);
  store(slot, c, 4u, s4); store(slot, c, 5u, s5); store(slot, c, 6u, s6); store(slot, c, 7u, s7);
  store(slot, c, 8u, s8); store(slot, c, 9u, s9); store(slot, c, 10u, s10); store(slot, c, 11u, s11);
  store(slot, c, 12u, s12); store(slot, c, 13u, s13); store(slot, c, 14u, s14); store(slot, c, 15u, s15);
  if (lane == 0u) {
    partialStats[slot] = Stats(hingeSum, ySum, activeCount, faults);
  }
}
