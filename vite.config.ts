import { defineConfig } from 'vite';

// `vite` serves the benchmark page (index.html); `vite build` makes the library in dist/.
export default defineConfig({
  // Cross-origin isolation lets TF.js's WASM peer run threads (SharedArrayBuffer).
  server: { host: '127.0.0.1', headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } },
  build: {
    lib: { entry: { index: 'src/index.ts', cli: 'src/cli.ts' }, formats: ['es'] },
    target: 'es2022',
    rollupOptions: { external: ['webgpu', /^node:/] },
  },
});
