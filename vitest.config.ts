import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Node resolves `graphql` to its CommonJS build (index.js) for yoga, envelop and graphql-armor; Vite would
    // pick the ES build (index.mjs) for our sources. Two copies break every `instanceof` check ("Cannot use
    // GraphQLSchema from another module or realm"), so tests resolve it the way Node does.
    alias: [{ find: /^graphql$/, replacement: fileURLToPath(import.meta.resolve('graphql')) }],
  },
  test: {
    include: [
      'sdk-gen/src/**/*.test.ts',
      'indexer/src/**/*.test.ts',
      'api/src/**/*.test.ts',
      'app/src/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores on CI: run files in parallel, but not more workers than that helps.
    maxWorkers: 2,
  },
});
