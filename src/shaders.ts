// The WGSL sources, bundled as text by Vite (and so into dist/).
import gradient from '../shaders/gradient.wgsl?raw';
import margins from '../shaders/margins.wgsl?raw';
import reducePartials from '../shaders/reduce_partials.wgsl?raw';

export const shaderSources = { margins, gradient, reducePartials } as const;
