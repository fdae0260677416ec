// The binary losses of the family on the GPU, in every strategy: the hinge and the squared hinge,
// with Δ ≠ 1 and both kinks, held to the family's checker; linearGradient's API and its errors
// (the other losses: linear-kernel.test.ts).
import { beforeEach, describe, expect, it } from 'vitest';
import { checkGradient, fixedSubgroupSize, HingeKernel, linearGradient, seededRandom, type Strategy } from '../src/index.js';
import type { LinearInput } from '../src/linear-input.js';
import type { KernelLoss } from '../src/pipelines.js';
import { LinearKernel } from '../src/linear-kernel.js';
import { useDevice } from './helpers/gpu.js';
import { normalFrom } from '../src/synthetic.js';

const gpu = useDevice();
const STRATEGIES: Strategy[] = ['narrow', 'subgroup', 'fused', 'two-pass'];

beforeEach(({ task, skip }) => {
  if (task.name.startsWith('subgroup') && fixedSubgroupSize(gpu.device()) === undefined) skip();
});

function binaryProblem(n: number, d: number, seed: number, integer = false): LinearInput & { X: Float32Array; y: Float32Array; W: Float32Array } {
  const random = seededRandom(seed);
  const normal = normalFrom(random);
  const int = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const X = Float32Array.from({ length: n * d }, () => (integer ? int(-2, 2) : normal()));
  const W = Float32Array.from({ length: d }, () => (integer ? int(-1, 1) : normal() / Math.sqrt(d)));
  const y = Float32Array.from({ length: n }, (_, i) => (X[i * d] + (integer ? 0 : 0.3 * normal()) >= 0 ? 1 : -1));
  return { X, y, W, b: integer ? 1 : 0.1, lambda: 0.05 };
}

for (const strategy of STRATEGIES) {
  for (const loss of ['hinge', 'squared-hinge'] as KernelLoss[]) {
    it(`${strategy}: '${loss}' with Δ = 1 and Δ = 0.6, random and integer data (exact kinks), both kinks`, async () => {
      const kernel = new HingeKernel(gpu.device(), { strategy, loss });
      try {
        for (const [index, integer] of [false, true].entries()) {
          const input = binaryProblem(3000, 40, 130 + index, integer);
          await kernel.setData(input.X, input.y);
          for (const margin of [1, 0.6]) {
            for (const kink of ['zero', 'include'] as const) {
              const run = await kernel.run({ w: input.W, b: input.b as number, lambda: input.lambda, kink, margin });
              const check = checkGradient({ ...run, dW: run.dw, db: [run.db] }, { ...input, loss, margin, kink });
              expect(check.ok, `${strategy} ${loss} Δ=${margin} ${kink} integer=${integer}: ${check.report}`).toBe(true);
            }
          }
        }
      } finally {
        kernel.destroy();
      }
    });
  }
}

describe('linearGradient', () => {
  it('computes the binary losses on the GPU', async () => {
    for (const loss of ['hinge', 'squared-hinge'] as const) {
      const input = { ...binaryProblem(5000, 12, 140), loss, margin: 0.8 };
      const result = await linearGradient(gpu.device(), input);
      expect(result.dW).toHaveLength(12);
      expect(result.db).toHaveLength(1);
      const check = checkGradient(result, input);
      expect(check.ok, check.report).toBe(true);
    }
  });

  it('names the field of each bad input, and leaves the device usable', async () => {
    const binary = binaryProblem(20, 3, 141);
    const classes = { X: binary.X, y: Int32Array.from({ length: 20 }, (_, i) => i % 3), W: new Float32Array(9), b: [0, 0, 0], loss: 'multiclass-hinge' as const };
    const device = gpu.device();
    const bad: [LinearInput, RegExp][] = [
      [{ ...classes, y: Int32Array.from(classes.y, (label, i) => (i === 4 ? 3 : label)) }, /y\[4\] = 3 is out of range: .* class indices 0\.\.2/],
      [{ ...classes, y: Float32Array.from(classes.y, (label, i) => (i === 2 ? 1.5 : label)) }, /y\[2\] = 1\.5 is not an integer/],
      [{ ...classes, y: Int32Array.from(classes.y, (label, i) => (i === 1 ? -1 : label)) }, /y\[1\] = -1 .*±1 labels need a binary loss/],
      [{ ...binary, y: Int32Array.from(binary.y, (label, i) => (i === 0 ? 0 : label)) }, /y\[0\] = 0: the 'hinge' loss takes labels -1 or \+1 \(class indices need a multiclass loss\)/],
      [{ ...classes, W: new Float32Array(10) }, /W has 10 elements, not a positive multiple of d = 3/],
      [{ ...classes, b: [0, 0] }, /b has 2 biases but W holds C = 3 classes/],
      [{ ...classes, sampleWeight: Float32Array.from({ length: 20 }, (_, i) => (i === 7 ? -1 : 1)) }, /sampleWeight\[7\] is -1; weights must be finite and >= 0/],
      [{ ...classes, sampleWeight: new Float32Array(20).fill(NaN) }, /sampleWeight\[0\] is NaN/],
      [{ ...classes, sampleWeight: new Float32Array(19) }, /sampleWeight has 19 weights but there are n = 20 rows/],
      [{ ...binary, loss: 'cubic' as never }, /unknown loss 'cubic'/],
      [{ ...binary, tolerance: 1 } as never, /tolerance/],
    ];
    for (const [input, message] of bad) await expect(linearGradient(device, input)).rejects.toThrow(message);
    expect(() => new LinearKernel(device, { loss: 'crammer-singer' })).toThrow(/needs classes: the number of classes C/);
    const kernel = new LinearKernel(device, { loss: 'multiclass-hinge', classes: 3 });
    await kernel.setData(classes.X, classes.y);
    await expect(kernel.run({ W: new Float32Array(6), b: [0, 0, 0] })).rejects.toThrow(/W has 6 elements but C·d = 3·3 = 9/);
    kernel.destroy();
    expect(checkGradient(await linearGradient(device, classes), classes).ok).toBe(true);
    expect(gpu.uncapturedErrors).toEqual([]);
  });
});
