// Probes of what an int8 hinge gradient over rows of D = 16 panels of 256 columns can cost on a
// software GPU (bench/wide-row-probe.ts), each panel taken by one subgroup of four lanes holding
// 16 vec4 columns, the shape that beats the f32 read where a row is one panel (65536 × 256):
//   int8Read:      loads and widens the lane's 64 codes of each row, and adds them: X's cost alone.
//   scores:        + the dot product with w: each panel's part of each row's score.
//   coefficients:  each row's hinge coefficient from its 16 parts, in order.
//   update:        loads and widens again, + the gradient update by the row's coefficient.
//   panelAlone:    scores and update in one pass, each panel taking its part as the whole score:
//                  no panel waits for another, which a correct kernel must (a ceiling, wrong values).
//   reduced:       panelAlone made correct: a workgroup per block of rows, its 16 subgroups a row's
//                  16 panels, meeting in workgroup memory after a barrier per row.
//   aloneBarrierPerRow, aloneBarrierAtEnd: panelAlone in reduced's workgroups, with a barrier in
//                  each row or once after the last, and nothing exchanged: what a barrier costs
//                  (a software GPU runs a shader with any barrier as coroutines, one per subgroup).
//   barriersOnly:  reduced's barriers with no other work.
// int8 codes are four to a u32 (widen: shaders/int8_widen.wgsl, put after this file, since the
// directives below must come first).

enable subgroups;
// Every lane of a subgroup takes the same rows (a subgroup is four consecutive invocations of one
// panel), which the uniformity analysis cannot see through the invocation id.
diagnostic(off, subgroup_uniformity);

override ROWS: u32 = 4096u;
override ROWS_PER_BLOCK: u32 = 64u;
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

// reduced: a row's 16 parts, four to a vec4 (each lane reads one), for two rows in turn.
var<workgroup> rowParts: array<array<vec4<f32>, 4>, 2>;

struct Share { panel: u32, lane: u32, quad: u32 }

// Invocation i: subgroup i / 4 takes panel (i / 4) % PANELS of block (i / 4) / PANELS.
fn shareOf(invocation: u32) -> Share {
  let panel = (invocation / 4u) % PANELS;
  return Share(panel, invocation % 4u, panel * 16u + (invocation % 4u) * LANE_QUADS);
}

fn widenQuad(words: vec4<u32>) -> mat4x4<f32> {
  return mat4x4(widen(words.x), widen(words.y), widen(words.z), widen(words.w));
}

fn quadDot(x: mat4x4<f32>, v: mat4x4<f32>) -> f32 {
  return (dot(x[0], v[0]) + dot(x[1], v[1])) + (dot(x[2], v[2]) + dot(x[3], v[3]));
}

fn hinge(row: u32, score: f32) -> f32 {
  let label = y[row];
  return select(0.0, -label, label * score < 1.0);
}

@compute @workgroup_size(64)
fn int8Read(@builtin(global_invocation_id) gid: vec3<u32>) {
  let share = shareOf(gid.x);
  let first = (gid.x / 4u / PANELS) * ROWS_PER_BLOCK;
  var total = mat4x4<f32>();
  for (var row = first; row < first + ROWS_PER_BLOCK; row++) {
    let at = row * ROW_QUADS + share.quad;
    total += (widenQuad(X[at]) + widenQuad(X[at + 1u])) + (widenQuad(X[at + 2u]) + widenQuad(X[at + 3u]));
  }
  dw[gid.x] = total;
}

@compute @workgroup_size(64)
fn scores(@builtin(global_invocation_id) gid: vec3<u32>) {
  let share = shareOf(gid.x);
  let first = (gid.x / 4u / PANELS) * ROWS_PER_BLOCK;
  let w0 = w[share.quad]; let w1 = w[share.quad + 1u]; let w2 = w[share.quad + 2u]; let w3 = w[share.quad + 3u];
  for (var row = first; row < first + ROWS_PER_BLOCK; row++) {
    let at = row * ROW_QUADS + share.quad;
    let part = subgroupAdd((quadDot(widenQuad(X[at]), w0) + quadDot(widenQuad(X[at + 1u]), w1))
      + (quadDot(widenQuad(X[at + 2u]), w2) + quadDot(widenQuad(X[at + 3u]), w3)));
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
  var s0 = mat4x4<f32>(); var s1 = mat4x4<f32>(); var s2 = mat4x4<f32>(); var s3 = mat4x4<f32>();
  for (var row = block * ROWS_PER_BLOCK; row < (block + 1u) * ROWS_PER_BLOCK; row++) {
    let g = coefficients[row];
    let at = row * ROW_QUADS + share.quad;
    s0 += g * widenQuad(X[at]); s1 += g * widenQuad(X[at + 1u]);
    s2 += g * widenQuad(X[at + 2u]); s3 += g * widenQuad(X[at + 3u]);
  }
  let out = block * ROW_QUADS + share.quad;
  dw[out] = s0; dw[out + 1u] = s1; dw[out + 2u] = s2; dw[out + 3u] = s3;
}

@compute @workgroup_size(64)
fn panelAlone(@builtin(global_invocation_id) gid: vec3<u32>) {
  let share = shareOf(gid.x);
  let block = gid.x / 4u / PANELS;
  let w0 = w[share.quad]; let w1 = w[share.quad + 1u]; let w2 = w[share.quad + 2u]; let w3 = w[share.quad + 3u];
  var s0 = mat4x4<f32>(); var s1 = mat4x4<f32>(); var s2 = mat4x4<f32>(); var s3 = mat4x4<f32>();
  for (var row = block * ROWS_PER_BLOCK; row < (block + 1u) * ROWS_PER_BLOCK; row++) {
    let at = row * ROW_QUADS + share.quad;
    let x0 = widenQuad(X[at]); let x1 = widenQuad(X[at + 1u]); let x2 = widenQuad(X[at + 2u]); let x3 = widenQuad(X[at + 3u]);
    let g = hinge(row, subgroupAdd((quadDot(x0, w0) + quadDot(x1, w1)) + (quadDot(x2, w2) + quadDot(x3, w3))));
    s0 += g * x0; s1 += g * x1; s2 += g * x2; s3 += g * x3;
  }
  let out = block * ROW_QUADS + share.quad;
  dw[out] = s0; dw[out + 1u] = s1; dw[out + 2u] = s2; dw[out + 3u] = s3;
}

@compute @workgroup_size(64)
fn reduced(@builtin(local_invocation_index) local: u32, @builtin(workgroup_id) group: vec3<u32>) {
  let share = shareOf(local);
  let w0 = w[share.quad]; let w1 = w[share.quad + 1u]; let w2 = w[share.quad + 2u]; let w3 = w[share.quad + 3u];
  var s0 = mat4x4<f32>(); var s1 = mat4x4<f32>(); var s2 = mat4x4<f32>(); var s3 = mat4x4<f32>();
  for (var row = group.x * ROWS_PER_BLOCK; row < (group.x + 1u) * ROWS_PER_BLOCK; row++) {
    let at = row * ROW_QUADS + share.quad;
    let x0 = widenQuad(X[at]); let x1 = widenQuad(X[at + 1u]); let x2 = widenQuad(X[at + 2u]); let x3 = widenQuad(X[at + 3u]);
    let part = subgroupAdd((quadDot(x0, w0) + quadDot(x1, w1)) + (quadDot(x2, w2) + quadDot(x3, w3)));
    // Alternate halves: a row's writes must not meet the reads of the row before it.
    let half = row & 1u;
    if (share.lane == 0u) {
      rowParts[half][share.panel / 4u][share.panel % 4u] = part;
    }
    workgroupBarrier();
    let mine = rowParts[half][share.lane];
    let score = subgroupAdd((mine.x + mine.y) + (mine.z + mine.w));
    let g = hinge(row, score);
    s0 += g * x0; s1 += g * x1; s2 += g * x2; s3 += g * x3;
  }
  let out = group.x * ROW_QUADS + share.quad;
  dw[out] = s0; dw[out + 1u] = s1; dw[out + 2u] = s2; dw[out + 3u] = s3;
}

@compute @workgroup_size(64)
fn aloneBarrierPerRow(@builtin(local_invocation_index) local: u32, @builtin(workgroup_id) group: vec3<u32>) {
  let share = shareOf(local);
  let w0 = w[share.quad]; let w1 = w[share.quad + 1u]; let w2 = w[share.quad + 2u]; let w3 = w[share.quad + 3u];
  var s0 = mat4x4<f32>(); var s1 = mat4x4<f32>(); var s2 = mat4x4<f32>(); var s3 = mat4x4<f32>();
  for (var row = group.x * ROWS_PER_BLOCK; row < (group.x + 1u) * ROWS_PER_BLOCK; row++) {
    let at = row * ROW_QUADS + share.quad;
    let x0 = widenQuad(X[at]); let x1 = widenQuad(X[at + 1u]); let x2 = widenQuad(X[at + 2u]); let x3 = widenQuad(X[at + 3u]);
    let part = subgroupAdd((quadDot(x0, w0) + quadDot(x1, w1)) + (quadDot(x2, w2) + quadDot(x3, w3)));
    workgroupBarrier();
    let g = hinge(row, part);
    s0 += g * x0; s1 += g * x1; s2 += g * x2; s3 += g * x3;
  }
  let out = group.x * ROW_QUADS + share.quad;
  dw[out] = s0; dw[out + 1u] = s1; dw[out + 2u] = s2; dw[out + 3u] = s3;
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

@compute @workgroup_size(64)
fn aloneBarrierAtEnd(@builtin(local_invocation_index) local: u32, @builtin(workgroup_id) group: vec3<u32>) {
  let share = shareOf(local);
  let w0 = w[share.quad]; let w1 = w[share.quad + 1u]; let w2 = w[share.quad + 2u]; let w3 = w[share.quad + 3u];
  var s0 = mat4x4<f32>(); var s1 = mat4x4<f32>(); var s2 = mat4x4<f32>(); var s3 = mat4x4<f32>();
  for (var row = group.x * ROWS_PER_BLOCK; row < (group.x + 1u) * ROWS_PER_BLOCK; row++) {
    let at = row * ROW_QUADS + share.quad;
    let x0 = widenQuad(X[at]); let x1 = widenQuad(X[at + 1u]); let x2 = widenQuad(X[at + 2u]); let x3 = widenQuad(X[at + 3u]);
    let part = subgroupAdd((quadDot(x0, w0) + quadDot(x1, w1)) + (quadDot(x2, w2) + quadDot(x3, w3)));
    let g = hinge(row, part);
    s0 += g * x0; s1 += g * x1; s2 += g * x2; s3 += g * x3;
  }
  workgroupBarrier();
  let out = group.x * ROW_QUADS + share.quad;
  dw[out] = s0; dw[out + 1u] = s1; dw[out + 2u] = s2; dw[out + 3u] = s3;
}
