import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedIfEmpty } from '../../src/setup/bootstrap.ts';
import { migrate, openDatabase, type Database } from '../../src/store/db.ts';
import { buildApp } from '../../src/web/app.ts';
import { privatePostgres, type PrivatePostgres } from '../helpers/private-postgres.ts';

// A real PostgreSQL server of the test's own (from the machine's binaries), really stopped and
// started: the shared server is never touched. CI has the binaries, so there it must run.
let server: PrivatePostgres | null = null;
let database: Database | undefined;
let app: FastifyInstance | undefined;
beforeAll(async () => {
  server = await privatePostgres();
  if (!server) {
    if (process.env.CI)
      throw new Error('CI must run the PostgreSQL restart test: no PostgreSQL binaries (pg_config, initdb) found');
    return;
  }
  database = await openDatabase({ databaseUrl: server.url });
  await migrate(database);
  await seedIfEmpty(database);
  app = await buildApp({ database, config: { env: 'production', logLevel: 'silent', cookieSecret: 'x'.repeat(40) } });
}, 120_000);
afterAll(async () => {
  await app?.close();
  await database?.close().catch(() => {});
  server?.destroy();
});

describe('PostgreSQL restarted under a running app', () => {
  it('reports the outage, fails requests with a clear page, and recovers on its own without losing data', async (ctx) => {
    if (!server || !app) return ctx.skip();
    const get = (url: string) => app!.inject({ url });
    expect((await get('/health/ready')).statusCode).toBe(200);
    const before = await get('/services/bromley');
    expect(before.statusCode).toBe(200);

    await server.stop();
    const ready = await get('/health/ready');
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: 'DOWN', checks: { database: 'DOWN' } });
    expect((await get('/health')).statusCode).toBe(200); // liveness: the process itself is fine
    const page = await get('/services/bromley');
    expect(page.statusCode).toBe(500);
    expect(page.body).toContain('Sorry, there is a problem with the service');
    const api = await get('/api/v1/inspections/bromley-2025');
    expect(api.statusCode).toBe(500);
    expect(api.json().error.code).toBe('internal_error');

    await server.start();
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await get('/health/ready')).statusCode;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
    const after = await get('/services/bromley');
    expect(after.statusCode).toBe(200);
    expect(after.body).toBe(before.body);
  }, 120_000);
});
