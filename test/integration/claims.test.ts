import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_LISTED_CLAIMS } from '../../src/services/claims.ts';
import { DEFAULT_CLAIMS_RATE_LIMIT } from '../../src/setup/config.ts';
import { buildApp } from '../../src/web/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { Agent } from '../helpers/http.ts';

let t: TestDatabase;
let app: FastifyInstance;
const now = new Date('2026-11-22T12:00:00Z');
beforeAll(async () => {
  t = await createTestDatabase({ seed: true, now: new Date('2026-11-22T09:00:00Z') });
  // Off here: these tests post more often than one address may in a minute (the limit has its own tests below).
  app = await buildApp({
    database: t,
    config: { env: 'test', logLevel: 'silent', claimsRateLimitPerMinute: 0 },
    now: () => now,
  });
});
afterAll(async () => {
  await app?.close();
  await t?.drop();
});
const seed = (f: string) => readFileSync(`data/seed/releases/${f}`, 'utf8');
const post = (payload: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/claims/check',
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    headers,
  });

describe('POST /api/v1/claims/check', () => {
  it('checks an undated council release as at its inspection, and never calls an undecidable count contradicted', async () => {
    const res = await post({ text: seed('002_ccc35e7df72504ed.txt') });
    expect(res.statusCode).toBe(200);
    const r = res.json().data;
    // The text gives no date of its own: it is about Bromley's inspection, published 7 January 2025.
    expect(r.asAtSource).toBe('inspection');
    expect(r.asAt).toBe('2025-01-07');
    const national = r.verdicts.find(
      (v: { claim: { kind: string; scope: string | null } }) => v.claim.kind === 'aggregate' && !v.claim.scope,
    );
    // "17 … outstanding" lies inside the range the register can give, so it is not contradicted;
    // the explanation gives the range and names the services that could change it.
    expect(national.verdict).toBe('consistent');
    expect(national.explanation).toMatch(/has (\d+) to (\d+) services rated Outstanding nationally/);
    const [, min, max] = /has (\d+) to (\d+)/.exec(national.explanation)!.map(Number);
    expect(min).toBeLessThanOrEqual(17);
    expect(max).toBeGreaterThanOrEqual(17);
    expect(national.explanation).toMatch(/could change this: .*\(no inspection in the register/);
    expect(r.counts.contradicted).toBe(0);
  });

  it('checks the seed release: supported claims rest on bromley-2025, and the date slip is flagged', async () => {
    const res = await post({ text: seed('000_8ef67c381b74f421.txt') });
    expect(res.statusCode).toBe(200);
    // Readable from any origin, but an answer to a POST is never marked cacheable.
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['cache-control']).toBeUndefined();
    const r = res.json().data;
    // Its own date contradicts its fieldwork, so it is checked as at the inspection it is about.
    expect(r.asAt).toBe('2025-01-07');
    expect(r.asAtInspection).toBe('bromley-2025');
    const pub = r.verdicts.find((v: { claim: { kind: string } }) => v.claim.kind === 'publication');
    expect(pub).toMatchObject({ verdict: 'contradicted', correct: '2025-01-07', record: 'bromley-2025' });
    expect(r.verdicts.find((v: { claim: { kind: string } }) => v.claim.kind === 'overall')).toMatchObject({
      verdict: 'supported',
      record: 'bromley-2025',
    });
    // The breakdown "2 for the executive management board, 1 for Bromley YJS" is held, so these can be checked.
    expect(
      r.verdicts
        .filter((v: { claim: { kind: string } }) => v.claim.kind === 'recommendations')
        .map((v: { verdict: string }) => v.verdict),
    ).toEqual(['supported', 'supported']);
  });

  it('flags the figures in the council article that no record supports', async () => {
    const r = (await post({ text: seed('001_5c87683696603133.txt') })).json().data;
    const figures = r.verdicts.filter((v: { claim: { kind: string } }) => v.claim.kind === 'figure');
    expect(figures.map((f: { claim: { figure: string } }) => f.claim.figure)).toEqual([
      '22.6 per cent',
      '33 per cent',
      '356 children in care',
      '86 per cent',
    ]);
    expect(figures.every((f: { verdict: string }) => f.verdict === 'unverifiable')).toBe(true);
    expect(
      r.verdicts.find(
        (v: { claim: { kind: string; standard?: string } }) =>
          v.claim.kind === 'standard' && v.claim.standard === 'Staff',
      ),
    ).toMatchObject({ verdict: 'supported' });
  });

  it('checks aggregate claims as at the date given, and says which inspections the count rests on', async () => {
    const r = (await post({ text: seed('002_ccc35e7df72504ed.txt'), asAt: '2025-01-07' })).json().data;
    const agg = r.verdicts.filter((v: { claim: { kind: string } }) => v.claim.kind === 'aggregate');
    expect(agg).toHaveLength(2);
    for (const a of agg)
      expect(a.explanation).toMatch(/counted from the latest inspection of each service \(.*bromley-2025/);
  });

  it.each([
    ['empty', { text: '   ' }, 'The text is empty'],
    ['huge', { text: 'Bromley YJS scored 33/36. '.repeat(5000) }, 'the most that can be checked at once is 100,000'],
    ['binary', { text: 'PK\u0003\u0004\u0000\u0000binary' }, 'binary or unreadable characters'],
    ['missing', {}, 'text is required'],
    ['bad date', { text: 'Bromley YJS scored 33/36.', asAt: '2025-02-30' }, 'asAt'],
  ])('refuses %s input with a 400 and a clear message', async (_name, body, message) => {
    const res = await post(body);
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json().error)).toContain(message);
  });

  it('never crashes on malformed requests', async () => {
    expect((await post('{"text": ')).statusCode).toBe(400);
    expect((await post('text=hello', { 'content-type': 'application/x-www-form-urlencoded' })).statusCode).toBeLessThan(
      500,
    );
    expect((await post(Buffer.alloc(300 * 1024, 65).toString())).statusCode).toBe(413);
  });
});

describe('the claims page', () => {
  it('checks pasted text and shows each verdict; keeps the text on error', async () => {
    const a = new Agent(app);
    await a.get('/claims');
    const res = await a.post('/claims', { text: seed('004_56c4076c569a1570.txt'), asAt: '' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/Checked against the register as at 12 July 2024 \(the date the text states\)/);
    expect(res.body).toContain('govuk-tag--green');
    const empty = await a.post('/claims', { text: '', asAt: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('The text is empty');
    const badDate = await a.post('/claims', { text: 'Bromley YJS scored 33/36.', asAt: 'soon' });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.body).toContain('Bromley YJS scored 33/36.');
    // The form comes back with the message beside the date, and the title says there is an error.
    expect(badDate.body).toMatch(/<title[^>]*>\s*Error: Check claims/);
    expect(badDate.body).toMatch(/id="asAt-error"[^>]*>[\s\S]*?The date must be a real date/);
    expect(badDate.body).toContain('href="#asAt"');
  });
});

/** 100,000 characters with no sentence break, dense with claim-like phrases. */
const hostile = (unit: string) => unit.repeat(Math.ceil(100_000 / unit.length)).slice(0, 100_000);
const DENSE =
  'Bromley YJS staff was rated good, 1 per cent, one of 17 Outstanding nationally, 5 in London, made 2 recommendations for the board ';

describe('hostile text: the answer stays a small multiple of the text', () => {
  it.each([
    ['claim phrases with no sentence break', DENSE],
    ['one phrase repeated', 'Bromley was rated Outstanding '],
    ['a figure every 11 characters', '1 per cent '],
  ])('the API, on 100,000 characters of %s', { timeout: 30_000 }, async (_name, unit) => {
    const text = hostile(unit);
    const res = await post({ text });
    expect(res.statusCode).toBe(200);
    expect(res.body.length).toBeLessThan(20 * text.length);
    const r = res.json().data;
    expect(r.verdicts.length).toBeLessThanOrEqual(MAX_LISTED_CLAIMS);
    const found = r.counts.supported + r.counts.consistent + r.counts.contradicted + r.counts.unverifiable;
    expect(found).toBe(r.verdicts.length + r.omitted);
    for (const v of r.verdicts) expect(v.claim.sentence.length).toBeLessThanOrEqual(300);
  });

  it('the page, on 100,000 characters of claim phrases with no sentence break', { timeout: 30_000 }, async () => {
    const a = new Agent(app);
    await a.get('/claims');
    const text = hostile(DENSE);
    const res = await a.post('/claims', { text, asAt: '' });
    expect(res.statusCode).toBe(200);
    expect(res.body.length).toBeLessThan(20 * text.length);
    expect(res.body).toMatch(/The first 200 are\s+listed below; the counts above include them all/);
  });
});

describe('the API takes JSON only', () => {
  it.each([
    ['form-encoded', 'application/x-www-form-urlencoded', 'text=Bromley+YJS+scored+33%2F36.'],
    [
      'multipart',
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Disposition: form-data; name="text"\r\n\r\nBromley YJS scored 33/36.\r\n--x--\r\n',
    ],
    ['plain text', 'text/plain', '{"text": "Bromley YJS scored 33/36."}'],
  ])(
    'refuses a %s body with a 415 in the API error shape, so a form on another site cannot post here',
    async (_name, type, payload) => {
      const res = await post(payload, { 'content-type': type });
      expect(res.statusCode).toBe(415);
      expect(res.json().error).toMatchObject({
        code: 'unsupported_media_type',
        message: expect.stringContaining('application/json'),
      });
    },
  );
  it('accepts JSON with a charset', async () => {
    expect(
      (await post({ text: 'Bromley YJS scored 33/36.' }, { 'content-type': 'application/json; charset=utf-8' }))
        .statusCode,
    ).toBe(200);
  });
});

describe('each address may check a limited number of texts a minute (the default limit)', () => {
  let limited: FastifyInstance;
  beforeAll(async () => {
    limited = await buildApp({ database: t, config: { env: 'test', logLevel: 'silent' }, now: () => now });
  });
  afterAll(async () => {
    await limited?.close();
  });
  const check = (remoteAddress: string) =>
    limited.inject({
      method: 'POST',
      url: '/api/v1/claims/check',
      payload: JSON.stringify({ text: 'Bromley YJS scored 33/36.' }),
      headers: { 'content-type': 'application/json' },
      remoteAddress,
    });

  it(
    'the API and the page share one allowance; beyond it each says how long to wait, and other addresses are unaffected',
    { timeout: 30_000 },
    async () => {
      const page = new Agent(limited);
      await page.get('/claims');
      expect((await page.post('/claims', { text: 'Bromley YJS scored 33/36.', asAt: '' })).statusCode).toBe(200);
      for (let i = 1; i < DEFAULT_CLAIMS_RATE_LIMIT; i++) expect((await check('127.0.0.1')).statusCode).toBe(200);

      const api = await check('127.0.0.1');
      expect(api.statusCode).toBe(429);
      const wait = Number(api.headers['retry-after']);
      expect(wait).toBeGreaterThanOrEqual(1);
      expect(wait).toBeLessThanOrEqual(60);
      expect(api.json()).toEqual({
        error: {
          code: 'rate_limited',
          message: expect.stringMatching(
            /Too many checks from your address \(the limit is 30 a minute\)\. Try again in \d+ seconds?\./,
          ),
        },
      });

      const refused = await page.post('/claims', { text: 'Bromley YJS scored 33/36.', asAt: '' });
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(refused.body).toContain('govuk-heading-l');
      expect(refused.body).toContain('You have checked too many texts');
      expect(refused.body).toMatch(/You can check up to 30 texts a minute\. Wait \d+ seconds?, then try again\./);

      expect((await check('192.0.2.7')).statusCode).toBe(200);
      // Reading the page is not a check.
      expect((await page.get('/claims')).statusCode).toBe(200);
    },
  );
});
