// End to end: the benchmark page in headless Chromium (WebGPU on SwiftShader when there is no
// GPU), driven by Puppeteer, and `npm run bench` writing JSON of the documented schema.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'puppeteer';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, runPage, startServer } from '../bench/browser.js';
import type { BenchResult } from '../bench/runner.js';
import { benchSchemaProblems } from './helpers/bench-schema.js';
import { handWrittenLinear } from './helpers/buggy-linear.js';
import { linearProblemFromJson } from '../src/index.js';
import { centredDifferences } from './helpers/centred.js';

let server: ViteDevServer;
let url: string;
let browser: Browser;

beforeAll(async () => {
  ({ server, url } = await startServer());
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the benchmark page', () => {
  it('loads with WebGPU available, shows the adapter, and logs no console error', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(url);
    expect(await page.evaluate(() => typeof navigator.gpu?.requestAdapter)).toBe('function');
    await page.waitForFunction(() => document.getElementById('adapter-name')?.textContent !== '…');
    const adapter = await page.$eval('#adapter-name', (element) => element.textContent);
    expect(adapter).not.toMatch(/^error|unnamed/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('runs a small case with every peer, and the result passes the checker', async () => {
    const params = new URLSearchParams({ sizes: '777x24', reps: '2', warmup: '1', peers: 'cpu,tfjs,tfjs-wasm' });
    const { page, state, consoleErrors } = await runPage(browser, url, params);
    expect(state.error).toBeUndefined();
    expect(state.state).toBe('done');
    const [only] = state.result!.cases;
    expect(only).toMatchObject({ n: 777, d: 24 });
    expect(only.check.ok).toBe(true);
    expect(only.cpu?.medianMs).toBeGreaterThan(0);
    expect(only.tfjs?.medianMs).toBeGreaterThan(0);
    expect(only.tfjsWasm?.medianMs).toBeGreaterThan(0);
    expect(benchSchemaProblems(state.result!)).toEqual([]);
    // Served cross-origin isolated, so that TF.js's WASM backend may run threads.
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(await page.$$eval('#results tbody tr', (rows) => rows.length)).toBe(1);
    expect(await page.$eval('#results tbody td:last-child', (cell) => cell.className)).toBe('ok');
    expect(consoleErrors).toEqual([]);
    await page.close();
  });

  it('reports a bad URL parameter on the page instead of running', async () => {
    const { page, state } = await runPage(browser, url, new URLSearchParams({ sizes: '12by4' }));
    expect(state.state).toBe('error');
    expect(state.error).toMatch(/bad size '12by4'/);
    await page.close();
  });

  it('fails at once, with the exception, when the page throws', async () => {
    const throwing = "data:text/html,<script>throw new Error('planted failure')</script>";
    await expect(runPage(browser, throwing, new URLSearchParams())).rejects.toThrow(/the benchmark page threw: planted failure/);
  });

  it('fails at once, naming the script, when a script of the page does not load', async () => {
    const missing = `data:text/html,<script type="module" src="${url}src/no-such-module.ts"></script>`;
    await expect(runPage(browser, missing, new URLSearchParams(), () => {}, 60_000, 30_000)).rejects.toThrow(/could not load .*no-such-module\.ts: /);
  });

  it('fails when the page script has not started in time', async () => {
    await expect(runPage(browser, 'data:text/html,<p>no script</p>', new URLSearchParams(), () => {}, 60_000, 1_000))
      .rejects.toThrow(/the benchmark page's script did not start within 1 s; it logged no console error/);
  });
});

describe('the gradient doctor on the page', () => {
  it('names the mistake in a pasted gradient', async () => {
    const page = await browser.newPage();
    await page.goto(url);
    // Rows 0 and 1 are active (margins 0 and −1), row 2 is not (margin 3); λ = 0.5.
    const problem = { X: [[1, 0], [0, 1], [0, 3]], y: [1, -1, 1], w: [0, 1], b: 0, lambda: 0.5 };
    // Correct dw = −⅓([1, 0] − [0, 1]) + 0.5·[0, 1]; this one forgot λw.
    const theirs = { dw: [-1 / 3, 1 / 3], db: 0 };
    await page.$eval('#doctor-problem', (area, text) => ((area as HTMLTextAreaElement).value = text), JSON.stringify(problem));
    await page.$eval('#doctor-theirs', (area, text) => ((area as HTMLTextAreaElement).value = text), JSON.stringify(theirs));
    await page.click('#doctor-run');
    const found = await page.$$eval('#doctor-findings li', (items) => items.map((item) => item.textContent));
    expect(found).toEqual([expect.stringMatching(/^lambda-missing: /)]);
    await page.close();
  });
});

describe('the gradient doctor on the page: the loss family and a gradient check', () => {
  async function diagnoseOnPage(problem: unknown, theirs: unknown): Promise<string[]> {
    const page = await browser.newPage();
    await page.goto(url);
    await page.$eval('#doctor-problem', (area, text) => ((area as HTMLTextAreaElement).value = text), JSON.stringify(problem));
    await page.$eval('#doctor-theirs', (area, text) => ((area as HTMLTextAreaElement).value = text), JSON.stringify(theirs));
    await page.click('#doctor-run');
    const found = await page.$$eval('#doctor-findings li', (items) => items.map((item) => item.textContent ?? ''));
    await page.close();
    return found;
  }

  it("names a Weston–Watkins mask where the count belongs", async () => {
    const problem = { X: [[1, 2], [0, 1], [2, -1]], y: [0, 1, 2], W: [[0, 0], [0, 0], [0, 0]], b: [0, 0, 0], loss: 'multiclass-hinge' };
    const input = linearProblemFromJson(problem);
    const masked = handWrittenLinear(input, 'mask-not-count');
    const theirs = { dW: Array.from(masked.dW), db: Array.from(masked.db), loss: masked.loss };
    expect(await diagnoseOnPage(problem, theirs)).toEqual([expect.stringMatching(/^mask-not-count: /)]);
  });

  it('explains a numerical gradient check whose step crosses a kink', async () => {
    const problem = { X: [[1, 2]], y: [0], W: [[0, 0], [0, 0], [0, 0]], b: [0, -1, 0], loss: 'multiclass-hinge' };
    const input = linearProblemFromJson(problem);
    const h = 2 ** -8;
    const numeric = Array.from(centredDifferences(input, h));
    const found = await diagnoseOnPage(problem, { h, numeric });
    expect(found[0]).toMatch(/^gradcheck: \d+ coordinates differ from the analytic gradient; \d+ are explained by kinks/);
    expect(found.slice(1).join('\n')).toMatch(/row 0 class 1/);
  });
});

describe('the training demo on the page', () => {
  it('trains digits with the one-vs-rest squared hinge to a certified gap and reports the test accuracy', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(url);
    await page.select('#train-data', 'digits');
    await page.select('#train-loss', 'ovr-squared-hinge');
    await page.$eval('#train-c', (input) => ((input as HTMLInputElement).value = '0.1'));
    await page.click('#train-run');
    await page.waitForFunction(() => /gap below tol/.test(document.getElementById('train-status')?.textContent ?? ''), { timeout: 120_000 });
    const text = await page.$eval('#train-status', (element) => element.textContent!);
    expect(Number(/test accuracy ([\d.]+)/.exec(text)![1])).toBeGreaterThan(0.93);
    expect(Number(/gap ([\d.e+-]+)/.exec(text)![1])).toBeLessThanOrEqual(1e-4 * Number(/objective ([\d.e+-]+)/.exec(text)![1]));
    expect(await page.$$eval('#train-chart canvas', (canvases) => canvases.length)).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('npm run bench', () => {
  it('--quick writes JSON of the documented schema and a screenshot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'webgpu-svm-bench-'));
    const out = join(dir, 'quick.json');
    const run = spawnSync('node', ['scripts/run-ts.mjs', 'bench/cli.ts', '--quick', '--reps', '2', '--peers', 'cpu', '--out', out], {
      encoding: 'utf8',
      timeout: 180_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('roofline ratio');
    const result = JSON.parse(readFileSync(out, 'utf8')) as BenchResult;
    expect(benchSchemaProblems(result)).toEqual([]);
    expect(result.cases.map((c) => [c.n, c.d])).toEqual([[4096, 4], [128, 128], [16384, 64], [256, 4096]]);
    expect(result.cases.every((c) => c.tfjs === null && c.tfjsWasm === null && c.cpu !== null)).toBe(true);
    expect(readFileSync(join(dir, 'quick.png')).subarray(1, 4).toString()).toBe('PNG');
  });
});
