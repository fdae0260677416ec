// The CPU reference as a peer, timed in a worker of its own per case (see cpu-worker.ts): on the
// page timeCpuInWorker; in Node bench/cpu-peer-node.ts, whose worker calls timeCpuHere. The input
// is validated once, outside the timing: the peer is timed on the computation alone, as the GPU's
// resident run() is (its data were checked once, by setData).
import { validateLinearInput } from '../src/linear-input.js';
import { linearReferenceOf } from '../src/linear-reference.js';
import { referenceOf } from '../src/reference.js';
import { validateInput } from '../src/validate.js';
import type { CpuWorkerRequest } from './cpu-worker.js';
import { timePeer, type PeerTiming } from './peer-timing.js';
import type { BenchInput } from './runner.js';

/** The binary hinge's reference (hingeGradientCpu's), or the family's (linearGradientCpu's). */
export function timeCpuHere(input: BenchInput, maxReps: number): Promise<PeerTiming> {
  if ('W' in input) {
    const valid = validateLinearInput(input);
    return timePeer(maxReps, () => linearReferenceOf(valid));
  }
  const valid = validateInput(input);
  return timePeer(maxReps, () => referenceOf(valid));
}

export function timeCpuInWorker(input: BenchInput, maxReps: number): Promise<PeerTiming> {
  const worker = new Worker(new URL('./cpu-worker.ts', import.meta.url), { type: 'module' });
  return new Promise<PeerTiming>((resolve, reject) => {
    worker.onmessage = ({ data }: MessageEvent<{ timing?: PeerTiming; error?: string }>) =>
      data.timing ? resolve(data.timing) : reject(new Error(`the CPU reference failed in its worker: ${data.error}`));
    worker.onerror = (event) => reject(new Error(`the CPU reference's worker failed: ${event.message}`));
    worker.postMessage({ input, maxReps } satisfies CpuWorkerRequest);
  }).finally(() => worker.terminate());
}
