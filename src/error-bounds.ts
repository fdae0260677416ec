// Rounding-error bounds for f32 arithmetic (Higham, "Accuracy and Stability of Numerical
// Algorithms", §3.1): a sum whose additions form a tree of height h is off from the exact sum of
// its terms by at most γ_h · Σ|terms|, with γ_h = h·u / (1 − h·u).
import type { SumDepths } from './types.js';

/**
 * Unit roundoff of the GPU's f32 arithmetic. WGSL requires f32 `+`, `−` and `*` to be "correctly
 * rounded" (WGSL §15.7.1 Floating Point Accuracy), which it defines as either of the two f32
 * values nearest the exact result, not necessarily the nearer (the WebGPU CTS's fp_primer reads
 * it the same way). So a GPU operation may be off by a whole ulp: u = 2⁻²³, not round-to-nearest's 2⁻²⁴.
 */
export const WGSL_F32_UNIT_ROUNDOFF = 2 ** -23;
/** Round to nearest: a float64 value stored as f32 on the CPU (Float32Array, Math.fround). */
export const F32_ROUND_TO_NEAREST = 2 ** -24;
export const F64_UNIT_ROUNDOFF = 2 ** -53;
/** Smallest normal f32. GPUs may flush subnormals to zero, losing up to this much per operation. */
export const F32_MIN_NORMAL = 2 ** -126;

/** Whether a nonzero f32 is subnormal, which a GPU may read as 0. */
export const isSubnormal = (value: number): boolean => value !== 0 && Math.abs(value) < F32_MIN_NORMAL;

/**
 * How far w·x_i can move, beyond the roundings that the depths bound, when a GPU flushes its inputs:
 * a product with a subnormal operand may vanish, and so may any product below `flushedBelow`
 * (SumDepths.flushedProductsBelow), each taking its whole size with it.
 */
export function flushableDot(X: Float32Array, w: Float32Array, i: number, flushedBelow = 0): number {
  const d = w.length;
  const row = i * d;
  let lost = 0;
  for (let j = 0; j < d; j++) {
    const product = Math.abs(w[j] * X[row + j]);
    if (product !== 0 && (product < flushedBelow || isSubnormal(w[j]) || isSubnormal(X[row + j]))) lost += product;
  }
  return lost;
}

export function gamma(k: number, unitRoundoff = WGSL_F32_UNIT_ROUNDOFF): number {
  return gammaOf(k * unitRoundoff);
}

/**
 * γ for a product of factors (1 + δ_i) with |δ_i| ≤ u_i, given Σ u_i (Higham, Lemma 3.1, whose
 * proof holds with a different bound for each factor): mixes GPU and round-to-nearest steps.
 */
export function gammaOf(unitRoundoffSum: number): number {
  return unitRoundoffSum < 1 ? unitRoundoffSum / (1 - unitRoundoffSum) : Infinity;
}

/**
 * γ of the final scaling, dw = Σ·(1/n) + λw: 1/n and λ are rounded to f32 on the host (to
 * nearest), then the GPU's product and the addition: at most one host step and two GPU steps
 * behind either term.
 */
export const FINISH_GAMMA = gammaOf(F32_ROUND_TO_NEAREST + 2 * WGSL_F32_UNIT_ROUNDOFF);

const f32Scratch = new Float32Array(1);
const u32Scratch = new Uint32Array(f32Scratch.buffer);

/** The exponent e of the lowest set bit of a nonzero f32: v is an odd multiple of 2^e. */
export function lowestBitExponent(value: number): number {
  f32Scratch[0] = value;
  const bits = u32Scratch[0];
  const biasedExponent = (bits >>> 23) & 0xff;
  const fraction = bits & 0x7fffff;
  const significand = biasedExponent === 0 ? fraction : fraction | 0x800000;
  const trailingZeros = 31 - Math.clz32(significand & -significand);
  return trailingZeros + Math.max(biasedExponent, 1) - 150;
}

/**
 * Whether f32 computes w·x_i + b without any rounding, in any order: every product and partial
 * sum is then a multiple of 2^e (e the lowest bit among the terms, no lower than the smallest
 * normal, so nothing is flushed) no larger than 2^(24+e), which f32 holds exactly. Not with a
 * subnormal operand, which a GPU may flush.
 */
export function dotIsExact(X: Float32Array, w: Float32Array, b: number, i: number): boolean {
  if (Math.fround(b) !== b) return false;
  const d = w.length;
  const row = i * d;
  let lowest = b === 0 ? Infinity : lowestBitExponent(b);
  let absSum = Math.abs(b);
  for (let j = 0; j < d; j++) {
    const x = X[row + j];
    if (x === 0 || w[j] === 0) continue;
    if (isSubnormal(x) || isSubnormal(w[j])) return false; // a GPU may read it as 0
    lowest = Math.min(lowest, lowestBitExponent(x) + lowestBitExponent(w[j]));
    absSum += Math.abs(w[j] * x);
  }
  if (lowest === Infinity) return true;
  return lowest >= -126 && absSum <= 2 ** (24 + lowest);
}

/**
 * Whether a kernel of these depths computes w·x_i + b exactly: dotIsExact, unless its products are
 * not w_j·x_ij (SumDepths.productsRounded).
 */
export function kernelDotIsExact(X: Float32Array, w: Float32Array, b: number, i: number, depths: SumDepths): boolean {
  return !depths.productsRounded && dotIsExact(X, w, b, i);
}

/**
 * How far a kernel's f32 w·x_i + b and the f64 reference's may together be from the exact value,
 * given Σ|b| + Σ_j |w_j·x_ij| (absDot): Higham's γ for each sum, a flushed result per operation,
 * and the products that flushed inputs may take with them (flushableDot).
 */
export function dotErrorBound(X: Float32Array, w: Float32Array, i: number, absDot: number, depths: SumDepths): number {
  return gamma(depths.dot + 2) * absDot + (depths.dot + 2) * F32_MIN_NORMAL + gamma(w.length + 2, F64_UNIT_ROUNDOFF) * absDot
    + flushableDot(X, w, i, depths.flushedProductsBelow);
}
