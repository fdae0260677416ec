// npm run bench:train — time to a certified duality gap: the default solver on the GPU, the same
// solver on the float64 CPU path, and scikit-learn's LinearSVC (liblinear) on the same data when
// Debian's python3-sklearn is present (scripts/linearsvc-time.py), all in one run.
// Flags: --n (1,000,000), --d (64), --loss (hinge | squared-hinge), --lambda (1e-4), --tol (1e-4),
// --linearsvc-limit SECONDS (1800: LinearSVC is stopped there, and reported as not finished),
// --out FILE. Each run's certificate is a float64 pass on the CPU every tenth epoch.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeAdapter, requestDevice, syntheticProblem, trainLinearSvm, trainLinearSvmCpu } from '../src/index.js';
import type { LinearSvmModel } from '../src/fit-linear.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const n = Number(flag('n', '1000000'));
const d = Number(flag('d', '64'));
const loss = flag('loss', 'hinge') as 'hinge' | 'squared-hinge';
const lambda = Number(flag('lambda', '1e-4'));
const tol = Number(flag('tol', '1e-4'));
const out = flag('out', 'bench/results/train.json');
const linearSvcLimit = Number(flag('linearsvc-limit', '1800'));

console.log(`synthetic ${n} × ${d}, loss '${loss}', λ = ${lambda}, to a gap of ${tol} × the objective`);
const problem = syntheticProblem({ n, d, seed: 7 });

interface SolverRun {
  seconds: number;
  epochs: number;
  objective: number;
  gap: number;
  converged: boolean;
  /** Seconds until the objective first came within `tol` of LinearSVC's (when it ran). */
  secondsToLinearSvcObjective?: number | null;
}

async function timed(run: () => Promise<LinearSvmModel>): Promise<SolverRun & { model: LinearSvmModel }> {
  const started = performance.now();
  const model = await run();
  const seconds = (performance.now() - started) / 1000;
  const last = model.history.at(-1)!;
  return { seconds, epochs: last.epoch, objective: model.objective, gap: model.gap, converged: model.converged, model };
}

const options = { loss, lambda, tol, maxEpochs: 3000, gapEvery: 10 };
const device = await requestDevice();
const adapter = describeAdapter(device);
const clock: number[] = [];
const gpuStarted = performance.now();
const gpu = await timed(() => trainLinearSvm(device, problem.X, problem.y, { ...options, onProgress: () => clock.push((performance.now() - gpuStarted) / 1000) }));
device.destroy();
console.log(`GPU (${adapter.description || adapter.architecture}): ${gpu.seconds.toFixed(2)} s, ${gpu.epochs} epochs, objective ${gpu.objective.toFixed(8)}, gap ${(gpu.gap / gpu.objective).toExponential(2)} × objective`);
const cpuClock: number[] = [];
const cpuStarted = performance.now();
const cpu = await timed(() => trainLinearSvmCpu(problem.X, problem.y, { ...options, onProgress: () => cpuClock.push((performance.now() - cpuStarted) / 1000) }));
console.log(`CPU float64: ${cpu.seconds.toFixed(2)} s, ${cpu.epochs} epochs, objective ${cpu.objective.toFixed(8)}, gap ${(cpu.gap / cpu.objective).toExponential(2)} × objective`);

let linearSvc: { seconds: number; objective: number; iterations: number } | null = null;
/** Set when LinearSVC ran past the limit and was stopped: the seconds it was given. */
let linearSvcStoppedAfter: number | null = null;
if (existsSync('/usr/bin/python3')) {
  const folder = mkdtempSync(join(tmpdir(), 'bench-train-'));
  writeFileSync(join(folder, 'X.f32'), problem.X);
  writeFileSync(join(folder, 'y.i32'), Int32Array.from(problem.y));
  writeFileSync(join(folder, 'shape.json'), JSON.stringify({ n, d }));
  try {
    const line = execFileSync('/usr/bin/python3', ['scripts/linearsvc-time.py', folder, loss, String(lambda), String(tol)], { encoding: 'utf8', maxBuffer: 1 << 20, timeout: linearSvcLimit * 1000 });
    linearSvc = JSON.parse(line.trim().split('\n').at(-1)!);
    console.log(`LinearSVC (liblinear): ${linearSvc!.seconds.toFixed(2)} s, objective ${linearSvc!.objective.toFixed(8)}`);
  } catch (error) {
    if ((error as { signal?: string }).signal === 'SIGTERM') {
      linearSvcStoppedAfter = linearSvcLimit;
      console.log(`LinearSVC had not finished after ${linearSvcLimit} s and was stopped`);
    } else console.log(`LinearSVC did not run: ${(error as Error).message.split('\n')[0]}`);
  }
}
/** Seconds until a run's objective came within tol of LinearSVC's (its history and clock). */
const toObjective = (run: typeof gpu, times: number[]) => {
  if (!linearSvc) return null;
  const index = run.model.history.findIndex((record) => record.objective <= linearSvc!.objective * (1 + tol));
  return index >= 0 ? times[index] : null;
};
const summary = (run: typeof gpu, times: number[]): SolverRun => ({
  seconds: run.seconds, epochs: run.epochs, objective: run.objective, gap: run.gap, converged: run.converged,
  secondsToLinearSvcObjective: toObjective(run, times),
});
const result = {
  problem: { n, d, loss, lambda, tol, seed: 7 },
  adapter,
  gpu: summary(gpu, clock),
  cpu: summary(cpu, cpuClock),
  linearSvc,
  linearSvcStoppedAfter,
  /** LinearSVC's fit time ÷ the GPU solver's time to within tol of LinearSVC's objective. */
  gpuSpeedupOverLinearSvc: linearSvc && toObjective(gpu, clock) ? linearSvc.seconds / toObjective(gpu, clock)! : null,
  cpuOverGpu: cpu.seconds / gpu.seconds,
  createdAt: new Date().toISOString(),
};
console.log(`CPU ÷ GPU time to the gap: ${result.cpuOverGpu.toFixed(2)}; LinearSVC ÷ GPU to its objective: ${result.gpuSpeedupOverLinearSvc?.toFixed(2) ?? '—'}`);
mkdirSync('bench/results', { recursive: true });
writeFileSync(out, JSON.stringify(result, null, 2));
console.log(`wrote ${out}`);
