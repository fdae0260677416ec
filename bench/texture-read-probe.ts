// Does a software GPU read X faster through a texture than through a storage buffer? The same
// 16.8M elements as int8 codes (16 to a 16-byte unit) and as f32 values (4 to a unit), each read
// from a buffer and from a texture and summed (shaders/texture_read_probe.wgsl), taking turns.
//   node scripts/run-ts.mjs bench/texture-read-probe.ts [--chromium] [--reps 15] [--out FILE.json]
//   (bench/probe-page.ts)
import { describeAdapter, type AdapterSummary } from '../src/index.js';
import int8Widen from '../shaders/int8_widen.wgsl?raw';
import probeSource from '../shaders/texture_read_probe.wgsl?raw';
import { timeTakingTurns } from './stats.js';

const ELEMENTS = 4096 * 4096;
const BLOCK = 64;
const TEXELS_PER_ROW = 1024;
const WORKGROUP_SIZE = 64;

/** The probe's WGSL: shaders/texture_read_probe.wgsl with the int8 widening it calls. */
export const TEXTURE_READ_PROBE_SOURCE = `${probeSource}\n${int8Widen}`;
/** Entry points, with the elements in each 16-byte unit they read. */
export const TEXTURE_READ_ENTRY_POINTS: [entryPoint: string, elementsPerUnit: number][] = [
  ['codesFromBuffer', 16], ['codesFromTexture', 16], ['codesFromIndex', 16],
  ['valuesFromBuffer', 4], ['valuesFromTexture', 4],
];

export interface TextureReadProbe {
  elements: number;
  adapter: AdapterSummary;
  reps: number;
  /** Median wall time of each entry point's dispatch, taking turns. */
  medianMs: Record<string, number>;
}

export async function probeTextureReads(device: GPUDevice, reps: number): Promise<TextureReadProbe> {
  const module = device.createShaderModule({ label: 'texture_read_probe.wgsl', code: TEXTURE_READ_PROBE_SOURCE });
  const sums = device.createBuffer({ size: (ELEMENTS / 4 / BLOCK) * 64, usage: GPUBufferUsage.STORAGE });
  const made: { destroy(): void }[] = [sums];
  device.pushErrorScope('validation');
  const runs = TEXTURE_READ_ENTRY_POINTS.map(([entryPoint, elementsPerUnit]) => {
    const units = ELEMENTS / elementsPerUnit;
    const bytes = new Uint8Array(units * 16).map((_, k) => (k * 2654435761) >>> 24 & 0x3f);
    let resource: GPUBindingResource;
    if (entryPoint.includes('Texture')) {
      const texture = device.createTexture({
        size: [TEXELS_PER_ROW, units / TEXELS_PER_ROW], format: elementsPerUnit === 16 ? 'rgba32uint' : 'rgba32float',
        usage: GPUTextureUsage.TEXTURE_BINDING | GPUTextureUsage.COPY_DST,
      });
      device.queue.writeTexture({ texture }, bytes, { bytesPerRow: TEXELS_PER_ROW * 16 }, [TEXELS_PER_ROW, units / TEXELS_PER_ROW]);
      made.push(texture);
      resource = texture.createView();
    } else {
      const buffer = device.createBuffer({ size: bytes.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
      device.queue.writeBuffer(buffer, 0, bytes);
      made.push(buffer);
      resource = { buffer };
    }
    const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint, constants: { BLOCK, TEXELS_PER_ROW } } });
    const bindGroup = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource }, { binding: 1, resource: { buffer: sums } }],
    });
    return async () => {
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(units / BLOCK / WORKGROUP_SIZE);
      pass.end();
      device.queue.submit([encoder.finish()]);
      await device.queue.onSubmittedWorkDone();
    };
  });
  const invalid = await device.popErrorScope();
  if (invalid) throw new Error(`a texture-read probe failed to build: ${invalid.message}`);
  for (const run of runs) await run();
  const times = await timeTakingTurns(reps, runs);
  for (const resource of made) resource.destroy();
  return {
    elements: ELEMENTS, adapter: describeAdapter(device), reps,
    medianMs: Object.fromEntries(TEXTURE_READ_ENTRY_POINTS.map(([entryPoint], k) => [entryPoint, times[k].medianMs])),
  };
}

function print(where: string, probe: TextureReadProbe): void {
  const { codesFromBuffer, codesFromTexture, codesFromIndex, valuesFromBuffer, valuesFromTexture } = probe.medianMs;
  console.log(`${where}: ${probe.elements} elements, median wall ms of one dispatch, taking turns`);
  console.log(`  int8 codes: buffer ${codesFromBuffer.toFixed(1)}, texture ${codesFromTexture.toFixed(1)} (texture ÷ buffer ${(codesFromTexture / codesFromBuffer).toFixed(2)})`);
  if (codesFromIndex !== undefined) {
    // Runs before these entry points were added lack them.
    const loads = (ms: number) => (ms - codesFromIndex).toFixed(1);
    console.log(`  int8 codes made from the index, no loads: ${codesFromIndex.toFixed(1)}; the loads alone: buffer ${loads(codesFromBuffer)}, texture ${loads(codesFromTexture)}`);
  }
  console.log(`  f32 values: buffer ${valuesFromBuffer.toFixed(1)}, texture ${valuesFromTexture.toFixed(1)} (texture ÷ buffer ${(valuesFromTexture / valuesFromBuffer).toFixed(2)})`);
}

if (typeof process !== 'undefined' && process.argv?.[1]?.endsWith('texture-read-probe.ts')) {
  const { runProbeScript } = await import('./probe-page.js');
  await runProbeScript({ modulePath: '/bench/texture-read-probe.ts', probe: 'probeTextureReads', run: probeTextureReads, print });
}
