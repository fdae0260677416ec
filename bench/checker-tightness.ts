// npm run bench:tightness — how tight the checker's bounds are on correct GPU results: the worst
// |result − reference| / bound per strategy over a grid of shapes, magnitudes and λ (1 is the
// bound itself; far below 1 is slack). Run before and after a change of the bounds to measure it.
import { writeFileSync } from 'node:fs';
import { checkGradient, fixedSubgroupSize, HingeKernel, requestDevice, syntheticProblem, type Strategy } from '../src/index.js';

const device = await requestDevice();
const strategies: Strategy[] = ['narrow', 'subgroup', 'fused', 'two-pass'];
const widest: Record<Strategy, number> = { narrow: 256, subgroup: 16384, fused: 8192, 'two-pass': Infinity };
const shapes: [number, number][] = [[20_000, 16], [4096, 100], [2048, 256], [65536, 32], [64, 1024], [40, 4096]];
const magnitudes = [{ xScale: 1 }, { xScale: 1e-3, wScale: 1e4 }, { xScale: 1e10 }];
const rows: { strategy: Strategy; n: number; d: number; worstRatio: number; worst: string; lambda: number; xScale: number }[] = [];
for (const strategy of strategies) {
  if (strategy === 'subgroup' && fixedSubgroupSize(device) === undefined) continue;
  for (const [n, d] of shapes.filter(([, d]) => d <= widest[strategy])) {
    for (const magnitude of magnitudes) for (const lambda of [0, 0.1]) {
      const input = syntheticProblem({ n, d, seed: n + d, lambda, ...magnitude });
      const kernel = new HingeKernel(device, { strategy });
      await kernel.setData(input.X, input.y);
      const check = checkGradient(await kernel.run({ w: input.w, b: input.b, lambda: input.lambda }), input);
      kernel.destroy();
      if (!check.ok) throw new Error(`${strategy} ${n}×${d}: ${check.report}`);
      rows.push({ strategy, n, d, worstRatio: check.worstRatio, worst: check.worst, lambda, xScale: magnitude.xScale });
    }
  }
}
device.destroy();
const summary = strategies.map((strategy) => {
  const mine = rows.filter((row) => row.strategy === strategy);
  const worst = mine.reduce((a, b) => (b.worstRatio > a.worstRatio ? b : a), mine[0]);
  return worst && { strategy, cases: mine.length, worstRatio: worst.worstRatio, at: `${worst.n}×${worst.d} ${worst.worst} xScale=${worst.xScale} λ=${worst.lambda}` };
}).filter(Boolean);
console.table(summary);
const out = process.argv[2] ?? 'bench/results/checker-tightness.json';
writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), summary, rows }, null, 2));
console.log(`wrote ${out}`);
