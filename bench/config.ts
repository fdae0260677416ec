// Which cases the benchmark runs, from URL parameters (the page) or flags (the command line).

import type { Strategy } from '../src/index.js';
import { LOSSES, LOSS_NAMES, type LossName } from '../src/losses.js';
import { STRATEGIES as KERNEL_STRATEGIES } from '../src/plan.js';
import { STORAGES, type Storage } from '../src/storage.js';

/** The float64 CPU reference, TF.js on WebGPU, TF.js on WASM (XNNPACK). */
export type PeerName = 'cpu' | 'tfjs' | 'tfjs-wasm';

export interface BenchConfig {
  sizes: [n: number, d: number][];
  reps: number;
  warmup: number;
  peers: PeerName[];
  strategy: Strategy | 'auto';
  /** The loss of the sizes' cases, and its classes (1 for the binary losses). */
  loss: LossName;
  classes: number;
  /** How the sizes' cases store X (src/storage.ts). */
  storage: Storage;
}

/** One case of the benchmark: a shape, its loss and its number of classes. */
export interface BenchCase {
  n: number;
  d: number;
  loss: LossName;
  classes: number;
  storage: Storage;
}

/** The default grid's multiclass cases, run beside its binary hinge cases. */
export const DEFAULT_CLASS_CASES: BenchCase[] = [
  { n: 65536, d: 256, loss: 'multiclass-hinge', classes: 10, storage: 'f32' },
  { n: 1_000_000, d: 32, loss: 'crammer-singer', classes: 10, storage: 'f32' },
];

/** The default grid's cases of X stored in fewer bytes: the three target shapes at each storage. */
export const DEFAULT_STORAGE_CASES: BenchCase[] = (['bf16', 'f16', 'int8'] as const).flatMap((storage) =>
  ([[65536, 256], [1_000_000, 32], [4096, 4096]] as const).map(([n, d]) => ({ n, d, loss: 'hinge' as const, classes: 1, storage })));

/**
 * The cases a configuration runs: its sizes at its loss and storage, then, on the default grid of
 * the hinge in f32, the multiclass cases and the other storages.
 */
export function benchCases(config: BenchConfig, sizesName: string): BenchCase[] {
  const cases = config.sizes.map(([n, d]) => ({ n, d, loss: config.loss, classes: config.classes, storage: config.storage }));
  const defaultGrid = sizesName === 'default' && config.loss === 'hinge' && config.storage === 'f32';
  return defaultGrid ? [...cases, ...DEFAULT_CLASS_CASES, ...DEFAULT_STORAGE_CASES] : cases;
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

/**
 * URL parameters: sizes=quick|default|NxD,…  reps=K  warmup=K  peers=cpu,tfjs,tfjs-wasm|none
 * strategy=auto|narrow|subgroup|fused|two-pass  loss=hinge|squared-hinge|multiclass-hinge|…  classes=C
 * storage=f32|bf16|f16|int8
 */
export function configFromParams(params: URLSearchParams): BenchConfig {
  const known = ['sizes', 'reps', 'warmup', 'peers', 'strategy', 'loss', 'classes', 'storage', 'autorun'];
  for (const key of params.keys()) {
    if (!known.includes(key)) throw new Error(`unknown parameter '${key}' (expected ${known.join(', ')})`);
  }
  const strategy = params.get('strategy') ?? 'auto';
  if (!(STRATEGIES as readonly string[]).includes(strategy)) {
    throw new Error(`unknown strategy '${strategy}' (expected ${STRATEGIES.join(', ')})`);
  }
  const loss = params.get('loss') ?? 'hinge';
  if (!Object.hasOwn(LOSSES, loss)) throw new Error(`unknown loss '${loss}' (expected ${LOSS_NAMES.join(', ')})`);
  const multiclass = LOSSES[loss as LossName].labels === 'class';
  const classes = positiveInteger(params.get('classes') ?? (multiclass ? '10' : '1'), 'classes');
  if (multiclass ? classes < 2 : classes !== 1) {
    throw new Error(`classes = ${classes}: the '${loss}' loss takes ${multiclass ? 'at least 2 classes' : 'one (it is binary)'}`);
  }
  const storage = params.get('storage') ?? 'f32';
  if (!(STORAGES as readonly string[]).includes(storage)) throw new Error(`unknown storage '${storage}' (expected ${STORAGES.join(', ')})`);
  return {
    storage: storage as Storage,
    loss: loss as LossName,
    classes,
    sizes: parseSizes(params.get('sizes') ?? 'default'),
    reps: positiveInteger(params.get('reps') ?? '10', 'reps'),
    warmup: positiveInteger(params.get('warmup') ?? '2', 'warmup'),
    peers: parsePeers(params.get('peers') ?? PEERS.join(',')),
    strategy: strategy as BenchConfig['strategy'],
  };
}
