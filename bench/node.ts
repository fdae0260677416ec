// npm run bench:node — the benchmark's cases in Node on Dawn, without a browser (no TF.js peer).
import { writeFileSync } from 'node:fs';
import { requestDevice } from '../src/index.js';
import { configFromParams } from './config.js';
import { formatTable } from './format.js';
import { runBenchmark } from './runner.js';
import { argsToParams, defaultOut } from './args.js';
import { timeCpuInNodeWorker } from './cpu-peer-node.js';
import { hostDescription } from './host.js';

const { params, options } = argsToParams(process.argv.slice(2));
const config = configFromParams(params);
if (config.peers.some((peer) => peer.startsWith('tfjs'))) {
  console.error('bench:node: the TF.js peers run on the page only (npm run bench); skipping them');
}
const device = await requestDevice();
const result = await runBenchmark(device, config, {
  environment: `Node ${process.version}, Dawn`,
  timeCpu: timeCpuInNodeWorker,
  progress: (fraction, message) => {
    const line = `[${(fraction * 100).toFixed(0).padStart(3)}%] ${message}`;
    process.stderr.write(process.stderr.isTTY ? `\r${line.padEnd(70)}` : `${line}\n`);
  },
}, params.get('sizes') ?? 'default');
if (process.stderr.isTTY) process.stderr.write('\n');
device.destroy();
result.host = hostDescription();
const out = options.out ?? defaultOut(params, 'node-');
writeFileSync(out, JSON.stringify(result, null, 2));
console.log(formatTable(result));
console.log(`wrote ${out}`);
if (!result.ok) {
  console.error('a case FAILED (its check, or it could not run)');
  process.exitCode = 1;
}
