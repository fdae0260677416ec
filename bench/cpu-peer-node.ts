// The CPU reference as a peer in Node: a fresh worker thread per case (cpu-worker-node.ts, entered
// through cpu-worker-node.mjs from source, or through the bundle's own file of that name).
import { Worker } from 'node:worker_threads';
import type { PeerTiming } from './peer-timing.js';
import type { BenchInput } from './runner.js';

export function timeCpuInNodeWorker(input: BenchInput, maxReps: number): Promise<PeerTiming> {
  const worker = new Worker(new URL('./cpu-worker-node.mjs', import.meta.url), { workerData: { input, maxReps } });
  return new Promise<PeerTiming>((resolve, reject) => {
    worker.once('message', (data: { timing?: PeerTiming; error?: string }) =>
      data.timing ? resolve(data.timing) : reject(new Error(`the CPU reference failed in its worker: ${data.error}`)),
    );
    worker.once('error', (error) => reject(new Error(`the CPU reference's worker failed: ${error.message}`)));
  }).finally(() => worker.terminate());
}
