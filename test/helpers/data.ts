// Seeded problem generators for the tests.
import type { HingeInput } from '../../src/index.js';

/** mulberry32: a tiny seeded generator, so every test sees the same data on every run. */
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

export interface ProblemOptions {
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

/** Labels from a noisy hidden separator, so some rows are active and some are not. */
export function randomProblem(options: ProblemOptions): Required<Omit<HingeInput, 'kink'>> & Pick<HingeInput, 'kink'> {
  const { n, d, seed = 1, xScale = 1, wScale = 1, b = 0.1, lambda = 0, kink } = options;
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
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
  for (let j = 0; j < d; j++) w[j] = (0.5 * hidden[j] + 0.5 * normal()) * wScale / Math.sqrt(d) / xScale;
  return { X, y, w, b, lambda, kink };
}

/**
 * Small integers throughout, with the last column chosen so that every `kinkEvery`-th row has a
 * margin of exactly 1: f32 computes these margins exactly, so the kink convention decides them.
 */
export function kinkProblem(n: number, d: number, seed = 7, kinkEvery = 2) {
  const random = seededRandom(seed);
  const int = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const X = new Float32Array(n * d);
  const y = new Float32Array(n);
  const w = new Float32Array(d);
  for (let j = 0; j < d - 1; j++) w[j] = int(-2, 2);
  w[d - 1] = 1;
  const b = 1;
  const kinkRows: number[] = [];
  for (let i = 0; i < n; i++) {
    y[i] = random() < 0.5 ? -1 : 1;
    let partial = b;
    for (let j = 0; j < d - 1; j++) {
      X[i * d + j] = int(-3, 3);
      partial += w[j] * X[i * d + j];
    }
    if (i % kinkEvery === 0) {
      // y (partial + x_last) = 1  ⇔  x_last = y − partial
      X[i * d + d - 1] = y[i] - partial;
      kinkRows.push(i);
    } else {
      X[i * d + d - 1] = int(-3, 3);
    }
  }
  return { X, y, w, b, kinkRows };
}
