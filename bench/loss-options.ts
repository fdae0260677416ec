// The page's two loss selectors (the benchmark's and the training demo's): one option per loss
// of the family, in the family's order, under one name each.
import { LOSS_NAMES, type LossName } from '../src/losses.js';

const LOSS_LABELS: Record<LossName, string> = {
  hinge: 'hinge',
  'squared-hinge': 'squared hinge',
  'multiclass-hinge': 'Weston–Watkins',
  'crammer-singer': 'Crammer–Singer',
  'ovr-hinge': 'one-vs-rest hinge',
  'ovr-squared-hinge': 'one-vs-rest squared hinge',
};

export function fillLossOptions(select: HTMLSelectElement): void {
  for (const name of LOSS_NAMES) select.add(new Option(LOSS_LABELS[name], name));
}
