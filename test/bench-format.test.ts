// The bench's text table reports a failed check whose bound was 0: its worst ratio is Infinity,
// which JSON (the page's result, the committed files) turns into null.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatTable } from '../bench/format.js';
import { quartiles } from '../bench/stats.js';
import type { BenchResult } from '../bench/runner.js';

describe('the bench table', () => {
  it('prints a failed check with an infinite worst ratio, after a trip through JSON', () => {
    const result = JSON.parse(readFileSync('bench/results/latest.json', 'utf8')) as BenchResult;
    result.cases[0].check = { ...result.cases[0].check, ok: false, worstRatio: Infinity };
    const table = formatTable(JSON.parse(JSON.stringify(result)) as BenchResult);
    expect(table).toContain('FAILED ∞');
    expect(table.match(/\bok \d/g)?.length).toBe(result.cases.length - 1);
  });
});

describe('the quartiles behind a storage quotient', () => {
  it('are the medians of the lower and upper halves, the middle value of an odd count in neither', () => {
    expect(quartiles([5, 1, 4, 2, 3])).toEqual([1.5, 4.5]);
    expect(quartiles([8, 1, 7, 2, 6, 3, 5, 4])).toEqual([2.5, 6.5]);
    expect(quartiles([0.5])).toEqual([0.5, 0.5]);
  });
});
