// The results tables in README.md and docs/ are generated from the committed bench JSON
// (npm run bench:report): each must be exactly what the generator makes of its JSON now.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rewriteResults } from '../bench/report.js';

const files = ['README.md', ...readdirSync('docs').filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];
const read = (path: string) => readFileSync(path, 'utf8');

describe('results tables', () => {
  it('README.md and docs/performance.md carry generated tables', () => {
    expect(read('README.md')).toMatch(/<!-- results-short: bench\/results\/latest\.json -->/);
    expect(read('docs/performance.md')).toMatch(/<!-- results: bench\/results\/latest\.json -->/);
  });

  for (const file of files) {
    it(`${file} matches its JSON (run npm run bench:report after a bench run)`, () => {
      const text = read(file);
      expect(rewriteResults(text, read)).toBe(text);
    });
  }

  it('a table edited by hand is seen', () => {
    const text = read('README.md').replace(/\| 65536 × 256 \| hinge \| \w+ \| [\d.]+/, '| 65536 × 256 | hinge | subgroup | 0.001');
    expect(rewriteResults(text, read)).not.toBe(text);
  });
});
