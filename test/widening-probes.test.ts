// The read probes of bench/widening-probes.ts compile: a probe is a script no other test runs,
// and one of them once referred to a function that had moved to another file.
import { describe, expect, it } from 'vitest';
import { PROBES, SUM } from '../bench/widening-probes.js';
import { useDevice } from './helpers/gpu.js';

const gpu = useDevice();

describe('the widening probes', () => {
  it.each(PROBES.map(([name, , source]) => [name, source]))('%s compiles with the summing kernel', async (_, source) => {
    const module = gpu.device().createShaderModule({ code: source + SUM });
    const errors = (await module.getCompilationInfo()).messages.filter((message) => message.type === 'error');
    expect(errors.map((message) => message.message)).toEqual([]);
  });
});
