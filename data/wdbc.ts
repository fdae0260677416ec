// The Wisconsin Diagnostic Breast Cancer data (wdbc.csv beside this file): parsing, and the split
// and scaling the tests and the page's demo use (rows i % 5 == 0 held out; features standardised
// with the training rows' statistics).
import { applyScaling, fitScaling } from '../src/index.js';

export interface LabelledRows {
  X: Float32Array;
  y: Int8Array;
}

/** 30 features per row; the last column is 1 for benign, 0 for malignant (y = +1 / −1). */
export function parseWdbc(csv: string): LabelledRows & { d: number; featureNames: string[] } {
  const [header, ...lines] = csv.trim().split('\n');
  const featureNames = header.split(',').slice(0, -1);
  const d = featureNames.length;
  const X = new Float32Array(lines.length * d);
  const y = new Int8Array(lines.length);
  lines.forEach((line, i) => {
    const values = line.split(',').map(Number);
    X.set(values.slice(0, d), i * d);
    y[i] = values[d] === 1 ? 1 : -1;
  });
  return { X, y, d, featureNames };
}

export function splitWdbc(csv: string): { train: LabelledRows; test: LabelledRows; d: number } {
  const { X, y, d } = parseWdbc(csv);
  const all = Array.from(y, (_, i) => i);
  const trainRows = all.filter((i) => i % 5 !== 0);
  const testRows = all.filter((i) => i % 5 === 0);
  const scaled = applyScaling(X, d, fitScaling(X, d, trainRows));
  const pick = (rows: number[]): LabelledRows => {
    const out = new Float32Array(rows.length * d);
    rows.forEach((row, k) => out.set(scaled.subarray(row * d, (row + 1) * d), k * d));
    return { X: out, y: Int8Array.from(rows, (row) => y[row]) };
  };
  return { train: pick(trainRows), test: pick(testRows), d };
}
