// The command line of a probe module (bench/wide-row-probe.ts, bench/texture-read-probe.ts): runs
// its exported probe(device, reps) in Node, or with --chromium in the benchmark page in headless
// Chromium on the page's own device, prints it and with --out writes it as JSON. Node only: a
// probe module imports this file only when run as a script, since the page imports the module too.
//   node scripts/run-ts.mjs bench/PROBE.ts [--chromium] [--reps 15] [--out FILE.json]
import { writeFileSync } from 'node:fs';
import { requestDevice } from '../src/index.js';
import { launchBrowser, startServer } from './browser.js';
import { hostDescription } from './host.js';

export interface ProbeScript<T> {
  /** The module's path as the Vite server serves it, e.g. '/bench/wide-row-probe.ts'. */
  modulePath: string;
  /** The name of its export probe(device, reps). */
  probe: string;
  run: (device: GPUDevice, reps: number) => Promise<T>;
  print: (where: string, result: T) => void;
}

export async function runProbeScript<T extends object>(script: ProbeScript<T>): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const reps = Number(option('--reps') ?? 15);
  const where = args.includes('--chromium') ? 'Chromium' : 'Node (Dawn)';
  const result = where === 'Chromium' ? await inChromium<T>(script, reps) : await inNode(script, reps);
  script.print(where, result);
  const out = option('--out');
  if (out) writeFileSync(out, `${JSON.stringify({ where, host: hostDescription(), ...result, createdAt: new Date().toISOString() }, null, 2)}\n`);
}

async function inNode<T>(script: ProbeScript<T>, reps: number): Promise<T> {
  const device = await requestDevice();
  try {
    return await script.run(device, reps);
  } finally {
    device.destroy();
  }
}

async function inChromium<T>(script: ProbeScript<T>, reps: number): Promise<T> {
  const { server, url } = await startServer();
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(url, { waitUntil: 'load' });
    // A string, so that the module runner running this file leaves the page's imports alone.
    return (await page.evaluate(`(async () => {
      const library = await import('/src/index.ts');
      const module = await import(${JSON.stringify(script.modulePath)});
      return module[${JSON.stringify(script.probe)}](await library.requestDevice(), ${reps});
    })()`)) as T;
  } finally {
    await browser.close();
    await server.close();
  }
}
