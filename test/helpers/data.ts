// Integer problems with margins exactly on the kink.
import { seededRandom } from '../../src/index.js';

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
