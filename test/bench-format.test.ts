// The bench's text table reports a failed check whose bound was 0: its worst ratio is Infinity,
// which JSON (the page's result, the committed files) turns into null.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatTable } from '../bench/format.js';
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
