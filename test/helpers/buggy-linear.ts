// The loss family in f32, written as a person would by hand (CS231n's loops over rows and
// classes), with the mistakes people make available as switches. The checker must pass the
// correct one and catch every mistake.
import type { LinearInput } from '../../src/linear-input.js';

export type LinearMistake =
  | 'none'
  | 'true-class-included' // Weston–Watkins: the sum runs over c = y too (+Δ per row, true class off by x)
  | 'mask-not-count' // Weston–Watkins: −x_i at the true class once, not once per active class
  | 'reg-convention' // reg·‖W‖² with reg = λ: loss λ‖W‖², gradient 2λW
  | 'missing-mean' // no 1/n
  | 'reg-divided-by-n' // (λ/2)‖W‖²/n and λW/n
  | 'transposed-W' // W's buffer read as d×C (CS231n's layout), and the gradient written so
  | 'other-kink' // ≥ where the problem says > (kink 'zero')
  | 'kink-tolerance' // active when the argument > −0.05
  | 'squared-no-2' // squared hinge's slope without its 2
  | 'weights-ignored'
  | 'rival-includes-true'; // Crammer–Singer: the max over every class, the true one included

const f = Math.fround;

/** The gradient with one mistake, or several at once. */
export function handWrittenLinear(input: LinearInput, mistakes: LinearMistake | LinearMistake[] = 'none') {
  const has = (mistake: LinearMistake) => (Array.isArray(mistakes) ? mistakes.includes(mistake) : mistakes === mistake);
  const { X, y, W, lambda = 0, loss = 'hinge', kink = 'zero', margin = 1 } = input;
  const n = y.length;
  const d = X.length / n;
  const C = W.length / d;
  const b = typeof input.b === 'number' ? [input.b] : Array.from(input.b);
  const weight = (i: number) => (has('weights-ignored') || !input.sampleWeight ? 1 : input.sampleWeight[i]);
  // Where W's entry (class c, column j) is, as this code reads the buffer.
  const at = (c: number, j: number) => (has('transposed-W') ? j * C + c : c * d + j);
  const w = (c: number, j: number) => W[at(c, j)];
  const active = (argument: number) =>
    has('kink-tolerance') ? argument > -0.05 : has('other-kink') || kink === 'include' ? argument >= 0 : argument > 0;
  const squared = loss === 'squared-hinge' || loss === 'ovr-squared-hinge';
  const dW = new Float32Array(C * d);
  const db = new Float32Array(C);
  let total = 0;
  let count = 0;
  const scores = new Float32Array(C);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < C; c++) {
      let s = f(b[c]);
      for (let j = 0; j < d; j++) s = f(s + f(w(c, j) * X[i * d + j]));
      scores[c] = s;
    }
    const g = new Float32Array(C);
    let rowLoss = 0;
    const label = y[i];
    const signed = (c: number, target: number) => {
      const argument = f(margin - f(target * scores[c]));
      const positive = Math.max(0, argument);
      rowLoss = f(rowLoss + (squared ? f(positive * positive) : positive));
      if (squared) {
        g[c] = f((has('squared-no-2') ? -target : -2 * target) * positive);
        if (argument > 0) count++;
      } else if (active(argument)) {
        g[c] = -target;
        count++;
      }
    };
    if (loss === 'hinge' || loss === 'squared-hinge') signed(0, label);
    else if (loss === 'ovr-hinge' || loss === 'ovr-squared-hinge') for (let c = 0; c < C; c++) signed(c, c === label ? 1 : -1);
    else if (loss === 'multiclass-hinge') {
      let activeClasses = 0;
      for (let c = 0; c < C; c++) {
        if (c === label && !has('true-class-included')) continue;
        const argument = f(f(scores[c] - scores[label]) + margin);
        rowLoss = f(rowLoss + Math.max(0, argument));
        if (active(argument)) {
          if (c !== label) g[c] = 1;
          activeClasses++;
          count++;
        }
      }
      g[label] = has('mask-not-count') ? (activeClasses > 0 ? -1 : 0) : -activeClasses;
    } else {
      let rival = -1;
      for (let c = 0; c < C; c++) {
        if ((c !== label || has('rival-includes-true')) && (rival < 0 || scores[c] > scores[rival])) rival = c;
      }
      const argument = f(f(margin + scores[rival]) - scores[label]);
      rowLoss = f(rowLoss + Math.max(0, argument));
      if (active(argument)) {
        g[rival] += 1;
        g[label] -= 1;
        count++;
      }
    }
    total = f(total + f(weight(i) * rowLoss));
    for (let c = 0; c < C; c++) {
      const coefficient = f(weight(i) * g[c]);
      if (coefficient === 0) continue;
      for (let j = 0; j < d; j++) dW[at(c, j)] = f(dW[at(c, j)] + f(coefficient * X[i * d + j]));
      db[c] = f(db[c] + coefficient);
    }
  }
  const scale = has('missing-mean') ? 1 : f(1 / n);
  const regScale = has('reg-convention') ? 2 : has('reg-divided-by-n') ? f(1 / n) : 1;
  let wSquared = 0;
  for (let k = 0; k < C * d; k++) wSquared = f(wSquared + f(W[k] * W[k]));
  return {
    loss: f(f(total * scale) + f(f(f(lambda / 2) * regScale) * wSquared)),
    dW: dW.map((sum, k) => f(f(sum * scale) + f(f(lambda * regScale) * W[k]))),
    db: db.map((sum) => f(sum * scale)),
    active: count,
  };
}
