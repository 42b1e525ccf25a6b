import * as cheerio from 'cheerio';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspections } from '../../src/store/schema.ts';
import { buildApp } from '../../src/web/app.ts';
import type { PdfRenderer } from '../../src/web/inspection/pdf.ts';
import { Clock } from '../helpers/app.ts';
import { builders } from '../helpers/builders.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { Agent } from '../helpers/http.ts';

/**
 * The public pages that came to Welsh last: an inspection's report (HTML) and press release,
 * /coverage, /frameworks and each framework, and /status. Each answers `?lng=cy` in Welsh with
 * `lang="cy"`; the same address in English is as it was.
 */
let database: TestDatabase;
let app: FastifyInstance;
beforeAll(async () => {
  database = await createTestDatabase({ seed: true });
  // With the page cache on, as served: a Welsh page must never be the answer to an English request.
  app = await buildApp({ database, config: { env: 'test', logLevel: 'silent', pageCacheTtlMs: 60_000 } });
});
afterAll(async () => {
  await app?.close();
  await database?.drop();
});

const htmlLang = (body: string) => /<html lang="([^"]+)"/.exec(body)?.[1];
/** The page's own words: the main text without what is marked as English (the data's words). */
const ownWords = ($: cheerio.CheerioAPI) => {
  const main = $('main').clone();
  main.find('[lang="en"]').remove();
  return main.text();
};
const h1 = (body: string) => cheerio.load(body)('h1').first().text().trim();
const h2s = (body: string) => {
  const $ = cheerio.load(body);
  return $('main h2')
    .map((_i, h) => $(h).text().trim())
    .get();
};

/** A renderer that keeps the HTML it is asked to print, so the PDF's words can be read. */
function capturing(): PdfRenderer & { htmls: string[] } {
  const htmls: string[] = [];
  return {
    htmls,
    available: () => true,
    async render(html) {
      htmls.push(html);
      return Buffer.from('%PDF-1.4\n%%EOF\n');
    },
    close: async () => {},
  };
}

describe('the last public pages in Welsh', () => {
  it('each page with ?lng=cy is Welsh, with lang="cy" and the toggle; in English it is English', async () => {
    const pages: { url: string; cy: { h1: string; h2: string[] }; en: { h1: string; h2: string[] } }[] = [
      {
        url: '/inspections/bromley-2025/report',
        cy: {
          h1: 'Bromley YJS: crynodeb y gofrestr o arolygiad a gyhoeddwyd',
          h2: ['Cynnwys', 'Crynodeb', 'Graddau', 'Argymhellion', 'Canfyddiadau', 'Atodiad 1: Methodoleg'],
        },
        en: {
          h1: 'Bromley YJS: the register’s summary of a published inspection',
          h2: ['Contents', 'Summary', 'Ratings', 'Recommendations', 'Findings', 'Annexe 1: Methodology'],
        },
      },
      {
        url: '/inspections/cardiff-2022/report',
        cy: {
          h1: 'Gwasanaeth Cyfiawnder Ieuenctid Caerdydd: crynodeb y gofrestr o arolygiad a gyhoeddwyd',
          h2: ['Cynnwys'],
        },
        en: { h1: 'Cardiff YJS: the register’s summary of a published inspection', h2: ['Contents'] },
      },
      {
        url: '/coverage',
        cy: { h1: 'Cwmpas y gofrestr', h2: ['Graddau safonau'] },
        en: { h1: 'Coverage of the register', h2: ['Standard ratings'] },
      },
      {
        url: '/frameworks',
        cy: { h1: 'Fframweithiau arolygu', h2: [] },
        en: { h1: 'Inspection frameworks', h2: [] },
      },
      {
        url: '/frameworks/hmip-youth-2021',
        cy: {
          h1: 'Safonau arolygu cyfiawnder ieuenctid (diweddariad 2021)',
          h2: ['1. Cyflawni sefydliadol', 'Rheolau graddio', 'Beth sydd heb ei gadarnhau'],
        },
        en: {
          h1: 'Youth justice inspection standards (2021 refresh)',
          h2: ['1. Organisational delivery', 'Rating rules', 'What is not confirmed'],
        },
      },
      {
        url: '/status',
        cy: {
          h1: 'Statws y gwasanaeth',
          h2: ['Mae’r gofrestr yn gweithio', 'Problemau hysbys', 'Data’r gofrestr', 'I ddatblygwyr'],
        },
        en: {
          h1: 'Service status',
          h2: ['The register is working', 'Known issues', "The register's data", 'For developers'],
        },
      },
    ];
    for (const p of pages) {
      const cy = await app.inject({ url: `${p.url}?lng=cy` });
      expect(cy.statusCode, p.url).toBe(200);
      expect(htmlLang(cy.body), p.url).toBe('cy');
      expect(cy.headers['content-language'], p.url).toBe('cy');
      expect(h1(cy.body), p.url).toBe(p.cy.h1);
      expect(h2s(cy.body), p.url).toEqual(expect.arrayContaining(p.cy.h2));
      expect(cy.body, p.url).toMatch(/<span lang="cy" aria-current="true">Cymraeg<\/span>/);
      expect(cy.body, p.url).toContain(`<link rel="alternate" hreflang="en" href="${p.url}?lng=en">`);
      // No English page word left in the headings: each heading is one of the Welsh ones or data.
      for (const h of p.en.h2) expect(h2s(cy.body), p.url).not.toContain(h);

      const en = await app.inject({ url: p.url });
      expect(en.statusCode, p.url).toBe(200);
      expect(htmlLang(en.body), p.url).toBe('en-GB');
      expect(h1(en.body), p.url).toBe(p.en.h1);
      expect(h2s(en.body), p.url).toEqual(expect.arrayContaining(p.en.h2));
      for (const h of p.cy.h2) expect(h2s(en.body), p.url).not.toContain(h);
      expect(en.body, p.url).not.toContain('lang="en"><');
    }
  });

  it('the report in Welsh: ratings from labelCy, standards by nameCy, Welsh dates, the data’s English marked', async () => {
    const $ = cheerio.load((await app.inject({ url: '/inspections/bromley-2025/report?lng=cy' })).body);
    expect($('title').text()).toBe('Adroddiad: Bromley YJS – Cofrestr arolygu cyfiawnder ieuenctid');
    expect($('#published').text()).toBe('Cyhoeddwyd 7 Ionawr 2025');
    expect($('.govuk-caption-xl').text()).toBe('Safonau arolygu cyfiawnder ieuenctid (diweddariad 2021)');
    expect($('#foreword').nextAll('p').first().text()).toMatch(/^Bu Arolygiaeth Prawf EF yn arolygu Bromley YJS/);
    expect($('table.app-rating-table caption').text()).toBe('Sgôr 33/36');
    expect($('table.app-rating-table').text()).toContain('1.1 Llywodraethu ac arweinyddiaeth');
    expect($('table.app-rating-table .govuk-tag').first().text().trim()).toBe('Rhagorol');
    expect($('#contents a').first().text()).toBe('Crynodeb');
    expect($('#language-note').text()).toContain('yn Saesneg');
    // A recommendation is the report's English, marked so.
    expect($('#recommendations').nextAll('ol').first().find('li > span[lang="en"]').length).toBeGreaterThan(0);
    expect(ownWords($)).not.toMatch(/Published|Key questions|Annexe|Overall rating|Not recorded/);
  });

  it('a report written here: its heading and sections in Welsh, the inspectors’ words as written, the PDF English', async () => {
    const build = builders(database);
    const clock = new Clock();
    const renderer = capturing();
    const app = await buildApp({
      database,
      config: { env: 'test', logLevel: 'silent' },
      now: clock.now,
      pdf: { renderer },
    });
    try {
      const insp = await build.inspection({ status: 'factual_accuracy', recommendations: 1, findings: 1 });
      const lead = new Agent(app);
      await lead.signIn(insp.lead.email, insp.lead.password);
      await lead.get(`/workspace/inspections/${insp.id}/report`);
      await lead.post(`/workspace/inspections/${insp.id}/report`, {
        version: '0',
        foreword: 'Y rhagair, fel y’i hysgrifennwyd.',
        overview: 'An overview in English.',
        'narrative-2.1': 'Narrative for assessment.',
      });
      await database.db
        .update(inspections)
        .set({
          status: 'scheduled',
          publishedAt: new Date(clock.now().getTime() - 60_000),
          publicationEarliest: '2026-11-22',
          publicationLatest: '2026-11-22',
          publicationPrecision: 'day',
        })
        .where(eq(inspections.id, insp.id));
      const url = `/inspections/${insp.ref}/report`;
      const cyRes = await app.inject({ url: `${url}?lng=cy` });
      expect(htmlLang(cyRes.body)).toBe('cy');
      const $ = cheerio.load(cyRes.body);
      expect($('h1').text()).toBe(`Arolygiad o wasanaethau cyfiawnder ieuenctid: ${insp.service.name}`);
      expect($('#published').text()).toBe('Cyhoeddwyd 22 Tachwedd 2026 am 11:59');
      expect($('#foreword').text()).toBe('Rhagair');
      expect($('#overview').text()).toBe('Trosolwg');
      expect($('#methodology-ratings').text()).toBe('Sut y penderfynwyd ar y graddau');
      // The inspectors' words as they wrote them, not marked as either language.
      expect($('#foreword-text p').text()).toBe('Y rhagair, fel y’i hysgrifennwyd.');
      expect($('#foreword-text [lang]').length).toBe(0);
      expect($('#language-note').text()).toContain('yn yr iaith y cawsant eu hysgrifennu ynddi');
      expect($('#standard-1\\.1 .govuk-heading-s').text()).toBe('Prif ganfyddiadau');
      expect($('#key-questions-2\\.1 caption').text()).toBe(
        'Cwestiynau allweddol ar gyfer 2.1: achosion a atebwyd ‘ie’',
      );
      // Key questions are the framework's English, marked so.
      expect($('#key-questions-2\\.1 tbody th span[lang="en"]').length).toBeGreaterThan(0);

      // The PDF is printed in English, whatever the reader's language (one file for everyone).
      const pdf = await app.inject({ url: `${url}.pdf`, cookies: { lng: 'cy' } });
      expect(pdf.statusCode).toBe(200);
      const printed = cheerio.load(renderer.htmls.at(-1)!);
      expect(printed('h1').text()).toBe(`An inspection of youth justice services in ${insp.service.name}`);
      expect(printed('#contents-heading').text()).toBe('Contents');
      expect(printed('html').attr('lang')).toBe('en-GB');
      expect(printed('[lang="en"]').length).toBe(0);
    } finally {
      await app.close();
    }
  });

  it('the press release: the page’s words in Welsh, HMIP’s release itself marked English', async () => {
    const res = await app.inject({ url: '/inspections/bromley-2025/press-release?lng=cy' });
    expect(res.statusCode).toBe(200);
    expect(htmlLang(res.body)).toBe('cy');
    const $ = cheerio.load(res.body);
    expect($('.govuk-caption-l').text()).toBe('Bromley YJS · Datganiad i’r wasg');
    expect($('#press-release-published').text()).toBe(
      'Y datganiad i’r wasg a gyhoeddodd Arolygiaeth Prawf EF gyda’i hadroddiad (cyhoeddwyd 7 Ionawr 2025), fel y mae’r gofrestr yn ei gadw.',
    );
    expect($('#press-release-text').parent().attr('lang')).toBe('en');
    expect($('title').text()).toMatch(/^Datganiad i’r wasg: /);
    const en = cheerio.load((await app.inject({ url: '/inspections/bromley-2025/press-release' })).body);
    expect(en('.govuk-caption-l').text()).toBe('Bromley YJS · Press release');
    expect(en('#press-release-published').text()).toContain('(published 7 January 2025)');
    expect(en('#press-release-text').parent().attr('lang')).toBeUndefined();
  });

  it('/coverage in Welsh: the rows, ranges and differences in Welsh words; the totals’ own labels marked English', async () => {
    const $ = cheerio.load((await app.inject({ url: '/coverage?lng=cy' })).body);
    const text = $('main').text();
    expect(text).toMatch(/Mae’r gofrestr yn cadw \d+ arolygiad a gyhoeddwyd/);
    expect(text).toMatch(/Wedi’u harolygu\s*\d+\s*rhwng \d+ a \d+/);
    expect(text).toMatch(
      /Angen gwella: mae HMIP yn rhoi \d+, mae’r gofrestr yn cadw rhwng \d+ a \d+: o leiaf \d+ yn fwy nag a gyfrifodd HMIP\./,
    );
    expect(text).toContain('Nid yw’r adroddiad yn nodi ei gyfnod, felly nid yw’n cael ei gymharu.');
    expect($('#total-1 > span[lang="en"]').text()).toMatch(/^Annual report/);
    expect(ownWords($)).not.toMatch(/Inspected|Requires improvement|the register holds|Not compared/);
    // The English words are the domain's own, unchanged.
    const en = cheerio
      .load((await app.inject({ url: '/coverage' })).body)('main')
      .text();
    expect(en).toMatch(
      /Requires improvement: HMIP gives \d+, the register holds \d+ to \d+: at least \d+ more than HMIP counted\./,
    );
    expect(en).toContain('The report does not state its period, so it is not compared.');
  });

  it('/frameworks in Welsh: names from nameCy, ratings from labelCy, dates in Welsh', async () => {
    const list = cheerio
      .load((await app.inject({ url: '/frameworks?lng=cy' })).body)('main')
      .text();
    expect(list).toContain('Safonau arolygu cyfiawnder ieuenctid (diweddariad 2021)');
    expect(list).toContain('15 Gorffennaf 2021 i 31 Mawrth 2025');
    expect(list).toContain('Da, Boddhaol, Anfoddhaol, Gwael');
    expect(list).toContain('hyd heddiw');
    const enList = cheerio
      .load((await app.inject({ url: '/frameworks' })).body)('main')
      .text();
    expect(enList).toContain('2021-07-15 to 2025-03-31');
    expect(enList).toContain('Good, Satisfactory, Unsatisfactory, Poor');
    const $ = cheerio.load((await app.inject({ url: '/frameworks/hmip-youth-2021?lng=cy' })).body);
    const one = $('main').text();
    expect(one).toContain('Arolygiaeth Prawf EF · fersiwn 2021.1');
    expect(one).toContain('2.1 Asesu');
    expect(one).toContain(
      'O’r achosion: y cwestiwn allweddol isaf sy’n penderfynu (achosion llys). Yn cyfrif tuag at y sgôr.',
    );
    expect(one).toContain('65% i lai na 80%');
    expect(one).toContain('i 1 lle degol');
    // The framework's own statements and key questions are English, marked so.
    expect($('main li span[lang="en"]').length).toBeGreaterThan(10);
    expect(ownWords($)).not.toMatch(/Counts towards|Rating rules|or more|Maximum score/);
  });

  it('/status in Welsh: the state, the dates and the service names in Welsh', async () => {
    const $ = cheerio.load((await app.inject({ url: '/status?lng=cy' })).body);
    expect($('#status-summary').text().trim()).toBe('Mae’r gofrestr yn gweithio');
    expect($('main').text()).toMatch(/Gwiriwyd \d+ \S+ \d{4} am \d\d:\d\d\./);
    expect($('#known-issues').text()).toContain('Nid yw rhybuddion e-bost yn cael eu hanfon');
    expect($('#freshness').text()).toMatch(/Y cyhoeddiad diweddaraf/);
    expect($('main').text()).not.toMatch(/Checked|Known issues|Latest publication/);
  });

  it('the cache keeps the Welsh and English pages of each address apart', async () => {
    for (const url of ['/coverage', '/frameworks/hmip-youth-2025', '/inspections/bromley-2025/report']) {
      const en1 = await app.inject({ url });
      const cy1 = await app.inject({ url, cookies: { lng: 'cy' } });
      const en2 = await app.inject({ url });
      const cy2 = await app.inject({ url, cookies: { lng: 'cy' } });
      expect(en2.headers['x-page-cache'], url).toBe('hit');
      expect(cy2.headers['x-page-cache'], url).toBe('hit');
      expect(htmlLang(en2.body), url).toBe('en-GB');
      expect(htmlLang(cy2.body), url).toBe('cy');
      expect(en2.body).toBe(en1.body);
      expect(cy2.body).toBe(cy1.body);
    }
  });
});
