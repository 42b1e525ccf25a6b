import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/setup/config.ts';
import { frameworkRegistry } from '../../src/store/frameworks.ts';
import { createPreviewLink } from '../../src/store/publication-repo.ts';
import { auditEvents, loginAttempts } from '../../src/store/schema.ts';
import { buildApp } from '../../src/web/app.ts';
import { workflowService } from '../../src/services/workflow.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { Agent } from '../helpers/http.ts';
import { actor, bromleyAtFactualAccuracy } from '../helpers/workflow.ts';

const SITE = 'https://register.example';
const PASSWORD = 'inspectorate-demo';
let t: TestDatabase;
let app: FastifyInstance;
let proxied: FastifyInstance;
let clock = new Date('2026-12-01T12:00:00Z');
let previewToken = '';
let inspectionId = '';

beforeAll(async () => {
  t = await createTestDatabase({ seed: true });
  const fx = await bromleyAtFactualAccuracy(t);
  inspectionId = fx.inspectionId;
  const workflow = workflowService({ database: t, now: () => clock, frameworks: frameworkRegistry });
  await workflow.transition(fx.lead, fx.inspectionId, 4, 'approved', {
    blockingProblems: [],
    publicationSet: false,
    embargoPassed: false,
  });
  const publisher = await actor(t.db, 'publisher@example.test');
  previewToken = await createPreviewLink(t.db, publisher, fx.inspectionId, {
    recipient: 'Jo Reporter',
    recipientKind: 'press',
    expiresAt: new Date('2027-01-01T00:00:00Z'),
  });
  // The configuration as serve would pass it, with no TRUST_PROXY: forwarded headers are not believed.
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PUBLIC_BASE_URL: `${SITE}/` });
  app = await buildApp({ database: t, config, now: () => clock });
  proxied = await buildApp({
    database: t,
    config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PUBLIC_BASE_URL: SITE, TRUST_PROXY: '1' }),
    now: () => clock,
  });
});
afterAll(async () => {
  await app?.close();
  await proxied?.close();
  await t?.drop();
});

const attemptsFor = (email: string) => t.db.select().from(loginAttempts).where(eq(loginAttempts.email, email));
const later = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};

describe('the return address after signing in', () => {
  it.each([
    ['/\t/evil.example/x'],
    ['/\r\n/evil.example/x'],
    ['/\r\nSet-Cookie: x=1'],
    ['/caf\u00e9'],
    ['/\u2603/snow'],
    ['/\u0007bell'],
    ['//evil.example/'],
    ['/.//evil.example/x'],
  ])('never answers %j with a 500 or another host', async (returnTo) => {
    const a = new Agent(app);
    await a.get('/sign-in');
    const res = await a.post('/sign-in', { email: 'inspector@example.test', password: PASSWORD, returnTo });
    expect(res.statusCode).toBe(303);
    const location = String(res.headers.location);
    expect(location).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
    expect(location).not.toMatch(/^\/*evil/);
  });

  it('sends a tab-split address (returnTo=/%09/evil.example/x) to the workspace home, signed in or not', async () => {
    const a = new Agent(app);
    const form = await a.get('/sign-in?returnTo=/%09/evil.example/x');
    expect(form.body).toContain('name="returnTo" value="/workspace"');
    const res = await a.post('/sign-in', {
      email: 'inspector@example.test',
      password: PASSWORD,
      returnTo: '/\t/evil.example/x',
    });
    expect(res.headers.location).toBe('/workspace');
    const again = await a.get('/sign-in?returnTo=/%09/evil.example/x');
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe('/workspace');
    const kept = await a.get('/sign-in?returnTo=%2Fworkspace%2Ftasks%3Fx%3D1');
    expect(kept.headers.location).toBe('/workspace/tasks?x=1');
  });
});

describe('client addresses', () => {
  it('by default ignores X-Forwarded-For: sign-in attempts and the audit trail record the socket address', async () => {
    const a = new Agent(app);
    a.remoteAddress = '192.0.2.10';
    a.headers['x-forwarded-for'] = '203.0.113.66';
    await a.get('/sign-in');
    expect((await a.post('/sign-in', { email: 'forwarded-default@example.test', password: 'wrong' })).statusCode).toBe(
      401,
    );
    expect((await attemptsFor('forwarded-default@example.test')).map((r) => r.ip)).toEqual(['192.0.2.10']);
    const view = await app.inject({
      method: 'GET',
      url: `/preview/${previewToken}`,
      remoteAddress: '192.0.2.10',
      headers: { 'x-forwarded-for': '203.0.113.66' },
    });
    expect(view.statusCode).toBe(200);
    const views = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.inspectionId, inspectionId), eq(auditEvents.action, 'view')));
    expect(views.at(-1)!.after).toMatchObject({ ip: '192.0.2.10' });
  });

  it('with TRUST_PROXY=1, takes the address the proxy forwarded', async () => {
    const a = new Agent(proxied);
    a.remoteAddress = '10.0.0.2';
    a.headers['x-forwarded-for'] = '203.0.113.77';
    await a.get('/sign-in');
    expect((await a.post('/sign-in', { email: 'forwarded-proxy@example.test', password: 'wrong' })).statusCode).toBe(
      401,
    );
    expect((await attemptsFor('forwarded-proxy@example.test')).map((r) => r.ip)).toEqual(['203.0.113.77']);
    await proxied.inject({
      method: 'GET',
      url: `/preview/${previewToken}`,
      remoteAddress: '10.0.0.2',
      headers: { 'x-forwarded-for': '203.0.113.77' },
    });
    const views = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.inspectionId, inspectionId), eq(auditEvents.action, 'view')));
    expect(views.at(-1)!.after).toMatchObject({ ip: '203.0.113.77' });
  });

  it('limits failures per socket address, which a changed X-Forwarded-For does not escape', async () => {
    const at = new Date(clock.getTime() - 60_000);
    await t.db.insert(loginAttempts).values(
      Array.from({ length: 50 }, (_, i) => ({
        email: `spray-${i}@example.test`,
        ip: '192.0.2.50',
        success: false,
        at,
      })),
    );
    for (const forged of ['198.51.100.1', '198.51.100.2', '203.0.113.3']) {
      const a = new Agent(app);
      a.remoteAddress = '192.0.2.50';
      a.headers['x-forwarded-for'] = forged;
      await a.get('/sign-in');
      const res = await a.post('/sign-in', { email: `spray-next@example.test`, password: 'wrong' });
      expect(res.statusCode).toBe(429);
      expect(res.body).toContain('Too many failed attempts to sign in');
    }
    // The owner's own browser on the same (shared) address is not held up by a stranger's spraying.
    const owner = new Agent(app);
    owner.remoteAddress = '192.0.2.60';
    await owner.signIn('publisher@example.test');
    await owner.post('/sign-out');
    owner.remoteAddress = '192.0.2.50';
    await owner.get('/sign-in');
    const ownerIn = await owner.post('/sign-in', { email: 'publisher@example.test', password: PASSWORD });
    expect(ownerIn.statusCode).toBe(303);
    // Another address is not held up.
    const b = new Agent(app);
    b.remoteAddress = '192.0.2.51';
    await b.get('/sign-in');
    expect((await b.post('/sign-in', { email: 'spray-next@example.test', password: 'wrong' })).statusCode).toBe(401);
  });
});

describe('sign-in throttling', () => {
  it('slows a stranger guessing, with the same answer whether the account exists or not', async () => {
    const answers: { status: number; message: string; retryAfter: unknown }[][] = [];
    for (const [i, email] of ['publisher@example.test', 'no-such-person@example.test'].entries()) {
      const a = new Agent(app);
      a.remoteAddress = `198.51.100.${20 + i}`;
      await a.get('/sign-in');
      const seen = [];
      for (let n = 0; n < 6; n++) {
        const res = await a.post('/sign-in', { email, password: `guess-${n}` });
        seen.push({
          status: res.statusCode,
          message:
            /(Too many failed attempts[^<]*|Enter a correct email address and password)/.exec(res.body)?.[1] ?? '',
          retryAfter: res.headers['retry-after'],
        });
      }
      answers.push(seen);
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]!.map((x) => x.status)).toEqual([401, 401, 401, 401, 401, 429]);
    expect(answers[0]![5]).toEqual({
      status: 429,
      message: 'Too many failed attempts to sign in. Wait 1 minute, then try again.',
      retryAfter: '60',
    });
    // The wait doubles with each further failure (capped), so guessing stays slow.
    later(61_000);
    const a = new Agent(app);
    await a.get('/sign-in');
    expect((await a.post('/sign-in', { email: 'publisher@example.test', password: 'guess-7' })).statusCode).toBe(401);
    const slower = await a.post('/sign-in', { email: 'publisher@example.test', password: PASSWORD });
    expect(slower.statusCode).toBe(429);
    expect(slower.body).toContain('Wait 2 minutes');
    later(121_000);
    expect((await a.post('/sign-in', { email: 'publisher@example.test', password: PASSWORD })).statusCode).toBe(303);
  });

  it('never stops the owner signing in from a browser they have signed in from before', async () => {
    const owner = new Agent(app);
    await owner.signIn('lead@example.test');
    expect(owner.cookies.has('insp_device')).toBe(true);
    await owner.post('/sign-out');
    // A stranger (from many addresses) guesses at the owner's account until it is held up for new browsers.
    for (let n = 0; n < 12; n++) {
      const s = new Agent(app);
      s.remoteAddress = `203.0.113.${100 + n}`;
      await s.get('/sign-in');
      await s.post('/sign-in', { email: 'lead@example.test', password: `guess-${n}` });
      later(20_000);
    }
    const stranger = new Agent(app);
    await stranger.get('/sign-in');
    const refused = await stranger.post('/sign-in', { email: 'lead@example.test', password: PASSWORD });
    expect(refused.statusCode).toBe(429);
    // The owner's own browser is not held up.
    await owner.get('/sign-in');
    const res = await owner.post('/sign-in', { email: 'lead@example.test', password: PASSWORD });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/workspace');
  });

  it('slows the owner’s own browser after its own failures, and a forged device cookie counts as a new browser', async () => {
    const owner = new Agent(app);
    await owner.signIn('inspector@example.test');
    await owner.post('/sign-out');
    await owner.get('/sign-in');
    for (let n = 0; n < 5; n++)
      expect(
        (await owner.post('/sign-in', { email: 'inspector@example.test', password: `typo-${n}` })).statusCode,
      ).toBe(401);
    expect((await owner.post('/sign-in', { email: 'inspector@example.test', password: PASSWORD })).statusCode).toBe(
      429,
    );
    // A cookie that was not signed by the service is ignored.
    const forger = new Agent(app);
    forger.cookies.set('insp_device', 'A'.repeat(43));
    await forger.get('/sign-in');
    await forger.post('/sign-in', { email: 'admin@example.test', password: 'wrong' });
    const rows = await attemptsFor('admin@example.test');
    expect(rows.map((r) => [r.device, r.knownDevice])).toEqual([[null, false]]);
    later(16 * 60_000);
  });
});

describe('links name the configured origin, never the request’s Host', () => {
  const forged = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'gopher' };

  it.each([
    ['/feed.atom', `${SITE}/inspections/`],
    ['/sitemap.xml', `${SITE}/services`],
    ['/api/v1/inspections?limit=2', `${SITE}/inspections/`],
    ['/api/v1/inspections/bromley-2025', `${SITE}/inspections/bromley-2025`],
    ['/api/v1/services?limit=2', `${SITE}/inspections/`],
    ['/api/v1/openapi.json', `${SITE}/api/v1`],
    ['/api/docs', `${SITE}/api/v1`],
  ])('%s', async (url, expected) => {
    for (const server of [app, proxied]) {
      const res = await server.inject({ method: 'GET', url, headers: forged });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(expected);
      expect(res.body).not.toContain('evil.example');
      expect(res.body).not.toContain('gopher');
    }
  });

  it('in a new preview link', async () => {
    const p = new Agent(proxied);
    await p.signIn('publisher@example.test');
    p.headers = forged;
    const surl = `/workspace/inspections/${inspectionId}/previews`;
    await p.get(surl);
    const made = await p.post(surl, { recipient: 'Jo Reporter, Local News', recipientKind: 'press', days: '7' });
    expect(made.statusCode).toBe(201);
    expect(made.body).toMatch(new RegExp(`<code id="new-link">${SITE}/preview/[A-Za-z0-9_-]+</code>`));
    expect(made.body).not.toContain('evil.example');
  });
});
