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
// its gradient update, and X is read from memory once per weight vector (from cache after the
// first), or twice for the losses whose rows couple their scores (see main).

override WORKGROUP_SIZE: u32 = 256u;
override COL_LANES: u32 = 1u;
override ROWS_IN_FLIGHT: u32 = WORKGROUP_SIZE / COL_LANES;

// Mirrors MAX_VECS_PER_THREAD in src/plan.ts. Loops over it are unrolled by the compiler, which
// keeps the per-thread arrays in registers; a loop bound read from a uniform would not.
const MAX_VECS_PER_THREAD: u32 = 8u;

// X, y, w, params, partialDw, partialStats, biases, rowWeight, rowScratch:
// shaders/one_pass_bindings.wgsl (Params and Stats: shaders/layout.wgsl); rowTerm, keepScore:
// shaders/kept_terms.wgsl. src/shaders.ts puts them in front of this file.

var<workgroup> dotScratch: array<f32, WORKGROUP_SIZE>;
var<workgroup> colScratch: array<vec4<f32>, WORKGROUP_SIZE>;
var<workgroup> lossScratch: array<vec2<f32>, WORKGROUP_SIZE>;   // (loss sum, slope sum)
var<workgroup> countScratch: array<u32, WORKGROUP_SIZE>;

// Sums `partial` over the COL_LANES invocations of a row lane, in a fixed tree order.
// Holds barriers, so every invocation of the workgroup must call it.
fn sumAcrossRow(partial: f32, lid: u32, lane: u32) -> f32 {
  if (COL_LANES == 1u) {
    return partial;
  }
  dotScratch[lid] = partial;
  workgroupBarrier();
  for (var stride = COL_LANES / 2u; stride > 0u; stride /= 2u) {
    if (lane < stride) {
      dotScratch[lid] += dotScratch[lid + stride];
    }
    workgroupBarrier();
  }
  let total = dotScratch[lid - lane];
  workgroupBarrier(); // all have read before the next row overwrites the scratch
  return total;
}

// The workgroup's sum of each thread's `acc` (its columns of one vector's gradient sum) over the
// row lanes, in a fixed tree, into partial slot `slot`.
fn storeColumnSums(acc: array<vec4<f32>, MAX_VECS_PER_THREAD>, slot: u32, lid: u32, lane: u32, rowLane: u32) {
  for (var v = 0u; v < MAX_VECS_PER_THREAD; v++) {
    if (v < params.vecsPerThread) {
      colScratch[lid] = acc[v];
      workgroupBarrier();
      for (var stride = ROWS_IN_FLIGHT / 2u; stride > 0u; stride /= 2u) {
        if (rowLane < stride) {
          colScratch[lid] += colScratch[lid + stride * COL_LANES];
        }
        workgroupBarrier();
      }
      let col = lane + v * COL_LANES;
      if (rowLane == 0u && col < params.d4) {
        partialDw[slot * params.d4 + col] = colScratch[lane];
      }
      workgroupBarrier();
    }
  }
}

fn storeStats(lossSum: f32, slopeSum: f32, activeCount: u32, slot: u32, lid: u32) {
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
  workgroupBarrier();
}

// Vector k's columns held by a thread.
fn weightRegisters(k: u32, lane: u32) -> array<vec4<f32>, MAX_VECS_PER_THREAD> {
  var regs: array<vec4<f32>, MAX_VECS_PER_THREAD>;
  for (var v = 0u; v < MAX_VECS_PER_THREAD; v++) {
    let col = lane + v * COL_LANES;
    if (v < params.vecsPerThread && col < params.d4) {
      regs[v] = w[k * params.d4 + col];
    }
  }
  return regs;
}

// K weight vectors take turns over the block's rows. A loss whose rows couple their scores takes
// the block twice (shaders/kept_terms.wgsl): each row's first thread keeps its scores, and after
// a storage barrier the threads apply the rule to rows in turn; after another, every thread reads
// the terms.
@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let lane = lid % COL_LANES;
  let rowLane = lid / COL_LANES;
  let d4 = params.d4;
  let firstRow = wid.x * params.rowsPerBlock;
  let endRow = min(firstRow + params.rowsPerBlock, params.rows);

  if (COUPLED) {
    for (var k = 0u; k < params.vectors; k++) {
      let wRegs = weightRegisters(k, lane);
      for (var base = firstRow; base < endRow; base += ROWS_IN_FLIGHT) {
        let row = base + rowLane;
        var partialDot = 0.0;
        if (row < endRow) {
          for (var v = 0u; v < MAX_VECS_PER_THREAD; v++) {
            let col = lane + v * COL_LANES;
            if (v < params.vecsPerThread && col < d4) {
              partialDot += dot(xAt(row * d4 + col), wRegs[v]);
            }
          }
        }
        let score = sumAcrossRow(partialDot, lid, lane) + biases[k];
        if (row < endRow && lane == 0u) {
          keepScore(row, k, score);
        }
      }
    }
    storageBarrier();
    for (var row = firstRow + lid; row < endRow; row += WORKGROUP_SIZE) {
      rowRule(row);
    }
    storageBarrier();
  }

  for (var k = 0u; k < params.vectors; k++) {
    let wRegs = weightRegisters(k, lane);
    // Zeroed by its initialiser: declared without one, it kept the last vector's sums on SwiftShader.
    var dwAcc = array<vec4<f32>, MAX_VECS_PER_THREAD>();
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
      let score = sumAcrossRow(partialDot, lid, lane) + biases[k];

      if (inRange) {
        let term = rowTerm(row, k, score, y[row]);
        if (term.coefficient != 0.0) {
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
    let slot = (params.slotBase + wid.x) * params.vectors + k;
    storeColumnSums(dwAcc, slot, lid, lane, rowLane);
    storeStats(lossSum, slopeSum, activeCount, slot, lid);
  }
}
