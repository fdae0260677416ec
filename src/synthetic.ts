// Seeded synthetic problems, for trying the library, the benchmark and the tests.
import type { HingeInput } from './types.js';

/** mulberry32: a small, fast, seeded generator (not for cryptography). Values in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Standard normal values by Box–Muller, from two of `random`'s values each. */
export function normalFrom(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export interface SyntheticOptions {
  n: number;
  d: number;
  seed?: number;
  /** Scale of X's entries and of w's (margins scale with their product). */
  xScale?: number;
  wScale?: number;
  b?: number;
  lambda?: number;
  kink?: HingeInput['kink'];
}

export type SyntheticProblem = Required<Omit<HingeInput, 'kink'>> & Pick<HingeInput, 'kink'> & { y: Float32Array };

/**
 * Gaussian X, labels from a noisy hidden separator, and a w near that separator: some rows are
 * active and some are not, as in training.
 */
export function syntheticProblem(options: SyntheticOptions): SyntheticProblem {
  const { n, d, seed = 1, xScale = 1, wScale = 1, b = 0.1, lambda = 0, kink } = options;
  const random = seededRandom(seed);
  const normal = normalFrom(random);
  const X = new Float32Array(n * d);
  for (let k = 0; k < X.length; k++) X[k] = normal() * xScale;
  const hidden = Array.from({ length: d }, normal);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let score = 0.3 * normal();
    for (let j = 0; j < d; j++) score += hidden[j] * X[i * d + j];
    y[i] = score >= 0 ? 1 : -1;
  }
  const w = new Float32Array(d);
  for (let j = 0; j < d; j++) w[j] = ((0.5 * hidden[j] + 0.5 * normal()) * wScale) / Math.sqrt(d) / xScale;
  return { X, y, w, b, lambda, kink };
}

export interface SyntheticClassesOptions {
  n: number;
  d: number;
  /** C ≥ 2 classes. */
  classes: number;
  seed?: number;
  lambda?: number;
}

/**
 * syntheticProblem's X, with class labels from the highest score of C noisy hidden directions,
 * and W (C×d) near them: some terms are active and some are not, as in training.
 */
export function syntheticClasses(options: SyntheticClassesOptions) {
  const { n, d, classes: C, seed = 1, lambda = 0 } = options;
  const { X } = syntheticProblem({ n, d, seed });
  const random = seededRandom(seed + 1);
  const normal = normalFrom(random);
  const hidden = Float64Array.from({ length: C * d }, normal);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = -Infinity;
    for (let c = 0; c < C; c++) {
      let score = 0.3 * Math.sqrt(d) * normal();
      for (let j = 0; j < d; j++) score += hidden[c * d + j] * X[i * d + j];
      if (score > best) [best, y[i]] = [score, c];
    }
  }
  const W = Float32Array.from(hidden, (value) => (0.5 * value + 0.5 * normal()) / Math.sqrt(d));
  const b = Float32Array.from({ length: C }, () => 0.1 * normal());
  return { X, y, W, b, lambda };
}
