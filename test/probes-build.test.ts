// The probes' kernels build (bench/wide-row-probe.ts, bench/texture-read-probe.ts,
// bench/int8-floor-probe.ts): a probe is a script no other test runs.
import { describe, expect, it } from 'vitest';
import { INT8_LOAD_VARIANTS } from '../bench/int8-floor-probe.js';
import { TEXTURE_READ_ENTRY_POINTS, TEXTURE_READ_PROBE_SOURCE } from '../bench/texture-read-probe.js';
import { WIDE_ROW_ENTRY_POINTS, WIDE_ROW_PROBE_SOURCE } from '../bench/wide-row-probe.js';
import { HingeKernel, syntheticProblem } from '../src/index.js';
import { withXSource } from '../src/shaders.js';
import { useDevice } from './helpers/gpu.js';

const gpu = useDevice();

const PIPELINES: [probe: string, entryPoint: string, source: string][] = [
  ...WIDE_ROW_ENTRY_POINTS.map((entryPoint): [string, string, string] => ['wide-row', entryPoint, WIDE_ROW_PROBE_SOURCE]),
  ...TEXTURE_READ_ENTRY_POINTS.map(([entryPoint]): [string, string, string] => ['texture-read', entryPoint, TEXTURE_READ_PROBE_SOURCE]),
];

describe('the probes', () => {
  it.each(PIPELINES)('%s probe: %s builds a pipeline', async (_, entryPoint, source) => {
    const device = gpu.device();
    device.pushErrorScope('validation');
    await device.createComputePipelineAsync({ layout: 'auto', compute: { module: device.createShaderModule({ code: source }), entryPoint } });
    expect((await device.popErrorScope())?.message).toBeUndefined();
  });

  // d = 32 reads X a quad at a time (xQuad), d = 36 a vec4 at a time (xAt).
  const variants = INT8_LOAD_VARIANTS.flatMap((variant) => [32, 36].map((d): [string, number, string] => [variant.name, d, variant.source]));
  it.each(variants)('int8-floor probe: %s builds and runs at d = %i', async (_, d, source) => {
    const problem = syntheticProblem({ n: 64, d, seed: 3, lambda: 1e-3 });
    const kernel = new HingeKernel(gpu.device());
    try {
      await withXSource(source, () => kernel.setData(problem.X, problem.y, undefined, { storage: 'int8' }));
      const run = await kernel.run({ w: problem.w, b: problem.b, lambda: problem.lambda });
      expect(Number.isFinite(run.loss)).toBe(true);
    } finally {
      kernel.destroy();
    }
  });
});
