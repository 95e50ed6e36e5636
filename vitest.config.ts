import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['sdk-gen/src/**/*.test.ts', 'indexer/src/**/*.test.ts', 'api/src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores on CI: run files in parallel, but not more workers than that helps.
    maxWorkers: 2,
  },
});
