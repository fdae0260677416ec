// The loss family, one object per loss: how it reads labels, and a row's loss term and its
// gradient coefficients from the row's C scores s_c = w_c·x + b_c, in float64. The reference
// (linear-reference.ts) sums these over rows; the definitions are the README's table, term by term.
//
// A term's argument a is the hinge's: a term is active when a > 0 (kink 'zero') or a ≥ 0 (kink
// 'include'); squared terms max(0, a)² have no kink and are active when a > 0.
import type { Kink } from './types.js';

export type LossName = 'hinge' | 'squared-hinge' | 'multiclass-hinge' | 'crammer-singer' | 'ovr-hinge' | 'ovr-squared-hinge';

/** One row's loss term ℓ_i, its coefficients ∂ℓ_i/∂s_c (C of them) and its active terms. */
export interface RowTerms {
  loss: number;
  coefficients: Float64Array;
  active: number;
}

export interface Loss {
  name: LossName;
  /** Labels are ±1 (binary: C = 1) or class indices 0..C−1 (multiclass: C ≥ 2). */
  labels: 'sign' | 'class';
  /** ℓ_i and its coefficients for scores s (C values) and the row's label, with margin Δ. */
  rowTerms(scores: Float64Array, label: number, margin: number, kink: Kink): RowTerms;
}

const isActive = (argument: number, kink: Kink) => (kink === 'include' ? argument >= 0 : argument > 0);

/** One hinge term of a score s with target t = ±1: max(0, Δ − t·s), or its square. */
function signedTerm(target: number, score: number, margin: number, kink: Kink, squared: boolean): ClassTerm {
  const argument = margin - target * score;
  const positive = Math.max(0, argument);
  const active = squared ? argument > 0 : isActive(argument, kink);
  return {
    loss: squared ? positive * positive : positive,
    coefficient: squared ? -2 * target * positive : active ? -target : 0,
    active: active ? 1 : 0,
  };
}

function binary(name: LossName, squared: boolean): Loss {
  return {
    name,
    labels: 'sign',
    rowTerms(scores, label, margin, kink) {
      const term = signedTerm(label, scores[0], margin, kink, squared);
      return { loss: term.loss, coefficients: Float64Array.of(term.coefficient), active: term.active };
    },
  };
}

/** A row's term for one class: its loss, its coefficient ∂/∂s_c, and whether it is active (1) or not (0). */
interface ClassTerm {
  loss: number;
  coefficient: number;
  active: number;
}

/** The sum over classes of a term per class (none where termOf gives none). */
function sumOverClasses(classes: number, termOf: (c: number) => ClassTerm | undefined): RowTerms {
  const coefficients = new Float64Array(classes);
  let loss = 0;
  let active = 0;
  for (let c = 0; c < classes; c++) {
    const term = termOf(c);
    if (!term) continue;
    loss += term.loss;
    coefficients[c] = term.coefficient;
    active += term.active;
  }
  return { loss, coefficients, active };
}

/** Σ_c of the binary term with target +1 for the row's class and −1 for the others. */
function oneVsRest(name: LossName, squared: boolean): Loss {
  return {
    name,
    labels: 'class',
    rowTerms: (scores, label, margin, kink) =>
      sumOverClasses(scores.length, (c) => signedTerm(c === label ? 1 : -1, scores[c], margin, kink, squared)),
  };
}

/** Weston–Watkins (CS231n): Σ_{c≠y} max(0, s_c − s_y + Δ); the true class's coefficient is minus the active count. */
const multiclassHinge: Loss = {
  name: 'multiclass-hinge',
  labels: 'class',
  rowTerms(scores, label, margin, kink) {
    const terms = sumOverClasses(scores.length, (c) => {
      if (c === label) return undefined;
      const argument = scores[c] - scores[label] + margin;
      const on = isActive(argument, kink);
      return { loss: Math.max(0, argument), coefficient: on ? 1 : 0, active: on ? 1 : 0 };
    });
    terms.coefficients[label] = -terms.active;
    return terms;
  },
};

/**
 * Crammer–Singer: max(0, Δ + max_{c≠y} s_c − s_y). The competing class is the highest-scoring
 * class other than y, the lowest index among equal scores.
 */
const crammerSinger: Loss = {
  name: 'crammer-singer',
  labels: 'class',
  rowTerms(scores, label, margin, kink) {
    const rival = competingClass(scores, label);
    const argument = margin + scores[rival] - scores[label];
    const coefficients = new Float64Array(scores.length);
    const on = isActive(argument, kink);
    if (on) {
      coefficients[rival] = 1;
      coefficients[label] = -1;
    }
    return { loss: Math.max(0, argument), coefficients, active: on ? 1 : 0 };
  },
};

/** The highest-scoring class other than `label`, the lowest index among equal scores. */
export function competingClass(scores: ArrayLike<number>, label: number): number {
  let rival = -1;
  for (let c = 0; c < scores.length; c++) {
    if (c !== label && (rival < 0 || scores[c] > scores[rival])) rival = c;
  }
  return rival;
}

export const LOSSES: Record<LossName, Loss> = {
  hinge: binary('hinge', false),
  'squared-hinge': binary('squared-hinge', true),
  'multiclass-hinge': multiclassHinge,
  'crammer-singer': crammerSinger,
  'ovr-hinge': oneVsRest('ovr-hinge', false),
  'ovr-squared-hinge': oneVsRest('ovr-squared-hinge', true),
};

export const LOSS_NAMES = Object.keys(LOSSES) as LossName[];
