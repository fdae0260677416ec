// Pass 2 of 2 over X: the gradient sums  Σ_i coef_ik x_i  (coef from row_terms.wgsl), one per
// weight vector k. Invocation g takes a tile of up to eight vec4 columns (tile t), vector k and
// block b of rows (g = (b·K + k)·tiles + t), adds the block's rows in order into eight named
// registers and writes partial slot (b, k): each invocation reads 128 contiguous bytes of a row,
// then of the next row, and loads each coefficient once for eight vec4 (faster than one column
// per invocation: docs/kernels.md). The K vectors of a
// block read the same rows, from cache after the first. The tile-0 invocation also sums the
// block's loss terms, its coefficients (n·db's share) and its active terms.
// reduce_partials.wgsl combines the slots in a fixed order (no float atomics).

override WORKGROUP_SIZE: u32 = 256u;

// Params and Stats: shaders/layout.wgsl; X and xAt, binding 0: the storage's shaders/storage_*.wgsl.
// src/shaders.ts puts both in front of this file.
@group(0) @binding(1) var<storage, read> coef: array<f32>;
@group(0) @binding(2) var<storage, read> rowLoss: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;
@group(0) @binding(4) var<storage, read_write> partialDw: array<vec4<f32>>;    // (slot × K) × d4
@group(0) @binding(5) var<storage, read_write> partialStats: array<Stats>;     // slot × K
@group(0) @binding(6) var<storage, read> rowActive: array<u32>;               // rows × K

const TILE: u32 = 8u; // vec4 columns per invocation: the eight registers below; mirrors GRADIENT_TILE in plan.ts

fn element(index: u32, column: u32, d4: u32) -> vec4<f32> {
  if (column < d4) {
    return xAt(index);
  }
  return vec4(0.0);
}

fn store(slot: u32, column: u32, d4: u32, sum: vec4<f32>) {
  if (column < d4) {
    partialDw[slot * d4 + column] = sum;
  }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let d4 = params.d4;
  let vectors = params.vectors;
  let tiles = (d4 + TILE - 1u) / TILE;
  let c = (gid.x % tiles) * TILE;
  let k = (gid.x / tiles) % vectors;
  let block = gid.x / (tiles * vectors);
  let firstRow = block * params.rowsPerBlock;
  if (firstRow >= params.rows) {
    return;
  }
  let endRow = min(firstRow + params.rowsPerBlock, params.rows);
  let slot = (params.slotBase + block) * vectors + k;
  var s0 = vec4(0.0); var s1 = vec4(0.0); var s2 = vec4(0.0); var s3 = vec4(0.0);
  var s4 = vec4(0.0); var s5 = vec4(0.0); var s6 = vec4(0.0); var s7 = vec4(0.0);
  for (var row = firstRow; row < endRow; row++) {
    let coefficient = coef[row * vectors + k];
    let first = row * d4 + c;
    s0 += coefficient * element(first, c, d4);
    s1 += coefficient * element(first + 1u, c + 1u, d4);
    s2 += coefficient * element(first + 2u, c + 2u, d4);
    s3 += coefficient * element(first + 3u, c + 3u, d4);
    s4 += coefficient * element(first + 4u, c + 4u, d4);
    s5 += coefficient * element(first + 5u, c + 5u, d4);
    s6 += coefficient * element(first + 6u, c + 6u, d4);
    s7 += coefficient * element(first + 7u, c + 7u, d4);
  }
  store(slot, c, d4, s0); store(slot, c + 1u, d4, s1); store(slot, c + 2u, d4, s2); store(slot, c + 3u, d4, s3);
  store(slot, c + 4u, d4, s4); store(slot, c + 5u, d4, s5); store(slot, c + 6u, d4, s6); store(slot, c + 7u, d4, s7);
  if (c == 0u) {
    partialStats[slot] = blockStats(firstRow, endRow, k);
  }
}

// The block's sums of vector k's loss terms and coefficients (n·db's share), and its active terms.
fn blockStats(firstRow: u32, endRow: u32, k: u32) -> Stats {
  var lossSum = 0.0;
  var slopeSum = 0.0;
  var activeCount = 0u;
  for (var row = firstRow; row < endRow; row++) {
    let index = row * params.vectors + k;
    lossSum += rowLoss[index];
    slopeSum += coef[index];
    activeCount += rowActive[index];
  }
  return Stats(lossSum, slopeSum, activeCount, 0u);
}

// fourVectors, for K ≥ 2: invocation g takes a tile of FOUR_TILE vec4 columns (tile t), four
// vectors (quad q) and block b of rows (g = (b·quads + q)·tiles + t), so that each load of X
// serves four vectors. Each sum adds the block's rows in the same order as main.
const FOUR_TILE: u32 = 4u; // mirrors GRADIENT_FOUR_TILE in plan.ts

// One vector's sums over a tile.
struct Tile {
  c0: vec4<f32>, c1: vec4<f32>, c2: vec4<f32>, c3: vec4<f32>,
}

fn addRow(sum: Tile, coefficient: f32, x: Tile) -> Tile {
  return Tile(sum.c0 + coefficient * x.c0, sum.c1 + coefficient * x.c1, sum.c2 + coefficient * x.c2, sum.c3 + coefficient * x.c3);
}

fn storeTile(slot: u32, c: u32, d4: u32, sum: Tile) {
  store(slot, c, d4, sum.c0); store(slot, c + 1u, d4, sum.c1); store(slot, c + 2u, d4, sum.c2); store(slot, c + 3u, d4, sum.c3);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn fourVectors(@builtin(global_invocation_id) gid: vec3<u32>) {
  let d4 = params.d4;
  let vectors = params.vectors;
  let tiles = (d4 + FOUR_TILE - 1u) / FOUR_TILE;
  let quads = (vectors + 3u) / 4u;
  let c = (gid.x % tiles) * FOUR_TILE;
  let k0 = ((gid.x / tiles) % quads) * 4u;
  let block = gid.x / (tiles * quads);
  let firstRow = block * params.rowsPerBlock;
  if (firstRow >= params.rows) {
    return;
  }
  let endRow = min(firstRow + params.rowsPerBlock, params.rows);
  // Vectors past K repeat the last and are not written.
  let last = vectors - 1u;
  let k1 = min(k0 + 1u, last);
  let k2 = min(k0 + 2u, last);
  let k3 = min(k0 + 3u, last);
  var v0 = Tile(); var v1 = Tile(); var v2 = Tile(); var v3 = Tile();
  for (var row = firstRow; row < endRow; row++) {
    let first = row * d4 + c;
    let x = Tile(element(first, c, d4), element(first + 1u, c + 1u, d4), element(first + 2u, c + 2u, d4), element(first + 3u, c + 3u, d4));
    let coefficients = row * vectors;
    v0 = addRow(v0, coef[coefficients + k0], x);
    v1 = addRow(v1, coef[coefficients + k1], x);
    v2 = addRow(v2, coef[coefficients + k2], x);
    v3 = addRow(v3, coef[coefficients + k3], x);
  }
  let slots = (params.slotBase + block) * vectors;
  storeTile(slots + k0, c, d4, v0);
  if (k0 + 1u < vectors) { storeTile(slots + k1, c, d4, v1); }
  if (k0 + 2u < vectors) { storeTile(slots + k2, c, d4, v2); }
  if (k0 + 3u < vectors) { storeTile(slots + k3, c, d4, v3); }
  if (c == 0u) {
    for (var k = k0; k < min(k0 + 4u, vectors); k++) {
      partialStats[slots + k] = blockStats(firstRow, endRow, k);
    }
  }
}
