export interface Summary {
  medianMs: number;
  minMs: number;
  maxMs: number;
}

export function summarize(timesMs: number[]): Summary {
  const sorted = [...timesMs].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const medianMs = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { medianMs, minMs: sorted[0], maxMs: sorted[sorted.length - 1] };
}

/** Calls `body` `reps` times and returns each call's wall time in ms. */
export async function timeRepeats(reps: number, body: () => Promise<unknown> | unknown): Promise<number[]> {
  const times: number[] = [];
  for (let rep = 0; rep < reps; rep++) {
    const start = performance.now();
    await body();
    times.push(performance.now() - start);
  }
  return times;
}
