// The one-pass strategy for narrow rows (d ≤ 64): one invocation per block of rows, each row held
// in up to sixteen named vec4 registers from its dot product to its gradient update. No barriers,
// no workgroup memory and no indexed per-thread arrays, so software GPUs run it at close to their
// streaming speed, and X is read once. Each invocation writes one partial slot per weight vector,
// in the same format as gradient.wgsl; reduce_partials.wgsl combines the slots in a fixed order
// (no float atomics). K weight vectors take turns over the block's rows, which after the first
// vector come from cache.

override WORKGROUP_SIZE: u32 = 256u;
// vec4 columns per row, 1 to 16: a pipeline constant, so the unused registers fold away.
override D4: u32 = 16u;

// X, y, w, params, partialDw, partialStats, biases: shaders/one_pass_bindings.wgsl (Params and
// Stats: shaders/layout.wgsl), which src/shaders.ts puts in front of this file.

fn weight(k: u32, c: u32) -> vec4<f32> {
  if (c < D4) {
    return w[k * D4 + c];
  }
  return vec4(0.0);
}

fn element(first: u32, c: u32) -> vec4<f32> {
  if (c < D4) {
    return X[first + c];
  }
  return vec4(0.0);
}

fn store(slot: u32, c: u32, sum: vec4<f32>) {
  if (c < D4) {
    partialDw[slot * D4 + c] = sum;
  }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let block = gid.x;
  let firstRow = block * params.rowsPerBlock;
  if (firstRow >= params.rows) {
    return;
  }
  let endRow = min(firstRow + params.rowsPerBlock, params.rows);
  for (var k = 0u; k < params.vectors; k++) {
    let w0 = weight(k, 0u); let w1 = weight(k, 1u); let w2 = weight(k, 2u); let w3 = weight(k, 3u);
    let w4 = weight(k, 4u); let w5 = weight(k, 5u); let w6 = weight(k, 6u); let w7 = weight(k, 7u);
    let w8 = weight(k, 8u); let w9 = weight(k, 9u); let w10 = weight(k, 10u); let w11 = weight(k, 11u);
    let w12 = weight(k, 12u); let w13 = weight(k, 13u); let w14 = weight(k, 14u); let w15 = weight(k, 15u);
    let bias = biases[k];
    var s0 = vec4(0.0); var s1 = vec4(0.0); var s2 = vec4(0.0); var s3 = vec4(0.0);
    var s4 = vec4(0.0); var s5 = vec4(0.0); var s6 = vec4(0.0); var s7 = vec4(0.0);
    var s8 = vec4(0.0); var s9 = vec4(0.0); var s10 = vec4(0.0); var s11 = vec4(0.0);
    var s12 = vec4(0.0); var s13 = vec4(0.0); var s14 = vec4(0.0); var s15 = vec4(0.0);
    var hingeSum = 0.0;
    var ySum = 0i;
    var activeCount = 0u;
    for (var row = firstRow; row < endRow; row++) {
      let first = row * D4;
      let x0 = element(first, 0u); let x1 = element(first, 1u); let x2 = element(first, 2u); let x3 = element(first, 3u);
      let x4 = element(first, 4u); let x5 = element(first, 5u); let x6 = element(first, 6u); let x7 = element(first, 7u);
      let x8 = element(first, 8u); let x9 = element(first, 9u); let x10 = element(first, 10u); let x11 = element(first, 11u);
      let x12 = element(first, 12u); let x13 = element(first, 13u); let x14 = element(first, 14u); let x15 = element(first, 15u);
      let score = dot(x0, w0) + dot(x1, w1) + dot(x2, w2) + dot(x3, w3)
                + dot(x4, w4) + dot(x5, w5) + dot(x6, w6) + dot(x7, w7)
                + dot(x8, w8) + dot(x9, w9) + dot(x10, w10) + dot(x11, w11)
                + dot(x12, w12) + dot(x13, w13) + dot(x14, w14) + dot(x15, w15);
      let label = y[row];
      let margin = label * (score + bias);
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
    let slot = (params.slotBase + block) * params.vectors + k;
    store(slot, 0u, s0); store(slot, 1u, s1); store(slot, 2u, s2); store(slot, 3u, s3);
    store(slot, 4u, s4); store(slot, 5u, s5); store(slot, 6u, s6); store(slot, 7u, s7);
    store(slot, 8u, s8); store(slot, 9u, s9); store(slot, 10u, s10); store(slot, 11u, s11);
    store(slot, 12u, s12); store(slot, 13u, s13); store(slot, 14u, s14); store(slot, 15u, s15);
    partialStats[slot] = Stats(hingeSum, ySum, activeCount, 0u);
  }
}
