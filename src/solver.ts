// The default solver: full-gradient L-BFGS on the objective with every hinge term smoothed
// (Huber, width μ: within μ/2 of the hinge, with a continuous slope), μ divided by ten whenever
// the smoothed problem is solved, until the duality gap of the exact objective (duality-gap.ts)
// is at most tol·objective. Each stage ends with a face solve (face-solve.ts), which also runs
// every FACE_SOLVE_EVERY epochs within a long stage: the dual on the terms within μ of their
// kink, solved exactly, which lands on the optimum once μ has narrowed them down. One-vs-rest's
// classes are separate problems: L-BFGS keeps its pairs per class. Squared hinges are smooth
// already and need one stage; they take Newton's steps where their Hessians are cheap
// (squared-newton.ts). The face solve's point is W(α) rounded to f32 (f32-rounding.ts). Each
// gradient evaluation is one epoch: one pass over the data, on the GPU (LinearKernel) or on the
// CPU (the float64 reference), through the same code; a face solve is an epoch of its own, on
// the CPU.
import { dualityGap, isSigned, type Certificate } from './duality-gap.js';
import { solveOnFaces } from './face-solve.js';
import { newtonDirection, newtonSuits } from './squared-newton.js';
import type { ValidLinearInput } from './linear-input.js';

/** The smoothed objective and its gradient at (W, b). */
export interface Oracle {
  evaluate(W: Float32Array, biases: Float32Array, smoothing: number): Promise<{ loss: number; dW: ArrayLike<number>; db: ArrayLike<number> }>;
  /** How far its objective may be off, relative to its value (f32 sums: 1e-6; float64: 1e-14). */
  noise: number;
}

export interface SolverOptions {
  /**
   * A float64 oracle to go on with when the first one's line search can no longer resolve a
   * decrease (an f32 GPU near the optimum of a nonsmooth loss): the solver switches once.
   */
  fallback?: Oracle;
  /** Stop when gap ≤ tol·objective. */
  tol: number;
  maxEpochs: number;
  /** Compute the certificate every this many epochs (and at the end of each stage). */
  gapEvery: number;
  onEpoch?: (record: SolverEpoch, W: Float32Array, biases: Float32Array) => void;
}

export interface SolverEpoch extends Certificate {
  epoch: number;
  /** Whether this epoch's gradient came from the fallback (float64) oracle. */
  fallback: boolean;
  /** Whether this epoch was a face solve (face-solve.ts) from the point the stage ended at, not a gradient. */
  faceSolve: boolean;
  /** The smoothing of this epoch's gradient (0 for the squared losses). */
  smoothing: number;
  epochMs: number;
}

export interface SolverResult {
  W: Float32Array;
  biases: Float32Array;
  history: SolverEpoch[];
  /** The last certificate: at the returned (W, b). */
  certificate: Certificate;
  converged: boolean;
}

/** L-BFGS's memory: the last pairs (s, y) it keeps. */
const MEMORY = 30;
const ARMIJO = 1e-4;
const MAX_BACKTRACKS = 30;
/** The smoothing of the first stage, as a fraction of Δ, and its divisor per stage. */
const FIRST_SMOOTHING = 1;
const SMOOTHING_STEP = 10;
/** The least smoothing, as a fraction of Δ; and no less than the oracle's noise, below which its evaluations of the smoothed terms lose their accuracy. */
const MIN_SMOOTHING = 1e-12;
/** Epochs between face solves within a smoothing stage. */
const FACE_SOLVE_EVERY = 200;

export async function solve(valid: ValidLinearInput, primary: Oracle, options: SolverOptions): Promise<SolverResult> {
  const { n, C, d, loss, margin } = valid;
  const { tol, maxEpochs, gapEvery, onEpoch, fallback } = options;
  let oracle = primary;
  let onFallback = false;
  let dualAtLastStall = -Infinity;
  const size = C * d + C;
  const smoothable = !loss.name.includes('squared');
  // The squared hinges take Newton's steps where their Hessians are cheap (squared-newton.ts).
  const newton = newtonSuits(valid);
  let smoothing = smoothable ? FIRST_SMOOTHING * (margin > 0 ? margin : 1) : 0;
  const theta = new Float64Array(size);
  const history: SolverEpoch[] = [];
  let epoch = 0;
  let certificate: Certificate | undefined;

  const split = (point: Float64Array) => ({ W: Float32Array.from(point.subarray(0, C * d)), biases: Float32Array.from(point.subarray(C * d)) });
  const evaluate = async (point: Float64Array) => {
    const started = performance.now();
    const { W, biases } = split(point);
    const result = await oracle.evaluate(W, biases, smoothing > 0 ? smoothing : 1);
    epoch++;
    const gradient = new Float64Array(size);
    gradient.set(Array.from(result.dW));
    gradient.set(Array.from(result.db), C * d);
    return { value: result.loss, gradient, W, biases, epochMs: performance.now() - started };
  };
  const record = (at: Certificate, epochMs: number, faceSolve = false) => {
    const entry: SolverEpoch = { epoch, smoothing, fallback: onFallback, faceSolve, epochMs, ...at };
    history.push(entry);
    onEpoch?.(entry, current.W, current.biases);
  };
  // Every dual value bounds the optimum from below, wherever it was found: the gap takes the best.
  let bestDual = -Infinity;
  let stageGap = Infinity;
  let certified: unknown;
  /**
   * One record per epoch: the current iterate's certificate, computed every gapEvery epochs (and
   * when forced), else the last one computed. Returns it when it is the current iterate's.
   */
  const refresh = (force: boolean): Certificate | undefined => {
    if (certified !== current && (force || epoch % gapEvery === 0 || certificate === undefined)) {
      const at = dualityGap(valid, current.W, current.biases, smoothing);
      bestDual = Math.max(bestDual, at.dual);
      // At a stage's end the slopes of other smoothings, tried at the same point, may give a
      // better dual: the iterate can be closer to the optimum than its own smoothing resolves.
      if (force && smoothable) {
        for (const factor of [0.01, 0.1, 10, 100]) bestDual = Math.max(bestDual, dualityGap(valid, current.W, current.biases, smoothing * factor).dual);
      }
      stageGap = current.value - at.smoothedDual;
      certificate = { ...at, dual: bestDual, gap: at.objective - bestDual };
      certified = current;
    }
    return certified === current ? certificate : undefined;
  };
  const settle = (epochMs: number, force: boolean): Certificate | undefined => {
    const fresh = refresh(force);
    record(certificate!, epochMs);
    return fresh;
  };
  const done = (c: Certificate | undefined) => c !== undefined && c.gap <= tol * Math.abs(c.objective);
  /**
   * At a stage's end, the face solve from the current point: its dual bounds the optimum wherever
   * it lands, and its point becomes the iterate where its objective is lower. Returns whether
   * that point is certified.
   */
  const faceSolve = async (monotoneWork = Infinity): Promise<boolean> => {
    if (!smoothable) return false;
    const started = performance.now();
    const found = solveOnFaces(valid, current.W, current.biases, { smoothing, tol, monotoneWork });
    if (!found) return false;
    epoch++;
    bestDual = Math.max(bestDual, found.dual);
    const at = found.certificate;
    const better = at.objective < certificate!.objective;
    if (better) {
      theta.set(found.W);
      theta.set(found.biases, C * d);
      current = { ...current, W: Float32Array.from(found.W), biases: Float32Array.from(found.biases) };
      certificate = { ...at, dual: bestDual, gap: at.objective - bestDual };
      certified = current;
    } else {
      certificate = { ...certificate!, dual: bestDual, gap: certificate!.objective - bestDual };
    }
    record(certificate, performance.now() - started, true);
    if (done(certificate)) return true;
    if (better && epoch < maxEpochs) {
      // The gradient at the new point, for the steps that follow.
      forgetPairs();
      firstStep = true;
      current = await evaluate(theta);
      settle(current.epochMs, true);
    }
    return false;
  };

  let current = await evaluate(theta);
  if (done(settle(current.epochMs, true))) return finish(true);
  let lastFaceSolve = 0;
  // L-BFGS's pairs, kept per block of the parameters: one-vs-rest's classes are separate
  // problems, whose Hessian is block-diagonal; each class's own curvature scales its step.
  const blocks = isSigned(valid) && C > 1 ? Array.from({ length: C }, (_, c) => [...Array.from({ length: d }, (_, j) => c * d + j), C * d + c]) : [Array.from({ length: size }, (_, k) => k)];
  const memories: Pair[][] = blocks.map(() => []);
  const forgetPairs = () => memories.forEach((memory) => (memory.length = 0));
  let firstStep = true;
  while (epoch < maxEpochs) {
    const direction = newton ? newtonDirection(valid, current.W, current.biases, current.gradient) : blockTwoLoop(current.gradient, blocks, memories);
    let slope = dot(current.gradient, direction);
    if (!(slope < 0)) {
      forgetPairs();
      for (let k = 0; k < size; k++) direction[k] = -current.gradient[k];
      slope = -dot(current.gradient, current.gradient);
    }
    let step = firstStep && !newton ? 1 / Math.max(1, Math.sqrt(-slope)) : 1;
    let next: Awaited<ReturnType<typeof evaluate>> | undefined;
    let point = theta;
    for (let backtrack = 0; backtrack < MAX_BACKTRACKS && epoch < maxEpochs; backtrack++) {
      point = Float64Array.from(theta, (value, k) => value + step * direction[k]);
      const trial = await evaluate(point);
      // Armijo's decrease; or, where the decrease is below what the objective's evaluation can
      // resolve, Hager and Zhang's approximate Wolfe condition: the slope along the direction
      // has not turned up by more than it started down.
      const trialSlope = dot(trial.gradient, direction);
      const withinNoise = trial.value <= current.value + oracle.noise * Math.abs(current.value);
      if (trial.value <= current.value + ARMIJO * step * slope || (withinNoise && trialSlope <= -(1 - 2 * ARMIJO) * slope)) {
        next = trial;
        break;
      }
      // A rejected step leaves the iterate where it was: its epoch reports the iterate's certificate.
      settle(trial.epochMs, false);
      step /= 2;
    }
    // A stage ends when no step decreases the smoothed objective (its f32 evaluation is then at its
    // noise), or when the smoothed problem's own gap is a tenth of the exact one: what is left is
    // the smoothing's, and μ shrinks.
    const stalled = next === undefined;
    if (next) {
      blocks.forEach((block, b) => {
        const s = Float64Array.from(block, (k) => point[k] - theta[k]);
        const y = Float64Array.from(block, (k) => next!.gradient[k] - current.gradient[k]);
        const sy = dot(s, y);
        if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
          memories[b].push({ s, y, rho: 1 / sy });
          if (memories[b].length > MEMORY) memories[b].shift();
        }
      });
      theta.set(point);
      current = next;
      firstStep = false;
    }
    // A stall's last epoch is recorded already (its rejected step); the iterate is certified now.
    const checked = next ? settle(next.epochMs, false) : refresh(true);
    if (done(checked)) return finish(true);
    const endOfStage = stalled || (checked !== undefined && smoothable && stageGap <= 0.1 * checked.gap);
    // Also within a long stage, every FACE_SOLVE_EVERY epochs: at small λ the smoothed problem
    // converges slowly, while the face solve needs only its terms near their kinks. There the
    // monotone active-set method may cost a part no more than those epochs did (n·C·d each).
    const sinceLast = epoch - lastFaceSolve;
    if (endOfStage || (smoothable && sinceLast >= FACE_SOLVE_EVERY)) {
      lastFaceSolve = epoch;
      if (await faceSolve(endOfStage ? Infinity : sinceLast * n * C * d)) return finish(true);
    }
    const stalledInVain = stalled && bestDual <= dualAtLastStall;
    if (stalled) dualAtLastStall = bestDual;
    if (stalledInVain && fallback && !onFallback) {
      // Two stalls in a row with no better dual between them: the f32 evaluations are at their
      // noise. Go on in float64 from here, at the same smoothing.
      oracle = fallback;
      onFallback = true;
      forgetPairs();
      firstStep = true;
      if (epoch >= maxEpochs) break;
      current = await evaluate(theta);
      if (done(settle(current.epochMs, true))) return finish(true);
      continue;
    }
    if (endOfStage) {
      // Below this smoothing an f32 evaluation cannot tell the smoothed terms from the hinge.
      if (!smoothable || smoothing < 1.5 * Math.max(MIN_SMOOTHING, oracle.noise) * Math.max(margin, 1)) {
        if (stalled) break;
        continue;
      }
      smoothing /= SMOOTHING_STEP;
      forgetPairs();
      firstStep = true;
      if (epoch >= maxEpochs) break;
      current = await evaluate(theta);
      if (done(settle(current.epochMs, true))) return finish(true);
    }
  }
  if (history.at(-1)?.epoch !== epoch) settle(current.epochMs, true);
  if (!done(certificate) && (await faceSolve())) return finish(true);
  return finish(done(certificate));

  function finish(converged: boolean): SolverResult {
    return { W: current.W, biases: current.biases, history, certificate: certificate!, converged };
  }
}

interface Pair {
  s: Float64Array;
  y: Float64Array;
  rho: number;
}

/** L-BFGS's direction per block of the parameters, each from its own pairs. */
function blockTwoLoop(gradient: Float64Array, blocks: number[][], memories: Pair[][]): Float64Array {
  const direction = new Float64Array(gradient.length);
  blocks.forEach((block, b) => {
    const part = twoLoop(Float64Array.from(block, (k) => gradient[k]), memories[b]);
    block.forEach((k, t) => (direction[k] = part[t]));
  });
  return direction;
}

/** L-BFGS's two-loop recursion: −H∇ from the kept pairs, scaled by the last pair's curvature. */
function twoLoop(gradient: Float64Array, pairs: Pair[]): Float64Array {
  const q = Float64Array.from(gradient);
  const alphas: number[] = [];
  for (let k = pairs.length - 1; k >= 0; k--) {
    const { s, y, rho } = pairs[k];
    const alpha = rho * dot(s, q);
    alphas[k] = alpha;
    for (let j = 0; j < q.length; j++) q[j] -= alpha * y[j];
  }
  if (pairs.length > 0) {
    const { s, y } = pairs[pairs.length - 1];
    const scale = dot(s, y) / dot(y, y);
    for (let j = 0; j < q.length; j++) q[j] *= scale;
  }
  for (let k = 0; k < pairs.length; k++) {
    const { s, y, rho } = pairs[k];
    const beta = rho * dot(y, q);
    for (let j = 0; j < q.length; j++) q[j] += (alphas[k] - beta) * s[j];
  }
  for (let j = 0; j < q.length; j++) q[j] = -q[j];
  return q;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let k = 0; k < a.length; k++) sum += a[k] * b[k];
  return sum;
}
