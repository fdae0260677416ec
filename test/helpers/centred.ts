// A numerical gradient as a person makes one for a gradient check: the centred differences
// (L(θ + h) − L(θ − h)) / 2h of the float64 loss, over W's entries, then the biases. θ ± h must be
// exact in f32 (W and b on a grid coarser than h), so that each step is exactly h.
import type { LinearInput } from '../../src/linear-input.js';
import { linearGradientCpu } from '../../src/linear-reference.js';

/** `lossScale` multiplies the loss first (a loss that forgot its 1/n: scale n). */
export function centredDifferences(input: LinearInput, h: number, lossScale = 1): Float64Array {
  const W = input.W;
  const b = typeof input.b === 'number' ? Float32Array.of(input.b) : Float32Array.from(input.b);
  const out = new Float64Array(W.length + b.length);
  for (let k = 0; k < out.length; k++) {
    const at = (step: number) => {
      const movedW = W.slice();
      const movedB = b.slice();
      if (k < W.length) movedW[k] += step;
      else movedB[k - W.length] += step;
      return linearGradientCpu({ ...input, W: movedW, b: movedB }).loss * lossScale;
    };
    out[k] = (at(h) - at(-h)) / (2 * h);
  }
  return out;
}
