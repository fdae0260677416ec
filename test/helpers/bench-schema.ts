// The bench JSON's schema, checked strictly: times positive and finite, ratios in range, derived
// figures consistent with what they derive from. Returns what is wrong, a line each, so that its
// own test can plant nonsense and see it named.
import type { BenchResult, CaseResult } from '../../bench/runner.js';
import { LOSSES } from '../../src/losses.js';
import { STORAGE_VEC4_BYTES, STORAGES } from '../../src/storage.js';

const positiveFinite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0;
/** Within 10% of each other. */
const consistent = (value: number, expected: number) => Math.abs(value - expected) <= 0.1 * Math.abs(expected);

function summaryProblems(where: string, summary: unknown): string[] {
  const { medianMs, minMs, maxMs } = (summary ?? {}) as Record<string, unknown>;
  if (![medianMs, minMs, maxMs].every(positiveFinite)) return [`${where}: times must be positive and finite, got ${JSON.stringify(summary)}`];
  if (!(minMs! <= medianMs! && medianMs! <= maxMs!)) return [`${where}: min ≤ median ≤ max fails: ${JSON.stringify(summary)}`];
  return [];
}

function caseProblems(c: CaseResult): string[] {
  const at = `case ${c.n}×${c.d}`;
  const problems = [
    ...(Number.isInteger(c.n) && c.n > 0 && Number.isInteger(c.d) && c.d > 0 ? [] : [`${at}: n and d must be positive integers`]),
    ...summaryProblems(`${at} gpu`, c.gpu),
    ...summaryProblems(`${at} runMs`, c.runMs),
    ...summaryProblems(`${at} endToEndMs`, c.endToEndMs),
    ...summaryProblems(`${at} roofline`, c.roofline),
    ...summaryProblems(`${at} setData`, c.upload?.setDataMs),
    ...summaryProblems(`${at} raw write`, c.upload?.rawWriteMs),
  ];
  if (c.upload && !(positiveFinite(c.upload.setDataOverRaw) && consistent(c.upload.setDataOverRaw, c.upload.setDataMs.medianMs / c.upload.rawWriteMs.medianMs))) {
    problems.push(`${at}: setDataOverRaw ${c.upload.setDataOverRaw} is not setData's median ÷ the raw write's within 10%`);
  }
  // Runs since the floor was timed taking turns with the call carry it; earlier ones summed two medians.
  if (c.floorMs !== undefined) problems.push(...summaryProblems(`${at} floorMs`, c.floorMs), ...summaryProblems(`${at} nonFiniteScanMs`, c.nonFiniteScanMs));
  const floorMs = c.floorMs?.medianMs ?? (c.upload?.rawWriteMs.medianMs ?? NaN) + c.runMs?.medianMs;
  if (!(positiveFinite(c.endToEndOverFloor) && consistent(c.endToEndOverFloor, c.endToEndMs.medianMs / floorMs))) {
    problems.push(`${at}: endToEndOverFloor ${c.endToEndOverFloor} is not end-to-end ÷ (raw write + run) within 10%`);
  }
  if (!Object.hasOwn(LOSSES, c.loss)) problems.push(`${at}: loss '${c.loss}' is not one of the family's`);
  else if (!(Number.isInteger(c.classes) && (LOSSES[c.loss].labels === 'sign' ? c.classes === 1 : c.classes >= 2))) {
    problems.push(`${at}: classes ${c.classes} does not fit the '${c.loss}' loss`);
  }
  if (!STORAGES.includes(c.storage)) problems.push(`${at}: storage '${c.storage}' is not one of ${STORAGES.join(', ')}`);
  if (c.storage === 'f32' ? c.overF32Kernel !== null : c.overF32Kernel !== null && !positiveFinite(c.overF32Kernel)) {
    problems.push(`${at}: overF32Kernel ${c.overF32Kernel} must be null for f32 and a positive ratio otherwise`);
  }
  const f32Rate = (4 * (c.n * c.d + c.n + c.classes * c.d)) / c.gpu.medianMs / 1e6;
  if (!(positiveFinite(c.elementRooflineRatio) && consistent(c.elementRooflineRatio, f32Rate / c.roofline.gbps))) {
    problems.push(`${at}: elementRooflineRatio ${c.elementRooflineRatio} is not the f32 bytes' rate ÷ the roofline's within 10%`);
  }
  if (c.loss === 'hinge' || c.storage !== 'f32' ? c.overBinaryKernel !== null || c.binaryKernelMs !== null
    : !(positiveFinite(c.binaryKernelMs) && positiveFinite(c.overBinaryKernel) && consistent(c.overBinaryKernel, c.gpu.medianMs / c.binaryKernelMs))) {
    problems.push(`${at}: overBinaryKernel ${c.overBinaryKernel} is not the kernel's median ÷ binaryKernelMs ${c.binaryKernelMs} (null for the hinge and other storages)`);
  }
  const xBytes = c.storage === 'f32' ? 4 * c.n * c.d : c.n * Math.ceil(c.d / 4) * STORAGE_VEC4_BYTES[c.storage];
  if (!positiveFinite(c.bytesRead) || c.bytesRead < xBytes) problems.push(`${at}: bytesRead ${c.bytesRead} is less than X's ${xBytes} bytes as stored`);
  if (!(positiveFinite(c.rooflineRatio) && c.rooflineRatio <= 2)) problems.push(`${at}: rooflineRatio ${c.rooflineRatio} is not in (0, 2]`);
  if (!(positiveFinite(c.gbps) && consistent(c.gbps, c.bytesRead / c.gpu.medianMs / 1e6))) {
    problems.push(`${at}: gbps ${c.gbps} is not bytesRead / kernel time (${c.bytesRead / c.gpu.medianMs / 1e6}) within 10%`);
  }
  if (!(positiveFinite(c.roofline.gbps) && consistent(c.roofline.gbps, c.roofline.bytes / c.roofline.medianMs / 1e6))) {
    problems.push(`${at}: roofline gbps ${c.roofline.gbps} is not its bytes / its time within 10%`);
  }
  const peers = [['cpu', c.cpu, c.speedup?.cpuOverRun], ['tfjs', c.tfjs, c.speedup?.tfjsOverRun], ['tfjsWasm', c.tfjsWasm, c.speedup?.tfjsWasmOverRun]] as const;
  for (const [name, peer, speedup] of peers) {
    if (peer === null) {
      if (speedup !== null) problems.push(`${at}: ${name} did not run but has a speedup of ${speedup}`);
      continue;
    }
    problems.push(...summaryProblems(`${at} ${name}`, peer));
    if (!(positiveFinite(speedup) && consistent(speedup, peer.medianMs / c.runMs.medianMs))) {
      problems.push(`${at}: ${name} speedup ${speedup} is not its median ÷ run's median within 10%`);
    }
  }
  const { ok, worstRatio, ambiguousRows } = c.check ?? {};
  if (typeof ok !== 'boolean' || !(typeof worstRatio === 'number' && worstRatio >= 0) || !Number.isInteger(ambiguousRows)) {
    problems.push(`${at}: check ${JSON.stringify(c.check)} lacks a verdict, a ratio ≥ 0 or a count of ambiguous rows`);
  } else if (ok !== worstRatio <= 1) {
    problems.push(`${at}: check says ok = ${ok} with worst ratio ${worstRatio}`);
  }
  return problems;
}

export function benchSchemaProblems(result: BenchResult): string[] {
  const problems: string[] = [];
  const { vendor, architecture, description } = result.adapter ?? {};
  if (![vendor, architecture, description].every((field) => typeof field === 'string')) problems.push('adapter: vendor, architecture and description must be strings');
  if (result.host !== undefined && !/\S.*, \d+ cores$/.test(result.host)) problems.push(`host ${JSON.stringify(result.host)} is not 'CPU model, N cores'`);
  if (!['timestamp-query', 'submit'].includes(result.timing)) problems.push(`timing '${result.timing}' is neither timestamp-query nor submit`);
  if (!positiveFinite(result.roofline?.gbps)) problems.push(`roofline gbps ${result.roofline?.gbps} is not positive and finite`);
  if (!(result.cases?.length > 0)) problems.push('no cases');
  for (const c of result.cases ?? []) problems.push(...caseProblems(c));
  const streaming = result.streaming;
  if (streaming) {
    for (const key of ['uploadMs', 'computeMs', 'epochMs'] as const) problems.push(...summaryProblems(`streaming ${key}`, streaming[key]));
    const expected = streaming.epochMs?.medianMs / Math.max(streaming.uploadMs?.medianMs, streaming.computeMs?.medianMs);
    if (!(positiveFinite(streaming.ratio) && consistent(streaming.ratio, expected))) problems.push(`streaming ratio ${streaming.ratio} is not epoch ÷ the larger of upload and compute`);
    const overSum = streaming.epochMs?.medianMs / (streaming.uploadMs?.medianMs + streaming.computeMs?.medianMs);
    if (!(positiveFinite(streaming.overSum) && consistent(streaming.overSum, overSum))) problems.push(`streaming overSum ${streaming.overSum} is not epoch ÷ (upload + compute)`);
    // Results from before the concurrent measurement lack it.
    if (streaming.concurrentMs !== undefined) {
      problems.push(...summaryProblems('streaming concurrentMs', streaming.concurrentMs));
      const floor = streaming.concurrentMs.medianMs / Math.max(streaming.uploadMs?.medianMs, streaming.computeMs?.medianMs);
      if (!(positiveFinite(streaming.floorRatio) && consistent(streaming.floorRatio!, floor))) problems.push(`streaming floorRatio ${streaming.floorRatio} is not concurrent ÷ the larger of upload and compute`);
    }
  } else {
    problems.push('no streaming measurement');
  }
  // Results from before the storages were timed taking turns lack them.
  for (const t of result.storageTurns ?? []) {
    for (const [name, [first, third]] of Object.entries(t.overF32PerTurn ?? {})) {
      const f32 = name === 'f32';
      if (!(positiveFinite(first) && positiveFinite(third) && first <= third) || (f32 && (first !== 1 || third !== 1))) {
        problems.push(`storage turns ${t.n}×${t.d}: ${name}'s per-turn quartiles ${first}–${third} are not an ordered pair of positive ratios${f32 ? ' (1–1 for f32 itself)' : ''}`);
      }
    }
    for (const [name, ratio] of Object.entries(t.overF32)) {
      const kernelMs = t.kernelMs[name as keyof typeof t.kernelMs];
      if (!(positiveFinite(kernelMs) && positiveFinite(ratio) && consistent(ratio, kernelMs / t.kernelMs.f32))) {
        problems.push(`storage turns ${t.n}×${t.d}: ${name}'s ratio ${ratio} is not its kernel ÷ the f32 kernel (${kernelMs} ÷ ${t.kernelMs.f32})`);
      }
    }
  }
  if (result.ok !== (result.failures.length === 0 && result.cases.every((c) => c.check.ok))) problems.push('ok disagrees with the cases and failures');
  return problems;
}
