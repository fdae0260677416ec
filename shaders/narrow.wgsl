// The one-pass strategy for narrow rows (d ≤ 256): one invocation per block of rows, each row held
// in up to four groups of sixteen named vec4 registers from its dot product to its gradient
// update (more than one group on software GPUs without subgroups, for rows of 65 to 256 columns).
// No barriers, no workgroup memory and no indexed per-thread arrays, so software GPUs run it at
// close to their streaming speed, and X is read once. Each invocation writes one partial slot per weight vector,
// in the same format as gradient.wgsl; reduce_partials.wgsl combines the slots in a fixed order
// (no float atomics). K weight vectors: with one group, fourVectors takes them four at a time,
// sharing each load of a row; with more, they take turns over the block's rows. A loss whose rows
// couple their scores takes the block's rows twice (shaders/kept_terms.wgsl); one invocation
// holds the block, so its scratch needs no barrier.

override WORKGROUP_SIZE: u32 = 256u;
// Whether main takes a block's rows two at a time, in the same order (the same sums, bitwise): the
// host sets it where it makes the kernel faster (src/pipelines.ts, rowPairs).
override ROW_PAIRS: bool = false;

// X (through xAt: shaders/storage_*.wgsl), y, w, params, partialDw, partialStats, biases,
// rowWeight, rowScratch: shaders/one_pass_bindings.wgsl; Share, the overrides D4, PER and GROUPS
// (here PER · GROUPS ≥ D4, ROW_LANES = 1: an invocation holds whole rows) and the row helpers:
// shaders/row_columns.wgsl; rowTerm, keepScore: shaders/kept_terms.wgsl; Params and Stats:
// shaders/layout.wgsl. src/shaders.ts puts them all in front of this file.

// A block's gradient sums and stats for one weight vector, so far.
struct Taken {
  sum: Share,
  stats: Stats,
}

// Row `row` taken into them (vector k, whose weights and bias are given).
fn takeRow(taken: Taken, row: u32, k: u32, weights: Share, bias: f32) -> Taken {
  let label = y[row];
  let x = rowShare(row, 0u);
  let update = rowUpdate(taken.stats, rowTerm(row, k, shareDot(x, weights) + bias, label));
  return Taken(shareAddScaled(taken.sum, update.coefficient, x), update.stats);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let block = gid.x;
  let firstRow = block * params.rowsPerBlock;
  if (firstRow >= params.rows) {
    return;
  }
  let endRow = min(firstRow + params.rowsPerBlock, params.rows);
  if (COUPLED) {
    for (var k = 0u; k < params.vectors; k++) {
      let weights = weightShare(k, 0u);
      let bias = biases[k];
      for (var row = firstRow; row < endRow; row++) {
        keepScore(row, k, shareDot(rowShare(row, 0u), weights) + bias);
      }
    }
    for (var row = firstRow; row < endRow; row++) {
      rowRule(row);
    }
  }
  for (var k = 0u; k < params.vectors; k++) {
    let weights = weightShare(k, 0u);
    let bias = biases[k];
    var taken = Taken(Share(), Stats(0.0, 0.0, 0u, 0u));
    var row = firstRow;
    if (ROW_PAIRS) {
      for (; row + 1u < endRow; row += 2u) {
        taken = takeRow(takeRow(taken, row, k, weights, bias), row + 1u, k, weights, bias);
      }
    }
    for (; row < endRow; row++) {
      taken = takeRow(taken, row, k, weights, bias);
    }
    let slot = (params.slotBase + block) * params.vectors + k;
    storeShare(slot, 0u, taken.sum);
    partialStats[slot] = taken.stats;
  }
}

// main for K > 1 weight vectors: four at a time share each load of a row (fourVectors in
// shaders/row_columns.wgsl).
@compute @workgroup_size(WORKGROUP_SIZE)
fn fourVectors(@builtin(global_invocation_id) gid: vec3<u32>) {
  let block = gid.x;
  let firstRow = block * params.rowsPerBlock;
  if (firstRow >= params.rows) {
    return;
  }
  let endRow = min(firstRow + params.rowsPerBlock, params.rows);
  if (COUPLED) {
    for (var k0 = 0u; k0 < params.vectors; k0 += 4u) {
      let k = fourVectorsFrom(k0);
      let weights = fourWeights(k, 0u);
      let bias = fourBiases(k);
      for (var row = firstRow; row < endRow; row++) {
        keepFour(row, k0, fourDots(rowColumns(row, 0u), weights) + bias);
      }
    }
    for (var row = firstRow; row < endRow; row++) {
      rowRule(row);
    }
  }
  for (var k0 = 0u; k0 < params.vectors; k0 += 4u) {
    let k = fourVectorsFrom(k0);
    let weights = fourWeights(k, 0u);
    let bias = fourBiases(k);
    var sums = FourSums();
    for (var row = firstRow; row < endRow; row++) {
      let label = y[row];
      let x = rowColumns(row, 0u);
      sums = fourUpdates(sums, fourTerms(row, k, fourDots(x, weights) + bias, label), x);
    }
    storeFour((params.slotBase + block) * params.vectors, k0, 0u, true, sums, 0u);
  }
}
