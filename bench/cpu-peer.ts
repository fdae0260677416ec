// The CPU reference as a peer, timed in a worker of its own per case (see cpu-worker.ts): on the
// page timeCpuInWorker; in Node bench/cpu-peer-node.ts, whose worker calls timeCpuHere.
import { hingeGradientCpu, type HingeInput } from '../src/index.js';
import type { CpuWorkerRequest } from './cpu-worker.js';
import { timePeer, type PeerTiming } from './peer-timing.js';

export function timeCpuHere(input: HingeInput, maxReps: number): Promise<PeerTiming> {
  return timePeer(maxReps, () => hingeGradientCpu(input));
}

export function timeCpuInWorker(input: HingeInput, maxReps: number): Promise<PeerTiming> {
  const worker = new Worker(new URL('./cpu-worker.ts', import.meta.url), { type: 'module' });
  return new Promise<PeerTiming>((resolve, reject) => {
    worker.onmessage = ({ data }: MessageEvent<{ timing?: PeerTiming; error?: string }>) =>
      data.timing ? resolve(data.timing) : reject(new Error(`the CPU reference failed in its worker: ${data.error}`));
    worker.onerror = (event) => reject(new Error(`the CPU reference's worker failed: ${event.message}`));
    worker.postMessage({ input, maxReps } satisfies CpuWorkerRequest);
  }).finally(() => worker.terminate());
}
