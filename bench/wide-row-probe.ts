// What an int8 hinge gradient over 4096 × 4096 can cost on a software GPU, by kernel shape
// (shaders/wide_row_probe.wgsl says what each probe does), against the f32 stream read of the same
// 4096² elements (stream_read.wgsl's blockedMatrices, the read bench/roofline.ts finds fastest
// there on SwiftShader), all timed taking turns on one GpuTimer. Values are not checked: the probes
// time shapes of kernels, not the library's kernels.
//   node scripts/run-ts.mjs bench/wide-row-probe.ts [--chromium] [--reps 15] [--out FILE.json]
//   (bench/probe-page.ts)
import { describeAdapter, type AdapterSummary } from '../src/index.js';
import int8Widen from '../shaders/int8_widen.wgsl?raw';
import streamReadSource from '../shaders/stream_read.wgsl?raw';
import probeSource from '../shaders/wide_row_probe.wgsl?raw';
import { GpuTimer } from './gpu-timer.js';
import { measureRoofline } from './roofline.js';
import { summarize, timeTakingTurns } from './stats.js';

const ROWS = 4096;
const COLUMNS = 4096;
const ROWS_PER_BLOCK = 64;
const BLOCKS = ROWS / ROWS_PER_BLOCK;
/** Invocations of the panel-per-subgroup entry points: 16 panels of four lanes per block. */
const PANEL_WORKGROUPS = (BLOCKS * 16 * 4) / 64;

/** The probe's WGSL: shaders/wide_row_probe.wgsl with the int8 widening it calls. */
export const WIDE_ROW_PROBE_SOURCE = `${probeSource}\n${int8Widen}`;
export const WIDE_ROW_ENTRY_POINTS = ['int8Read', 'scores', 'coefficientsOfRows', 'update', 'onePass', 'barriersOnly'];

export interface WideRowProbe {
  shape: '4096x4096';
  adapter: AdapterSummary;
  reps: number;
  /** The fastest stream read of the f32 bytes (bench/roofline.ts), timed before the probes. */
  roofline: { medianMs: number; variant: string };
  /** Median ms of each probe, the f32 read among them, taking turns. */
  medianMs: Record<string, number>;
  /** The f32 read's median ÷ each probe's, from the same turns: above 1, more elements per second. */
  overRead: Record<string, number>;
}

export async function probeWideRows(device: GPUDevice, reps: number): Promise<WideRowProbe> {
  const timer = new GpuTimer(device);
  const read = await measureRoofline(device, timer, ROWS * COLUMNS * 4, reps);
  const buffer = (size: number, data?: ArrayBufferView<ArrayBuffer>) => {
    const made = device.createBuffer({ size, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    if (data) device.queue.writeBuffer(made, 0, data);
    return made;
  };
  const codes = new Uint8Array(ROWS * COLUMNS).map((_, k) => (k * 2654435761) >>> 24);
  const buffers = [
    buffer(codes.byteLength, codes),
    buffer(COLUMNS * 4, new Float32Array(COLUMNS).map((_, j) => ((j % 17) - 8) * 2 ** -20)),
    buffer(ROWS * 4, new Float32Array(ROWS).map((_, i) => (i % 3 === 0 ? -1 : 1))),
    buffer(16 * ROWS * 4),
    buffer(ROWS * 4),
    buffer(BLOCKS * COLUMNS * 4),
  ];
  const layout = device.createBindGroupLayout({
    entries: buffers.map((_, binding) => ({
      binding, visibility: GPUShaderStage.COMPUTE, buffer: { type: binding < 3 ? 'read-only-storage' as const : 'storage' as const },
    })),
  });
  const bindGroup = device.createBindGroup({ layout, entries: buffers.map((made, binding) => ({ binding, resource: { buffer: made } })) });
  const module = device.createShaderModule({ label: 'wide_row_probe.wgsl', code: WIDE_ROW_PROBE_SOURCE });
  const pipelineLayout = device.createPipelineLayout({ bindGroupLayouts: [layout] });
  device.pushErrorScope('validation');
  const pipeline = (entryPoint: string, join: number) => device.createComputePipeline({
    layout: pipelineLayout, compute: { module, entryPoint, constants: { ROWS, ROWS_PER_BLOCK, JOIN: join } },
  });
  const dispatches = (...steps: [entryPoint: string, workgroups: number, join?: number][]) => {
    const made = steps.map(([entryPoint, workgroups, join = 0]) => [pipeline(entryPoint, join), workgroups] as const);
    return (pass: GPUComputePassEncoder) => {
      pass.setBindGroup(0, bindGroup);
      for (const [step, workgroups] of made) {
        pass.setPipeline(step);
        pass.dispatchWorkgroups(workgroups);
      }
    };
  };
  // The read that bench/roofline.ts finds fastest on SwiftShader at these bytes, taking turns.
  const f32 = buffer(ROWS * COLUMNS * 4);
  const readWorkgroups = (ROWS * COLUMNS) / 4 / 256 / 256;
  const readSums = buffer(readWorkgroups * 256 * 4);
  const readPipeline = device.createComputePipeline({
    layout: 'auto',
    compute: { module: device.createShaderModule({ code: streamReadSource }), entryPoint: 'blockedMatrices', constants: { WORKGROUP_SIZE: 256, BLOCK: 256 } },
  });
  const readBindGroup = device.createBindGroup({
    layout: readPipeline.getBindGroupLayout(0),
    entries: [{ binding: 0, resource: { buffer: f32 } }, { binding: 1, resource: { buffer: readSums } }],
  });
  const probes: [string, (pass: GPUComputePassEncoder) => void][] = [
    ['f32 read', (pass) => {
      pass.setPipeline(readPipeline);
      pass.setBindGroup(0, readBindGroup);
      pass.dispatchWorkgroups(readWorkgroups);
    }],
    ['int8 read', dispatches(['int8Read', PANEL_WORKGROUPS])],
    ['scores', dispatches(['scores', PANEL_WORKGROUPS])],
    ['update', dispatches(['update', PANEL_WORKGROUPS])],
    ['two passes (scores, coefficients, update)', dispatches(['scores', PANEL_WORKGROUPS], ['coefficientsOfRows', ROWS / 64], ['update', PANEL_WORKGROUPS])],
    ['one pass, each panel alone (wrong values)', dispatches(['onePass', BLOCKS, 0])],
    ['one pass, panels meeting after a barrier', dispatches(['onePass', BLOCKS, 3])],
    ['each panel alone, a barrier per row', dispatches(['onePass', BLOCKS, 2])],
    ['each panel alone, one barrier at the end', dispatches(['onePass', BLOCKS, 1])],
    ['a barrier per row and nothing else', dispatches(['barriersOnly', BLOCKS])],
  ];
  const invalid = await device.popErrorScope();
  if (invalid) throw new Error(`a wide-row probe failed to build: ${invalid.message}`);
  for (const [name, encode] of probes) await timer.time(name, encode);
  await timer.warmUp();
  const times = probes.map((): number[] => []);
  await timeTakingTurns(reps, probes.map(([name, encode], k) => async () => times[k].push(await timer.time(name, encode))));
  for (const made of [...buffers, f32, readSums]) made.destroy();
  const medianMs: Record<string, number> = {};
  const overRead: Record<string, number> = {};
  for (const [k, [name]] of probes.entries()) medianMs[name] = summarize(times[k]).medianMs;
  for (const name of Object.keys(medianMs)) overRead[name] = medianMs['f32 read'] / medianMs[name];
  return { shape: '4096x4096', adapter: describeAdapter(device), reps, roofline: { medianMs: read.medianMs, variant: read.variant }, medianMs, overRead };
}

function print(where: string, probe: WideRowProbe): void {
  console.log(`${where}: 4096 × 4096, medians taking turns (the roofline's fastest read, timed before: ${probe.roofline.medianMs.toFixed(1)} ms, ${probe.roofline.variant})`);
  for (const [name, ratio] of Object.entries(probe.overRead)) {
    console.log(`  ${name.padEnd(44)} ${probe.medianMs[name].toFixed(1).padStart(7)} ms   read ÷ this ${ratio.toFixed(2)}`);
  }
}

if (typeof process !== 'undefined' && process.argv?.[1]?.endsWith('wide-row-probe.ts')) {
  const { runProbeScript } = await import('./probe-page.js');
  await runProbeScript({ modulePath: '/bench/wide-row-probe.ts', probe: 'probeWideRows', run: probeWideRows, print });
}
