// Node's counterpart of cpu-worker.ts: bench/node.ts times the float64 CPU reference in a fresh
// worker thread per case, for the reason given there (timed in the benchmark's own thread after
// the GPU cases, it ran 1.35–1.5× slower than in a fresh process). Plain JavaScript: the worker
// loads the TypeScript sources through Vite's module runner, as scripts/run-ts.mjs does.
import { parentPort, workerData } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';

const { runnerImport } = await import('vite');
const { module } = await runnerImport(fileURLToPath(new URL('./cpu-peer.ts', import.meta.url)), { configFile: false, logLevel: 'error' });
try {
  parentPort.postMessage({ timing: await module.timeCpuHere(workerData.input, workerData.maxReps) });
} catch (error) {
  parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
}
