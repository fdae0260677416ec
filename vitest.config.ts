import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Each file opens its own Dawn device on a 2-core machine: one file at a time keeps
    // SwiftShader's threads from fighting over the cores.
    fileParallelism: false,
    testTimeout: 120_000,
    // test/soak.test.ts collects garbage before it reads the resident memory.
    execArgv: ['--expose-gc'],
    hookTimeout: 60_000,
  },
});
