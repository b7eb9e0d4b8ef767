import { defineConfig } from 'vitest/config';

/**
 * End-to-end files that may run two at a time: their assertions are about what happens, never
 * about how fast (no media-quality or duration thresholds, no watchdog timing), each uses its own
 * ports, database and Redis prefix, and most of their time is spent waiting on a browser or a
 * process. Everything else end-to-end (media quality, recordings against the clock, kills and
 * stalls timed against watchdogs, benches) runs alone.
 */
const pairableE2e = [
  'console-journey',
  'console-live-health',
  'console-operator',
  'console-previews',
  'operator-first-hour',
  'opinions',
  'replay-library',
  'transport-exhaustion',
  'vote-browser',
].map((name) => `infra/e2e/${name}.test.ts`);

const e2eTimeouts = { testTimeout: 120_000, hookTimeout: 120_000 };

/**
 * Three layers in one run, one after another: fast tests (pure units, API and database tests
 * against real PostgreSQL, PGlite and Redis, static checks of infra) two files at a time (each uses its own database, Redis
 * prefix and ports); then the pairable end-to-end files two at a time; then the other end-to-end
 * files (real SFU processes, mediasoup workers and headless Chromium) one at a time: the machine
 * has two cores, and such a file's processes need both.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit-and-api',
          // infra/test: checks of deploy files, dashboards and start-up configuration that start no
          // browser and no media node, so they need not wait for the end-to-end layers.
          include: ['{contracts,control-plane,sfu,recorder,web-viewer,infra}/test/**/*.test.ts'],
          // vitest's default on two cores is one worker; these files wait on I/O more than they compute.
          maxWorkers: 2,
          // One module graph per worker, not one per file: importing the control plane, Prisma's client
          // and zod's contracts afresh for each of ~140 files was over half this layer's CPU (470 -> 211
          // CPU-s, 285 -> 164 s). The files share no state through modules: each makes its own app,
          // database, Redis prefix and ports, and none mocks a module.
          isolate: false,
          sequence: { groupOrder: 0 },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e-paired',
          include: pairableE2e,
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
          ...e2eTimeouts,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['infra/e2e/**/*.test.ts'],
          exclude: pairableE2e,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
          ...e2eTimeouts,
        },
      },
    ],
  },
});
