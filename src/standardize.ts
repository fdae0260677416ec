// Feature scaling: z-scores with the mean and (population) standard deviation of chosen rows.

export interface Scaling {
  mean: Float64Array;
  std: Float64Array;
}

/** Mean and standard deviation of each column over `rows` (all rows by default). */
export function fitScaling(X: Float32Array, d: number, rows?: ArrayLike<number>): Scaling {
  const chosen = rows ?? Array.from({ length: X.length / d }, (_, i) => i);
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  for (let k = 0; k < chosen.length; k++) for (let j = 0; j < d; j++) mean[j] += X[chosen[k] * d + j];
  for (let j = 0; j < d; j++) mean[j] /= chosen.length;
  for (let k = 0; k < chosen.length; k++) {
    for (let j = 0; j < d; j++) std[j] += (X[chosen[k] * d + j] - mean[j]) ** 2;
  }
  // A constant column keeps its values centred at 0 instead of dividing by 0.
  for (let j = 0; j < d; j++) std[j] = Math.sqrt(std[j] / chosen.length) || 1;
  return { mean, std };
}

/** (x − mean) / std for every row. */
export function applyScaling(X: Float32Array, d: number, { mean, std }: Scaling): Float32Array {
  return X.map((value, k) => (value - mean[k % d]) / std[k % d]);
}
