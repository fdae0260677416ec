// Time against problem size (n·d) for each implementation, log scales, drawn with uPlot.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { CaseResult } from './runner.js';

const SERIES: { label: string; color: string; value: (c: CaseResult) => number | null | undefined }[] = [
  { label: 'GPU kernel', color: '#1f6feb', value: (c) => c.gpu.medianMs },
  { label: 'end to end', color: '#8250df', value: (c) => c.endToEndMs.medianMs },
  { label: 'stream-read roofline', color: '#6e7781', value: (c) => c.roofline.medianMs },
  { label: 'CPU float64', color: '#bf8700', value: (c) => c.cpu?.medianMs },
  { label: 'TF.js WebGPU', color: '#cf222e', value: (c) => c.tfjs?.medianMs },
  { label: 'TF.js WASM', color: '#8250df', value: (c) => c.tfjsWasm?.medianMs },
];

export function drawChart(container: HTMLElement, cases: CaseResult[]): void {
  container.replaceChildren();
  if (cases.length === 0) return;
  const sorted = [...cases].sort((a, b) => a.n * a.d - b.n * b.d || a.d - b.d);
  const data: uPlot.AlignedData = [
    sorted.map((c) => c.n * c.d),
    ...SERIES.map((series) => sorted.map((c) => series.value(c) ?? null)),
  ];
  new uPlot(
    {
      width: Math.min(1100, container.clientWidth || 1100),
      height: 380,
      scales: { x: { time: false, distr: 3 }, y: { distr: 3 } },
      axes: [{ label: 'n·d (elements of X)' }, { label: 'ms (median)' }],
      series: [
        { label: 'n·d' },
        ...SERIES.map(({ label, color }) => ({ label, stroke: color, width: 2, points: { size: 7 } })),
      ],
    },
    data,
    container,
  );
}
