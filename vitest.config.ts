import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Makes a folder for this run's database templates; test/helpers/db.ts fills it on first use.
    globalSetup: ['test/helpers/global-setup.ts'],
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
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
