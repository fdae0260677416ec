// Problems and gradients as JSON files (for the doctor's command and page): plain arrays in,
// the library's typed arrays out, with errors that say which field is wrong.
import type { HingeInput } from './types.js';
import type { TheirGradient } from './doctor.js';
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
