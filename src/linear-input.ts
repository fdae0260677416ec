// The loss family's input: its type and its one validation. Every error names the field, the
// position where it has one, and what was expected.
import { LOSSES, LOSS_NAMES, type Loss, type LossName } from './losses.js';
import type { Kink } from './types.js';
import { assertKnownKeys, describe, firstNonFinite } from './validate.js';

/** Binary losses: ±1. Multiclass losses: class indices 0..C−1 (a Float32Array may hold them as integers). */
export type ClassLabels = Float32Array | Int8Array | Int32Array | Uint32Array | Uint8Array;

export interface LinearInput {
  /** n×d, row-major. */
  X: Float32Array;
  y: ClassLabels;
  /** C×d: row c holds class c's weights (scikit-learn's coef_ layout); C = 1 for binary losses. */
  W: Float32Array;
  /** C biases; a plain number when C = 1. */
  b: Float32Array | number[] | number;
  lambda?: number;
  loss?: LossName;
  kink?: Kink;
  /** Δ, the margin each hinge term asks for. */
  margin?: number;
  /** n row weights s_i ≥ 0 (default 1): ℓ = (1/n) Σ_i s_i ℓ_i + (λ/2)‖W‖². */
  sampleWeight?: Float32Array;
}

export interface ValidLinearInput {
  X: Float32Array;
  /** ±1 or class indices, as numbers. */
  labels: Float64Array;
  W: Float32Array;
  biases: Float64Array;
  sampleWeight?: Float32Array;
  lambda: number;
  loss: Loss;
  kink: Kink;
  margin: number;
  n: number;
  d: number;
  C: number;
}

const KEYS = ['X', 'y', 'W', 'b', 'lambda', 'loss', 'kink', 'margin', 'sampleWeight'];

export function validateLinearInput(input: LinearInput): ValidLinearInput {
  assertKnownKeys(input, KEYS, 'the input');
  const { X, y, W, lambda = 0, loss: lossName = 'hinge', kink = 'zero', margin = 1, sampleWeight } = input;
  const loss = LOSSES[lossName as LossName];
  if (!loss || !Object.hasOwn(LOSSES, lossName)) {
    throw new Error(`unknown loss '${String(lossName)}' (expected ${LOSS_NAMES.map((name) => `'${name}'`).join(', ')})`);
  }
  if (kink !== 'zero' && kink !== 'include') throw new Error(`unknown kink '${String(kink)}' (expected 'zero' or 'include')`);
  if (!(X instanceof Float32Array)) throw new TypeError(`X must be a Float32Array (n×d, row-major), got ${describe(X)}`);
  if (!(W instanceof Float32Array)) throw new TypeError(`W must be a Float32Array (C×d, row c for class c), got ${describe(W)}`);
  assertLabelType(y);
  const n = y.length;
  if (n === 0) throw new Error('n = 0: y is empty, there are no rows');
  if (X.length === 0 || X.length % n !== 0) throw new Error(`X has ${X.length} elements, not a positive multiple of n = y.length = ${n}`);
  const d = X.length / n;
  if (W.length === 0 || W.length % d !== 0) throw new Error(`W has ${W.length} elements, not a positive multiple of d = ${d} (W is C×d)`);
  const C = W.length / d;
  if (loss.labels === 'sign' && C !== 1) {
    throw new Error(`W holds C = ${C} weight vectors, but the '${loss.name}' loss is binary and takes one (C = 1): for classes use a multiclass loss`);
  }
  if (loss.labels === 'class' && C < 2) throw new Error(`the '${loss.name}' loss needs C ≥ 2 classes, and W holds ${C} weight vector`);
  if (typeof lambda !== 'number' || !Number.isFinite(lambda) || lambda < 0) throw new Error(`lambda is ${String(lambda)}; it must be a finite number >= 0`);
  if (typeof margin !== 'number' || !Number.isFinite(margin) || margin < 0) throw new Error(`margin is ${String(margin)}; it must be a finite number >= 0`);
  const badX = firstNonFinite(X);
  if (badX >= 0) throw new Error(`X contains ${X[badX]} at row ${Math.floor(badX / d)}, column ${badX % d} (index ${badX})`);
  const badW = firstNonFinite(W);
  if (badW >= 0) throw new Error(`W contains ${W[badW]} at class ${Math.floor(badW / d)}, column ${badW % d}`);
  return {
    X, W, n, d, C, lambda, loss, kink, margin,
    labels: checkedLabels(y, loss, C),
    biases: checkedBiases(input.b, C),
    ...(sampleWeight === undefined ? {} : { sampleWeight: checkedWeights(sampleWeight, n) }),
  };
}

function assertLabelType(y: unknown): asserts y is ClassLabels {
  const labelTypes = [Float32Array, Int8Array, Int32Array, Uint32Array, Uint8Array];
  if (!labelTypes.some((type) => y instanceof type)) {
    throw new TypeError(`y must be a Float32Array, Int8Array, Int32Array, Uint32Array or Uint8Array, got ${describe(y)}`);
  }
}

/** y checked for `loss` with C classes, as the kernels read it: f32 (class indices below 2^24 are exact). */
export function kernelLabels(y: unknown, loss: Loss, C: number): Float32Array {
  assertLabelType(y);
  return Float32Array.from(checkedLabels(y, loss, C));
}

function checkedLabels(y: ClassLabels, loss: Loss, C: number): Float64Array {
  const labels = Float64Array.from(y);
  labels.forEach((label, i) => {
    if (loss.labels === 'sign') {
      if (label !== 1 && label !== -1) {
        const hint = Number.isInteger(label) && label >= 0 ? ' (class indices need a multiclass loss)' : '';
        throw new Error(`y[${i}] = ${label}: the '${loss.name}' loss takes labels -1 or +1${hint}`);
      }
    } else if (!Number.isInteger(label)) {
      throw new Error(`y[${i}] = ${label} is not an integer: the '${loss.name}' loss takes class indices 0..${C - 1}`);
    } else if (label < 0 || label >= C) {
      const hint = label === -1 ? ' (±1 labels need a binary loss)' : '';
      throw new Error(`y[${i}] = ${label} is out of range: the '${loss.name}' loss takes class indices 0..${C - 1}, as W holds C = ${C} classes${hint}`);
    }
  });
  return labels;
}

export function checkedBiases(b: LinearInput['b'], C: number): Float64Array {
  if (typeof b === 'number') {
    if (C !== 1) throw new Error(`b is a number, but W holds C = ${C} classes: give C biases`);
    if (!Number.isFinite(b)) throw new Error(`b is ${b}; it must be finite`);
    return Float64Array.of(b);
  }
  if (!(b instanceof Float32Array || Array.isArray(b))) throw new TypeError(`b must be a Float32Array or an array of C biases, got ${describe(b)}`);
  if (b.length !== C) throw new Error(`b has ${b.length} biases but W holds C = ${C} classes`);
  const biases = Float64Array.from(b as ArrayLike<number>);
  biases.forEach((bias, c) => {
    if (!Number.isFinite(bias)) throw new Error(`b[${c}] is ${String((b as ArrayLike<unknown>)[c])}; it must be a finite number`);
  });
  return biases;
}

export function checkedWeights(weights: unknown, n: number): Float32Array {
  if (!(weights instanceof Float32Array)) throw new TypeError(`sampleWeight must be a Float32Array of n = ${n} weights, got ${describe(weights)}`);
  if (weights.length !== n) throw new Error(`sampleWeight has ${weights.length} weights but there are n = ${n} rows`);
  weights.forEach((weight, i) => {
    if (!(weight >= 0) || !Number.isFinite(weight)) throw new Error(`sampleWeight[${i}] is ${weight}; weights must be finite and >= 0`);
  });
  return weights;
}
