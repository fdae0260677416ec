// The Wisconsin Diagnostic Breast Cancer data shipped in data/wdbc.csv (569 rows × 30 features).
import { readFileSync } from 'node:fs';

export function loadWdbc(): { X: Float32Array; y: Int8Array; d: number; featureNames: string[] } {
  const [header, ...lines] = readFileSync(new URL('../../data/wdbc.csv', import.meta.url), 'utf8').trim().split('\n');
  const featureNames = header.split(',').slice(0, -1);
  const d = featureNames.length;
  const X = new Float32Array(lines.length * d);
  const y = new Int8Array(lines.length);
  lines.forEach((line, i) => {
    const values = line.split(',').map(Number);
    X.set(values.slice(0, d), i * d);
    y[i] = values[d] === 1 ? 1 : -1; // +1 benign, −1 malignant
  });
  return { X, y, d, featureNames };
}
