import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Each file opens its own Dawn device on a 2-core machine: one file at a time keeps
    // SwiftShader's threads from fighting over the cores.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
