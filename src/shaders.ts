// The WGSL sources, bundled as text by Vite (and so into dist/).
import fused from '../shaders/fused.wgsl?raw';
import gradient from '../shaders/gradient.wgsl?raw';
import margins from '../shaders/margins.wgsl?raw';
import narrow from '../shaders/narrow.wgsl?raw';
import reduce from '../shaders/reduce_partials.wgsl?raw';

export const shaderSources = { narrow, fused, margins, gradient, reduce } as const;
