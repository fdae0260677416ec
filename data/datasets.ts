// The data sets shipped beside this file, as CSV with a header and the label last:
//   wdbc.csv    the Wisconsin Diagnostic Breast Cancer data (569 × 30; 1 benign, 0 malignant:
//               y = +1 / −1), from scikit-learn's bundled copy (BSD-3-Clause);
//   digits.csv  the UCI optical digits (1797 × 64 pixel counts, the digit 0–9), from
//               scikit-learn's bundled copy (BSD-3-Clause; scripts/digits-csv.py).
// Both split the same way for the tests, the page's demo and the reference scripts: rows
// i % 5 == 0 held out, features standardised with the training rows' statistics.
import { applyScaling, fitScaling } from '../src/index.js';

export interface LabelledRows {
  X: Float32Array;
  y: Int32Array;
}

export type DatasetName = 'wdbc' | 'digits';

/** How each file's last column becomes a label: WDBC's 1/0 as ±1, the digit as itself. */
const LABEL_OF: Record<DatasetName, (value: number) => number> = {
  wdbc: (value) => (value === 1 ? 1 : -1),
  digits: (value) => value,
};

export function parseDataset(name: DatasetName, csv: string): LabelledRows & { d: number; featureNames: string[] } {
  const [header, ...lines] = csv.trim().split('\n');
  const featureNames = header.split(',').slice(0, -1);
  const d = featureNames.length;
  const X = new Float32Array(lines.length * d);
  const y = new Int32Array(lines.length);
  lines.forEach((line, i) => {
    const values = line.split(',').map(Number);
    X.set(values.slice(0, d), i * d);
    y[i] = LABEL_OF[name](values[d]);
  });
  return { X, y, d, featureNames };
}

export function splitDataset(name: DatasetName, csv: string): { train: LabelledRows; test: LabelledRows; d: number } {
  const { X, y, d } = parseDataset(name, csv);
  const all = Array.from(y, (_, i) => i);
  const trainRows = all.filter((i) => i % 5 !== 0);
  const testRows = all.filter((i) => i % 5 === 0);
  const scaled = applyScaling(X, d, fitScaling(X, d, trainRows));
  const pick = (rows: number[]): LabelledRows => {
    const out = new Float32Array(rows.length * d);
    rows.forEach((row, k) => out.set(scaled.subarray(row * d, (row + 1) * d), k * d));
    return { X: out, y: Int32Array.from(rows, (row) => y[row]) };
  };
  return { train: pick(trainRows), test: pick(testRows), d };
}
