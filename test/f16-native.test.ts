// f16 read as f16 (shaders/storage_f16_native.wgsl) where the device has 'shader-f16'. SwiftShader
// does not offer it, so the kernels are compiled on Dawn's Null backend, which does: it validates
// each module and pipeline as a GPU's would, and runs nothing. What the kernels compute from f16 is
// tested on SwiftShader (test/storage.test.ts), where f16 is read as pairs of u32: the same bytes,
// widened exactly either way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HingeKernel, requestDevice, syntheticProblem, type Strategy } from '../src/index.js';
import { shaderSource } from '../src/shaders.js';
import { hasF16Subnormal, packRows } from '../src/storage.js';
import { useDevice } from './helpers/gpu.js';

const swiftshader = useDevice();
let nullDevice: GPUDevice | undefined;
const errors: string[] = [];

beforeAll(async () => {
  nullDevice = await requestDevice({ dawnFlags: ['backend=null'] });
  nullDevice.addEventListener('uncapturederror', (event) => errors.push((event as GPUUncapturedErrorEvent).error.message));
});
afterAll(() => nullDevice?.destroy());

/** X with every value that f16 would hold as a subnormal (|x| < 2^-14, rounded) set to 0. */
const withoutSubnormalF16 = (X: Float32Array) => X.map((x) => (Math.abs(x) < 2 ** -14 ? 0 : x));

describe("f16 read as f16 on a device with 'shader-f16'", () => {
  it("Dawn's Null backend offers shader-f16, and the library asks for it", () => {
    expect(nullDevice!.features.has('shader-f16')).toBe(true);
    expect(swiftshader.device().features.has('shader-f16')).toBe(false);
  });

  // The Null adapter's subgroups come in sizes 4 to 128, so 'auto' never plans subgroup there: its
  // module is compiled on its own.
  it('compiles each module that reads X, subgroup_rows.wgsl included', async () => {
    for (const name of ['narrow', 'subgroupRows', 'fused', 'scores', 'gradient'] as const) {
      const module = nullDevice!.createShaderModule({ code: shaderSource(name, 'f16', false, true) });
      const messages = (await module.getCompilationInfo()).messages.filter((message) => message.type === 'error');
      expect(messages.map((message) => `${name}: ${message.message}`)).toEqual([]);
    }
  });

  const cases: [Strategy, number, number, number][] = [
    ['narrow', 500, 13, 1], ['narrow', 500, 32, 5], ['fused', 300, 37, 1], ['two-pass', 300, 37, 3], ['two-pass', 200, 600, 1],
  ];
  for (const [strategy, n, d, K] of cases) {
    it(`compiles every kernel that reads X: ${strategy}, ${n}×${d}, K = ${K}`, async () => {
      const problem = syntheticProblem({ n, d, seed: n + d });
      const kernel = new HingeKernel(nullDevice!, { strategy, maxVectors: K });
      try {
        await kernel.setData(withoutSubnormalF16(problem.X), problem.y, undefined, { storage: 'f16' });
        expect(kernel.readsF16Natively).toBe(true);
        expect(errors).toEqual([]);
      } finally {
        kernel.destroy();
      }
    });
  }

  it('reads X with a subnormal f16 as pairs of u32 (WGSL lets a device flush it), and f32 or bf16 as stored', async () => {
    const problem = syntheticProblem({ n: 400, d: 13, seed: 3 });
    problem.X = withoutSubnormalF16(problem.X);
    const tiny = problem.X.slice();
    tiny[7 * 13 + 2] = 3e-6; // below f16's smallest normal, 2^-14
    expect(hasF16Subnormal(packRows(tiny, 13, 4, 0, 400, 'f16', new Float32Array(0)))).toBe(true);
    expect(hasF16Subnormal(packRows(problem.X, 13, 4, 0, 400, 'f16', new Float32Array(0)))).toBe(false);
    const kernel = new HingeKernel(nullDevice!);
    try {
      await kernel.setData(tiny, problem.y, undefined, { storage: 'f16' });
      expect(kernel.readsF16Natively).toBe(false);
      await kernel.setData(problem.X, problem.y, undefined, { storage: 'f16' });
      expect(kernel.readsF16Natively).toBe(true);
      await kernel.setData(problem.X, problem.y, undefined, { storage: 'bf16' });
      expect(kernel.readsF16Natively).toBe(false);
      expect(errors).toEqual([]);
    } finally {
      kernel.destroy();
    }
  });

  it('SwiftShader, without shader-f16, reads f16 as pairs of u32', async () => {
    const problem = syntheticProblem({ n: 400, d: 13, seed: 4 });
    const kernel = new HingeKernel(swiftshader.device());
    try {
      await kernel.setData(problem.X, problem.y, undefined, { storage: 'f16' });
      expect(kernel.readsF16Natively).toBe(false);
    } finally {
      kernel.destroy();
    }
  });
});
