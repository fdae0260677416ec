// Node's counterpart of cpu-worker.ts: bench/node.ts times the float64 CPU reference in a fresh
// worker thread per case, for the reason given there (timed in the benchmark's own thread after
// the GPU cases, it ran 1.35–1.5× slower than in a fresh process).
import { parentPort, workerData } from 'node:worker_threads';
import { timeCpuHere } from './cpu-peer.js';

try {
  parentPort!.postMessage({ timing: await timeCpuHere(workerData.input, workerData.maxReps) });
} catch (error) {
  parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
}
