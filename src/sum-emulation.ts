// An f32 emulation, on the CPU, of each strategy's summation plan: which lanes add which rows and
// columns, in which order, and the trees of the reductions, as the shaders write them. Every
// operation is rounded with Math.fround (an f64 sum or product of two f32 values rounds to the
// same f32 as f32 arithmetic does). It returns the results and the height of every addition chain,
// so that tests can hold the depths a kernel reports (KernelPlan.rowSumDepth and dotDepth, which
// the checker's bounds use) to the chains the shaders really build.
//
// Heights: a sum's height is the longest path of roundings from its exact terms to it. An addition
// with a structural zero (an accumulator's initial 0, a column a lane does not hold) is exact and
// adds nothing; every other addition adds one, even where the data happen to make it exact (a
// depth must hold for all data). A dot product's products are rounded (height 1); the terms of a
// sum over rows, coefficient·x_ij, and the loss terms, are its leaves
// (height 0): the checker bounds their own errors apart.
//
// Orders that WGSL leaves to the device are taken as SwiftShader computes them (measured):
// dot(a, b) as ((a.x·b.x + a.y·b.y) + a.z·b.z) + a.w·b.w with every operation rounded, and
// subgroupAdd over 4 lanes as (v0 + v1) + (v2 + v3). The height of a subgroupAdd is counted for
// any order: m nonzero values reduce in some tree of height at most m − 1.
import type { KernelLoss } from './pipelines.js';
import type { KernelPlan } from './plan.js';
import { nextF32 } from './f32-rounding.js';
import type { Kink, SumDepths } from './types.js';

const f32 = Math.fround;

/** An f32 value and the height of the additions behind it; height −1 marks a structural zero. */
interface Term {
  value: number;
  height: number;
}

const ZERO: Term = { value: 0, height: -1 };
const leaf = (value: number): Term => ({ value, height: 0 });

function add(a: Term, b: Term): Term {
  const value = f32(a.value + b.value);
  if (a.height < 0) return { value, height: b.height };
  if (b.height < 0) return { value, height: a.height };
  return { value, height: Math.max(a.height, b.height) + 1 };
}

/** dot(x, w) of one vec4 column; both as four f32 values from `xAt` and `wAt`. */
function dot4(X: Float32Array, xAt: number, W: Float32Array, wAt: number): Term {
  let total: Term = { value: f32(X[xAt] * W[wAt]), height: 1 };
  for (let e = 1; e < 4; e++) total = add(total, { value: f32(X[xAt + e] * W[wAt + e]), height: 1 });
  return total;
}

/** subgroupAdd: SwiftShader's pairwise order for the value, any order's worst for the height. */
function subgroupAdd(values: Term[]): Term {
  let level = values;
  while (level.length > 1) {
    const next: Term[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? add(level[i], level[i + 1]) : level[i]);
    level = next;
  }
  const present = values.filter((term) => term.height >= 0);
  if (present.length === 0) return ZERO;
  return { value: level[0].value, height: Math.max(...present.map((term) => term.height)) + present.length - 1 };
}

/** What one block of rows writes to its partial slot for one weight vector. */
interface Partial {
  /** d4·4 sums of coefficient·x over the block's rows. */
  dw: Term[];
  loss: Term;
  /** The coefficients' sum: n·db. */
  slope: Term;
  active: number;
}

export interface EmulatedResult {
  dw: Float32Array;
  /** The sums over rows of coefficient·x, before the scaling by 1/n and λw. */
  dwSum: Float32Array;
  /** The loss terms' sum and the coefficients' sum in f32, as the kernel's stats hold them. */
  lossSum: number;
  slopeSum: number;
  active: number;
  /** As HingeKernel.run computes them from the sums. */
  loss: number;
  db: number;
}

export interface Emulation {
  results: EmulatedResult[];
  /** The heights of the longest chains: over rows before the final scaling, and of w·x_i + b. */
  heights: SumDepths;
}

export interface EmulationInput {
  /** n×d, row-major (not padded). */
  X: Float32Array;
  /** ±1 labels. */
  y: Float32Array;
  /** K×d weight vectors. */
  W: Float32Array;
  biases: number[];
  lambda: number;
  kink: Kink;
  /** shaders/loss.wgsl's loss (default 'hinge') and Δ (default 1). */
  loss?: KernelLoss;
  margin?: number;
  /**
   * Whether narrow and subgroup add coefficient·x by fma (row_columns.wgsl's FUSED_UPDATE, on for
   * the storages in FUSED_UPDATE_STORAGES) on a device that rounds it once, as SwiftShader does on
   * CPUs with FMA. Default false: a rounded product, then a rounded sum.
   */
  fusedMultiplyAdd?: boolean;
}

/** The results and chain heights of the plan's kernels on this input, as the GPU computes them. */
export function emulatePlan(plan: KernelPlan, input: EmulationInput): Emulation {
  const { n, d, d4 } = plan;
  const K = input.biases.length;
  const X = padRows(input.X, n, d, d4);
  const W = padRows(input.W, K, d, d4);
  const state = { dotHeight: 0, rowHeight: 0 };
  const ctx: Context = {
    plan, X, W, y: input.y, biases: input.biases.map(f32), kink: input.kink, loss: input.loss ?? 'hinge', margin: f32(input.margin ?? 1), K, state,
    fusedMultiplyAdd: input.fusedMultiplyAdd ?? false,
  };
  const partials: Partial[] = new Array(plan.slots * K);
  for (const chunk of plan.chunks) {
    for (let block = 0; block < chunk.blocks; block++) {
      const firstRow = chunk.firstRow + block * plan.rowsPerBlock;
      const endRow = Math.min(firstRow + plan.rowsPerBlock, chunk.firstRow + chunk.rows);
      for (let k = 0; k < K; k++) {
        partials[(chunk.slotBase + block) * K + k] = STRATEGY_BLOCKS[plan.strategy](ctx, firstRow, endRow, k);
      }
    }
  }
  const results = Array.from({ length: K }, (_, k) => reduce(ctx, partials, k, input));
  return { results, heights: { rowSum: state.rowHeight, dot: state.dotHeight } };
}

interface Context {
  plan: KernelPlan;
  /** X and W with rows zero-padded to d4 vec4s, as uploaded. */
  X: Float32Array;
  W: Float32Array;
  y: Float32Array;
  biases: number[];
  kink: Kink;
  loss: KernelLoss;
  margin: number;
  K: number;
  state: { dotHeight: number; rowHeight: number };
  fusedMultiplyAdd: boolean;
}

/** rowUpdate in shaders/row_columns.wgsl and lossTerm in shaders/loss.wgsl: a row's coefficient and loss term. */
function rowUpdate(ctx: Context, score: Term, k: number, label: number) {
  const full = add(score, leaf(ctx.biases[k]));
  ctx.state.dotHeight = Math.max(ctx.state.dotHeight, full.height);
  const argument = f32(ctx.margin - f32(label * full.value));
  const positive = Math.max(0, argument);
  if (ctx.loss === 'squared-hinge') {
    const coefficient = f32(f32(-2 * label) * positive);
    return { coefficient, loss: leaf(f32(positive * positive)), slope: leaf(coefficient), active: argument > 0 };
  }
  const active = ctx.kink === 'include' ? argument >= 0 : argument > 0;
  const coefficient = active ? -label : 0;
  return { coefficient, loss: leaf(positive), slope: leaf(coefficient), active };
}

function emptyPartial(d4: number): Partial {
  return { dw: new Array<Term>(d4 * 4).fill(ZERO), loss: ZERO, slope: ZERO, active: 0 };
}

/** Adds coefficient·x of vec4 column c of a row to sums held at `into`, the product rounded apart. */
function addScaledColumn(sums: Term[], into: number, coefficient: number, X: Float32Array, xAt: number): void {
  for (let e = 0; e < 4; e++) sums[into + e] = add(sums[into + e], leaf(f32(coefficient * X[xAt + e])));
}

/** shaders/row_columns.wgsl's addScaled: as addScaledColumn, or each sum + coefficient·x rounded once. */
function addScaledHeld(ctx: Context, sums: Term[], into: number, coefficient: number, xAt: number): void {
  if (!ctx.fusedMultiplyAdd) {
    addScaledColumn(sums, into, coefficient, ctx.X, xAt);
    return;
  }
  for (let e = 0; e < 4; e++) {
    const sum = sums[into + e];
    const value = fusedMultiplyAddF32(coefficient, ctx.X[xAt + e], sum.value);
    sums[into + e] = sum.height < 0 ? leaf(value) : { value, height: sum.height + 1 };
  }
}

/**
 * a·b + c rounded once to f32 (a, b and c f32 values), to nearest even. a·b is exact in f64;
 * the f64 sum rounds, and TwoSum gives what it lost, which decides the one case where rounding
 * that sum again to f32 would err: the sum landing exactly halfway between two f32 values.
 */
export function fusedMultiplyAddF32(a: number, b: number, c: number): number {
  const product = a * b;
  const sum = product + c;
  const rounded = f32(sum);
  const back = sum - product;
  const lost = (product - (sum - back)) + (c - back);
  if (lost === 0 || rounded === sum || !Number.isFinite(sum)) return rounded;
  const other = nextF32(rounded, sum > rounded ? 1 : -1);
  if (sum !== (rounded + other) / 2) return rounded;
  return lost > 0 === other > rounded ? other : rounded;
}

/** A row's (or a lane's) loss and slope sums, added in the same places. */
interface RowStats {
  loss: Term;
  slope: Term;
}

const addStats = (a: RowStats, b: RowStats): RowStats => ({ loss: add(a.loss, b.loss), slope: add(a.slope, b.slope) });

function takeRow(partial: Partial, update: RowStats & { active: boolean }): void {
  Object.assign(partial, addStats(partial, update));
  if (update.active) partial.active++;
}

/**
 * The vec4 columns a lane holds in each of its groups (shaders/row_columns.wgsl: firstColumn,
 * held, GROUP_STEP, COLUMN_STEP).
 */
function laneColumns(plan: KernelPlan, lane: number): number[][] {
  const groups = plan.columnGroups;
  const per = Math.ceil(plan.vecsPerThread / groups);
  const rowLanes = plan.colLanes;
  const columnStep = plan.interleavedColumns ? rowLanes : 1;
  const first = plan.interleavedColumns ? lane : lane * per * groups;
  const exact = rowLanes * per * groups === plan.d4;
  return Array.from({ length: groups }, (_, g) => {
    const columns: number[] = [];
    const start = first + g * per * columnStep;
    for (let j = 0; j < per; j++) {
      const c = start + j * columnStep;
      if (exact || c < plan.d4) columns.push(c);
    }
    return columns;
  });
}

/** shareDot: each group's dot products in one chain, then group after group. */
function shareDot(ctx: Context, groups: number[][], row: number, k: number): Term {
  const { d4 } = ctx.plan;
  let total: Term = ZERO;
  for (const columns of groups) {
    let part: Term = ZERO;
    for (const c of columns) part = add(part, dot4(ctx.X, (row * d4 + c) * 4, ctx.W, (k * d4 + c) * 4));
    total = add(total, part);
  }
  return total;
}

type BlockEmulation = (ctx: Context, firstRow: number, endRow: number, k: number) => Partial;

/**
 * narrow.wgsl (main and fourVectors), and subgroup_rows.wgsl's main with one row per subgroup,
 * wide and fourVectors: each lane adds the block's rows in order into the columns it holds; the
 * lanes' dot-product parts meet in a subgroupAdd (several per row in wide).
 */
const sharedRows: BlockEmulation = (ctx, firstRow, endRow, k) => {
  const { plan } = ctx;
  const lanes = plan.colLanes;
  const columns = Array.from({ length: lanes }, (_, lane) => laneColumns(plan, lane));
  const partial = emptyPartial(plan.d4);
  for (let row = firstRow; row < endRow; row++) {
    const label = ctx.y[row];
    const parts = columns.map((groups) => shareDot(ctx, groups, row, k));
    const score = lanes === 1 ? parts[0] : plan.colLanes > plan.subgroupSize ? wideScore(plan, parts) : subgroupAdd(parts);
    const update = rowUpdate(ctx, score, k, label);
    for (const groups of columns) {
      for (const c of groups.flat()) addScaledHeld(ctx, partial.dw, c * 4, update.coefficient, (row * plan.d4 + c) * 4);
    }
    takeRow(partial, update);
  }
  noteRowHeight(ctx, partial);
  return partial;
};

/**
 * subgroup_rows.wgsl's wide: each subgroup's subgroupAdd goes to workgroup memory, four to a vec4;
 * lane q of every subgroup adds quads q, q + LANES, … as (x + y) + (z + w); a last subgroupAdd.
 */
function wideScore(plan: KernelPlan, parts: Term[]): Term {
  const lanes = plan.subgroupSize;
  const subgroups: Term[] = [];
  for (let s = 0; s < parts.length; s += lanes) subgroups.push(subgroupAdd(parts.slice(s, s + lanes)));
  const quads = Math.ceil(subgroups.length / 4);
  const component = (index: number) => subgroups[index] ?? ZERO;
  const mine = Array.from({ length: lanes }, (_, lane) => {
    let total: Term = ZERO;
    for (let q = lane; q < quads; q += lanes) {
      const quad = add(add(component(4 * q), component(4 * q + 1)), add(component(4 * q + 2), component(4 * q + 3)));
      total = add(total, quad);
    }
    return total;
  });
  return subgroupAdd(mine);
}

/**
 * subgroup_rows.wgsl's main with several rows per subgroup: ROW_LANES lanes of one vec4 each take
 * a row, a butterfly of shuffles gives its dot product; each lane adds its rows, and at the end a
 * butterfly over the subgroup's row offsets adds the lanes holding the same column.
 */
const subgroupRowsAtOnce: BlockEmulation = (ctx, firstRow, endRow, k) => {
  const { plan } = ctx;
  const rowLanes = plan.colLanes;
  const atOnce = plan.rowsPerSubgroup;
  const { d4 } = plan;
  // sums[offset][lane]: the four sums of column `lane` over the rows of that offset.
  const sums = Array.from({ length: atOnce }, () => Array.from({ length: rowLanes }, () => new Array<Term>(4).fill(ZERO)));
  const stats = Array.from({ length: atOnce }, (): RowStats => ({ loss: ZERO, slope: ZERO }));
  const partial = emptyPartial(d4);
  for (let first = firstRow; first < endRow; first += atOnce) {
    for (let offset = 0; offset < atOnce && first + offset < endRow; offset++) {
      const row = first + offset;
      const label = ctx.y[row];
      let values = Array.from({ length: rowLanes }, (_, lane) => (lane < d4 ? dot4(ctx.X, (row * d4 + lane) * 4, ctx.W, (k * d4 + lane) * 4) : ZERO));
      for (let mask = 1; mask < rowLanes; mask <<= 1) values = values.map((value, lane) => add(value, values[lane ^ mask]));
      const update = rowUpdate(ctx, values[0], k, label);
      for (let lane = 0; lane < Math.min(rowLanes, d4); lane++) addScaledHeld(ctx, sums[offset][lane], 0, update.coefficient, (row * d4 + lane) * 4);
      stats[offset] = addStats(stats[offset], update);
      if (update.active) partial.active++;
    }
  }
  // The butterfly over offsets: offset 0's lanes end with every offset's sum.
  let columnSums = sums;
  let offsetStats = stats;
  for (let mask = 1; mask < atOnce; mask <<= 1) {
    columnSums = columnSums.map((laneSums, offset) => laneSums.map((four, lane) => four.map((term, e) => add(term, columnSums[offset ^ mask][lane][e]))));
    offsetStats = offsetStats.map((own, offset) => addStats(own, offsetStats[offset ^ mask]));
  }
  for (let lane = 0; lane < d4; lane++) for (let e = 0; e < 4; e++) partial.dw[lane * 4 + e] = columnSums[0][lane][e];
  Object.assign(partial, offsetStats[0]);
  noteRowHeight(ctx, partial);
  return partial;
};

/**
 * fused.wgsl: ROW_LANES rows at a time, COL_LANES threads to a row (thread `lane` holding columns
 * lane, lane + COL_LANES, …); a tree over a row's lanes for its dot product; active rows only
 * update dw; at the end trees over the row lanes (dw) and over the whole workgroup (stats).
 */
const fusedBlock: BlockEmulation = (ctx, firstRow, endRow, k) => {
  const { plan } = ctx;
  const { d4, colLanes, rowLanes, vecsPerThread } = plan;
  const held = (lane: number) => Array.from({ length: vecsPerThread }, (_, v) => lane + v * colLanes).filter((c) => c < d4);
  const columns = Array.from({ length: colLanes }, (_, lane) => held(lane));
  // acc[rowLane][c]: the four sums of column c; stats[rowLane]: lane 0's loss and slope sums.
  const acc = Array.from({ length: rowLanes }, () => new Array<Term>(d4 * 4).fill(ZERO));
  const stats = Array.from({ length: rowLanes }, (): RowStats => ({ loss: ZERO, slope: ZERO }));
  const partial = emptyPartial(d4);
  for (let base = firstRow; base < endRow; base += rowLanes) {
    for (let rowLane = 0; rowLane < rowLanes && base + rowLane < endRow; rowLane++) {
      const row = base + rowLane;
      let parts = columns.map((cs) => cs.reduce((sum: Term, c) => add(sum, dot4(ctx.X, (row * d4 + c) * 4, ctx.W, (k * d4 + c) * 4)), ZERO));
      for (let stride = colLanes >> 1; stride > 0; stride >>= 1) {
        parts = parts.map((part, lane) => (lane < stride ? add(part, parts[lane + stride]) : part));
      }
      const label = ctx.y[row];
      const update = rowUpdate(ctx, parts[0], k, label);
      if (update.active) {
        for (const c of columns.flat()) addScaledColumn(acc[rowLane], c * 4, update.coefficient, ctx.X, (row * d4 + c) * 4);
      }
      stats[rowLane] = addStats(stats[rowLane], update);
      if (update.active) partial.active++;
    }
  }
  let sums = acc;
  let laneStats = stats;
  for (let stride = rowLanes >> 1; stride > 0; stride >>= 1) {
    sums = sums.map((row, rowLane) => (rowLane < stride ? row.map((term, i) => add(term, sums[rowLane + stride][i])) : row));
    laneStats = laneStats.map((own, rowLane) => (rowLane < stride ? addStats(own, laneStats[rowLane + stride]) : own));
  }
  partial.dw = sums[0];
  Object.assign(partial, laneStats[0]);
  noteRowHeight(ctx, partial);
  return partial;
};

/**
 * scores.wgsl then gradient.wgsl (for K ≥ 2 four vectors at once, in the same order): each row's
 * score in one chain over its columns; then each tile of columns adds the block's rows in order,
 * and tile 0 the loss terms and coefficients.
 */
const twoPassBlock: BlockEmulation = (ctx, firstRow, endRow, k) => {
  const { d4 } = ctx.plan;
  const partial = emptyPartial(d4);
  for (let row = firstRow; row < endRow; row++) {
    let score: Term = ZERO;
    for (let c = 0; c < d4; c++) score = add(score, dot4(ctx.X, (row * d4 + c) * 4, ctx.W, (k * d4 + c) * 4));
    const label = ctx.y[row];
    const update = rowUpdate(ctx, score, k, label);
    for (let c = 0; c < d4; c++) addScaledColumn(partial.dw, c * 4, update.coefficient, ctx.X, (row * d4 + c) * 4);
    takeRow(partial, update);
  }
  noteRowHeight(ctx, partial);
  return partial;
};

const STRATEGY_BLOCKS: Record<KernelPlan['strategy'], BlockEmulation> = {
  narrow: sharedRows,
  subgroup: (ctx, firstRow, endRow, k) =>
    (ctx.plan.rowsPerSubgroup > 1 ? subgroupRowsAtOnce : sharedRows)(ctx, firstRow, endRow, k),
  fused: fusedBlock,
  'two-pass': twoPassBlock,
};

function noteRowHeight(ctx: Context, partial: Partial): void {
  ctx.state.rowHeight = Math.max(ctx.state.rowHeight, partial.loss.height, ...partial.dw.map((term) => term.height));
}

/**
 * reduce_partials.wgsl: each group's slots in order, then the groups in order (one stage when
 * there is one group); then dw = Σ·(1/n) + λw in f32, and the loss and db as HingeKernel forms them.
 */
function reduce(ctx: Context, partials: Partial[], k: number, input: EmulationInput): EmulatedResult {
  const { plan, K } = ctx;
  const { d4, d, n } = plan;
  const groupSums: Partial[] = [];
  for (let group = 0; group < plan.groups; group++) {
    const sum = emptyPartial(d4);
    const end = Math.min((group + 1) * plan.slotsPerGroup, plan.slots);
    for (let slot = group * plan.slotsPerGroup; slot < end; slot++) accumulate(sum, partials[slot * K + k]);
    groupSums.push(sum);
  }
  let total = groupSums[0];
  if (plan.groups > 1) {
    total = emptyPartial(d4);
    for (const sum of groupSums) accumulate(total, sum);
  }
  noteRowHeight(ctx, total);
  const invN = f32(1 / n);
  const lambda = f32(input.lambda);
  const dw = new Float32Array(d);
  for (let j = 0; j < d; j++) dw[j] = f32(f32(total.dw[j].value * invN) + f32(lambda * ctx.W[k * d4 * 4 + j]));
  let wSquared = 0;
  for (let j = 0; j < d; j++) wSquared += input.W[k * d + j] * input.W[k * d + j];
  return {
    dw, dwSum: Float32Array.from({ length: d }, (_, j) => total.dw[j].value), lossSum: total.loss.value, slopeSum: total.slope.value, active: total.active,
    loss: total.loss.value / n + (input.lambda / 2) * wSquared, db: 0 + total.slope.value / n,
  };
}

function accumulate(into: Partial, from: Partial): void {
  for (let i = 0; i < into.dw.length; i++) into.dw[i] = add(into.dw[i], from.dw[i]);
  Object.assign(into, addStats(into, from));
  into.active += from.active;
}

/** rows×d values with each row zero-padded to d4 vec4s. */
function padRows(values: Float32Array, rows: number, d: number, d4: number): Float32Array {
  const out = new Float32Array(rows * d4 * 4);
  for (let r = 0; r < rows; r++) out.set(values.subarray(r * d, (r + 1) * d), r * d4 * 4);
  return out;
}
