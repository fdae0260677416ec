// Per-call latency of a small problem with resident data, against the floor: an empty dispatch
// submitted and a few bytes read back, measured the same way on the same device.
import emptySource from '../shaders/empty.wgsl?raw';
import { HingeKernel, syntheticProblem } from '../src/index.js';
import { encodeComputePass } from './compute-pass.js';
import type { GpuTimer } from './gpu-timer.js';
import { timeTakingTurns, type Summary } from './stats.js';

export interface Latency {
  n: number;
  d: number;
  /** HingeKernel.run on resident data: upload w, compute, read back. */
  runMs: Summary;
  /** An empty dispatch, submit and read-back of 4 bytes. */
  emptyRoundTripMs: Summary;
  /** runMs / emptyRoundTripMs, medians. */
  ratio: number;
}

export async function measureLatency(device: GPUDevice, timer: GpuTimer, reps: number, n = 1000, d = 16): Promise<Latency> {
  const out = device.createBuffer({ size: 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const readback = device.createBuffer({ size: 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const pipeline = await device.createComputePipelineAsync({
    layout: 'auto',
    compute: { module: device.createShaderModule({ label: 'empty.wgsl', code: emptySource }), entryPoint: 'main' },
  });
  const bindGroup = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: out } }] });
  const emptyRoundTrip = async () => {
    const encoder = device.createCommandEncoder();
    encodeComputePass(encoder, pipeline, bindGroup, 1);
    encoder.copyBufferToBuffer(out, 0, readback, 0, 4);
    device.queue.submit([encoder.finish()]);
    await readback.mapAsync(GPUMapMode.READ);
    readback.unmap();
  };
  const problem = syntheticProblem({ n, d, seed: 99 });
  const kernel = new HingeKernel(device);
  try {
    await kernel.setData(problem.X, problem.y);
    const params = { w: problem.w, b: problem.b };
    const runOnce = () => kernel.run(params);
    // Warm both, then take turns so that both see the same machine state.
    await emptyRoundTrip();
    await runOnce();
    await timer.warmUp();
    const [emptyRoundTripMs, runMs] = await timeTakingTurns(reps, [emptyRoundTrip, runOnce]);
    return { n, d, runMs, emptyRoundTripMs, ratio: runMs.medianMs / emptyRoundTripMs.medianMs };
  } finally {
    kernel.destroy();
    out.destroy();
    readback.destroy();
  }
}
