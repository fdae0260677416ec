// The doctors' search for two mistakes at once (doctor.ts, linear-doctor.ts).

/**
 * The first pair of hypotheses whose switches together make a prediction that `explains` accepts;
 * pairs that set the same switch are skipped. null when no pair does.
 */
export function explainingPair<H extends { variant: object }>(hypotheses: H[], explains: (variant: H['variant']) => boolean): [H, H] | null {
  for (let a = 0; a < hypotheses.length; a++) {
    for (let b = a + 1; b < hypotheses.length; b++) {
      const [first, second] = [hypotheses[a], hypotheses[b]];
      if (Object.keys(first.variant).some((key) => key in second.variant)) continue;
      if (explains({ ...first.variant, ...second.variant })) return [first, second];
    }
  }
  return null;
}
