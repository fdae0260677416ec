// The one-pass strategy (hardware GPUs): margins, mask and gradient sum in a single read of X.
// Each workgroup takes a contiguous block of rows, computes their margins and loss terms
// (shaders/loss.wgsl), and accumulates its share of the gradient sum Σ_i coefficient_i x_i into one partial slot, in the
// same format as gradient.wgsl; reduce_partials.wgsl combines the slots in a fixed order, so
// results are bitwise reproducible (no float atomics). Its workgroup barriers are cheap on GPUs
// but slow on software rasterisers, which get the two-pass strategy instead (see plan.ts).
//
// Invocations form ROWS_IN_FLIGHT rows in flight × COL_LANES. The COL_LANES invocations of one row share it:
// invocation `lane` holds the vec4 columns lane, lane + COL_LANES, … (at most
// MAX_VECS_PER_THREAD of them). A row therefore stays in registers between its dot product and
// its gradient update, and X is read from memory exactly once.

override WORKGROUP_SIZE: u32 = 256u;
override COL_LANES: u32 = 1u;
override ROWS_IN_FLIGHT: u32 = WORKGROUP_SIZE / COL_LANES;

// Mirrors MAX_VECS_PER_THREAD in src/plan.ts. Loops over it are unrolled by the compiler, which
// keeps the per-thread arrays in registers; a loop bound read from a uniform would not.
const MAX_VECS_PER_THREAD: u32 = 8u;

// X, y, w, params, partialDw, partialStats, biases: shaders/one_pass_bindings.wgsl (Params and
// Stats: shaders/layout.wgsl), which src/shaders.ts puts in front of this file.

var<workgroup> rowScratch: array<f32, WORKGROUP_SIZE>;
var<workgroup> colScratch: array<vec4<f32>, WORKGROUP_SIZE>;
var<workgroup> lossScratch: array<vec2<f32>, WORKGROUP_SIZE>;   // (loss sum, slope sum)
var<workgroup> countScratch: array<u32, WORKGROUP_SIZE>;

// Sums `partial` over the COL_LANES invocations of a row lane, in a fixed tree order.
// Holds barriers, so every invocation of the workgroup must call it.
fn sumAcrossRow(partial: f32, lid: u32, lane: u32) -> f32 {
  if (COL_LANES == 1u) {
    return partial;
  }
  rowScratch[lid] = partial;
  workgroupBarrier();
  for (var stride = COL_LANES / 2u; stride > 0u; stride /= 2u) {
    if (lane < stride) {
      rowScratch[lid] += rowScratch[lid + stride];
    }
    workgroupBarrier();
  }
  let total = rowScratch[lid - lane];
  workgroupBarrier(); // all have read before the next row overwrites the scratch
  return total;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let lane = lid % COL_LANES;
  let rowLane = lid / COL_LANES;
  let d4 = params.d4;

  var wRegs: array<vec4<f32>, MAX_VECS_PER_THREAD>;
  var dwAcc: array<vec4<f32>, MAX_VECS_PER_THREAD>;
  for (var v = 0u; v < MAX_VECS_PER_THREAD; v++) {
    let col = lane + v * COL_LANES;
    if (v < params.vecsPerThread && col < d4) {
      wRegs[v] = w[col];
    }
  }

  let firstRow = wid.x * params.rowsPerBlock;
  let endRow = min(firstRow + params.rowsPerBlock, params.rows);
  var lossSum = 0.0;
  var slopeSum = 0.0;
  var activeCount = 0u;

  for (var base = firstRow; base < endRow; base += ROWS_IN_FLIGHT) {
    let row = base + rowLane;
    let inRange = row < endRow;
    var xRegs: array<vec4<f32>, MAX_VECS_PER_THREAD>;
    var partialDot = 0.0;
    if (inRange) {
      for (var v = 0u; v < MAX_VECS_PER_THREAD; v++) {
        let col = lane + v * COL_LANES;
        if (v < params.vecsPerThread && col < d4) {
          xRegs[v] = xAt(row * d4 + col);
          partialDot += dot(xRegs[v], wRegs[v]);
        }
      }
    }
    let score = sumAcrossRow(partialDot, lid, lane) + biases[0];

    if (inRange) {
      let label = y[row];
      let term = lossTerm(label * score, label);
      if (term.isActive) {
        for (var v = 0u; v < MAX_VECS_PER_THREAD; v++) {
          dwAcc[v] += term.coefficient * xRegs[v];
        }
      }
      if (lane == 0u) {
        lossSum += term.loss;
        slopeSum += term.coefficient;
        activeCount += select(0u, 1u, term.isActive);
      }
    }
  }

  let slot = params.slotBase + wid.x;
  for (var v = 0u; v < MAX_VECS_PER_THREAD; v++) {
    if (v < params.vecsPerThread) {
      colScratch[lid] = dwAcc[v];
      workgroupBarrier();
      for (var stride = ROWS_IN_FLIGHT / 2u; stride > 0u; stride /= 2u) {
        if (rowLane < stride) {
          colScratch[lid] += colScratch[lid + stride * COL_LANES];
        }
        workgroupBarrier();
      }
      let col = lane + v * COL_LANES;
      if (rowLane == 0u && col < d4) {
        partialDw[slot * d4 + col] = colScratch[lane];
      }
      workgroupBarrier();
    }
  }

  lossScratch[lid] = vec2(lossSum, slopeSum);
  countScratch[lid] = activeCount;
  workgroupBarrier();
  for (var stride = WORKGROUP_SIZE / 2u; stride > 0u; stride /= 2u) {
    if (lid < stride) {
      lossScratch[lid] += lossScratch[lid + stride];
      countScratch[lid] += countScratch[lid + stride];
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    partialStats[slot] = Stats(lossScratch[0].x, lossScratch[0].y, countScratch[0], 0u);
  }
}
