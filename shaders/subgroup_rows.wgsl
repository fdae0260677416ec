// The one-pass strategy built on subgroups: several lanes share each row, lane l holding vec4
// columns l·H … l·H + H − 1 (H = PER·GROUPS: up to 16 on hardware GPUs, 64 on software GPUs) in
// named registers from its part of the dot product to its part of the gradient update; or, with
// INTERLEAVED (hardware GPUs), columns l, l + lanes, l + 2·lanes, …, so that neighbouring lanes
// read neighbouring vec4s, as hardware GPUs coalesce loads (software GPUs take contiguous runs,
// which measured faster there: docs/kernels.md).
// As in narrow.wgsl: no indexed per-thread arrays, X read once; each block of rows writes one
// partial slot per weight vector in gradient.wgsl's format, and reduce_partials.wgsl combines the
// slots in a fixed order (no float atomics). K weight vectors: fourVectors below where it applies;
// elsewhere they take turns over the block's rows, which after the first vector come from cache.
// A loss whose rows couple their scores (shaders/kept_terms.wgsl): a row's first lane keeps its
// scores and applies its rule, and passes each term to the row's other lanes (sharedTerm); wide
// rows meet at storage barriers instead.
//   main: the LANES lanes of one subgroup share a row; its dot product is one subgroupAdd. No
//         barriers, no workgroup memory. Rows of fewer vec4 than LANES: each ROW_LANES lanes (a
//         power of two, one vec4 each) take a row, ROWS_AT_ONCE rows per subgroup, and a row's dot
//         product is a butterfly of shuffles within its lanes.
//   wide: all WORKGROUP_SIZE lanes of a workgroup share a row; each subgroup's subgroupAdd goes to
//         workgroup memory, and every lane adds those in the same order after one barrier per row.
//   fourVectors: main for K > 1 weight vectors, with one subgroup to a row and one group of
//         columns per lane: four vectors at a time share each load of a row (shaders/row_columns.wgsl).

enable subgroups;
// In main and fourVectors, every lane of a subgroup takes the same block of rows (block = global
// id / LANES, with subgroups of LANES consecutive invocations, which both check), so control flow
// is uniform across each subgroup; the uniformity analysis cannot see that through
// global_invocation_id.
diagnostic(off, subgroup_uniformity);

override WORKGROUP_SIZE: u32 = 256u;
// The adapter's subgroup size (its subgroupMinSize, equal to its subgroupMaxSize).
override LANES: u32 = 4u;
// main: rows a subgroup holds at a time, LANES / ROW_LANES (then PER = 1).
override ROWS_AT_ONCE: u32 = 1u;

// X (through xAt: shaders/storage_*.wgsl), y, w, params, partialDw, partialStats, biases:
// shaders/one_pass_bindings.wgsl; Share, the
// overrides D4, PER, GROUPS, ROW_LANES, INTERLEAVED and the row helpers: shaders/row_columns.wgsl;
// Params and Stats: shaders/layout.wgsl. src/shaders.ts puts all three in front of this file.

// wide: whether it takes a block's rows two at a time, in the same order (the same sums, bitwise),
// their scores meeting after one barrier: the host sets it where it makes the kernel faster
// (src/pipelines.ts, rowPairs).
override ROW_PAIRS: bool = false;
// wide: vec4s of subgroupDots one row's parts take, a part per subgroup.
override DOT_QUADS: u32 = (WORKGROUP_SIZE / LANES + 3u) / 4u;
// wide: one dot-product part per subgroup, four to a vec4 (so that each lane reads a quarter as
// many values), for two rows (a pair, or a lone row and zeros) in each of two halves used turn
// about (a turn's writes must not meet the reads of the turn before it, which some lanes may
// still be doing). Components no subgroup writes stay 0.
var<workgroup> subgroupDots: array<vec4<f32>, 4u * DOT_QUADS>;
// wide: lanes that found subgroups not formed as planned.
var<workgroup> wideFaults: atomic<u32>;

// Where an invocation stands in its workgroup and its subgroup: the builtins both entry points read.
struct Place {
  @builtin(local_invocation_index) local: u32,
  @builtin(subgroup_invocation_id) laneInSubgroup: u32,
  @builtin(subgroup_size) subgroupSize: u32,
}

// A device that formed subgroups otherwise would add the wrong lanes' dot products: counted as
// faults, which the host turns into an error instead of a wrong gradient.
fn misplaced(place: Place) -> bool {
  return place.subgroupSize != LANES || place.laneInSubgroup != place.local % LANES;
}

// A row's dot product from its lanes' parts: the whole subgroup's, or with several rows per
// subgroup a butterfly within the row's ROW_LANES lanes (every lane ends with the same sum: each
// step adds the same two values, in either order).
fn rowDot(part: f32) -> f32 {
  if (ROWS_AT_ONCE == 1u) {
    return subgroupAdd(part);
  }
  var total = part;
  for (var mask = 1u; mask < ROW_LANES; mask <<= 1u) {
    total += subgroupShuffleXor(total, mask);
  }
  return total;
}

// With several rows per subgroup, the lanes holding the same columns add their sums over the
// subgroup's rows, in a fixed tree; the lanes of the first rows then hold the block's sums.
fn subgroupColumnSum(sum: vec4<f32>) -> vec4<f32> {
  var total = sum;
  for (var mask = ROW_LANES; mask < LANES; mask <<= 1u) {
    total += subgroupShuffleXor(total, mask);
  }
  return total;
}

fn subgroupStats(stats: Stats) -> Stats {
  var total = stats;
  for (var mask = ROW_LANES; mask < LANES; mask <<= 1u) {
    total = Stats(
      total.loss + subgroupShuffleXor(total.loss, mask),
      total.slopeSum + subgroupShuffleXor(total.slopeSum, mask),
      total.activeCount + subgroupShuffleXor(total.activeCount, mask),
      total.faults,
    );
  }
  return total;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, place: Place) {
  let block = gid.x / LANES;
  let lane = gid.x % ROW_LANES;
  // Which of the subgroup's rows at a time are this lane's: firstRow + rowOffset, + ROWS_AT_ONCE, …
  let rowOffset = (gid.x % LANES) / ROW_LANES;
  let firstRow = block * params.rowsPerBlock;
  if (firstRow >= params.rows) {
    return;
  }
  let faults = subgroupAdd(select(0u, 1u, misplaced(place)));
  let endRow = min(firstRow + params.rowsPerBlock, params.rows);
  let c = firstColumn(lane);
  // A row's lead lane (its first) keeps its scores and applies its rule, for coupled losses.
  let leadLane = rowOffset * ROW_LANES;
  if (COUPLED) {
    for (var k = 0u; k < params.vectors; k++) {
      let weights = weightShare(k, c);
      let bias = biases[k];
      for (var first = firstRow; first < endRow; first += ROWS_AT_ONCE) {
        let row = select(min(first + rowOffset, endRow - 1u), first, ROWS_AT_ONCE == 1u);
        let score = rowDot(shareDot(rowShare(row, c), weights)) + bias;
        if (lane == 0u && first + rowOffset < endRow) {
          keepScore(row, k, score);
        }
      }
    }
    if (lane == 0u) {
      for (var row = firstRow + rowOffset; row < endRow; row += ROWS_AT_ONCE) {
        rowRule(row);
      }
    }
  }
  for (var k = 0u; k < params.vectors; k++) {
    let weights = weightShare(k, c);
    let bias = biases[k];
    var sum = Share();
    var stats = Stats(0.0, 0.0, 0u, 0u);
    // Every lane of the subgroup goes round the same number of times (shuffles need them all);
    // past the block's last row a lane reads that row again and adds nothing. With one row at a
    // time both tests fold away at pipeline creation.
    for (var first = firstRow; first < endRow; first += ROWS_AT_ONCE) {
      let row = select(min(first + rowOffset, endRow - 1u), first, ROWS_AT_ONCE == 1u);
      let label = y[row];
      let x = rowShare(row, c);
      let lead = lane == 0u && first + rowOffset < endRow;
      let update = rowUpdate(stats, sharedTerm(row, k, rowDot(shareDot(x, weights)) + bias, label, lead, leadLane));
      if (ROWS_AT_ONCE == 1u || first + rowOffset < endRow) {
        sum = shareAddScaled(sum, update.coefficient, x);
        stats = update.stats;
      }
    }
    if (ROWS_AT_ONCE > 1u) {
      sum.g0.c0 = subgroupColumnSum(sum.g0.c0);
      stats = subgroupStats(stats);
    }
    stats.faults = faults;
    let slot = (params.slotBase + block) * params.vectors + k;
    if (rowOffset == 0u) {
      storeShare(slot, c, sum);
    }
    if (lane == 0u && rowOffset == 0u) {
      partialStats[slot] = stats;
    }
  }
}

// wide: two rows' scores from their lanes' parts (a lone row passes 0 as the second), one
// subgroupAdd per subgroup, the subgroups' sums meeting in workgroup memory (turn % 2's half of
// subgroupDots) after one barrier.
fn wideDots(parts: vec2<f32>, place: Place, turn: u32) -> vec2<f32> {
  let subgroup = place.local / LANES;
  let sums = subgroupAdd(parts);
  let first = (turn & 1u) * 2u * DOT_QUADS;
  let second = first + DOT_QUADS;
  if (place.laneInSubgroup == 0u) {
    subgroupDots[first + subgroup / 4u][subgroup % 4u] = sums.x;
    subgroupDots[second + subgroup / 4u][subgroup % 4u] = sums.y;
  }
  workgroupBarrier();
  // Every subgroup adds the same values in the same lanes: one score for each row.
  var mine = vec2(0.0);
  for (var q = place.laneInSubgroup; q < DOT_QUADS; q += LANES) {
    let a = subgroupDots[first + q];
    let b = subgroupDots[second + q];
    mine += vec2((a.x + a.y) + (a.z + a.w), (b.x + b.y) + (b.z + b.w));
  }
  return subgroupAdd(mine);
}

fn wideDot(part: f32, place: Place, turn: u32) -> f32 {
  return wideDots(vec2(part, 0.0), place, turn).x;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn wide(@builtin(workgroup_id) group: vec3<u32>, place: Place) {
  // One workgroup per block: the dispatch has exactly the chunk's blocks.
  let block = group.x;
  let firstRow = block * params.rowsPerBlock;
  let endRow = min(firstRow + params.rowsPerBlock, params.rows);
  if (misplaced(place)) {
    atomicAdd(&wideFaults, 1u);
  }
  let c = firstColumn(place.local);
  var turn = 0u;
  if (COUPLED) {
    // The first lane keeps the block's scores; after a barrier the lanes apply the rule to rows in
    // turn, and after another every lane reads the terms.
    for (var k = 0u; k < params.vectors; k++) {
      let weights = weightShare(k, c);
      let bias = biases[k];
      for (var row = firstRow; row < endRow; row++) {
        let score = wideDot(shareDot(rowShare(row, c), weights), place, turn) + bias;
        turn++;
        if (place.local == 0u) {
          keepScore(row, k, score);
        }
      }
    }
    storageBarrier();
    for (var row = firstRow + place.local; row < endRow; row += WORKGROUP_SIZE) {
      rowRule(row);
    }
    storageBarrier();
  }
  for (var k = 0u; k < params.vectors; k++) {
    let weights = weightShare(k, c);
    let bias = biases[k];
    var sum = Share();
    var stats = Stats(0.0, 0.0, 0u, 0u);
    var row = firstRow;
    if (ROW_PAIRS) {
      for (; row + 1u < endRow; row += 2u) {
        let labels = vec2(y[row], y[row + 1u]);
        let x0 = rowShare(row, c);
        let x1 = rowShare(row + 1u, c);
        let scores = wideDots(vec2(shareDot(x0, weights), shareDot(x1, weights)), place, turn) + bias;
        turn++;
        let first = rowUpdate(stats, rowTerm(row, k, scores.x, labels.x));
        let second = rowUpdate(first.stats, rowTerm(row + 1u, k, scores.y, labels.y));
        sum = shareAddScaled(shareAddScaled(sum, first.coefficient, x0), second.coefficient, x1);
        stats = second.stats;
      }
    }
    for (; row < endRow; row++) {
      let label = y[row];
      let x = rowShare(row, c);
      let score = wideDot(shareDot(x, weights), place, turn) + bias;
      turn++;
      let update = rowUpdate(stats, rowTerm(row, k, score, label));
      sum = shareAddScaled(sum, update.coefficient, x);
      stats = update.stats;
    }
    let slot = (params.slotBase + block) * params.vectors + k;
    storeShare(slot, c, sum);
    if (place.local == 0u) {
      stats.faults = atomicLoad(&wideFaults);
      partialStats[slot] = stats;
    }
  }
}

// A row's term for vector k where the lanes of a subgroup share the row (kept_terms.wgsl's
// rowTerm): a kept term is read by the row's lead lane, which kept its scores and applied its
// rule, and passed to the others.
fn sharedTerm(row: u32, k: u32, score: f32, label: f32, lead: bool, leadLane: u32) -> LossTerm {
  if (!COUPLED) {
    return rowTerm(row, k, score, label);
  }
  var term = LossTerm(0.0, 0.0, false);
  if (lead) {
    term = keptTerm(row, k);
  }
  return LossTerm(
    subgroupShuffle(term.loss, leadLane), subgroupShuffle(term.coefficient, leadLane),
    subgroupShuffle(select(0u, 1u, term.isActive), leadLane) == 1u,
  );
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn fourVectors(@builtin(global_invocation_id) gid: vec3<u32>, place: Place) {
  let block = gid.x / LANES;
  let firstRow = block * params.rowsPerBlock;
  if (firstRow >= params.rows) {
    return;
  }
  let faults = subgroupAdd(select(0u, 1u, misplaced(place)));
  let endRow = min(firstRow + params.rowsPerBlock, params.rows);
  let lane = gid.x % LANES;
  let c = firstColumn(lane);
  if (COUPLED) {
    for (var k0 = 0u; k0 < params.vectors; k0 += 4u) {
      let k = fourVectorsFrom(k0);
      let weights = fourWeights(k, c);
      let bias = fourBiases(k);
      for (var row = firstRow; row < endRow; row++) {
        let scores = subgroupAdd(fourDots(rowColumns(row, c), weights)) + bias;
        if (lane == 0u) {
          keepFour(row, k0, scores);
        }
      }
    }
    if (lane == 0u) {
      for (var row = firstRow; row < endRow; row++) {
        rowRule(row);
      }
    }
  }
  for (var k0 = 0u; k0 < params.vectors; k0 += 4u) {
    let k = fourVectorsFrom(k0);
    let weights = fourWeights(k, c);
    let bias = fourBiases(k);
    var sums = FourSums();
    for (var row = firstRow; row < endRow; row++) {
      let label = y[row];
      let x = rowColumns(row, c);
      let scores = subgroupAdd(fourDots(x, weights)) + bias;
      let terms = FourTerms(
        sharedTerm(row, k.x, scores.x, label, lane == 0u, 0u), sharedTerm(row, k.y, scores.y, label, lane == 0u, 0u),
        sharedTerm(row, k.z, scores.z, label, lane == 0u, 0u), sharedTerm(row, k.w, scores.w, label, lane == 0u, 0u),
      );
      sums = fourUpdates(sums, terms, x);
    }
    storeFour((params.slotBase + block) * params.vectors, k0, c, lane == 0u, sums, faults);
  }
}
