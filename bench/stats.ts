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

/**
 * The first and third quartiles of `values`: the medians of their lower and upper halves (the
 * middle value, for an odd count, in neither), by summarize's rule for a median.
 */
export function quartiles(values: number[]): [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const half = sorted.length >> 1;
  if (half === 0) return [sorted[0], sorted[0]];
  return [summarize(sorted.slice(0, half)).medianMs, summarize(sorted.slice(sorted.length - half)).medianMs];
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

/**
 * Times each body once per rep, taking turns, so that all of them see the same states of a shared
 * machine; a summary each, in the order given.
 */
export async function timeTakingTurns(reps: number, bodies: (() => Promise<unknown> | unknown)[]): Promise<Summary[]> {
  const times = bodies.map((): number[] => []);
  for (let rep = 0; rep < reps; rep++) {
    for (const [k, body] of bodies.entries()) times[k].push(...(await timeRepeats(1, body)));
  }
  return times.map(summarize);
}
