// Problems and gradients as JSON files (for the doctor's command and page): plain arrays in,
// the library's typed arrays out, with errors that say which field is wrong.
import type { HingeInput } from './types.js';
import type { TheirGradient } from './doctor.js';
import type { GradcheckOptions } from './gradcheck.js';
import type { LinearInput } from './linear-input.js';
import type { TheirLinearGradient } from './linear-doctor.js';
import { assertKnownKeys } from './validate.js';

function numbers(value: unknown, what: string): number[] {
  if (!Array.isArray(value)) throw new Error(`${what} must be an array of numbers`);
  const flat = value.flat() as unknown[];
  const bad = flat.findIndex((entry) => typeof entry !== 'number');
  if (bad >= 0) throw new Error(`${what}[${bad}] is ${JSON.stringify(flat[bad])}, not a number`);
  return flat as number[];
}

/** { X: rows (n arrays of d) or n·d numbers, y, w, b, lambda?, kink? } */
export function problemFromJson(json: unknown): HingeInput {
  if (typeof json !== 'object' || json === null) throw new Error('the problem must be a JSON object with X, y, w and b');
  assertKnownKeys(json, ['X', 'y', 'w', 'b', 'lambda', 'kink'], 'the problem file');
  const { X, y, w, b, lambda, kink } = json as Record<string, unknown>;
  return {
    X: Float32Array.from(numbers(X, 'X')),
    y: Float32Array.from(numbers(y, 'y')),
    w: Float32Array.from(numbers(w, 'w')),
    b: b as number,
    ...(lambda === undefined ? {} : { lambda: lambda as number }),
    ...(kink === undefined ? {} : { kink: kink as HingeInput['kink'] }),
  };
}

/** { dw, db?, loss? } */
export function gradientFromJson(json: unknown): TheirGradient {
  if (typeof json !== 'object' || json === null) throw new Error('the gradient must be a JSON object with dw (and db, loss)');
  assertKnownKeys(json, ['dw', 'db', 'loss'], 'the gradient file');
  const { dw, db, loss } = json as Record<string, unknown>;
  return {
    dw: numbers(dw, 'dw'),
    ...(db === undefined ? {} : { db: db as number }),
    ...(loss === undefined ? {} : { loss: loss as number }),
  };
}

/** { X, y, W: C rows of d (or C·d numbers), b: C numbers (or one), loss, lambda?, kink?, margin?, sampleWeight? } */
export function linearProblemFromJson(json: unknown): LinearInput {
  if (typeof json !== 'object' || json === null) throw new Error('the problem must be a JSON object with X, y, W, b and loss');
  assertKnownKeys(json, ['X', 'y', 'W', 'b', 'loss', 'lambda', 'kink', 'margin', 'sampleWeight'], 'the problem file');
  const { X, y, W, b, sampleWeight, ...rest } = json as Record<string, unknown>;
  return {
    ...(rest as Pick<LinearInput, 'loss' | 'lambda' | 'kink' | 'margin'>),
    X: Float32Array.from(numbers(X, 'X')),
    y: Float32Array.from(numbers(y, 'y')),
    W: Float32Array.from(numbers(W, 'W')),
    b: typeof b === 'number' ? b : Float32Array.from(numbers(b, 'b')),
    ...(sampleWeight === undefined ? {} : { sampleWeight: Float32Array.from(numbers(sampleWeight, 'sampleWeight')) }),
  };
}

/** { h, numeric: C·d + C numbers (null where not checked), precision? } */
export function gradcheckFromJson(json: unknown): GradcheckOptions {
  if (typeof json !== 'object' || json === null) throw new Error('the numeric gradient must be a JSON object with h and numeric');
  assertKnownKeys(json, ['h', 'numeric', 'precision'], 'the numeric gradient file');
  const { h, numeric, precision } = json as Record<string, unknown>;
  if (!Array.isArray(numeric)) throw new Error('numeric must be an array of numbers (null where not checked)');
  const values = numeric.map((value, k) => {
    if (value === null) return NaN;
    if (typeof value !== 'number') throw new Error(`numeric[${k}] is ${JSON.stringify(value)}, not a number or null`);
    return value;
  });
  return { h: h as number, numeric: values, ...(precision === undefined ? {} : { precision: precision as GradcheckOptions['precision'] }) };
}

/** { dW: C rows of d (or C·d numbers), db?: C numbers, loss? } */
export function linearGradientFromJson(json: unknown): TheirLinearGradient {
  if (typeof json !== 'object' || json === null) throw new Error('the gradient must be a JSON object with dW (and db, loss)');
  assertKnownKeys(json, ['dW', 'db', 'loss'], 'the gradient file');
  const { dW, db, loss } = json as Record<string, unknown>;
  return {
    dW: numbers(dW, 'dW'),
    ...(db === undefined ? {} : { db: numbers(db, 'db') }),
    ...(loss === undefined ? {} : { loss: loss as number }),
  };
}
