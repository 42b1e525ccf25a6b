import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/web/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { Agent } from '../helpers/http.ts';

let t: TestDatabase;
let app: FastifyInstance;
beforeAll(async () => {
  t = await createTestDatabase({ seed: true, now: new Date('2026-11-22T09:00:00Z') });
  app = await buildApp({ database: t, config: { env: 'test', logLevel: 'silent', pageCacheTtlMs: 60_000 } });
});
afterAll(async () => {
  await app?.close();
  await t?.drop();
});

const htmlLang = (body: string) => /<html lang="([^"]+)"/.exec(body)?.[1];
const summary = (body: string) => /<p class="govuk-body" id="claims-summary">([\s\S]*?)<\/p>/.exec(body)?.[1] ?? '';
const TEXT =
  'Bromley Youth Justice Service has received an overall rating of ‘Good’. Bromley YJS scored 33/36. ' +
  'Cardiff Youth Justice Service was rated ‘Good’.';

describe('the claims checker in Welsh', () => {
  it('?lng=cy gives the Welsh form, with the toggle, and sets the cookie', async () => {
    const a = new Agent(app);
    const res = await a.get('/claims?lng=cy');
    expect(res.statusCode).toBe(200);
    expect(htmlLang(res.body)).toBe('cy');
    expect(res.headers['content-language']).toBe('cy');
    expect(res.body).toContain('Gwirio honiadau am arolygiad');
    expect(res.body).toContain('Testun i’w wirio');
    // A Welsh visitor is told the checker reads English text only.
    expect(res.body).toContain('Testun Saesneg yn unig y mae’r gwiriwr yn ei ddarllen');
    expect(res.body).toContain('app-language-select');
    expect(res.body).toContain('action="/claims?lng=cy#results"');
    expect(a.cookies.get('lng')).toBe('cy');
  });

  it('a check posted in Welsh gives Welsh verdicts, reasons, names and dates', async () => {
    const a = new Agent(app);
    await a.get('/claims?lng=cy');
    // The form posts to its own address; the cookie alone says Welsh too.
    for (const url of ['/claims?lng=cy', '/claims']) {
      const res = await a.post(url, { text: TEXT, asAt: '2025-06-30' });
      expect(res.statusCode, url).toBe(200);
      expect(htmlLang(res.body), url).toBe('cy');
      expect(summary(res.body)).toMatch(
        /^Gwiriwyd yn erbyn y gofrestr fel yr oedd ar 30 Mehefin 2025: \d+ wedi’u cadarnhau, \d+ yn gyson ond heb eu cadarnhau, 1 yn groes i’r gofrestr, \d+ na ellir eu gwirio\.$/,
      );
      expect(res.body).toContain('>Wedi’i gadarnhau</strong>');
      expect(res.body).toContain('>Yn groes</strong>');
      // The overall rating is contradicted, its reason and the right rating in Welsh.
      expect(res.body).toContain('Yn ôl y gofrestr: Rhagorol.');
      expect(res.body).toContain('<strong>Cywir: Rhagorol.</strong>');
      expect(res.body).toContain('Sgôr 33/36.');
      // Which inspection each claim was checked against, with the date in Welsh.
      expect(res.body).toMatch(
        /Gwiriwyd yn erbyn bromley-2025: yr arolygiad diweddaraf ar gyfer Bromley YJS a gyhoeddwyd erbyn 30 Mehefin 2025 \(cyhoeddwyd ar 7 Ionawr 2025\)/,
      );
      // A service of Wales by its Welsh name.
      expect(res.body).toContain('Gwasanaeth Cyfiawnder Ieuenctid Caerdydd');
      expect(res.body).not.toMatch(/The register has|Checked against|>Supported</);
    }
  });

  it('the same check in English is as it was', async () => {
    const a = new Agent(app);
    await a.get('/claims');
    const res = await a.post('/claims', { text: TEXT, asAt: '2025-06-30' });
    expect(res.statusCode).toBe(200);
    expect(htmlLang(res.body)).toBe('en-GB');
    expect(summary(res.body)).toMatch(
      /^Checked against the register as at 30 June 2025: \d+ supported, \d+ consistent but not confirmed, 1 contradicted, \d+ unverifiable\.$/,
    );
    expect(res.body).toContain('The register has Outstanding.');
    expect(res.body).toContain('<strong>Correct: Outstanding.</strong>');
    expect(res.body).toContain(
      'Checked against bromley-2025: the latest inspection of Bromley YJS published by 2025-06-30 (published 2025-01-07).',
    );
    expect(res.body).toContain('action="/claims#results"');
    expect(res.body).not.toContain('claims-english-only');
    expect(res.body).not.toMatch(/Gwiriwyd|Rhagorol|Ionawr|Caerdydd/);
  });

  it('the form’s errors are in Welsh on the Welsh page', async () => {
    const a = new Agent(app);
    await a.get('/claims?lng=cy');
    const empty = await a.post('/claims', { text: '', asAt: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Mae’r testun yn wag');
    expect(empty.body).toContain('Mae problem wedi codi');
    expect(empty.body).toMatch(/<title[^>]*>\s*Gwall: Gwirio honiadau/);
    const badDate = await a.post('/claims', { text: 'Bromley YJS scored 33/36.', asAt: 'soon' });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.body).toMatch(/id="asAt-error"[^>]*>[\s\S]*?Rhaid i’r dyddiad fod yn ddyddiad go iawn/);
    // Today's date in Welsh words, not as YYYY-MM-DD.
    expect(badDate.body).toMatch(
      /heddiw \(\d{1,2} (?:Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr) \d{4}\)/,
    );
  });

  it('the API stays English whatever the cookie says, with no reasons as data', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/claims/check',
      headers: { 'content-type': 'application/json' },
      cookies: { lng: 'cy' },
      payload: JSON.stringify({ text: TEXT, asAt: '2025-06-30' }),
    });
    expect(res.statusCode).toBe(200);
    const v = res.json().data.verdicts;
    expect(v.map((x: { explanation: string }) => x.explanation)).toContain('The register has Outstanding.');
    expect(res.body).not.toMatch(/Rhagorol|Gwiriwyd|"reason"|"basisReason"|"correctValue"/);
  });
});
