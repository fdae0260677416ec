// The worker thread's entry when the benchmark runs from source (npm run bench:node): it loads
// cpu-worker-node.ts through Vite's module runner, as scripts/run-ts.mjs does for the main thread.
// A bundled benchmark (scripts/bundle-bench.mjs) has a cpu-worker-node.mjs of its own instead.
import { fileURLToPath } from 'node:url';

const { runnerImport } = await import('vite');
await runnerImport(fileURLToPath(new URL('./cpu-worker-node.ts', import.meta.url)), { configFile: false, logLevel: 'error' });
