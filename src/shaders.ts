// The WGSL sources, bundled as text by Vite (and so into dist/). WGSL has no includes: each
// kernel is compiled with shaders/layout.wgsl, the structs it shares with the host, in front.
import fused from '../shaders/fused.wgsl?raw';
import gradient from '../shaders/gradient.wgsl?raw';
import layout from '../shaders/layout.wgsl?raw';
import margins from '../shaders/margins.wgsl?raw';
import narrow from '../shaders/narrow.wgsl?raw';
import reduce from '../shaders/reduce_partials.wgsl?raw';

const withLayout = (kernel: string) => `${layout}\n${kernel}`;

export const shaderSources = {
  narrow: withLayout(narrow),
  fused: withLayout(fused),
  margins: withLayout(margins),
  gradient: withLayout(gradient),
  reduce: withLayout(reduce),
} as const;
