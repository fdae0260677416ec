// The results tables in README.md and docs/ are generated from the committed bench JSON
// (npm run bench:report): each must be exactly what the generator makes of its JSON now.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rewriteResults, storageTargetsTable } from '../bench/report.js';
import type { BenchResult } from '../bench/runner.js';

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

  it('the storage targets: met, not met, quartiles on both sides of a threshold, and a hardware GPU\'s targets', () => {
    const run = JSON.parse(read('bench/results/latest.json')) as BenchResult;
    const turns = run.storageTurns!.find((t) => t.n === 65536)!;
    turns.overF32.int8 = 0.55;
    turns.overF32PerTurn!.int8 = [0.45, 0.6];
    turns.overF32.bf16 = 0.7;
    turns.overF32PerTurn!.bf16 = [0.65, 0.75];
    const table = storageTargetsTable(run, 'run.json');
    expect(table).toMatch(/\| int8 kernel ≤ 0\.5× the f32 kernel, taking turns \| 0\.550×: not met \(quartiles 0\.45–0\.60 straddle it\) \|/);
    expect(table).toMatch(/\| bf16 kernel ≤ 0\.8× the f32 kernel, taking turns \| 0\.700×: met \|/);
    const hardware = storageTargetsTable({ ...run, adapter: { vendor: 'nvidia', architecture: 'hopper', description: '' } } as BenchResult, 'gpu.json');
    expect(hardware).toMatch(/\| int8 ≥ 3\.2× f32's elements\/s, taking turns \| 1\.82×: not met \|/);
    expect(hardware).toMatch(/\| bf16 ≥ 1\.8× f32's elements\/s, taking turns \| 1\.43×: not met \|/);
    expect(hardware).toMatch(/\| f32 kernel ≥ 0\.8 of the stream read \| 0\.\d+: not met \|/);
    expect(hardware).not.toMatch(/taking turns \| [^|]*: met/);
  });

  it('a table edited by hand is seen', () => {
    const text = read('README.md').replace(/\| 65536 × 256 \| hinge \| \w+ \| [\d.]+/, '| 65536 × 256 | hinge | subgroup | 0.001');
    expect(rewriteResults(text, read)).not.toBe(text);
  });
});
