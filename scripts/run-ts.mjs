// Runs a TypeScript entry (bench/cli.ts, bench/node.ts) through Vite's module runner, so that the
// same sources as the page — WGSL ?raw imports included — run in Node without a separate build.
import { ensureEnvironment } from './ensure-env.mjs';

ensureEnvironment();
const [entry, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], entry, ...args];
const { runnerImport } = await import('vite');
await runnerImport(entry, { configFile: false, logLevel: 'error' });
