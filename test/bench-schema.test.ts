// The bench JSON's schema check catches nonsense planted in a real result: NaN and Infinity
// (which expect.any(Number) would take), ratios out of range, figures that disagree with their
// sources. The result is the committed bench/results/latest.json, which itself must pass.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BenchResult } from '../bench/runner.js';
import { benchSchemaProblems } from './helpers/bench-schema.js';

const committed = () => JSON.parse(readFileSync('bench/results/latest.json', 'utf8')) as BenchResult;

describe('the bench JSON schema check', () => {
  it('passes the committed results', () => {
    expect(benchSchemaProblems(committed())).toEqual([]);
  });

  const plants: [string, (result: BenchResult) => void, RegExp][] = [
    ['a NaN kernel time', (r) => (r.cases[0].gpu.medianMs = NaN), /gpu: times must be positive and finite/],
    ['an infinite run time', (r) => (r.cases[1].runMs.maxMs = Infinity), /runMs: times must be positive and finite/],
    ['a negative end-to-end time', (r) => (r.cases[0].endToEndMs.minMs = -1), /endToEndMs: times must be positive/],
    ['min above the median', (r) => (r.cases[0].gpu.minMs = r.cases[0].gpu.medianMs * 2), /min ≤ median ≤ max fails/],
    ['a roofline ratio of 3', (r) => (r.cases[0].rooflineRatio = 3), /rooflineRatio 3 is not in \(0, 2\]/],
    ['a roofline ratio of 0', (r) => (r.cases[0].rooflineRatio = 0), /rooflineRatio 0 is not in \(0, 2\]/],
    ['GB/s that disagree with bytes and time', (r) => (r.cases[0].gbps *= 1.2), /gbps .* is not bytesRead \/ kernel time/],
    ['a speedup that is not peer ÷ run', (r) => (r.cases[0].speedup.cpuOverRun! *= 2), /cpu speedup .* is not its median ÷ run's median/],
    ['a NaN peer time', (r) => (r.cases[0].cpu!.medianMs = NaN), /cpu: times must be positive and finite/],
    ['a zero setData time', (r) => (r.cases[2].upload.setDataMs.minMs = 0), /setData: times must be positive and finite/],
    ['an upload ratio that is not setData ÷ raw', (r) => (r.cases[0].upload.setDataOverRaw = 1e-3), /setDataOverRaw .* is not setData's median/],
    ['a NaN floor time', (r) => (r.cases[0].floorMs = { ...r.cases[0].endToEndMs, medianMs: NaN }), /floorMs: times must be positive and finite/],
    ['an end-to-end ratio that is not its quotient', (r) => (r.cases[0].endToEndOverFloor *= 3), /endToEndOverFloor .* is not end-to-end/],
    ['a check that passes a ratio above 1', (r) => (r.cases[0].check.worstRatio = 1.5), /check says ok = true with worst ratio 1.5/],
    ['a machine floor that is not concurrent ÷ the larger', (r) => Object.assign(r.streaming, { concurrentMs: { ...r.streaming.epochMs }, floorRatio: 0.1 }), /streaming floorRatio 0.1 is not concurrent/],
    ['a storage ratio that is not its quotient', (r) => (r.storageTurns = [{
      n: 4096, d: 4096, strategy: 'subgroup',
      kernelMs: { f32: 100, bf16: 70, f16: 90, int8: 40, 'no loads': 30 }, overF32: { f32: 1, bf16: 0.7, f16: 0.9, int8: 0.2, 'no loads': 0.3 },
    }]), /storage turns 4096×4096: int8's ratio 0.2 is not/],
    ['per-turn quartiles in the wrong order', (r) => (r.storageTurns = [{
      n: 4096, d: 4096, strategy: 'subgroup',
      kernelMs: { f32: 100, bf16: 70, f16: 90, int8: 40, 'no loads': 30 }, overF32: { f32: 1, bf16: 0.7, f16: 0.9, int8: 0.4, 'no loads': 0.3 },
      overF32PerTurn: { f32: [1, 1], bf16: [0.68, 0.72], f16: [0.88, 0.93], int8: [0.42, 0.38], 'no loads': [0.29, 0.31] },
    }]), /int8's per-turn quartiles 0.42–0.38 are not an ordered pair/],
    ['a loss outside the family', (r) => ((r.cases[0] as { loss: string }).loss = 'cubic'), /loss 'cubic' is not one of the family's/],
    ['classes that do not fit the loss', (r) => (r.cases[0].classes = 3), /classes 3 does not fit the 'hinge' loss/],
    ['a multiclass ratio that is not its quotient', (r) => (r.cases.find((c) => c.loss !== 'hinge')!.overBinaryKernel! *= 2), /overBinaryKernel .* is not the kernel's median ÷ binaryKernelMs/],
    ['a host without its cores', (r) => (r.host = 'AMD EPYC'), /host "AMD EPYC" is not 'CPU model, N cores'/],
    ['ok despite a failed case', (r) => (r.cases[0].check = { ...r.cases[0].check, ok: false, worstRatio: 2 }), /ok disagrees with the cases/],
  ];
  for (const [what, plant, message] of plants) {
    it(`names ${what}`, () => {
      const result = committed();
      plant(result);
      const problems = benchSchemaProblems(result);
      expect(problems.join('\n')).toMatch(message);
    });
  }
});
