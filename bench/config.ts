// Which cases the benchmark runs, from URL parameters (the page) or flags (the command line).

import type { Strategy } from '../src/index.js';
import { STRATEGIES as KERNEL_STRATEGIES } from '../src/plan.js';

/** The float64 CPU reference, TF.js on WebGPU, TF.js on WASM (XNNPACK). */
export type PeerName = 'cpu' | 'tfjs' | 'tfjs-wasm';

export interface BenchConfig {
  sizes: [n: number, d: number][];
  reps: number;
  warmup: number;
  peers: PeerName[];
  strategy: Strategy | 'auto';
}

/**
 * n·d from 2^14 to about 2^25, tall (n ≫ d), square-ish and wide (d ≥ 4096), including the
 * three shapes the performance targets name: 65536×256, 1,000,000×32 and 4096×4096.
 */
export const DEFAULT_SIZES: [number, number][] = [
  [4096, 4], [128, 128], [16, 1024],
  [65536, 16], [1024, 1024], [256, 4096],
  [65536, 256], [1_000_000, 32], [4096, 4096],
];
export const QUICK_SIZES: [number, number][] = [[4096, 4], [128, 128], [16384, 64], [256, 4096]];
/** Time per element from 2^20 to 2^29 elements (2 GiB of X, beyond one storage binding). */
export const SWEEP_SIZES: [number, number][] = [
  [16384, 64], [131072, 64], [1048576, 64], [4194304, 64], [8388608, 64],
];

const PEERS: PeerName[] = ['cpu', 'tfjs', 'tfjs-wasm'];

export function parseSizes(text: string): [number, number][] {
  if (text === 'quick') return QUICK_SIZES;
  if (text === 'sweep') return SWEEP_SIZES;
  if (text === 'default') return DEFAULT_SIZES;
  return text.split(',').map((item) => {
    const match = /^\s*(\d+)x(\d+)\s*$/.exec(item);
    if (!match) throw new Error(`bad size '${item}': write n×d as NxD, for example 65536x256`);
    return [Number(match[1]), Number(match[2])];
  });
}

export function parsePeers(text: string): PeerName[] {
  if (text === 'none' || text === '') return [];
  return text.split(',').map((name) => {
    if (!PEERS.includes(name as PeerName)) throw new Error(`unknown peer '${name}' (expected ${PEERS.join(', ')} or none)`);
    return name as PeerName;
  });
}

function positiveInteger(text: string, what: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${what} must be a positive integer, got '${text}'`);
  return value;
}

export const STRATEGIES: readonly (Strategy | 'auto')[] = ['auto', ...KERNEL_STRATEGIES];

/** URL parameters: sizes=quick|default|NxD,…  reps=K  warmup=K  peers=cpu,tfjs,tfjs-wasm|none  strategy=auto|narrow|subgroup|fused|two-pass */
export function configFromParams(params: URLSearchParams): BenchConfig {
  const known = ['sizes', 'reps', 'warmup', 'peers', 'strategy', 'autorun'];
  for (const key of params.keys()) {
    if (!known.includes(key)) throw new Error(`unknown parameter '${key}' (expected ${known.join(', ')})`);
  }
  const strategy = params.get('strategy') ?? 'auto';
  if (!(STRATEGIES as readonly string[]).includes(strategy)) {
    throw new Error(`unknown strategy '${strategy}' (expected ${STRATEGIES.join(', ')})`);
  }
  return {
    sizes: parseSizes(params.get('sizes') ?? 'default'),
    reps: positiveInteger(params.get('reps') ?? '10', 'reps'),
    warmup: positiveInteger(params.get('warmup') ?? '2', 'warmup'),
    peers: parsePeers(params.get('peers') ?? PEERS.join(',')),
    strategy: strategy as BenchConfig['strategy'],
  };
}
