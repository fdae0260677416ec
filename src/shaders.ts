// The WGSL sources, bundled as text by Vite (and so into dist/). WGSL has no includes: each
// kernel is compiled with shaders/layout.wgsl, the structs it shares with the host, in front
// (and the one-pass kernels with their shared bindings, narrow and subgroup_rows with their row
// helpers too), after the kernel's own directives (enable, diagnostic), which must open a module.
import findNonfinite from '../shaders/find_nonfinite.wgsl?raw';
import fused from '../shaders/fused.wgsl?raw';
import gradient from '../shaders/gradient.wgsl?raw';
import layout from '../shaders/layout.wgsl?raw';
import loss from '../shaders/loss.wgsl?raw';
import narrow from '../shaders/narrow.wgsl?raw';
import onePassBindings from '../shaders/one_pass_bindings.wgsl?raw';
import reduce from '../shaders/reduce_partials.wgsl?raw';
import rowColumns from '../shaders/row_columns.wgsl?raw';
import rowTerms from '../shaders/row_terms.wgsl?raw';
import scores from '../shaders/scores.wgsl?raw';
import subgroupRows from '../shaders/subgroup_rows.wgsl?raw';

const DIRECTIVE = /^(enable|requires|diagnostic)\b[^;]*;$/gm;

function withLayout(kernel: string, ...preludes: string[]): string {
  const directives = kernel.match(DIRECTIVE) ?? [];
  return [...directives, layout, ...preludes, kernel.replace(DIRECTIVE, '')].join('\n');
}

export const shaderSources = {
  narrow: withLayout(narrow, onePassBindings, loss, rowColumns),
  subgroupRows: withLayout(subgroupRows, onePassBindings, loss, rowColumns),
  fused: withLayout(fused, onePassBindings, loss),
  scores: withLayout(scores),
  rowTerms: withLayout(rowTerms, loss),
  gradient: withLayout(gradient),
  reduce: withLayout(reduce),
  findNonfinite,
} as const;
