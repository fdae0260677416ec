// The probes' kernels build (bench/wide-row-probe.ts, bench/texture-read-probe.ts): a probe is a
// script no other test runs.
import { describe, expect, it } from 'vitest';
import { TEXTURE_READ_ENTRY_POINTS, TEXTURE_READ_PROBE_SOURCE } from '../bench/texture-read-probe.js';
import { WIDE_ROW_ENTRY_POINTS, WIDE_ROW_PROBE_SOURCE } from '../bench/wide-row-probe.js';
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
});
