// The CPU reference as a peer, timed in a worker of its own per case (see cpu-worker.ts): on the
// page timeCpuInWorker; in Node bench/cpu-peer-node.ts, whose worker calls timeCpuHere. The input
// is validated once, outside the timing: the peer is timed on the computation alone, as the GPU's
// resident run() is (its data were checked once, by setData).
import type { HingeInput } from '../src/index.js';
import { referenceOf } from '../src/reference.js';
import { validateInput } from '../src/validate.js';
import type { CpuWorkerRequest } from './cpu-worker.js';
import { timePeer, type PeerTiming } from './peer-timing.js';

export function timeCpuHere(input: HingeInput, maxReps: number): Promise<PeerTiming> {
  const valid = validateInput(input);
  return timePeer(maxReps, () => referenceOf(valid));
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
