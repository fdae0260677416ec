// The WGSL sources, bundled as text by Vite (and so into dist/).
import hingePartials from '../shaders/hinge_partials.wgsl?raw';
import reducePartials from '../shaders/reduce_partials.wgsl?raw';

export const shaderSources = { hingePartials, reducePartials } as const;
