// Where bench runs write: only the full default grid with 'auto' replaces the results the README
// shows; quick, sweep, custom-size and single-strategy runs write beside them.
import { describe, expect, it } from 'vitest';
import { argsToParams, defaultOut } from '../bench/args.js';

const outOf = (args: string[], prefix?: string) => defaultOut(argsToParams(args).params, prefix);

describe('defaultOut', () => {
  it('keeps latest.json for the full default grid alone', () => {
    expect(outOf([])).toBe('bench/results/latest.json');
    expect(outOf(['--reps', '3', '--peers', 'cpu'])).toBe('bench/results/latest.json');
    expect(outOf([], 'node-')).toBe('bench/results/node-latest.json');
  });

  it('sends quick, sweep, custom and single-strategy runs elsewhere', () => {
    expect(outOf(['--quick'])).toBe('bench/results/quick.json');
    expect(outOf(['--quick'], 'node-')).toBe('bench/results/node-quick.json');
    expect(outOf(['--sweep'], 'node-')).toBe('bench/results/node-sweep.json');
    expect(outOf(['--sizes', '65536x256'])).toBe('bench/results/sizes.json');
    expect(outOf(['--strategy', 'fused'])).toBe('bench/results/default-fused.json');
    expect(outOf(['--quick', '--strategy', 'narrow'])).toBe('bench/results/quick-narrow.json');
  });
});
