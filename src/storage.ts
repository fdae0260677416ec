// How X is stored on the GPU: f32 as given, or fewer bytes per element. The kernels read the
// stored values X̂ exactly and compute the gradient of X̂ (the checker holds them to it):
//   bf16  the top 16 bits of the f32, rounded to nearest even: 8 significant bits, f32's range;
//   f16   IEEE half precision: 11 significant bits, |x| ≤ 65504 (larger is an error);
//   int8  q_ij = round(x_ij / s_j) with s_j = max_i |x_ij| / 127 per column; X̂ = q·s, within half
//         a step s_j/2 of X (a column of zeros has s_j = 0 and q = 0).
// Packed in u32 words along each row, padded to whole vec4s of X: two 16-bit values per word (the
// first in the low half), or four int8 values (the first in the low byte).
import { nonFiniteMessage } from './validate.js';

export type Storage = 'f32' | 'bf16' | 'f16' | 'int8';
export const STORAGES: readonly Storage[] = ['f32', 'bf16', 'f16', 'int8'];

/** Bytes of one stored vec4 of X (four elements). */
export const STORAGE_VEC4_BYTES: Record<Storage, number> = { f32: 16, bf16: 8, f16: 8, int8: 4 };

const f32 = new Float32Array(1);
const bits = new Uint32Array(f32.buffer);

/** x rounded to bf16 (nearest, ties to even), as its 16 bits. */
export function toBf16Bits(x: number): number {
  f32[0] = x;
  return bf16OfBits(bits[0]);
}

/** The bf16 bits of the f32 whose bits are `word`. */
function bf16OfBits(word: number): number {
  if ((word & 0x7f800000) === 0x7f800000) return (word >>> 16) | (word & 0xffff ? 0x40 : 0); // Inf, NaN
  return ((word + 0x7fff + ((word >>> 16) & 1)) >>> 16) & 0xffff;
}

export function fromBf16Bits(half: number): number {
  bits[0] = half << 16;
  return f32[0];
}

/** x rounded to IEEE f16 (nearest, ties to even), as its 16 bits; NaN for |x| beyond 65504 after rounding. */
export function toF16Bits(x: number): number {
  f32[0] = x;
  return f16OfBits(bits[0]);
}

/** The f16 bits of the f32 whose bits are `word`. */
function f16OfBits(word: number): number {
  const sign = (word >>> 16) & 0x8000;
  const exponent = (word >>> 23) & 0xff;
  const mantissa = word & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // overflow: ±Inf
  if (e <= 0) {
    // A subnormal f16 (or 0): the mantissa with its hidden bit, shifted into place, rounded.
    if (e < -10) return sign;
    const full = mantissa | 0x800000;
    const shift = 14 - e;
    const halfway = 1 << (shift - 1);
    const rest = full & ((1 << shift) - 1);
    let value = full >>> shift;
    if (rest > halfway || (rest === halfway && value & 1)) value++;
    return sign | value;
  }
  let value = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && value & 1)) value++; // may carry into the exponent: still right
  return sign | value;
}

export function fromF16Bits(half: number): number {
  const sign = half & 0x8000 ? -1 : 1;
  const exponent = (half >>> 10) & 0x1f;
  const mantissa = half & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** int8's per-column scales, s_j = max_i |x_ij| / 127 rounded to f32. */
export function int8Scales(X: Float32Array, n: number, d: number): Float32Array {
  const largest = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) largest[j] = Math.max(largest[j], Math.abs(X[i * d + j]));
  return Float32Array.from(largest, (value) => value / 127);
}

/**
 * What one unit of the int8 kernels' value in column j is worth, besides s_j: int8_widen.wgsl
 * widens the code in byte k = j mod 4 of its word to q·2^(8k), so the kernels take w_j·s_j·2^(−8k),
 * and column j's gradient sum comes back 2^(8k) times too large. Powers of two, so both are exact,
 * but for a weight that the factor makes subnormal (which the results' sumDepths declare).
 */
export const int8CodeUnit = (j: number): number => 2 ** (-8 * (j % 4));

/**
 * The products w_j·x̂_ij that the int8 kernels may lose to a flushed weight are smaller than this:
 * they read ŵ_j·2^(−8k) (ŵ = w∘s rounded) against q·2^(8k) with |q| ≤ 127, so a subnormal ŵ_j·2^(−8k)
 * means |ŵ_j·q| < 127·2⁻¹⁰², and w_j·x̂_ij is within two roundings to nearest of ŵ_j·q.
 */
export const INT8_FLUSHED_PRODUCTS_BELOW = 2 ** -95;

/** Whether X packed as f16 (packRows) holds a subnormal f16: a half whose exponent bits are 0 and mantissa is not. */
export function hasF16Subnormal(packed: Uint32Array): boolean {
  for (const word of packed) {
    if (((word & 0x7c00) === 0 && (word & 0x3ff) !== 0) || ((word & 0x7c000000) === 0 && (word & 0x3ff0000) !== 0)) return true;
  }
  return false;
}

/**
 * Rows [firstRow, firstRow + rows) of X packed as `storage` into u32 words, d4 vec4s per row.
 * Throws naming the row and column of a value that is not finite, or beyond f16's range.
 */
export function packRows(X: Float32Array, d: number, d4: number, firstRow: number, rows: number, storage: Storage, scales: Float32Array): Uint32Array {
  return storage === 'int8' ? packInt8(X, d, d4, firstRow, rows, scales) : packHalves(X, d, d4, firstRow, rows, storage === 'f16');
}

/** Four codes q = round(x / s_j) per word, the first in the low byte. */
function packInt8(X: Float32Array, d: number, d4: number, firstRow: number, rows: number, scales: Float32Array): Uint32Array {
  const out = new Uint32Array(rows * d4);
  const code = (index: number, j: number): number => {
    const x = X[index];
    if (x - x !== 0) throw new Error(nonFiniteMessage(x, index, d));
    const scale = scales[j];
    if (scale === 0) return 0;
    const q = Math.round(x / scale);
    return (q > 127 ? 127 : q < -127 ? -127 : q) & 0xff;
  };
  for (let r = 0; r < rows; r++) {
    const row = (firstRow + r) * d;
    let j = 0;
    for (; j + 4 <= d; j += 4) {
      const at = row + j;
      out[r * d4 + (j >> 2)] = code(at, j) | (code(at + 1, j + 1) << 8) | (code(at + 2, j + 2) << 16) | (code(at + 3, j + 3) << 24);
    }
    let last = 0;
    for (let k = 0; j + k < d; k++) last |= code(row + j + k, j + k) << (8 * k);
    if (j < d) out[r * d4 + (j >> 2)] = last;
  }
  return out;
}

/** Two bf16 or f16 values per word, the first in the low half, rounded from X's bits. */
function packHalves(X: Float32Array, d: number, d4: number, firstRow: number, rows: number, f16: boolean): Uint32Array {
  const words = new Uint32Array(X.buffer, X.byteOffset, X.length);
  const wordsPerRow = d4 * 2;
  const out = new Uint32Array(rows * wordsPerRow);
  const half = (r: number, j: number): number => {
    const index = (firstRow + r) * d + j;
    const word = words[index];
    if ((word & 0x7f800000) === 0x7f800000) throw new Error(nonFiniteMessage(X[index], index, d));
    if (!f16) return bf16OfBits(word);
    const code = f16OfBits(word);
    if ((code & 0x7c00) === 0x7c00) {
      throw new Error(`X[row ${firstRow + r}, column ${j}] = ${X[index]} is beyond f16's range (±65504): use storage 'bf16' or 'f32', or scale the column`);
    }
    return code;
  };
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < d; j += 2) {
      out[r * wordsPerRow + (j >> 1)] = half(r, j) | (j + 1 < d ? half(r, j + 1) << 16 : 0);
    }
  }
  return out;
}

/** The value the kernels read for stored code `code` of column j. */
function decode(code: number, storage: Storage, scale: number): number {
  if (storage === 'bf16') return fromBf16Bits(code);
  if (storage === 'f16') return fromF16Bits(code);
  const q = code & 0x80 ? code - 256 : code;
  return Math.fround(q * scale);
}

/** X̂ = what the kernels compute the gradient of, for X (n·d, row-major) stored as `storage`. */
export function storedX(X: Float32Array, d: number, storage: Storage): Float32Array {
  return storedValues(X, d, storage, storage === 'int8' ? int8Scales(X, X.length / d, d) : new Float32Array(0));
}

function storedValues(X: Float32Array, d: number, storage: Storage, scales: Float32Array): Float32Array {
  if (storage === 'f32') return X;
  const n = X.length / d;
  const d4 = Math.ceil(d / 4);
  const packed = packRows(X, d, d4, 0, n, storage, scales);
  const perWord = storage === 'int8' ? 4 : 2;
  const wordsPerRow = (d4 * 4) / perWord;
  const bitsPer = 32 / perWord;
  const mask = storage === 'int8' ? 0xff : 0xffff;
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const code = (packed[i * wordsPerRow + Math.floor(j / perWord)] >>> ((j % perWord) * bitsPer)) & mask;
      out[i * d + j] = decode(code, storage, scales[j] ?? 0);
    }
  }
  return out;
}

/** Per column, max_i |x_ij − x̂_ij|: what the storage changed in X. */
export function quantizationError(X: Float32Array, stored: Float32Array, d: number): Float64Array {
  const error = new Float64Array(d);
  for (let k = 0; k < X.length; k++) error[k % d] = Math.max(error[k % d], Math.abs(X[k] - stored[k]));
  return error;
}
