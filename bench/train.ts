// npm run bench:train — time per epoch of GPU training against the float64 CPU trainer, same
// algorithm and batches, on a synthetic 1,000,000 × 64 problem (flags: --n, --d, --epochs, --batch).
import { requestDevice, syntheticProblem, trainLinearSvm, trainLinearSvmCpu, type EpochRecord } from '../src/index.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const n = flag('n', 1_000_000);
const d = flag('d', 64);
const epochs = flag('epochs', 2);
const batchSize = flag('batch', 4096);
const options = { lambda: 1e-4, epochs, batchSize, seed: 1 };

console.log(`synthetic problem ${n} × ${d}, ${epochs} epochs, batches of ${batchSize}`);
const problem = syntheticProblem({ n, d, seed: 7 });
const median = (records: EpochRecord[]) => records.map((r) => r.epochMs).sort((a, b) => a - b)[records.length >> 1];
const describe = (name: string, records: EpochRecord[]) =>
  `${name}: ${median(records).toFixed(0)} ms per epoch (median), final objective ${records.at(-1)!.loss.toFixed(5)}, ` +
  `train accuracy ${records.at(-1)!.accuracy.toFixed(4)}`;

const device = await requestDevice();
const gpuRun = await trainLinearSvm(device, problem.X, problem.y, options);
device.destroy();
console.log(describe(`GPU (${device.adapterInfo?.description ?? 'adapter'})`, gpuRun.history));
const cpuRun = await trainLinearSvmCpu(problem.X, problem.y, options);
console.log(describe('CPU float64 reference', cpuRun.history));
console.log(`GPU epoch time / CPU epoch time = ${(median(gpuRun.history) / median(cpuRun.history)).toFixed(2)}`);
