// The wide-row probes (bench/wide-row-probe.ts) build: a probe is a script no other test runs.
import { describe, expect, it } from 'vitest';
import { WIDE_ROW_ENTRY_POINTS, WIDE_ROW_PROBE_SOURCE } from '../bench/wide-row-probe.js';
import { useDevice } from './helpers/gpu.js';

const gpu = useDevice();

describe('the wide-row probes', () => {
  it.each(WIDE_ROW_ENTRY_POINTS)('%s builds a pipeline', async (entryPoint) => {
    const device = gpu.device();
    device.pushErrorScope('validation');
    await device.createComputePipelineAsync({
      layout: 'auto', compute: { module: device.createShaderModule({ code: WIDE_ROW_PROBE_SOURCE }), entryPoint },
    });
    expect((await device.popErrorScope())?.message).toBeUndefined();
  });
});
