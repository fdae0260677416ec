// How a peer (the CPU reference, TF.js) is timed: a warm-up call, then as many samples as fit a
// budget, each sample long enough for the browser's coarse clock.
import { summarize, timeRepeats, type Summary } from './stats.js';

export type PeerTiming = Summary & { reps: number };

/** A slow peer gets as many reps as fit in this budget per case (at least one, at most `reps`). */
const PEER_BUDGET_MS = 3000;
const MIN_SAMPLE_MS = 5;

export async function timePeer(maxReps: number, call: () => unknown): Promise<PeerTiming> {
  const [firstMs] = await timeRepeats(1, call); // warm-up, and a measure of how slow it is
  const reps = Math.max(1, Math.min(maxReps, Math.floor(PEER_BUDGET_MS / Math.max(firstMs, 1e-3))));
  // Browsers coarsen performance.now() (to 0.1 ms without cross-origin isolation): a sample times
  // enough calls in a row to span a few milliseconds.
  const callsPerSample = Math.max(1, Math.ceil(MIN_SAMPLE_MS / Math.max(firstMs, 0.01)));
  const samples = await timeRepeats(reps, async () => {
    for (let k = 0; k < callsPerSample; k++) await call();
  });
  return { ...summarize(samples.map((ms) => ms / callsPerSample)), reps };
}
