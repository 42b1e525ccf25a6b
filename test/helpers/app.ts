import type { FastifyInstance } from 'fastify';
import { test as base } from 'vitest';
import { buildApp, type AppDeps } from '../../src/web/app.ts';
import { builders } from './builders.ts';
import { createTestDatabase } from './db.ts';
import { Agent } from './http.ts';

/** The instant every test's clock starts at, unless the file says otherwise. */
export const TEST_START = new Date('2026-11-22T12:00:00Z');

/**
 * A clock one test owns: the app reads it through `now`, and the test moves it. Each test gets a
 * new one, so moving time in one test never changes the time another test runs at.
 */
export class Clock {
  private t: number;
  constructor(start: Date = TEST_START) {
    this.t = start.getTime();
  }
  readonly now = (): Date => new Date(this.t);
  set(d: Date): void {
    this.t = d.getTime();
  }
  advance(ms: number): Date {
    this.t += ms;
    return this.now();
  }
}

export interface AppTestOptions {
  /** A database with the seeded register (and `seedNow` as the seed's clock); only for tests about the seed data. */
  seed?: boolean;
  seedNow?: Date;
  /** Where each test's clock starts. */
  start?: Date;
  config?: Partial<AppDeps['config']>;
}

/**
 * A `test` with the fixtures an integration test needs, each torn down by Vitest whether the test
 * passed or failed:
 * - `database`: one per file (a copy of the migrated template), dropped when the file ends;
 * - `build`: the test-data builders (test/helpers/builders.ts) over that database;
 * - `clock`: a new `Clock` per test;
 * - `app`: the web app on that database and clock, per test (building one takes tens of
 *   milliseconds), closed when the test ends;
 * - `makeApp`: more app instances on the same database (a restart, a production config), all
 *   closed when the test ends;
 * - `signIn`: an `Agent` signed in to `app` as a built (or demo) account.
 *
 * Tests in a file share the database, so each builds its own records (the builders make names
 * unique) rather than relying on what an earlier test left behind.
 */
export function appTest(opts: AppTestOptions = {}) {
  const config = { env: 'test', logLevel: 'silent', ...opts.config } as AppDeps['config'];
  // Vitest reads a fixture's dependencies from its destructured first parameter, so a fixture
  // with none destructures nothing.
  /* eslint-disable no-empty-pattern */
  return (
    base
      .extend('database', { scope: 'file' }, async ({}, { onCleanup }) => {
        const database = await createTestDatabase({ seed: opts.seed, now: opts.seedNow });
        onCleanup(() => database.drop());
        return database;
      })
      .extend('build', { scope: 'file' }, async ({ database }) => builders(database))
      .extend('clock', async ({}) => new Clock(opts.start))
      /* eslint-enable no-empty-pattern */
      .extend('makeApp', async ({ database, clock }, { onCleanup }) => {
        const made: FastifyInstance[] = [];
        onCleanup(async () => {
          for (const a of made) await a.close();
        });
        return async (over: Partial<AppDeps['config']> = {}) => {
          const app = await buildApp({ database, config: { ...config, ...over }, now: clock.now });
          made.push(app);
          return app;
        };
      })
      .extend('app', async ({ makeApp }) => makeApp())
      .extend(
        'signIn',
        async ({ app }) =>
          async (who: { email: string; password?: string }, on: FastifyInstance = app) => {
            const a = new Agent(on);
            await a.signIn(who.email, who.password);
            return a;
          },
      )
  );
}
