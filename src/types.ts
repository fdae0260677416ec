/** Which rows count as active at the kink (margin exactly 1). See the README. */
export type Kink = 'zero' | 'include';

/** Labels: ±1 for each of the n rows. */
export type Labels = Float32Array | Int8Array | Int32Array;

/** One hinge-loss problem: X is n×d row-major; n = y.length, d = w.length. */
export interface HingeInput {
  X: Float32Array;
  y: Labels;
  w: Float32Array;
  b: number;
  lambda?: number;
  kink?: Kink;
}

/** The parameters of one gradient evaluation over data already resident in a HingeKernel. */
export interface HingeParams {
  w: Float32Array;
  b: number;
  lambda?: number;
  kink?: Kink;
  /** Δ, the margin each hinge term asks for (default 1). */
  margin?: number;
}

/**
 * 'mean' (the default): the loss and its gradient. 'sum': the data term's sums over the rows and
 * their count, unnormalised and without the regulariser, so that parts of the rows (shards on
 * several devices, workers or machines) merge with combineGradients.
 */
export type Reduction = 'mean' | 'sum';

/** A run with reduction 'sum': Σ_i max(0, 1 − m_i), Σ_active (−y_i x_i), Σ_active (−y_i), over `rows` rows. */
export interface HingeSums {
  reduction: 'sum';
  rows: number;
  lossSum: number;
  dwSum: Float32Array;
  dbSum: number;
  active: number;
  sumDepths: SumDepths;
}

/** K weight vectors evaluated together over the same resident data (HingeKernel.run). */
export interface HingeManyParams {
  /** K×d, row-major: one weight vector per row. */
  W: Float32Array;
  /** K biases. */
  b: ArrayLike<number>;
  lambda?: number;
  kink?: Kink;
  margin?: number;
}

/**
 * Longest chains of f32 additions behind the GPU's sums; the checker's error bounds use them.
 * rowSum: behind any sum over rows (dw, the hinge sum); dot: behind one row's w·x_i + b.
 */
export interface SumDepths {
  rowSum: number;
  dot: number;
  /**
   * Products w_j·x_ij smaller than this may vanish from a dot product: the int8 kernels read w∘s
   * scaled down by up to 2⁻²⁴, which a GPU may flush to zero when subnormal. Absent: only products
   * with a subnormal operand may vanish.
   */
  flushedProductsBelow?: number;
  /**
   * The kernel multiplies other values than w_j and x_ij (the int8 kernels: w_j·s_j rounded, by the
   * codes), so a dot product that f32 computes exactly from w and X may still round there.
   */
  productsRounded?: boolean;
}

export interface HingeResult {
  loss: number;
  dw: Float32Array;
  db: number;
  /** Number of active rows (margin < 1, or <= 1 with kink 'include'). */
  active: number;
  /** How deep the kernel's f32 sums were, for checkGradient. */
  sumDepths: SumDepths;
}

export interface HingeReference {
  loss: number;
  dw: Float64Array;
  db: number;
  active: number;
}
