import { defineConfig } from 'vitest/config';

/**
 * Two layers in one run: fast tests (pure units, API and database tests against real PostgreSQL,
 * PGlite and Redis) in parallel, then end-to-end tests (real SFU processes, mediasoup workers and
 * headless Chromium) one file at a time: the machine has two cores.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit-and-api',
          include: ['{contracts,control-plane,sfu,recorder,web-viewer}/test/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['infra/e2e/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
