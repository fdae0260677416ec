// Input checks. Every error names what was wrong and where, and is thrown before any GPU work,
// so a bad call leaves the device untouched.
import type { HingeInput, HingeManyParams, HingeParams, Kink, Labels, Reduction } from './types.js';

const KINKS: readonly Kink[] = ['zero', 'include'];
const INPUT_KEYS = ['X', 'y', 'w', 'b', 'lambda', 'kink'] as const;
const PARAM_KEYS = ['w', 'b', 'lambda', 'kink', 'margin'] as const;

export interface ValidInput {
  X: Float32Array;
  y: Float32Array;
  w: Float32Array;
  b: number;
  lambda: number;
  kink: Kink;
  n: number;
  d: number;
}

export interface ValidParams {
  w: Float32Array;
  b: number;
  lambda: number;
  kink: Kink;
  /** Δ, the margin each hinge term asks for (1 unless a resident kernel's run is given another). */
  margin: number;
}

export function assertKnownKeys(object: object, allowed: readonly string[], what: string): void {
  if (object === null || typeof object !== 'object') {
    throw new TypeError(`${what} must be an object, got ${describe(object)}`);
  }
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) {
      throw new Error(`unknown option '${key}' in ${what} (expected one of: ${allowed.join(', ')})`);
    }
  }
}

/** What a value is, for error messages: its typed-array kind, 'a plain Array', or its typeof. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (ArrayBuffer.isView(value)) return value.constructor.name;
  if (Array.isArray(value)) return 'a plain Array';
  return typeof value;
}

/** Checks X and y, X's values included, and returns n, d and the labels as f32 (the form the GPU reads). */
export function validateData(X: unknown, y: unknown, d?: number): { n: number; d: number; labels: Float32Array } {
  const checked = validateShape(X, y, d);
  const badX = firstNonFinite(X as Float32Array);
  if (badX >= 0) throw new Error(nonFiniteMessage((X as Float32Array)[badX], badX, checked.d));
  return checked;
}

/** "X contains NaN at row r, column c (index i)": for the CPU's check and the GPU's alike. */
export function nonFiniteMessage(value: number, index: number, d: number): string {
  const row = Math.floor(index / d);
  return `X contains ${value} at row ${row}, column ${index - row * d} (index ${index})`;
}

/**
 * validateData without the scan of X's values: HingeKernel checks those on the GPU, in the first
 * run after setData, which names the first non-finite value the same way.
 */
export function validateShape(
  X: unknown, y: unknown, d?: number, labelsOf: (y: unknown) => Float32Array = signLabels,
): { n: number; d: number; labels: Float32Array } {
  if (!(X instanceof Float32Array)) {
    throw new TypeError(`X must be a Float32Array (n×d, row-major), got ${describe(X)}; convert with new Float32Array(...)`);
  }
  // n from y's length first, so that shapes are named before label values.
  const n = ArrayBuffer.isView(y) && 'length' in y ? (y.length as number) : labelsOf(y).length;
  if (n === 0) throw new Error('n = 0: y is empty, there are no rows');
  if (d === 0) throw new Error('d = 0: w is empty, rows have no columns');
  if (d === undefined) {
    if (X.length % n !== 0) {
      throw new Error(`X has ${X.length} elements, which is not a multiple of n = y.length = ${n}`);
    }
    d = X.length / n;
  } else if (X.length !== n * d) {
    throw new Error(`X has ${X.length} elements but n·d = ${n}·${d} = ${n * d} (n = y.length, d = w.length)`);
  }
  if (d === 0) throw new Error('d = 0: X is empty, rows have no columns');
  return { n, d, labels: labelsOf(y) };
}

/** ±1 labels as f32, as the kernels read them. */
function signLabels(y: unknown): Float32Array {
  if (!(y instanceof Float32Array || y instanceof Int8Array || y instanceof Int32Array)) {
    throw new TypeError(`y must be a Float32Array, Int8Array or Int32Array of ±1, got ${describe(y)}`);
  }
  for (let i = 0; i < y.length; i++) {
    const label = y[i];
    if (label !== 1 && label !== -1) {
      throw new Error(`y[${i}] = ${label}: labels must be -1 or +1`);
    }
  }
  return y instanceof Float32Array ? y : Float32Array.from(y);
}

/** Values per block of the scan below: a block whose sum of x·0 is NaN holds the first bad value. */
const SCAN_BLOCK = 4096;

/**
 * The index of the first NaN or ±Inf, or −1. x·0 is NaN exactly when x is not finite, and a sum
 * of them is NaN exactly when one is: a loop with no branch per value, in four independent sums
 * so that the additions need not wait for each other (docs/performance.md), then a search in the
 * block that has one.
 */
export function firstNonFinite(values: Float32Array): number {
  for (let start = 0; start < values.length; start += SCAN_BLOCK) {
    const end = Math.min(start + SCAN_BLOCK, values.length);
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let i = start;
    for (; i + 4 <= end; i += 4) {
      s0 += values[i] * 0;
      s1 += values[i + 1] * 0;
      s2 += values[i + 2] * 0;
      s3 += values[i + 3] * 0;
    }
    for (; i < end; i++) s0 += values[i] * 0;
    if (s0 + s1 + s2 + s3 === 0) continue;
    for (let k = start; k < end; k++) if (!Number.isFinite(values[k])) return k;
  }
  return -1;
}

/** Checks w, b, λ and kink for a problem with d columns. */
export function validateParams(params: HingeParams, d: number, allowed: readonly string[] = PARAM_KEYS): ValidParams {
  assertKnownKeys(params, allowed, 'the parameters');
  const { w, b, lambda = 0, kink = 'zero', margin = 1 } = params;
  if (!(w instanceof Float32Array)) {
    throw new TypeError(`w must be a Float32Array of length d, got ${describe(w)}`);
  }
  if (w.length !== d) throw new Error(`w has length ${w.length} but X has d = ${d} columns`);
  const badW = firstNonFinite(w);
  if (badW >= 0) throw new Error(`w contains ${w[badW]} at index ${badW}`);
  if (typeof b !== 'number') throw new TypeError(`b must be a number, got ${describe(b)}`);
  if (!Number.isFinite(b)) throw new Error(`b is ${b}; it must be finite`);
  if (typeof lambda !== 'number' || !Number.isFinite(lambda)) {
    throw new Error(`lambda is ${String(lambda)}; it must be a finite number >= 0`);
  }
  if (lambda < 0) throw new Error(`lambda is ${lambda}; it must be >= 0`);
  if (!KINKS.includes(kink)) {
    throw new Error(`unknown kink '${String(kink)}' (expected 'zero' or 'include')`);
  }
  if (typeof margin !== 'number' || !Number.isFinite(margin) || margin < 0) throw new Error(`margin is ${String(margin)}; it must be a finite number >= 0`);
  return { w, b, lambda, kink, margin };
}

/** Checks a problem's keys, w, b, λ and kink, but not X and y: d comes from w. */
export function validateInputParams(input: HingeInput): ValidParams {
  assertKnownKeys(input, INPUT_KEYS, 'the input');
  const w = input.w;
  if (!(w instanceof Float32Array)) {
    throw new TypeError(`w must be a Float32Array of length d, got ${describe(w)}`);
  }
  return validateParams({ w, b: input.b, lambda: input.lambda, kink: input.kink }, w.length);
}

/** Checks a whole problem. n comes from y, d from w. */
export function validateInput(input: HingeInput): ValidInput {
  const params = validateInputParams(input);
  const { n, d, labels } = validateData(input.X, input.y, params.w.length);
  return { X: input.X, y: labels, n, d, ...params };
}

export interface ValidManyParams {
  W: Float32Array;
  biases: number[];
  lambda: number;
  kink: Kink;
  margin: number;
}

/** Checks K weight vectors (W as K×d, b as K numbers), K at most maxVectors. */
export function validateManyParams(params: HingeManyParams, d: number, maxVectors: number): ValidManyParams {
  assertKnownKeys(params, ['W', 'b', 'lambda', 'kink', 'margin'], 'the parameters');
  const { W, b } = params;
  if (!(W instanceof Float32Array)) throw new TypeError(`W must be a Float32Array of K×d, got ${describe(W)}`);
  if (W.length === 0 || W.length % d !== 0) throw new Error(`W has ${W.length} elements, not a positive multiple of d = ${d}`);
  const vectors = W.length / d;
  if (vectors > maxVectors) {
    throw new Error(`W holds ${vectors} weight vectors but this kernel takes at most ${maxVectors} (the maxVectors option)`);
  }
  if (b === null || typeof b !== 'object' || typeof (b as ArrayLike<number>).length !== 'number') {
    throw new TypeError(`b must be an array of ${vectors} biases, got ${describe(b)}`);
  }
  if (b.length !== vectors) throw new Error(`b has ${b.length} biases but W holds ${vectors} weight vectors`);
  const badW = firstNonFinite(W);
  if (badW >= 0) throw new Error(`W contains ${W[badW]} at vector ${Math.floor(badW / d)}, index ${badW % d}`);
  const biases = Array.from(b);
  biases.forEach((bias, k) => {
    if (typeof bias !== 'number' || !Number.isFinite(bias)) throw new Error(`b[${k}] is ${String(bias)}; it must be a finite number`);
  });
  const { lambda, kink, margin } = validateParams({ w: W.subarray(0, d), b: biases[0], lambda: params.lambda, kink: params.kink, margin: params.margin }, d);
  return { W, biases, lambda, kink, margin };
}

/** Checks a reduction: 'mean' or 'sum', and no λ with 'sum' (the regulariser is combineGradients'). */
export function validateReduction(reduction: unknown, lambda: number | undefined): Reduction {
  if (reduction !== 'mean' && reduction !== 'sum') throw new Error(`unknown reduction '${String(reduction)}' (expected 'mean' or 'sum')`);
  if (reduction === 'sum' && lambda) {
    throw new Error("lambda is for combineGradients: with reduction 'sum' a run returns the data term's sums, without the regulariser");
  }
  return reduction;
}
