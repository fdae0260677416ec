// The page times the float64 CPU reference here, in a fresh worker for each case. In the page's
// own thread V8 kept code compiled for earlier cases and ran it up to 4× slower (measured: 47 ms,
// then 170 ms for the same 65536 × 256 problem in one page), which flattered the GPU.
import { timeCpuHere } from './cpu-peer.js';
import type { BenchInput } from './runner.js';

export interface CpuWorkerRequest {
  input: BenchInput;
  maxReps: number;
}

self.onmessage = async ({ data }: MessageEvent<CpuWorkerRequest>) => {
  try {
    self.postMessage({ timing: await timeCpuHere(data.input, data.maxReps) });
  } catch (error) {
    self.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
};
