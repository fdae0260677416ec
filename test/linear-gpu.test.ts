// The binary losses of the family on the GPU, in every strategy: the hinge and the squared hinge,
// with Δ ≠ 1 and both kinks, held to the family's checker; linearGradient's API and its errors.
import { beforeEach, describe, expect, it } from 'vitest';
import { checkGradient, fixedSubgroupSize, HingeKernel, linearGradient, seededRandom, type Strategy } from '../src/index.js';
import type { LinearInput } from '../src/linear-input.js';
import type { KernelLoss } from '../src/pipelines.js';
import { useDevice } from './helpers/gpu.js';

const gpu = useDevice();
const STRATEGIES: Strategy[] = ['narrow', 'subgroup', 'fused', 'two-pass'];

beforeEach(({ task, skip }) => {
  if (task.name.startsWith('subgroup') && fixedSubgroupSize(gpu.device()) === undefined) skip();
});

function binaryProblem(n: number, d: number, seed: number, integer = false): LinearInput & { X: Float32Array; y: Float32Array; W: Float32Array } {
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
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

  it('says which losses and options do not run on the GPU yet, and leaves the device usable', async () => {
    const binary = binaryProblem(20, 3, 141);
    const multiclass = { X: binary.X, y: new Int32Array(20), W: new Float32Array(9), b: [0, 0, 0], loss: 'multiclass-hinge' as const };
    await expect(linearGradient(gpu.device(), multiclass)).rejects.toThrow(/'multiclass-hinge' loss does not run on the GPU yet: linearGradientCpu computes it/);
    await expect(linearGradient(gpu.device(), { ...binary, sampleWeight: new Float32Array(20).fill(1) })).rejects.toThrow(/sampleWeight does not run on the GPU yet/);
    await expect(linearGradient(gpu.device(), { ...binary, loss: 'cubic' as never })).rejects.toThrow(/unknown loss 'cubic'/);
    expect(() => new HingeKernel(gpu.device(), { loss: 'crammer-singer' as never })).toThrow(/compute the losses 'hinge' and 'squared-hinge', not 'crammer-singer'/);
    expect(checkGradient(await linearGradient(gpu.device(), binary), binary).ok).toBe(true);
    expect(gpu.uncapturedErrors).toEqual([]);
  });
});
