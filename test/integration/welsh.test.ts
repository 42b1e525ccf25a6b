import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/web/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { Agent } from '../helpers/http.ts';

let t: TestDatabase;
let app: FastifyInstance;
beforeAll(async () => {
  t = await createTestDatabase({ seed: true });
  // With the page cache on, as served: a Welsh page must never be the answer to an English request.
  app = await buildApp({ database: t, config: { env: 'test', logLevel: 'silent', pageCacheTtlMs: 60_000 } });
});
afterAll(async () => {
  await app?.close();
  await t?.drop();
});

const htmlLang = (body: string) => /<html lang="([^"]+)"/.exec(body)?.[1];
const h1 = (body: string) => /<h1[^>]*>([^<]*)</.exec(body)?.[1]?.trim();

describe('the public pages in Welsh', () => {
  it('?lng=cy answers in Welsh, sets the lng cookie, and the cookie keeps it', async () => {
    const visitor = new Agent(app);
    const first = await visitor.get('/?lng=cy');
    expect(first.statusCode).toBe(200);
    expect(htmlLang(first.body)).toBe('cy');
    expect(first.headers['content-language']).toBe('cy');
    expect(h1(first.body)).toBe('Graddau gwasanaethau cyfiawnder ieuenctid');
    expect(first.body).toContain('Neidio i’r prif gynnwys');
    expect(first.body).toContain('Y darlun cenedlaethol');
    expect(first.body).toMatch(/app-count-card--requires_improvement[\s\S]*?Angen gwella/);
    const cookie = first.cookies.find((c) => c.name === 'lng');
    expect(cookie?.value).toBe('cy');
    expect(cookie?.maxAge).toBe(365 * 24 * 3600);
    expect(first.headers['x-page-cache']).toBeUndefined(); // it set a cookie: never stored

    const next = await visitor.get('/services');
    expect(htmlLang(next.body)).toBe('cy');
    expect(h1(next.body)).toBe('Gwasanaethau cyfiawnder ieuenctid');
    // The filters' nations say Cymru, and still send the value the address uses.
    expect(next.body).toMatch(/value="Wales"[^>]*>\s*<label[^>]*>\s*Cymru/);

    const back = await visitor.get('/services?lng=en');
    expect(htmlLang(back.body)).toBe('en-GB');
    expect(visitor.cookies.get('lng')).toBe('en');
    expect(h1((await visitor.get('/')).body)).toBe('Youth justice service ratings');
  });

  it('the toggle names each language in itself, with lang and hreflang, and keeps the query', async () => {
    const english = await app.inject({ url: '/services?rating=good' });
    expect(english.body).toMatch(
      /<a [^>]*href="\/services\?rating=good&amp;lng=cy" hreflang="cy" lang="cy" rel="alternate">Cymraeg<\/a>/,
    );
    expect(english.body).toMatch(/<span lang="en" aria-current="true">English<\/span>/);
    const welsh = await app.inject({ url: '/services?rating=good', cookies: { lng: 'cy' } });
    expect(welsh.body).toMatch(
      /<a [^>]*href="\/services\?rating=good&amp;lng=en" hreflang="en" lang="en"[^>]*>English/,
    );
    expect(welsh.body).toMatch(/<span lang="cy" aria-current="true">Cymraeg<\/span>/);
  });

  it('a Welsh service has its Welsh name, its areas theirs, and its English name is marked as English', async () => {
    const res = await app.inject({ url: '/services/cardiff', cookies: { lng: 'cy' } });
    expect(res.statusCode).toBe(200);
    expect(h1(res.body)).toBe('Gwasanaeth Cyfiawnder Ieuenctid Caerdydd');
    expect(res.body).toContain(
      '<title>Gwasanaeth Cyfiawnder Ieuenctid Caerdydd – Cofrestr arolygu cyfiawnder ieuenctid',
    );
    expect(res.body).toContain('Caerdydd <span class="app-muted">(W06000015)</span>');
    expect(res.body).toContain('<span lang="en">Cardiff YJS</span>');
    expect(res.body).toContain('Cymru');
    expect(res.body).toContain('Safonau arolygu cyfiawnder ieuenctid (diweddariad 2021)');
    // Dates in Welsh: the 2022 inspection is known to the month.
    expect(res.body).toContain('Awst 2022');
    const english = await app.inject({ url: '/services/cardiff' });
    expect(h1(english.body)).toBe('Cardiff YJS');
    expect(english.body).not.toContain('Caerdydd');
  });

  it('the cache keeps Welsh and English apart, and each language is still cached', async () => {
    const url = '/services/bromley';
    const en1 = await app.inject({ url });
    const cy1 = await app.inject({ url, cookies: { lng: 'cy' } });
    expect(en1.headers['x-page-cache']).toBe('miss');
    expect(cy1.headers['x-page-cache']).toBe('miss');
    expect(cy1.headers.vary).toBe('Accept-Encoding, Cookie');
    const en2 = await app.inject({ url });
    const cy2 = await app.inject({ url, cookies: { lng: 'cy' } });
    expect(en2.headers['x-page-cache']).toBe('hit');
    expect(cy2.headers['x-page-cache']).toBe('hit');
    expect(htmlLang(en2.body)).toBe('en-GB');
    expect(htmlLang(cy2.body)).toBe('cy');
    expect(en2.body).toBe(en1.body);
    expect(cy2.body).toBe(cy1.body);
    expect(cy2.headers.etag).not.toBe(en2.headers.etag);
    // An address that asks for a language is answered by the app (to set the cookie), never from the cache.
    const asked = await app.inject({ url: `${url}?lng=cy` });
    expect(asked.headers['x-page-cache']).toBeUndefined();
    expect(htmlLang(asked.body)).toBe('cy');
    expect(asked.cookies.find((c) => c.name === 'lng')?.value).toBe('cy');
    // … and an English visitor after it still gets the English page.
    expect(htmlLang((await app.inject({ url })).body)).toBe('en-GB');
  });

  it('GOV.UK Frontend components get their Welsh words: error summary, pagination, breadcrumbs', async () => {
    const bad = await app.inject({ url: '/?asAt=2025-02-30', cookies: { lng: 'cy' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Mae problem wedi codi');
    expect(bad.body).toContain('Rhowch ddyddiad go iawn ar y ffurf BBBB-MM-DD');
    expect(bad.body).toMatch(/<title>Gwall: /);
    const list = await app.inject({ url: '/services', cookies: { lng: 'cy' } });
    expect(list.body).toMatch(/Nesaf<span class="govuk-visually-hidden"> tudalen<\/span>/);
    expect(list.body).toContain('aria-label="Tudalen 2"');
    const service = await app.inject({ url: '/services/cardiff', cookies: { lng: 'cy' } });
    expect(service.body).toContain('aria-label="Briwsion bara"');
    expect(service.body).toContain('aria-label="Gwybodaeth am y gwasanaeth"');
  });

  it('a page not found is in the visitor’s language', async () => {
    const res = await app.inject({ url: '/no-such-page', cookies: { lng: 'cy' } });
    expect(res.statusCode).toBe(404);
    expect(htmlLang(res.body)).toBe('cy');
    expect(h1(res.body)).toBe('Heb ddod o hyd i’r dudalen');
    const missing = await app.inject({ url: '/services/no-such-service', cookies: { lng: 'cy' } });
    expect(h1(missing.body)).toBe('Heb ddod o hyd i’r dudalen');
  });

  it('/statistics in Welsh: headings, ratings, regions and charts; the English page is unchanged', async () => {
    const res = await app.inject({ url: '/statistics?lng=cy' });
    expect(res.statusCode).toBe(200);
    expect(htmlLang(res.body)).toBe('cy');
    expect(h1(res.body)).toBe('Ystadegau');
    expect(res.body).toContain('<h2 class="govuk-heading-l">Yn genedlaethol</h2>');
    expect(res.body).toContain('<h2 class="govuk-heading-l" id="by-standard">Yn ôl safon</h2>');
    expect(res.body).toMatch(/id="national-table"[\s\S]*?Angen gwella[\s\S]*?Dim gradd gyffredinol/);
    expect(res.body).toMatch(/id="region-table"[\s\S]*?Llundain/);
    // The charts are drawn in the page's language: their accessible names and labels too.
    expect(res.body).toMatch(/<svg[^>]*aria-label[^>]*>[\s\S]*?Rhagorol/);
    expect(res.body).not.toMatch(/Requires improvement|Nationally|Share of rated/);
    // Each language is a cache entry of its own, and the English page is as it was.
    const en1 = await app.inject({ url: '/statistics' });
    const en2 = await app.inject({ url: '/statistics' });
    expect(en2.headers['x-page-cache']).toBe('hit');
    expect(en2.body).toBe(en1.body);
    expect(htmlLang(en1.body)).toBe('en-GB');
    expect(h1(en1.body)).toBe('Statistics');
    expect(en1.body).toContain('<h2 class="govuk-heading-l">Nationally</h2>');
    expect(en1.body).toMatch(/id="national-table"[\s\S]*?Requires improvement/);
    expect(en1.body).not.toMatch(/Angen gwella|Llundain|Ystadegau/);
    const cy = await app.inject({ url: '/statistics', cookies: { lng: 'cy' } });
    expect(h1(cy.body)).toBe('Ystadegau');
    const bad = await app.inject({ url: '/statistics?asAt=2025-02-30', cookies: { lng: 'cy' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Rhowch ddyddiad go iawn ar y ffurf BBBB-MM-DD');
  });

  it('the lists behind the statistics are in Welsh too', async () => {
    const res = await app.inject({ url: '/statistics/undecided?lng=cy' });
    expect(res.statusCode).toBe(200);
    expect(htmlLang(res.body)).toBe('cy');
    expect(h1(res.body)).toBe('Gwasanaethau na all y gofrestr eu lleoli');
    const en = await app.inject({ url: '/statistics/undecided' });
    expect(h1(en.body)).toBe('Services the register cannot place');
  });

  it('/downloads in Welsh, the columns’ meanings marked as English; the files stay English', async () => {
    const res = await app.inject({ url: '/downloads?lng=cy' });
    expect(res.statusCode).toBe(200);
    expect(htmlLang(res.body)).toBe('cy');
    expect(h1(res.body)).toBe('Lawrlwytho’r data');
    expect(res.body).toContain('<h2 class="govuk-heading-m">Ffeiliau</h2>');
    expect(res.body).toMatch(/id="dictionary">Geiriadur data \(fersiwn fformat \d+\.\d+\)<\/h2>/);
    expect(res.body).toMatch(/id="inspection-columns"[\s\S]*?Ffeil Arolygiadau \(<code>inspections\.csv<\/code>\)/);
    expect(res.body).toMatch(
      /id="thematic-inspections-columns"[\s\S]*?Ffeil Arolygiadau thematig \(<code>thematic-inspections\.csv<\/code>\)/,
    );
    expect(res.body).toContain('href="/downloads/thematic-inspections.csv">Arolygiadau thematig (CSV)</a>');
    // The data package's own words, in English, are marked so: a screen reader reads them as English.
    expect(res.body).toMatch(/<td class="govuk-table__cell"><span lang="en">[A-Z][^<]+<\/span>/);
    expect(res.body).toContain('Testun, gofynnol');
    expect(res.body).not.toMatch(/Whole number|Data dictionary|One of:/);
    const en = await app.inject({ url: '/downloads' });
    expect(htmlLang(en.body)).toBe('en-GB');
    expect(h1(en.body)).toBe('Download the data');
    expect(en.body).toContain('Inspections file (<code>inspections.csv</code>): one row per published inspection.');
    expect(en.body).toContain('Text, required');
    expect(en.body).not.toMatch(/<span lang="en">|Lawrlwytho|Geiriadur/);
    // The files themselves are data for machines: English whatever the cookie says.
    const csv = await app.inject({ url: '/downloads/inspections.csv', cookies: { lng: 'cy' } });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).not.toMatch(/Rhagorol|Angen gwella|Cymru/);
  });

  it('/inspections/:ref in Welsh, the data’s own words marked English', async () => {
    const res = await app.inject({ url: '/inspections/bromley-2025?lng=cy' });
    expect(res.statusCode).toBe(200);
    expect(htmlLang(res.body)).toBe('cy');
    expect(h1(res.body)).toBe('Bromley YJS');
    expect(res.body).toContain('<h2 class="govuk-heading-l" id="ratings">Graddau</h2>');
    expect(res.body).toContain('<h2 class="govuk-heading-l" id="recommendations">Argymhellion</h2>');
    expect(res.body).toContain('Y safonau a’u graddau');
    expect(res.body).toContain('Safonau arolygu cyfiawnder ieuenctid (diweddariad 2021)');
    expect(res.body).toContain('7 Ionawr 2025');
    expect(res.body).not.toMatch(/>Ratings<|Standards and their ratings|Local authority areas/);
    // A recommendation or finding is the report's English, marked so.
    expect(res.body).toMatch(/<li><span lang="en">[^<]+<\/span><\/li>/);
    const welshService = await app.inject({ url: '/inspections/cardiff-2022', cookies: { lng: 'cy' } });
    expect(h1(welshService.body)).toBe('Gwasanaeth Cyfiawnder Ieuenctid Caerdydd');
    expect(welshService.body).toContain('Awst 2022');
    const en = await app.inject({ url: '/inspections/bromley-2025' });
    expect(htmlLang(en.body)).toBe('en-GB');
    expect(en.body).toContain('<h2 class="govuk-heading-l" id="ratings">Ratings</h2>');
    expect(en.body).toContain('7 January 2025');
    expect(en.body).not.toMatch(/<span lang="en">|Graddau|Ionawr/);
    // Its report and press release are Welsh too (welsh-pages.test.ts); the PDF is English.
  });

  it('pages without a Welsh version, and the API, stay English whatever the cookie says', async () => {
    // The report, press release, /coverage, /frameworks and /status are Welsh now (welsh-pages.test.ts),
    // and so is /claims (welsh-claims.test.ts): signing in is a staff page.
    for (const url of ['/sign-in']) {
      const res = await app.inject({ url, cookies: { lng: 'cy' } });
      expect(htmlLang(res.body), url).toBe('en-GB');
      expect(res.body, url).not.toContain('app-language-select');
      expect(res.body, url).toContain('Skip to main content');
    }
    const api = await app.inject({ url: '/api/v1/services?limit=1', cookies: { lng: 'cy' } });
    expect(api.statusCode).toBe(200);
    expect(api.body).not.toMatch(/Rhagorol|Angen gwella|Gwasanaeth Cyfiawnder/);
  });
});
