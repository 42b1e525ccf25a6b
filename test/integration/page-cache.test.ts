import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameworkRegistry } from '../../src/frameworks.ts';
import { loadSeedRecords } from '../../src/import/seed.ts';
import { saveRecords } from '../../src/store/records-repo.ts';
import { inspections } from '../../src/store/schema.ts';
import { buildApp } from '../../src/web/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { Agent } from '../helpers/http.ts';

let t: TestDatabase;
let app: FastifyInstance;
let clock = new Date('2026-11-22T12:00:00Z');
beforeAll(async () => {
  t = await createTestDatabase({ seed: true, now: new Date('2026-11-22T09:00:00Z') });
  app = await buildApp({ database: t, config: { env: 'test', logLevel: 'silent', pageCacheTtlMs: 60_000 }, now: () => clock });
});
afterAll(async () => {
  await app?.close();
  await t?.drop();
});
const get = (url: string) => app.inject({ method: 'GET', url });

describe('page cache', () => {
  it('serves anonymous public pages from the cache, and never past the next embargo', async () => {
    const { records } = loadSeedRecords(frameworkRegistry(), clock);
    const at = new Date('2026-11-22T12:00:30Z');
    await saveRecords(t.db, [{ ...records.find((r) => r.ref === 'bexley-2024')!, ref: 'bexley-2026', status: 'published', publication: { precision: 'day', earliest: '2026-11-22', latest: '2026-11-22' }, publishedAt: at }]);
    await t.db.update(inspections).set({ status: 'scheduled' }).where(eq(inspections.ref, 'bexley-2026'));
    const first = await get('/services/bexley');
    expect(first.headers['x-page-cache']).toBe('miss');
    expect(first.body).not.toContain('bexley-2026');
    const second = await get('/services/bexley');
    expect(second.headers['x-page-cache']).toBe('hit');
    expect(second.body).toBe(first.body);
    // At the embargo time the cached page has expired: the publication shows at once.
    clock = at;
    const third = await get('/services/bexley');
    expect(third.headers['x-page-cache']).toBe('miss');
    expect(third.body).toContain('bexley-2026');
    // A clock moved backwards never sees a page rendered later.
    clock = new Date(at.getTime() - 10_000);
    const back = await get('/services/bexley');
    expect(back.headers['x-page-cache']).toBe('miss');
    expect(back.body).not.toContain('bexley-2026');
    clock = new Date('2026-11-22T12:00:00Z');
  });

  it('does not cache for signed-in users, forms, or errors', async () => {
    const { seedDemo } = await import('../../src/demo.ts');
    await seedDemo(t, 'test');
    const a = new Agent(app);
    await a.signIn('inspector@example.test');
    const res = await a.get('/services');
    expect(res.headers['x-page-cache']).toBeUndefined();
    expect(res.body).toContain('Ines Inspector');
    expect((await get('/claims')).headers['x-page-cache']).toBeUndefined();
    expect((await get('/inspections/atlantis-2020')).headers['x-page-cache']).toBeUndefined();
    await get('/api/v1/inspections/bromley-2025');
    const api = await get('/api/v1/inspections/bromley-2025');
    expect(api.headers['x-page-cache']).toBe('hit');
    expect(api.headers.etag).toBeDefined();
  });
});
