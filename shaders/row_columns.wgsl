// A lane's share of a row in named registers, and what it does with it: the part of narrow.wgsl
// and subgroup_rows.wgsl that is the same. src/shaders.ts puts it in front of both, after
// shaders/one_pass_bindings.wgsl and kept_terms.wgsl. A lane holds GROUPS groups of PER vec4 columns of each row;
// narrow's lanes hold whole rows (ROW_LANES = 1, PER = D4), subgroup_rows.wgsl's share them.

// vec4 columns per row.
override D4: u32 = 16u;
// Lanes sharing a row: 1 in narrow; LANES in subgroup_rows.wgsl's main, WORKGROUP_SIZE in wide.
override ROW_LANES: u32 = 4u;
// vec4 columns per group, 1 to 16: a pipeline constant, so the unused registers fold away.
override PER: u32 = 16u;
// Groups of PER columns per lane, 1 to 4. More than one on software GPUs (subgroup rows of more
// than 256 columns, narrow rows of more than 64), where registers are spilled to the stack anyway
// and fewer lanes per row mean fewer subgroups meeting at each barrier, or none.
override GROUPS: u32 = 1u;
// Which columns a lane holds: a contiguous run from lane·PER·GROUPS, or with INTERLEAVED every
// ROW_LANES-th column from lane, and the step between them.
override INTERLEAVED: bool = false;
override COLUMN_STEP: u32 = select(1u, ROW_LANES, INTERLEAVED);
// From a lane's first column (or its first element of X, w or partialDw) to its next group's.
override GROUP_STEP: u32 = PER * COLUMN_STEP;

// One group of a lane's columns of a row, of w, or of its gradient sums: named members, not an
// array (software GPUs handle indexed per-thread arrays slowly: 4× slower, tried at 1024 columns).
struct Columns {
  c0: vec4<f32>, c1: vec4<f32>, c2: vec4<f32>, c3: vec4<f32>,
  c4: vec4<f32>, c5: vec4<f32>, c6: vec4<f32>, c7: vec4<f32>,
  c8: vec4<f32>, c9: vec4<f32>, c10: vec4<f32>, c11: vec4<f32>,
  c12: vec4<f32>, c13: vec4<f32>, c14: vec4<f32>, c15: vec4<f32>,
}

// The first column of a lane.
fn firstColumn(lane: u32) -> u32 {
  return select(lane * PER * GROUPS, lane, INTERLEAVED);
}

// Column c + j·COLUMN_STEP of the group whose first column is c. Both tests fold at pipeline
// creation when the lanes hold whole rows exactly (ROW_LANES · PER · GROUPS = D4); otherwise the
// last lanes test the column, which makes every load conditional (slower).
fn held(c: u32, j: u32) -> bool {
  return j < PER && (ROW_LANES * PER * GROUPS == D4 || c + j * COLUMN_STEP < D4);
}

// Which buffer a lane's columns come from: a storage buffer cannot be a function parameter
// without the WGSL language feature unrestricted_pointer_parameters, which not every browser has.
// Every call passes a constant, which folds away at pipeline creation.
const FROM_X = 0u;
const FROM_W = 1u;

fn element(source: u32, first: u32, c: u32, j: u32) -> vec4<f32> {
  if (held(c, j)) {
    if (source == FROM_W) {
      return w[first + j * COLUMN_STEP];
    }
    return xAt(first + j * COLUMN_STEP);
  }
  return vec4(0.0);
}

// The columns of X or w from element `first` on, of the group whose first column is c.
fn columnsFrom(source: u32, first: u32, c: u32) -> Columns {
  return Columns(
    element(source, first, c, 0u), element(source, first, c, 1u),
    element(source, first, c, 2u), element(source, first, c, 3u),
    element(source, first, c, 4u), element(source, first, c, 5u),
    element(source, first, c, 6u), element(source, first, c, 7u),
    element(source, first, c, 8u), element(source, first, c, 9u),
    element(source, first, c, 10u), element(source, first, c, 11u),
    element(source, first, c, 12u), element(source, first, c, 13u),
    element(source, first, c, 14u), element(source, first, c, 15u),
  );
}

// Whether X's columns are read four vec4 at a time through the storage's xQuad (one load of
// 16 bytes for int8's 16 values), where each group's quads are aligned and whole: the host sets
// it (src/pipelines.ts, xQuadsFit) when COLUMN_STEP is 1 and D4 and PER are multiples of 4.
override X_QUADS: bool = false;

// The group whose first column is c, of the row whose group begins at quad `quad`.
fn quadColumns(quad: u32, c: u32) -> Columns {
  var x = Columns();
  if (held(c, 0u)) { let q = xQuad(quad); x.c0 = q[0]; x.c1 = q[1]; x.c2 = q[2]; x.c3 = q[3]; }
  if (held(c, 4u)) { let q = xQuad(quad + 1u); x.c4 = q[0]; x.c5 = q[1]; x.c6 = q[2]; x.c7 = q[3]; }
  if (held(c, 8u)) { let q = xQuad(quad + 2u); x.c8 = q[0]; x.c9 = q[1]; x.c10 = q[2]; x.c11 = q[3]; }
  if (held(c, 12u)) { let q = xQuad(quad + 3u); x.c12 = q[0]; x.c13 = q[1]; x.c14 = q[2]; x.c15 = q[3]; }
  return x;
}

// c / 4 for a vec4 column c below 2^24 that is a multiple of 4, through f32, which holds it exactly:
// SwiftShader runs an integer shift or division lane by lane, a conversion or a product in one
// instruction.
fn quarter(c: u32) -> u32 {
  return u32(i32(f32(i32(c)) * 0.25));
}

// Row `row` of X: the group whose first column is c. With X_QUADS its first quad is
// row · D4/4 + c/4, so that no index is divided per load.
fn rowColumns(row: u32, c: u32) -> Columns {
  if (X_QUADS) {
    return quadColumns(row * (D4 / 4u) + quarter(c), c);
  }
  return columnsFrom(FROM_X, row * D4 + c, c);
}

fn weightColumns(first: u32, c: u32) -> Columns {
  return columnsFrom(FROM_W, first, c);
}

// Row `row` of X or weight vector `row` of w: the group whose first column is c.
fn sourceColumns(source: u32, row: u32, c: u32) -> Columns {
  if (source == FROM_X) {
    return rowColumns(row, c);
  }
  return weightColumns(row * D4 + c, c);
}

fn partialDot(x: Columns, v: Columns) -> f32 {
  return dot(x.c0, v.c0) + dot(x.c1, v.c1) + dot(x.c2, v.c2) + dot(x.c3, v.c3)
       + dot(x.c4, v.c4) + dot(x.c5, v.c5) + dot(x.c6, v.c6) + dot(x.c7, v.c7)
       + dot(x.c8, v.c8) + dot(x.c9, v.c9) + dot(x.c10, v.c10) + dot(x.c11, v.c11)
       + dot(x.c12, v.c12) + dot(x.c13, v.c13) + dot(x.c14, v.c14) + dot(x.c15, v.c15);
}

// Whether addScaled takes each sum + k·x as one fma: the host sets it for the storages whose
// kernels it makes faster (src/pipelines.ts, FUSED_UPDATE_STORAGES). WGSL lets a device round an
// fma once or twice; the checker's bounds hold for both (k·x is a leaf of the sum over rows).
override FUSED_UPDATE: bool = false;

// sum + k·x
fn addScaled(sum: Columns, k: f32, x: Columns) -> Columns {
  if (FUSED_UPDATE) {
    let s = vec4(k);
    return Columns(
      fma(s, x.c0, sum.c0), fma(s, x.c1, sum.c1), fma(s, x.c2, sum.c2), fma(s, x.c3, sum.c3),
      fma(s, x.c4, sum.c4), fma(s, x.c5, sum.c5), fma(s, x.c6, sum.c6), fma(s, x.c7, sum.c7),
      fma(s, x.c8, sum.c8), fma(s, x.c9, sum.c9), fma(s, x.c10, sum.c10), fma(s, x.c11, sum.c11),
      fma(s, x.c12, sum.c12), fma(s, x.c13, sum.c13), fma(s, x.c14, sum.c14), fma(s, x.c15, sum.c15),
    );
  }
  return Columns(
    sum.c0 + k * x.c0, sum.c1 + k * x.c1, sum.c2 + k * x.c2, sum.c3 + k * x.c3,
    sum.c4 + k * x.c4, sum.c5 + k * x.c5, sum.c6 + k * x.c6, sum.c7 + k * x.c7,
    sum.c8 + k * x.c8, sum.c9 + k * x.c9, sum.c10 + k * x.c10, sum.c11 + k * x.c11,
    sum.c12 + k * x.c12, sum.c13 + k * x.c13, sum.c14 + k * x.c14, sum.c15 + k * x.c15,
  );
}

fn store(index: u32, c: u32, j: u32, value: vec4<f32>) {
  if (held(c, j)) {
    partialDw[index + j * COLUMN_STEP] = value;
  }
}

fn storeColumns(slot: u32, c: u32, sum: Columns) {
  let first = slot * D4 + c;
  store(first, c, 0u, sum.c0); store(first, c, 1u, sum.c1); store(first, c, 2u, sum.c2); store(first, c, 3u, sum.c3);
  store(first, c, 4u, sum.c4); store(first, c, 5u, sum.c5); store(first, c, 6u, sum.c6); store(first, c, 7u, sum.c7);
  store(first, c, 8u, sum.c8); store(first, c, 9u, sum.c9); store(first, c, 10u, sum.c10); store(first, c, 11u, sum.c11);
  store(first, c, 12u, sum.c12); store(first, c, 13u, sum.c13); store(first, c, 14u, sum.c14); store(first, c, 15u, sum.c15);
}

// A row's term for one vector (kept_terms.wgsl's rowTerm) taken into the block's stats. Callers
// read the label before the row's columns: SwiftShader keeps the order, and a label read after
// the dot product made narrow rows slower there.
struct RowUpdate {
  coefficient: f32,
  stats: Stats,
}

fn rowUpdate(stats: Stats, term: LossTerm) -> RowUpdate {
  return RowUpdate(
    term.coefficient,
    Stats(stats.loss + term.loss, stats.slopeSum + term.coefficient, stats.activeCount + select(0u, 1u, term.isActive), stats.faults),
  );
}

// A lane's whole share: GROUPS groups; those past GROUPS stay zero and, as every test of GROUPS
// folds at pipeline creation, cost nothing.
struct Share {
  g0: Columns, g1: Columns, g2: Columns, g3: Columns,
}

// Row `row` of X, or weight vector `row` of w: the share of the lane whose first column is c.
fn shareFrom(source: u32, row: u32, c: u32) -> Share {
  var share = Share();
  share.g0 = sourceColumns(source, row, c);
  if (GROUPS > 1u) { share.g1 = sourceColumns(source, row, c + GROUP_STEP); }
  if (GROUPS > 2u) { share.g2 = sourceColumns(source, row, c + 2u * GROUP_STEP); }
  if (GROUPS > 3u) { share.g3 = sourceColumns(source, row, c + 3u * GROUP_STEP); }
  return share;
}

fn rowShare(row: u32, c: u32) -> Share {
  return shareFrom(FROM_X, row, c);
}

// Weight vector k's share.
fn weightShare(k: u32, c: u32) -> Share {
  return shareFrom(FROM_W, k, c);
}

// The lane's part of a dot product: one chain of additions, group after group.
fn shareDot(x: Share, v: Share) -> f32 {
  var total = partialDot(x.g0, v.g0);
  if (GROUPS > 1u) { total += partialDot(x.g1, v.g1); }
  if (GROUPS > 2u) { total += partialDot(x.g2, v.g2); }
  if (GROUPS > 3u) { total += partialDot(x.g3, v.g3); }
  return total;
}

// sum + k·x, group by group (k·0 is not folded away: it could be NaN or −0).
fn shareAddScaled(sum: Share, k: f32, x: Share) -> Share {
  var total = sum;
  total.g0 = addScaled(sum.g0, k, x.g0);
  if (GROUPS > 1u) { total.g1 = addScaled(sum.g1, k, x.g1); }
  if (GROUPS > 2u) { total.g2 = addScaled(sum.g2, k, x.g2); }
  if (GROUPS > 3u) { total.g3 = addScaled(sum.g3, k, x.g3); }
  return total;
}

fn storeShare(slot: u32, c: u32, sum: Share) {
  storeColumns(slot, c, sum.g0);
  if (GROUPS > 1u) { storeColumns(slot, c + GROUP_STEP, sum.g1); }
  if (GROUPS > 2u) { storeColumns(slot, c + 2u * GROUP_STEP, sum.g2); }
  if (GROUPS > 3u) { storeColumns(slot, c + 3u * GROUP_STEP, sum.g3); }
}

// fourVectors (narrow.wgsl, subgroup_rows.wgsl): K > 1 weight vectors four at a time, so that the
// four share each load of a row (software GPUs are bound by their load instructions; cached rows
// do not save them). For lanes holding one group of columns: a Share then holds the four vectors'
// columns, g0 for the first.

// Vectors k0 to k0 + 3; past the last (K not a multiple of four) the last again, whose results
// storeFour leaves out.
fn fourVectorsFrom(k0: u32) -> vec4<u32> {
  let last = params.vectors - 1u;
  return vec4(k0, min(k0 + 1u, last), min(k0 + 2u, last), min(k0 + 3u, last));
}

fn fourWeights(k: vec4<u32>, c: u32) -> Share {
  return Share(
    weightColumns(k.x * D4 + c, c), weightColumns(k.y * D4 + c, c),
    weightColumns(k.z * D4 + c, c), weightColumns(k.w * D4 + c, c),
  );
}

fn fourBiases(k: vec4<u32>) -> vec4<f32> {
  return vec4(biases[k.x], biases[k.y], biases[k.z], biases[k.w]);
}

// The lane's parts of a row's dot products with the four vectors.
fn fourDots(x: Columns, w: Share) -> vec4<f32> {
  return vec4(partialDot(x, w.g0), partialDot(x, w.g1), partialDot(x, w.g2), partialDot(x, w.g3));
}

// The four vectors' gradient sums (sum.g0 the first's) and stats.
struct FourSums {
  sum: Share,
  s0: Stats, s1: Stats, s2: Stats, s3: Stats,
}

// A row's terms for four vectors.
struct FourTerms {
  t0: LossTerm, t1: LossTerm, t2: LossTerm, t3: LossTerm,
}

// The terms of vectors k of row `row`, whose scores (biases included) are `scores`.
fn fourTerms(row: u32, k: vec4<u32>, scores: vec4<f32>, label: f32) -> FourTerms {
  return FourTerms(rowTerm(row, k.x, scores.x, label), rowTerm(row, k.y, scores.y, label), rowTerm(row, k.z, scores.z, label), rowTerm(row, k.w, scores.w, label));
}

// A row's four terms taken into the four vectors' sums and stats as rowUpdate and addScaled take one.
fn fourUpdates(sums: FourSums, terms: FourTerms, x: Columns) -> FourSums {
  let u0 = rowUpdate(sums.s0, terms.t0);
  let u1 = rowUpdate(sums.s1, terms.t1);
  let u2 = rowUpdate(sums.s2, terms.t2);
  let u3 = rowUpdate(sums.s3, terms.t3);
  return FourSums(
    Share(
      addScaled(sums.sum.g0, u0.coefficient, x), addScaled(sums.sum.g1, u1.coefficient, x),
      addScaled(sums.sum.g2, u2.coefficient, x), addScaled(sums.sum.g3, u3.coefficient, x),
    ),
    u0.stats, u1.stats, u2.stats, u3.stats,
  );
}

// Vectors k0 to k0 + 3 (those below K) of a block whose vectors' partial slots begin at `slots`;
// their stats too when withStats (one lane of those sharing a row).
fn storeFour(slots: u32, k0: u32, c: u32, withStats: bool, sums: FourSums, faults: u32) {
  storeVector(slots + k0, c, withStats, sums.sum.g0, sums.s0, faults);
  if (k0 + 1u < params.vectors) { storeVector(slots + k0 + 1u, c, withStats, sums.sum.g1, sums.s1, faults); }
  if (k0 + 2u < params.vectors) { storeVector(slots + k0 + 2u, c, withStats, sums.sum.g2, sums.s2, faults); }
  if (k0 + 3u < params.vectors) { storeVector(slots + k0 + 3u, c, withStats, sums.sum.g3, sums.s3, faults); }
}

fn storeVector(slot: u32, c: u32, withStats: bool, sum: Columns, stats: Stats, faults: u32) {
  storeColumns(slot, c, sum);
  if (withStats) {
    partialStats[slot] = Stats(stats.loss, stats.slopeSum, stats.activeCount, faults);
  }
}
