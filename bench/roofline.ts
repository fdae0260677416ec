// The stream-read roofline: the fastest of a few plain read-and-sum kernels over a buffer of the
// same size as the bytes the hinge kernel must read, on the same device, in the same run.
import streamReadSource from '../shaders/stream_read.wgsl?raw';
import type { GpuTimer } from './gpu-timer.js';
import { summarize, type Summary } from './stats.js';

const WORKGROUP_SIZE = 256;
/** The largest buffer read at once, as HingeKernel's default chunk (drivers refuse large allocations). */
const BUFFER_BYTES = 256 << 20;
/**
 * Shapes tried: grid-strided ('main': workgroups × vec4 loads per iteration), and blocked (vec4 per
 * invocation) read as vec4 or as 4×4 matrices (on SwiftShader the matrices read 1.07× as fast in
 * Node, alternating in one run: 17.1–18.1 ms against 18.3–19.6 over 64 MiB).
 */
const VARIANTS = [
  { entryPoint: 'main', workgroups: 256, unroll: 1 },
  { entryPoint: 'main', workgroups: 1024, unroll: 1 },
  { entryPoint: 'main', workgroups: 1024, unroll: 4 },
  { entryPoint: 'main', workgroups: 4096, unroll: 4 },
  { entryPoint: 'blocked', block: 32 },
  { entryPoint: 'blocked', block: 256 },
  { entryPoint: 'blockedMatrices', block: 32 },
  { entryPoint: 'blockedMatrices', block: 256 },
];

export interface Roofline extends Summary {
  bytes: number;
  gbps: number;
  variant: string;
}

export async function measureRoofline(device: GPUDevice, timer: GpuTimer, bytesWanted: number, reps: number): Promise<Roofline> {
  // More bytes than one binding holds are read by repeating the dispatch over a buffer that fits.
  // Whole 4×4 matrices (64 bytes), so that every variant reads every byte.
  const largestBinding = Math.floor(Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize) / 64) * 64;
  const size = Math.min(Math.max(64, Math.ceil(bytesWanted / 64) * 64), largestBinding, BUFFER_BYTES);
  const repeats = Math.ceil(bytesWanted / size);
  const bytes = size * repeats;
  // An allocation or pipeline the device refuses would make every dispatch a no-op and the
  // "roofline" a fiction: errors are caught and thrown.
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  const data = device.createBuffer({ size, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
  const ones = new Float32Array(Math.min(size, 4 << 20) / 4).fill(1);
  for (let offset = 0; offset < size; offset += ones.byteLength) {
    device.queue.writeBuffer(data, offset, ones, 0, Math.min(ones.length, (size - offset) / 4));
  }
  const invalidBuffer = await device.popErrorScope();
  const refused = (await device.popErrorScope()) ?? invalidBuffer;
  if (refused) {
    data.destroy();
    throw new Error(`the roofline's ${size}-byte buffer was refused: ${refused.message}`);
  }
  const vec4s = size / 16;
  const module = device.createShaderModule({ label: 'stream_read.wgsl', code: streamReadSource });
  let best: Roofline | undefined;
  try {
    for (const variant of VARIANTS) {
      const { entryPoint } = variant;
      const blocked = entryPoint !== 'main';
      const workgroups =
        blocked
          ? Math.max(1, Math.ceil(vec4s / (variant.block! * WORKGROUP_SIZE)))
          : Math.max(1, Math.min(variant.workgroups!, Math.ceil(vec4s / WORKGROUP_SIZE)));
      device.pushErrorScope('validation');
      const sums = device.createBuffer({ size: workgroups * WORKGROUP_SIZE * 4, usage: GPUBufferUsage.STORAGE });
      const constants: Record<string, number> =
        blocked ? { WORKGROUP_SIZE, BLOCK: variant.block! } : { WORKGROUP_SIZE, UNROLL: variant.unroll! };
      const pipeline = await device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint, constants } });
      const bindGroup = device.createBindGroup({
        layout: pipeline.getBindGroupLayout(0),
        entries: [{ binding: 0, resource: { buffer: data } }, { binding: 1, resource: { buffer: sums } }],
      });
      const encode = (pass: GPUComputePassEncoder) => {
        pass.setPipeline(pipeline);
        pass.setBindGroup(0, bindGroup);
        for (let k = 0; k < repeats; k++) pass.dispatchWorkgroups(workgroups);
      };
      const work = `roofline ${bytes} ${entryPoint} ${workgroups} ${variant.unroll ?? variant.block}`;
      await timer.time(work, encode); // warm-up
      const invalid = await device.popErrorScope();
      if (invalid) throw new Error(`the roofline kernel ${entryPoint} failed: ${invalid.message}`);
      await timer.warmUp();
      const times: number[] = [];
      for (let rep = 0; rep < reps; rep++) times.push(await timer.time(work, encode));
      sums.destroy();
      const summary = summarize(times);
      if (!best || summary.medianMs < best.medianMs) {
        const shape = blocked ? `blocks of ${variant.block} vec4` : `unroll ${variant.unroll}`;
        best = { ...summary, bytes, gbps: bytes / summary.medianMs / 1e6, variant: `${entryPoint}, ${workgroups}×${WORKGROUP_SIZE}, ${shape}` };
      }
    }
  } finally {
    data.destroy();
  }
  return best!;
}
