import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { frameworkRegistry } from '../../src/store/frameworks.ts';
import { loadSeedRecords } from '../../src/import/seed.ts';
import { saveRecords } from '../../src/store/records-repo.ts';
import { inspections } from '../../src/store/schema.ts';
import { buildApp } from '../../src/web/app.ts';
import { acceptsGzip, createPageCache } from '../../src/web/page-cache.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { Agent } from '../helpers/http.ts';

let t: TestDatabase;
let app: FastifyInstance;
const START = new Date('2026-11-22T12:00:00Z');
let clock = START;
// A test that moves the clock gets it back afterwards, whether it passed or failed.
afterEach(() => {
  clock = START;
});
beforeAll(async () => {
  t = await createTestDatabase({ seed: true, now: new Date('2026-11-22T09:00:00Z') });
  app = await buildApp({
    database: t,
    config: { env: 'test', logLevel: 'silent', pageCacheTtlMs: 60_000 },
    now: () => clock,
  });
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
    await saveRecords(t.db, new Date(), [
      {
        ...records.find((r) => r.ref === 'bexley-2024')!,
        ref: 'bexley-2026',
        status: 'published',
        publication: { precision: 'day', earliest: '2026-11-22', latest: '2026-11-22' },
        publishedAt: at,
      },
    ]);
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
  });

  it('does not cache for signed-in users, forms, or errors', async () => {
    const { seedDemo } = await import('../../src/import/demo.ts');
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

  it('answers a hit with the original security headers, and 304 to a matching If-None-Match', async () => {
    const miss = await get('/frameworks');
    const hit = await get('/frameworks');
    expect(hit.headers['x-page-cache']).toBe('hit');
    for (const h of [
      'content-security-policy',
      'x-content-type-options',
      'strict-transport-security',
      'content-type',
      'etag',
    ])
      expect(hit.headers[h], h).toBe(miss.headers[h]);
    expect(hit.headers['set-cookie']).toBeUndefined();
    const revalidated = await app.inject({
      method: 'GET',
      url: '/frameworks',
      headers: { 'if-none-match': String(hit.headers.etag) },
    });
    expect(revalidated.statusCode).toBe(304);
    expect(revalidated.body).toBe('');
    expect(revalidated.headers.etag).toBe(hit.headers.etag);
    const changed = await app.inject({
      method: 'GET',
      url: '/frameworks',
      headers: { 'if-none-match': '"something-else"' },
    });
    expect(changed.statusCode).toBe(200);
  });

  it('serves one page whatever Host a request names, with the configured origin in its links', async () => {
    app.clearPageCache();
    const forged = await app.inject({
      method: 'GET',
      url: '/sitemap.xml',
      headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example' },
    });
    expect(forged.headers['x-page-cache']).toBe('miss');
    expect(forged.body).not.toContain('evil.example');
    expect(forged.body).toContain('http://127.0.0.1/services');
    const honest = await app.inject({ method: 'GET', url: '/sitemap.xml', headers: { host: 'register.example' } });
    expect(honest.headers['x-page-cache']).toBe('hit');
    expect(honest.body).toBe(forged.body);
  });

  it('keys a page on the query parameters it reads, so junk parameters neither fill the cache nor miss it', async () => {
    app.clearPageCache();
    const first = await get('/frameworks');
    expect(first.headers['x-page-cache']).toBe('miss');
    for (let i = 0; i < 1000; i++) {
      const res = await get(`/frameworks?junk${i}=${i}&utm_source=x${i}`);
      expect(res.statusCode).toBe(200);
    }
    expect(app.pageCacheSize()).toBe(1);
    expect((await get('/frameworks?anything=else')).headers['x-page-cache']).toBe('hit');
  });

  it('keeps its stored pages within a byte budget however many distinct searches are made, oldest out first', async () => {
    const small = await buildApp({
      database: t,
      config: { env: 'test', logLevel: 'silent', pageCacheTtlMs: 60_000, pageCacheMaxBytes: 200_000 },
      now: () => clock,
    });
    onTestFinished(() => small.close());
    const one = await small.inject({ url: '/services?q=a0' });
    expect(one.headers['x-page-cache']).toBe('miss');
    // Each distinct search is a page of its own (about 40 KB before compression).
    for (let i = 1; i < 60; i++) expect((await small.inject({ url: `/services?q=a${i}` })).statusCode).toBe(200);
    expect(small.pageCacheBytes()).toBeGreaterThan(0);
    expect(small.pageCacheBytes()).toBeLessThanOrEqual(200_000);
    expect(small.pageCacheSize()).toBeLessThan(60);
    // The newest is kept, the oldest went first.
    expect((await small.inject({ url: '/services?q=a59' })).headers['x-page-cache']).toBe('hit');
    expect((await small.inject({ url: '/services?q=a0' })).headers['x-page-cache']).toBe('miss');
  });

  it('stores nothing for junk parameters until the clean page is asked for, and normalises what a page reads', async () => {
    app.clearPageCache();
    for (let i = 0; i < 50; i++)
      expect((await get(`/services?page=1&junk=${i}`)).headers['x-page-cache']).toBeUndefined();
    expect(app.pageCacheSize()).toBe(0);
    expect((await get('/services?region=London&page=1')).headers['x-page-cache']).toBe('miss');
    // The same parameters in another order, another encoding, or beside junk: the same entry.
    for (const url of [
      '/services?page=1&region=London',
      '/services?page=%31&region=Lond%6Fn',
      '/services?region=London&page=1&fbclid=z',
    ]) {
      expect((await get(url)).headers['x-page-cache'], url).toBe('hit');
    }
    expect((await get('/services?region=London&page=2')).headers['x-page-cache']).not.toBe('hit');
    expect(app.pageCacheSize()).toBeLessThanOrEqual(2);
    // The API's self link repeats the query it was asked with: a junk query's answer is not stored.
    app.clearPageCache();
    const junk = await get('/api/v1/inspections?limit=1&junk=1');
    expect(junk.json().links.self).toBe('/api/v1/inspections?limit=1&junk=1');
    expect(app.pageCacheSize()).toBe(0);
    await get('/api/v1/inspections?limit=1');
    expect((await get('/api/v1/inspections?junk=2&limit=1')).json().links.self).toBe('/api/v1/inspections?limit=1');
  });

  it('over real HTTP, answers hits before the app, gzipped for clients that accept it', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const raw = (path: string, headers: Record<string, string> = {}) =>
      new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>((resolveP, reject) => {
        http.get(`${base}${path}`, { headers }, (res) => {
          const chunks: Buffer[] = [];
          res
            .on('data', (c: Buffer) => chunks.push(c))
            .on('end', () => resolveP({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }))
            .on('error', reject);
        });
      });
    const first = await raw('/frameworks/hmip-youth-2021');
    expect(first.headers['x-page-cache']).toBe('miss');
    const plain = await raw('/frameworks/hmip-youth-2021');
    expect(plain.headers['x-page-cache']).toBe('hit');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(first.body)).toBe(true);
    const zipped = await raw('/frameworks/hmip-youth-2021', { 'accept-encoding': 'br, gzip;q=0.8' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toBe('Accept-Encoding, Cookie');
    expect(gunzipSync(zipped.body).equals(first.body)).toBe(true);
    expect(Number(zipped.headers['content-length'])).toBe(zipped.body.length);
    expect(
      (await raw('/frameworks/hmip-youth-2021', { 'accept-encoding': 'gzip;q=0' })).headers['content-encoding'],
    ).toBeUndefined();
    // Signed in (a session cookie): never from the cache.
    expect(
      (await raw('/frameworks/hmip-youth-2021', { cookie: 'insp_session=whatever' })).headers['x-page-cache'],
    ).toBeUndefined();
  });
});

describe('one render of an expired page at a time (an embargo instant ends every entry at once)', () => {
  /**
   * The cache in front of one page whose render is held until released, reading the clock as it
   * begins (as the app's pages do), so a test can have requests arrive while it renders.
   */
  async function heldPage() {
    const { default: Fastify } = await import('fastify');
    const cache = createPageCache({ ttlMs: 60_000, now: () => clock, db: () => t.db });
    const f = Fastify();
    onTestFinished(() => f.close());
    f.addHook('onRequest', cache.lookup);
    f.addHook('onSend', cache.store);
    let release = () => {};
    let held = Promise.resolve();
    const page = {
      renders: 0,
      failNext: false,
      hold: () => {
        held = new Promise<void>((r) => (release = r));
      },
      release: () => release(),
      get: (url = '/page') => f.inject({ method: 'GET', url }),
    };
    f.get('/page', { config: { cache: true } }, async (_req, reply) => {
      page.renders++;
      const seen = clock.toISOString();
      await held;
      if (page.failNext) {
        page.failNext = false;
        return reply.code(500).type('text/html').send('<p>failed</p>');
      }
      return reply.type('text/html').send(`<p>the register at ${seen}</p>`);
    });
    await f.ready();
    return page;
  }

  it('requests that miss while the page renders wait for that render and get what it stored', async () => {
    const page = await heldPage();
    page.hold();
    const all = Promise.all(Array.from({ length: 5 }, () => page.get()));
    await vi.waitFor(() => expect(page.renders).toBe(1));
    await new Promise((r) => setTimeout(r, 20));
    expect(page.renders).toBe(1);
    page.release();
    const answers = await all;
    expect(page.renders).toBe(1);
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(answers.map((a) => a.headers['x-page-cache']).sort()).toEqual(['hit', 'hit', 'hit', 'hit', 'miss']);
  });

  it('a render begun before an embargo instant serves no request made after it: that one renders anew', async () => {
    const { records } = loadSeedRecords(frameworkRegistry(), clock);
    clock = new Date('2026-11-22T12:10:00Z');
    const at = new Date('2026-11-22T12:10:10Z');
    await saveRecords(t.db, new Date(), [
      {
        ...records.find((r) => r.ref === 'bexley-2024')!,
        ref: 'bexley-flight',
        status: 'published',
        publication: { precision: 'day', earliest: '2026-11-22', latest: '2026-11-22' },
        publishedAt: at,
      },
    ]);
    await t.db.update(inspections).set({ status: 'scheduled' }).where(eq(inspections.ref, 'bexley-flight'));
    const page = await heldPage();
    page.hold();
    const before = page.get();
    await vi.waitFor(() => expect(page.renders).toBe(1));
    // The instant passes while the first render is held; a request now finds it in flight.
    clock = at;
    const after = page.get();
    await new Promise((r) => setTimeout(r, 20));
    expect(page.renders).toBe(1);
    page.release();
    expect((await before).body).toBe('<p>the register at 2026-11-22T12:10:00.000Z</p>');
    // Its entry ended at the instant (dated from when its request arrived, not when it was stored),
    // so the later request rendered the page itself, and that is what is kept.
    expect((await after).body).toBe('<p>the register at 2026-11-22T12:10:10.000Z</p>');
    expect(page.renders).toBe(2);
    const next = await page.get();
    expect(next.headers['x-page-cache']).toBe('hit');
    expect(next.body).toBe('<p>the register at 2026-11-22T12:10:10.000Z</p>');
  });

  it('a render that stores nothing (an error) sends the requests waiting for it on to render the page', async () => {
    const page = await heldPage();
    page.failNext = true;
    page.hold();
    const failed = page.get();
    await vi.waitFor(() => expect(page.renders).toBe(1));
    const waiting = page.get();
    await new Promise((r) => setTimeout(r, 20));
    page.release();
    expect((await failed).statusCode).toBe(500);
    const res = await waiting;
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-page-cache']).toBe('miss');
    expect(page.renders).toBe(2);
  });
});

describe('the cache and authorisation', () => {
  it('refuses to start with a cached route that is not public, since hits skip authorisation', async () => {
    const { default: Fastify } = await import('fastify');
    const { authPlugin } = await import('../../src/web/auth/plugin.ts');
    const bad = Fastify();
    onTestFinished(() => bad.close());
    await bad.register(authPlugin, { cookieSecret: 'x'.repeat(40), secureCookies: false });
    expect(() => bad.get('/private', { config: { auth: ['admin'], cache: true } }, async () => 'secret')).toThrow(
      'GET /private is cached but not public',
    );
  });
});

describe('Accept-Encoding', () => {
  it('allows gzip when named or covered by *, never when refused with q=0', () => {
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip('')).toBe(false);
    expect(acceptsGzip('gzip')).toBe(true);
    expect(acceptsGzip('gzip, deflate, br, zstd')).toBe(true);
    expect(acceptsGzip('br;q=1.0, GZIP;q=0.5')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('*;q=0')).toBe(false);
    expect(acceptsGzip('gzip;q=0, *')).toBe(false);
    expect(acceptsGzip('br, deflate')).toBe(false);
  });
});
