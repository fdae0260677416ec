// An f32 implementation of the hinge gradient, written the way a person would by hand, with the
// mistakes people make available as switches. The checker must pass the correct one and catch
// every mistake; the doctor must name each one.
import type { HingeInput } from '../../src/index.js';

export type Mistake =
  | 'none'
  | 'sign' // dw = +(1/n) Σ y x
  | 'y-dropped' // dw = −(1/n) Σ x
  | 'sum-not-mean' // forgets 1/n
  | 'epsilon-at-kink' // margin < 1 + eps
  | 'include-kink' // margin <= 1 where the problem says 'zero'
  | 'missing-lambda-w'
  | 'doubled-lambda-w'
  | 'halved-lambda-w'
  | 'regularised-bias' // db += λ b, loss += λ/2 b²
  | 'db-over-all-rows'
  | 'db-sign'
  | 'transposed'; // reads X as d×n

const f = Math.fround;

export function handWrittenGradient(input: HingeInput, mistake: Mistake = 'none', eps = 1e-6) {
  const { y, w, b, lambda = 0 } = input;
  const n = y.length;
  const d = w.length;
  const X = mistake === 'transposed' ? Float32Array.from(input.X, (_, k) => input.X[(k % d) * n + Math.floor(k / d)]) : input.X;
  const sums = new Float32Array(d);
  let hinge = 0;
  let ySumActive = 0;
  let ySumAll = 0;
  let active = 0;
  for (let i = 0; i < n; i++) {
    let score = f(b);
    for (let j = 0; j < d; j++) score = f(score + f(w[j] * X[i * d + j]));
    const margin = f(y[i] * score);
    hinge = f(hinge + Math.max(0, f(1 - margin)));
    ySumAll += y[i];
    const isActive =
      mistake === 'epsilon-at-kink' ? margin < 1 + eps : mistake === 'include-kink' ? margin <= 1 : margin < 1;
    if (!isActive) continue;
    active++;
    ySumActive += y[i];
    const coefficient = mistake === 'sign' ? y[i] : mistake === 'y-dropped' ? -1 : -y[i];
    for (let j = 0; j < d; j++) sums[j] = f(sums[j] + coefficient * X[i * d + j]);
  }
  const scale = mistake === 'sum-not-mean' ? 1 : f(1 / n);
  const lambdaFactor = { 'missing-lambda-w': 0, 'doubled-lambda-w': 2, 'halved-lambda-w': 0.5 }[mistake as string] ?? 1;
  const lambdaW = f(lambda * lambdaFactor);
  const dw = sums.map((sum, j) => f(f(sum * scale) + f(lambdaW * w[j])));
  let wSquared = 0;
  for (const weight of w) wSquared = f(wSquared + f(weight * weight));
  let loss = f(f(hinge * scale) + f(f(lambda / 2) * wSquared));
  let db = f(-(mistake === 'db-over-all-rows' ? ySumAll : ySumActive) * scale);
  if (mistake === 'db-sign') db = -db;
  if (mistake === 'regularised-bias') {
    db = f(db + f(lambda * b));
    loss = f(loss + f(f(lambda / 2) * f(b * b)));
  }
  return { loss, dw, db, active };
}
