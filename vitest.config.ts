import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Makes a folder for this run's database templates; test/helpers/db.ts fills it on first use.
    globalSetup: ['test/helpers/global-setup.ts'],
    // Vitest's default is one worker fewer than the cores: a single worker on a 2-core machine,
    // where the suite then runs file after file. Test files spend much of their time waiting on
    // Chromium, argon2 and the database, so two run at once even there.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // `npm run test:coverage` (v8). The domain is pure, so its threshold is high: anything it
    // decides can be reached from a unit test without a database.
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/store/migrations/**', 'src/web/assets/**', 'src/web/assets.ts'],
      reporter: ['text-summary', 'json-summary', 'html'],
      reportsDirectory: 'build/coverage',
      thresholds: {
        'src/domain/**': { lines: 95 },
      },
    },
    projects: [
      // Unit and integration test files share a worker thread's loaded modules instead of each
      // starting a process and importing the app again: that import was most of a small file's time.
      // Nothing in src/ keeps per-file state at module level (the framework registry is read-only),
      // and each file still makes its own database and app.
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          pool: 'threads',
          isolate: false,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['test/helpers/setup.ts'],
          pool: 'threads',
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      // Browser test files run in parallel with each other and with the rest: each has its own
      // database, its own app on a port of its own and its own Chromium profile. They are the
      // slowest files, and Vitest orders projects by name, so they start first.
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          // As above: a worker thread imports the app once for all the browser files it runs.
          pool: 'threads',
          isolate: false,
          setupFiles: ['test/helpers/setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
