// The WGSL sources, bundled as text by Vite (and so into dist/). WGSL has no includes: each
// kernel is compiled with shaders/layout.wgsl, the structs it shares with the host, in front; the
// kernels that read X with the storage's file (shaders/storage_*.wgsl: X at binding 0, and xAt);
// the kernels that turn scores into terms with shaders/loss.wgsl and each loss's row rule; the
// one-pass kernels with their shared bindings and kept terms, narrow and subgroup_rows with their
// row helpers too; all after the kernel's own directives (enable, diagnostic), which must open a module.
import findNonfinite from '../shaders/find_nonfinite.wgsl?raw';
import fused from '../shaders/fused.wgsl?raw';
import keptTerms from '../shaders/kept_terms.wgsl?raw';
import gradient from '../shaders/gradient.wgsl?raw';
import layout from '../shaders/layout.wgsl?raw';
import loss from '../shaders/loss.wgsl?raw';
import narrow from '../shaders/narrow.wgsl?raw';
import onePassBindings from '../shaders/one_pass_bindings.wgsl?raw';
import reduce from '../shaders/reduce_partials.wgsl?raw';
import rowColumns from '../shaders/row_columns.wgsl?raw';
import rowRule from '../shaders/row_rule.wgsl?raw';
import rowTerms from '../shaders/row_terms.wgsl?raw';
import scores from '../shaders/scores.wgsl?raw';
import storageBf16 from '../shaders/storage_bf16.wgsl?raw';
import storageF16 from '../shaders/storage_f16.wgsl?raw';
import storageF16Native from '../shaders/storage_f16_native.wgsl?raw';
import storageF32 from '../shaders/storage_f32.wgsl?raw';
import int8Widen from '../shaders/int8_widen.wgsl?raw';
import storageInt8 from '../shaders/storage_int8.wgsl?raw';
import storageInt8Quads from '../shaders/storage_int8_quads.wgsl?raw';
import subgroupRows from '../shaders/subgroup_rows.wgsl?raw';
import xQuadByVec4 from '../shaders/x_quad.wgsl?raw';
import type { Storage } from './storage.js';

const DIRECTIVE = /^(enable|requires|diagnostic)\b[^;]*;$/gm;

function withLayout(kernel: string, ...preludes: string[]): string {
  const parts = [...preludes, kernel];
  const directives = [...new Set(parts.flatMap((part) => part.match(DIRECTIVE) ?? []))];
  return [...directives, layout, ...parts.map((part) => part.replace(DIRECTIVE, ''))].join('\n');
}

const STORAGE_SOURCES: Record<Storage, string> = {
  f32: storageF32, bf16: storageBf16, f16: storageF16, int8: `${int8Widen}\n${storageInt8}`,
};
/** X bound for reading four vec4 at once (row_columns.wgsl's X_QUADS), where a storage gains by it. */
const QUAD_SOURCES: Partial<Record<Storage, string>> = { int8: `${int8Widen}\n${storageInt8Quads}` };
/** The storages whose narrow and subgroup kernels read X four vec4 at a time where the plan allows (src/pipelines.ts). */
export const QUAD_STORAGES = Object.keys(QUAD_SOURCES) as Storage[];

/** The kernels whose source depends on how X is stored. */
const READING_X = {
  narrow: (x: string) => withLayout(narrow, x, onePassBindings, loss, rowRule, keptTerms, rowColumns),
  subgroupRows: (x: string) => withLayout(subgroupRows, x, onePassBindings, loss, rowRule, keptTerms, rowColumns),
  fused: (x: string) => withLayout(fused, x, onePassBindings, loss, rowRule, keptTerms),
  scores: (x: string) => withLayout(scores, x),
  gradient: (x: string) => withLayout(gradient, x),
};

const NOT_READING_X = {
  rowTerms: withLayout(rowTerms, loss, rowRule),
  reduce: withLayout(reduce),
  findNonfinite,
};

export type ShaderName = keyof typeof READING_X | keyof typeof NOT_READING_X;

/**
 * The source of `name` for X stored as `storage`; with `quads`, X bound for X_QUADS (QUAD_STORAGES
 * only); with `nativeF16`, f16 read as f16 (a device with 'shader-f16').
 */
export function shaderSource(name: ShaderName, storage: Storage = 'f32', quads = false, nativeF16 = false): string {
  const stored = nativeF16 && storage === 'f16' ? storageF16Native : quads ? QUAD_SOURCES[storage]! : STORAGE_SOURCES[storage];
  const x = withXQuad(xSourceInPlace ?? stored);
  return name in READING_X ? READING_X[name as keyof typeof READING_X](x) : NOT_READING_X[name as keyof typeof NOT_READING_X];
}

/** A storage's source with shaders/x_quad.wgsl's xQuad after it, unless it defines its own. */
const withXQuad = (x: string) => (/\bfn xQuad\b/.test(x) ? x : `${x}\n${xQuadByVec4}`);

let xSourceInPlace: string | undefined;

/**
 * While `body` runs, the kernels that read X are compiled with `source` (binding 0 and xAt, and
 * xQuad where it binds X for X_QUADS) in place of their storage's, and their pipelines are cached
 * apart (`xSourceKey`). For the bench's kernel without loads of X and the probes' variants
 * (bench/storage-turns.ts), which must make no other GPU calls meanwhile.
 */
export async function withXSource<T>(source: string, body: () => Promise<T>): Promise<T> {
  xSourceInPlace = source;
  try {
    return await body();
  } finally {
    xSourceInPlace = undefined;
  }
}

/** What tells pipelines compiled under withXSource apart in the pipeline cache: '' otherwise. */
export const xSourceKey = (): string => (xSourceInPlace === undefined ? '' : `:${xSourceInPlace.length}:${hashOf(xSourceInPlace)}`);

function hashOf(text: string): number {
  let hash = 0;
  for (let k = 0; k < text.length; k++) hash = (Math.imul(hash, 31) + text.charCodeAt(k)) | 0;
  return hash;
}

/** Whether `name`'s source depends on the storage of X. */
export const readsX = (name: ShaderName) => name in READING_X;
