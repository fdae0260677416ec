// `webgpu-svm doctor problem.json theirs.json`: the command's output and exit status.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli.js';
import { hingeGradientCpu, syntheticProblem } from '../src/index.js';
import { centredDifferences } from './helpers/centred.js';
import { linearProblemFromJson } from '../src/problem-json.js';

const dir = mkdtempSync(join(tmpdir(), 'webgpu-svm-doctor-'));
const problem = syntheticProblem({ n: 60, d: 3, seed: 4, lambda: 0.2 });
const reference = hingeGradientCpu(problem);
const file = (name: string, json: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(json));
  return path;
};
const rows = Array.from({ length: 60 }, (_, i) => Array.from(problem.X.subarray(i * 3, i * 3 + 3)));
const problemPath = file('problem.json', { X: rows, y: Array.from(problem.y), w: Array.from(problem.w), b: problem.b, lambda: 0.2 });
const correctPath = file('correct.json', { dw: Array.from(reference.dw), db: reference.db, loss: reference.loss });
const summedPath = file('summed.json', { dw: Array.from(reference.dw, (v, j) => (v - 0.2 * problem.w[j]) * 60 + 0.2 * problem.w[j]) });

function run(args: string[]) {
  const out: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
  const error = vi.spyOn(console, 'error').mockImplementation((line: string) => void out.push(line));
  try {
    return { status: main(args), output: out.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe('webgpu-svm doctor', () => {
  it('exits 0 for a correct gradient (X given as rows)', () => {
    expect(run(['doctor', problemPath, correctPath])).toEqual({ status: 0, output: expect.stringMatching(/^ok:/) });
  });

  it('exits 1 and names the mistake', () => {
    const { status, output } = run(['doctor', problemPath, summedPath]);
    expect(status).toBe(1);
    expect(output).toMatch(/^sum-not-mean: /);
  });

  it('exits 2 with the usage or a clear message for bad input', () => {
    expect(run(['doctor', problemPath]).status).toBe(2);
    expect(run(['doctor', problemPath]).output).toMatch(/usage: webgpu-svm doctor/);
    const badY = file('bad-y.json', { X: rows, y: [1, 2], w: [0, 0, 0], b: 0 });
    expect(run(['doctor', badY, correctPath])).toEqual({ status: 2, output: expect.stringMatching(/X has 180 elements but n·d = 2·3/) });
    const badField = file('bad-field.json', { dw: [1, 'x', 3] });
    expect(run(['doctor', problemPath, badField]).output).toMatch(/dw\[1\] is "x", not a number/);
    expect(run(['doctor', problemPath, join(dir, 'missing.json')]).output).toMatch(/cannot read .*missing.json/);
  });

  it('--gradcheck explains mismatches by kinks (exit 0), and calls a numeric gradient of the wrong loss a real error (exit 1)', () => {
    // One row of class 0, three classes, W = 0 and b = (0, −1, 0): class 1's term s_1 − s_0 + 1 is exactly on its kink.
    const linear = { X: [[1, 2]], y: [0], W: [[0, 0], [0, 0], [0, 0]], b: [0, -1, 0], loss: 'multiclass-hinge' };
    const input = linearProblemFromJson(linear);
    const h = 2 ** -8;
    const centred = Array.from(centredDifferences(input, h));
    const problem = file('linear.json', linear);
    const kinked = run(['doctor', '--gradcheck', problem, file('numeric.json', { h, numeric: centred })]);
    expect(kinked.status, kinked.output).toBe(0);
    expect(kinked.output).toMatch(/explained by kinks crossed within ±h[\s\S]*row 0 class 1/);
    const doubled = run(['doctor', '--gradcheck', problem, file('doubled.json', { h, numeric: centred.map((v) => 2 * v) })]);
    expect(doubled.status).toBe(1);
    expect(doubled.output).toMatch(/a real error/);
    expect(run(['doctor', '--gradcheck', problem, file('short.json', { h, numeric: [1, 2] })]))
      .toEqual({ status: 2, output: expect.stringMatching(/numeric has 2 entries; it needs C·d \+ C = 9/) });
  });

  it('runs as the package bin (built into dist/ by npm ci)', () => {
    const result = spawnSync('node', ['bin/webgpu-svm.js', 'doctor', problemPath, summedPath], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/sum-not-mean/);
  });
});
