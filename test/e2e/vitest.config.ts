import { defineConfig } from 'vitest/config';

// Browser tests: run after `npm run build:web` (npm run test:e2e does both). One file at a time, since each
// launches Chromium and the machine may have only two cores.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.spec.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
