// npm run bench — serves the page, runs it in headless Chromium, prints the table, writes
// bench/results/latest.json and latest.png (quick.json for --quick, …: see defaultOut), and exits
// non-zero when a check fails.
import { mkdirSync, writeFileSync } from 'node:fs';
import { argsToParams, defaultOut } from './args.js';
import { launchBrowser, runPage, startServer } from './browser.js';
import { formatTable } from './format.js';
import { hostDescription } from './host.js';

const { params, options } = argsToParams(process.argv.slice(2));
const out = options.out ?? defaultOut(params);
const screenshot = out.replace(/\.json$/, '') + '.png';

const { server, url } = await startServer();
const browser = await launchBrowser({ headed: options.headed });
let exitCode = 0;
try {
  const started = performance.now();
  const { page, state, consoleErrors } = await runPage(browser, url, params, (fraction, message) => {
    const width = 30;
    const filled = Math.round(fraction * width);
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${message}`;
    // A terminal gets one line redrawn; a log gets a line per step.
    process.stderr.write(process.stderr.isTTY ? `\r${line.padEnd(100)}` : `${line}\n`);
  });
  if (process.stderr.isTTY) process.stderr.write('\n');
  mkdirSync('bench/results', { recursive: true });
  await page.screenshot({ path: screenshot as `${string}.png`, fullPage: true });
  for (const error of consoleErrors) console.error(`page console error: ${error}`);
  if (state.state !== 'done' || !state.result) {
    console.error(`the benchmark page failed: ${state.error ?? 'no result'}`);
    exitCode = 1;
  } else {
    const result = { ...state.result, host: hostDescription() };
    writeFileSync(out, JSON.stringify(result, null, 2));
    console.log(formatTable(result));
    console.log(`wrote ${out} and ${screenshot} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    if (!result.ok) {
      console.error('a case FAILED (its check, or it could not run)');
      exitCode = 1;
    }
  }
} finally {
  await browser.close();
  await server.close();
}
process.exit(exitCode);
