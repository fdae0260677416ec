// Serving the page with Vite and driving it in headless Chromium through Puppeteer: shared by
// `npm run bench` and the end-to-end tests.
import { existsSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer';
import { createServer, type ViteDevServer } from 'vite';
import type { PageState } from './page.js';

export const DEFAULT_CHROME = '/usr/bin/chromium';

/**
 * Vite on 127.0.0.1 at a free port (a secure context, which WebGPU needs), without hot reload or a
 * file watcher: an edit to a source file must not reload the page in the middle of a run.
 */
export async function startServer(): Promise<{ server: ViteDevServer; url: string }> {
  const server = await createServer({
    logLevel: 'warn',
    server: { host: '127.0.0.1', port: 0, strictPort: true, hmr: false, watch: null },
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('Vite did not report its port');
  return { server, url: `http://127.0.0.1:${address.port}/` };
}

/** A hardware GPU is used when the machine shows one; otherwise SwiftShader. */
function hasHardwareGpu(): boolean {
  return existsSync('/dev/nvidia0') || existsSync('/dev/dri/renderD128') || process.platform !== 'linux';
}

export async function launchBrowser(options: { headed?: boolean } = {}): Promise<Browser> {
  const executablePath = process.env.CHROME_PATH ?? DEFAULT_CHROME;
  if (!existsSync(executablePath)) {
    throw new Error(`no Chromium at ${executablePath}: install Debian's chromium (apt-get install chromium) or set CHROME_PATH`);
  }
  const args = [
    '--no-sandbox',
    '--enable-unsafe-webgpu',
    '--enable-features=Vulkan',
    // Full-resolution timestamp queries (Chromium quantizes them otherwise).
    '--enable-webgpu-developer-features',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ];
  if (!hasHardwareGpu()) args.push('--use-webgpu-adapter=swiftshader');
  return puppeteer.launch({
    // A peer may hold the page's thread for minutes on a large case (TF.js WASM computes synchronously).
    protocolTimeout: 30 * 60_000,
    executablePath,
    headless: !options.headed,
    args,
    defaultViewport: { width: 1280, height: 900 },
  });
}

export interface PageRun {
  page: Page;
  state: PageState;
  consoleErrors: string[];
}

/**
 * Opens the page with `params` and autorun, reports progress, and resolves when the page says
 * it is done (or failed). Console errors and uncaught exceptions are collected. It rejects, naming
 * the cause, when the page throws an uncaught exception or a script of it fails to load (which
 * throws nothing in the page), or when its script has not started within `startupMs`; otherwise
 * only `timeoutMs` would end the wait.
 */
export async function runPage(
  browser: Browser, baseUrl: string, params: URLSearchParams,
  onProgress: (fraction: number, message: string) => void = () => {}, timeoutMs = 60 * 60_000, startupMs = 120_000,
): Promise<PageRun> {
  const page = await browser.newPage();
  const consoleErrors: string[] = [];
  let threw: (error: Error) => void = () => {};
  const pageThrew = new Promise<never>((_, reject) => { threw = reject; });
  pageThrew.catch(() => {});
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => {
    consoleErrors.push(String(error));
    threw(new Error(`the benchmark page threw: ${error instanceof Error ? error.message : String(error)}`));
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && response.request().resourceType() === 'script') {
      threw(new Error(`the benchmark page could not load ${response.url()}: HTTP ${response.status()} (the server's log says why)`));
    }
  });
  page.on('requestfailed', (request) => {
    if (request.resourceType() === 'script') {
      threw(new Error(`the benchmark page could not load ${request.url()}: ${request.failure()?.errorText ?? 'the request failed'}`));
    }
  });
  try {
    await page.exposeFunction('onBenchProgress', onProgress);
    params.set('autorun', '1');
    await page.goto(`${baseUrl}?${params}`, { waitUntil: 'load' });
    const state = await runningState(page, consoleErrors, pageThrew, timeoutMs, startupMs);
    return { page, state, consoleErrors };
  } catch (error) {
    await page.close();
    throw error;
  }
}

/** The page's state once it is done or failed; rejects as runPage says. */
async function runningState(page: Page, consoleErrors: string[], pageThrew: Promise<never>, timeoutMs: number, startupMs: number): Promise<PageState> {
  const started = page.waitForFunction(() => window.benchState !== undefined, { timeout: startupMs, polling: 250 }).catch(() => {
    const errors = consoleErrors.length > 0 ? `; its console errors: ${consoleErrors.join(' | ')}` : '; it logged no console error';
    throw new Error(`the benchmark page's script did not start within ${startupMs / 1000} s${errors}`);
  });
  started.catch(() => {});
  await Promise.race([started, pageThrew]);
  const finished = page.waitForFunction(() => ['done', 'error'].includes(window.benchState?.state), { timeout: timeoutMs, polling: 250 });
  finished.catch(() => {});
  await Promise.race([finished, pageThrew]);
  return page.evaluate(() => window.benchState);
}
