// Probes of what an int8 hinge gradient over rows of D = 16 panels of 256 columns can cost on a
// software GPU (bench/wide-row-probe.ts), each panel taken by one subgroup of four lanes holding
// 16 vec4 columns, the shape that beats the f32 read where a row is one panel (65536 × 256):
//   int8Read:      loads and widens the lane's 64 codes of each row, and adds them: X's cost alone.
//   scores:        + the dot product with w: each panel's part of each row's score.
//   coefficientsOfRows: each row's hinge coefficient from its 16 parts, in order.
//   update:        loads and widens again, + the gradient update by the row's coefficient.
//   onePass:       scores and update in one pass, a workgroup per block of rows, its 16 subgroups
//                  a row's 16 panels, which JOIN:
//                  0: not at all, each panel taking its part as the whole score (wrong values: no
//                     panel waits for another, which a correct kernel must; a ceiling);
//                  1, 2: not at all either, with a barrier after the loop or in each row: what a
//                     barrier costs (SwiftShader runs a shader with any barrier as coroutines, one
//                     per subgroup, and one with none as a single call per workgroup);
//                  3: in workgroup memory after a barrier per row: the correct kernel.
//   barriersOnly:  onePass's barriers per row with no other work.
// int8 codes are four to a u32 (widen: shaders/int8_widen.wgsl, put after this file, since the
// directives below must come first).

enable subgroups;
// Every lane of a subgroup takes the same rows (a subgroup is four consecutive invocations of one
// panel), which the uniformity analysis cannot see through the invocation id.
diagnostic(off, subgroup_uniformity);

override ROWS: u32 = 4096u;
override ROWS_PER_BLOCK: u32 = 64u;
// onePass: how the panels of a row join (the header says what each costs).
override JOIN: u32 = 0u;
const PANELS = 16u;
// vec4<u32> (16 codes) in a row, and in a lane's share of a panel.
const ROW_QUADS = PANELS * 16u;
const LANE_QUADS = 4u;

@group(0) @binding(0) var<storage, read> X: array<vec4<u32>>;
@group(0) @binding(1) var<storage, read> w: array<mat4x4<f32>>;
@group(0) @binding(2) var<storage, read> y: array<f32>;
@group(0) @binding(3) var<storage, read_write> parts: array<f32>;
@group(0) @binding(4) var<storage, read_write> coefficients: array<f32>;
@group(0) @binding(5) var<storage, read_write> dw: array<mat4x4<f32>>;

// onePass, JOIN 3: a row's 16 parts, four to a vec4 (each lane reads one), for two rows in turn.
var<workgroup> rowParts: array<array<vec4<f32>, 4>, 2>;

struct Share { panel: u32, lane: u32, quad: u32 }

// Invocation i: subgroup i / 4 takes panel (i / 4) % PANELS of block (i / 4) / PANELS.
fn shareOf(invocation: u32) -> Share {
  let panel = (invocation / 4u) % PANELS;
  return Share(panel, invocation % 4u, panel * 16u + (invocation % 4u) * LANE_QUADS);
}

// A lane's 16 vec4 of a panel's row, of w, or of its gradient sums: four 4×4 matrices.
struct Lane { m0: mat4x4<f32>, m1: mat4x4<f32>, m2: mat4x4<f32>, m3: mat4x4<f32> }

fn widenQuad(words: vec4<u32>) -> mat4x4<f32> {
  return mat4x4(widen(words.x), widen(words.y), widen(words.z), widen(words.w));
}

fn rowOf(row: u32, share: Share) -> Lane {
  let at = row * ROW_QUADS + share.quad;
  return Lane(widenQuad(X[at]), widenQuad(X[at + 1u]), widenQuad(X[at + 2u]), widenQuad(X[at + 3u]));
}

fn weightsOf(share: Share) -> Lane {
  return Lane(w[share.quad], w[share.quad + 1u], w[share.quad + 2u], w[share.quad + 3u]);
}

fn quadDot(x: mat4x4<f32>, v: mat4x4<f32>) -> f32 {
  return (dot(x[0], v[0]) + dot(x[1], v[1])) + (dot(x[2], v[2]) + dot(x[3], v[3]));
}

// The panel's part of a row's score: the subgroup's sum of its lanes' dot products.
fn panelPart(x: Lane, v: Lane) -> f32 {
  return subgroupAdd((quadDot(x.m0, v.m0) + quadDot(x.m1, v.m1)) + (quadDot(x.m2, v.m2) + quadDot(x.m3, v.m3)));
}

fn addScaled(sums: Lane, g: f32, x: Lane) -> Lane {
  return Lane(sums.m0 + g * x.m0, sums.m1 + g * x.m1, sums.m2 + g * x.m2, sums.m3 + g * x.m3);
}

fn storeSums(block: u32, share: Share, sums: Lane) {
  let out = block * ROW_QUADS + share.quad;
  dw[out] = sums.m0; dw[out + 1u] = sums.m1; dw[out + 2u] = sums.m2; dw[out + 3u] = sums.m3;
}

fn hinge(row: u32, score: f32) -> f32 {
  let label = y[row];
  return select(0.0, -label, label * score < 1.0);
}

@compute @workgroup_size(64)
fn int8Read(@builtin(global_invocation_id) gid: vec3<u32>) {
  let share = shareOf(gid.x);
  let block = gid.x / 4u / PANELS;
  var total = mat4x4<f32>();
  for (var row = block * ROWS_PER_BLOCK; row < (block + 1u) * ROWS_PER_BLOCK; row++) {
    let x = rowOf(row, share);
    total += (x.m0 + x.m1) + (x.m2 + x.m3);
  }
  dw[gid.x] = total;
}

@compute @workgroup_size(64)
fn scores(@builtin(global_invocation_id) gid: vec3<u32>) {
  let share = shareOf(gid.x);
  let block = gid.x / 4u / PANELS;
  let weights = weightsOf(share);
  for (var row = block * ROWS_PER_BLOCK; row < (block + 1u) * ROWS_PER_BLOCK; row++) {
    let part = panelPart(rowOf(row, share), weights);
    if (share.lane == 0u) {
      parts[share.panel * ROWS + row] = part;
    }
  }
}

@compute @workgroup_size(64)
fn coefficientsOfRows(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row = gid.x;
  if (row >= ROWS) {
    return;
  }
  var score = 0.0;
  for (var panel = 0u; panel < PANELS; panel++) {
    score += parts[panel * ROWS + row];
  }
  coefficients[row] = hinge(row, score);
}

@compute @workgroup_size(64)
fn update(@builtin(global_invocation_id) gid: vec3<u32>) {
  let share = shareOf(gid.x);
  let block = gid.x / 4u / PANELS;
  var sums = Lane();
  for (var row = block * ROWS_PER_BLOCK; row < (block + 1u) * ROWS_PER_BLOCK; row++) {
    sums = addScaled(sums, coefficients[row], rowOf(row, share));
  }
  storeSums(block, share, sums);
}

// The entry points below take a workgroup per block: its 16 subgroups are a row's 16 panels.

@compute @workgroup_size(64)
fn onePass(@builtin(local_invocation_index) local: u32, @builtin(workgroup_id) group: vec3<u32>) {
  let share = shareOf(local);
  let weights = weightsOf(share);
  var sums = Lane();
  for (var row = group.x * ROWS_PER_BLOCK; row < (group.x + 1u) * ROWS_PER_BLOCK; row++) {
    let x = rowOf(row, share);
    var score = panelPart(x, weights);
    if (JOIN == 2u) {
      workgroupBarrier();
    }
    if (JOIN == 3u) {
      // Alternate halves: a row's writes must not meet the reads of the row before it.
      let half = row & 1u;
      if (share.lane == 0u) {
        rowParts[half][share.panel / 4u][share.panel % 4u] = score;
      }
      workgroupBarrier();
      let mine = rowParts[half][share.lane];
      score = subgroupAdd((mine.x + mine.y) + (mine.z + mine.w));
    }
    sums = addScaled(sums, hinge(row, score), x);
  }
  if (JOIN == 1u) {
    workgroupBarrier();
  }
  storeSums(group.x, share, sums);
}

@compute @workgroup_size(64)
fn barriersOnly(@builtin(local_invocation_index) local: u32, @builtin(workgroup_id) group: vec3<u32>) {
  var total = 0.0;
  for (var row = group.x * ROWS_PER_BLOCK; row < (group.x + 1u) * ROWS_PER_BLOCK; row++) {
    total += f32(row);
    workgroupBarrier();
  }
  parts[group.x * 64u + local] = total;
}
