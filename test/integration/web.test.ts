import * as cheerio from 'cheerio';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { frameworkRegistry } from '../../src/store/frameworks.ts';
import { loadSeedRecords } from '../../src/import/seed.ts';
import { saveRecords } from '../../src/store/records-repo.ts';
import { bumpRegisterVersion } from '../../src/store/snapshot-repo.ts';
import { inspections } from '../../src/store/schema.ts';
import { buildApp } from '../../src/web/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

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
  app = await buildApp({ database: t, config: { env: 'test', logLevel: 'silent' }, now: () => clock });
});
afterAll(async () => {
  await app?.close();
  await t?.drop();
});

const get = (url: string) => app.inject({ method: 'GET', url });
/** Text of an element with an id, tags stripped. */
function textOf(html: string, id: string): string {
  const m = new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</(div|details|p|table|dl|dd)>`).exec(html);
  return (m?.[1] ?? '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
const count = (html: string, rating: string) =>
  Number(
    /app-count">(\d+)</.exec(
      textOf(html, `count-${rating}`) ? html.slice(html.indexOf(`id="count-${rating}"`)) : '',
    )![1],
  );
/**
 * The services a count on the home page rests on: its link leads to the list of services at that
 * rating (as at the page's date), read here page by page, as "name|region|latest inspection".
 */
async function basisItems(html: string, rating: string): Promise<string[]> {
  const link = cheerio.load(html)(`#basis-${rating} a`).attr('href');
  if (!link) return [];
  const out: string[] = [];
  for (let next: string | undefined = link; next;) {
    const $ = cheerio.load((await get(next)).body);
    $('#services-table tbody tr').each((_, tr) => {
      const cells = $(tr).find('td');
      const region = $(cells[0]).clone().children('.app-stack-table__label').remove().end().text().trim();
      const ref = /\/inspections\/([^"]+)/.exec($(cells[2]).find('a').attr('href') ?? '')?.[1];
      out.push(`${$(tr).find('th a').text().trim()}|${region}|${ref}`);
    });
    next = $('.govuk-pagination__next a').attr('href');
  }
  return out;
}

describe('home page: counts by overall rating', () => {
  it('as at 2025-01-07, the Outstanding counts (national and London) come from the listed inspections', async () => {
    const res = await get('/?asAt=2025-01-07');
    expect(res.statusCode).toBe(200);
    const items = await basisItems(res.body, 'outstanding');
    expect(count(res.body, 'outstanding')).toBe(items.length);
    expect(items).toContain('Bromley YJS|London|bromley-2025');
    const londonOutstanding = items.filter((i) => i.split('|')[1] === 'London').length;
    expect(textOf(res.body, 'headline')).toBe(
      `${items.length} services are rated Outstanding nationally, ${londonOutstanding} of them in London.`,
    );
  });

  it('gives a range where the register cannot decide, and names the services behind it', async () => {
    const $ = cheerio.load((await get('/?asAt=2025-01-07')).body);
    // Services of the directory with no inspection published by then could be at any rating.
    // The first few are on the page; all of them are a link away, a page at a time.
    const first = $('#unknown-services li')
      .map((_, li) => $(li).text())
      .get();
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThanOrEqual(10);
    const unknown: string[] = [];
    for (let next = $('#unknown-all').attr('href'); next;) {
      const page = cheerio.load((await get(next)).body);
      unknown.push(
        ...page('#list-items li')
          .map((_, li) => page(li).text())
          .get(),
      );
      next = page('.govuk-pagination__next a').attr('href');
    }
    expect(unknown.slice(0, first.length)).toEqual(first);
    const total = /For (\d+) services the register cannot say/.exec($('#unknown + p').text());
    expect(unknown).toHaveLength(Number(total![1]));
    expect(unknown.some((u) => /^Sunderland.*: no inspection in the register/.test(u))).toBe(true);
    const range = /Could be (\d+) to (\d+)/.exec($('#range-outstanding').text());
    expect(range).not.toBeNull();
    const certain = Number($('#count-outstanding .app-count').text());
    expect(Number(range![1])).toBeLessThanOrEqual(certain);
    expect(Number(range![2])).toBeGreaterThan(certain);
  });

  it('moves with time: the day before Bromley’s publication it is not yet counted', async () => {
    const on = await get('/?asAt=2025-01-07');
    const before = await get('/?asAt=2025-01-06');
    expect(count(before.body, 'outstanding')).toBe(count(on.body, 'outstanding') - 1);
    expect((await basisItems(before.body, 'outstanding')).some((i) => i.startsWith('Bromley'))).toBe(false);
    // Bromley's latest then is the 2017 joint inspection, which has no overall rating.
    expect(await basisItems(before.body, 'none')).toContain('Bromley YJS|London|bromley-2017');
  });

  it('moves with the data: a new Outstanding London inspection adds one nationally and in London', async () => {
    const base = await get('/?asAt=2025-01-07');
    const { records } = loadSeedRecords(frameworkRegistry(), new Date());
    const r = records.find((x) => x.ref === 'lewisham-2024')!;
    await saveRecords(t.db, new Date(), [
      {
        ...r,
        ref: 'lewisham-2025',
        publication: { precision: 'day', earliest: '2025-01-05', latest: '2025-01-05' },
        publishedAt: new Date('2025-01-05T00:01:00Z'),
        overall: { rating: 'outstanding', source: 'published' },
      },
    ]);
    const after = await get('/?asAt=2025-01-07');
    expect(count(after.body, 'outstanding')).toBe(count(base.body, 'outstanding') + 1);
    expect(count(after.body, 'good')).toBe(count(base.body, 'good') - 1);
    expect(await basisItems(after.body, 'outstanding')).toContain('Lewisham YJS|London|lewisham-2025');
    await t.db.delete(inspections).where(eq(inspections.ref, 'lewisham-2025'));
    // Deleted behind the app's back: the register's version is raised as a change through the app would.
    await bumpRegisterVersion(t.db);
  });

  it.each([
    ['/?asAt=2025-13-01', 'Enter a real date'],
    ['/?asAt=yesterday', 'Enter a real date'],
    ['/?asAt=2030-01-01', 'must be today'],
    ['/?asAt=2025-01-01&asAt=2025-01-02', 'Enter one date'],
  ])('%s is a 400 with a specific error next to the field', async (url, message) => {
    const res = await get(url);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('govuk-error-summary');
    expect(res.body).toContain(message);
    expect(res.body).toContain('href="#asAt"');
    // The page shown again with its errors says so first in its title.
    expect(res.body).toMatch(/<title[^>]*>\s*Error: Youth justice service ratings/);
    expect(res.body).toMatch(/id="asAt-error"[^>]*>[\s\S]*?Error:<\/span>[^<]*\w/);
  });
});

describe('service list', () => {
  it('filters by rating and region with a shareable GET URL, and shows what is selected', async () => {
    const res = await get('/services?rating=outstanding&region=London');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('href="/services/bromley"');
    expect(res.body).not.toContain('href="/services/bexley"');
    expect(res.body).toContain('Selected filters');
    expect(res.body).toMatch(/name="rating" type="checkbox" value="outstanding" checked/);
  });
  it('sorts on the server and marks the sorted column', async () => {
    const res = await get('/services?sort=-published');
    expect(res.body).toMatch(/aria-sort="descending"><a [^>]*>Published/);
    const published = [...res.body.matchAll(/href="\/inspections\/[^"]+">([^<]+)<span/g)].map((m) => m[1]!);
    expect(published).toHaveLength(25);
    // Newest first: 2026 publications lead, and the last rows are older than the first.
    expect(published[0]).toMatch(/2026/);
    expect(published.at(-1)).not.toMatch(/2026/);
    const asc = await get('/services?sort=published');
    expect(asc.body).toMatch(/aria-sort="ascending"><a [^>]*>Published/);
    expect([...asc.body.matchAll(/href="\/inspections\/[^"]+">([^<]+)<span/g)][0]![1]).toMatch(/201[3-5]/);
  });
  it('paginates, and says so', async () => {
    const one = await get('/services');
    expect(one.body).toMatch(/Showing 1 to 25 of \d+ services/);
    expect(one.body).toContain('govuk-pagination');
    const two = await get('/services?page=2');
    expect(two.body).toMatch(/Showing 26 to 50 of/);
    expect((await get('/services?page=999')).statusCode).toBe(404);
  });
  it('searches by name', async () => {
    const res = await get('/services?q=bexley');
    expect(res.body).toMatch(/Showing 1 to 1 of 1 services/);
  });
  it.each([
    ['/services?rating=brilliant', 'rating: choose a rating'],
    ['/services?sort=size', 'sort: use one of'],
    ['/services?page=0', 'page: must be 1 or more'],
    ['/services?page=two', 'page: must be a number'],
    ['/services?nation=Scotland', 'nation: choose England or Wales'],
  ])('%s is a 400 that names the problem', async (url, message) => {
    const res = await get(url);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(message);
  });
});

describe('service and inspection pages', () => {
  it('shows a service’s history across frameworks as a timeline', async () => {
    const res = await get('/services/bromley');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('moj-timeline');
    expect(res.body.match(/moj-timeline__item/g)).toHaveLength(3);
    expect(res.body).toContain('E09000006');
    expect(res.body).toContain('Bromley YOS');
  });
  it('shows the inspection: ratings table, score, recommendations by addressee, discrepancies', async () => {
    const res = await get('/inspections/bromley-2025');
    expect(res.statusCode).toBe(200);
    expect(textOf(res.body, 'score')).toBe('33/36');
    expect(res.body).toContain('For Bromley executive management board');
    expect(res.body).toContain('Multi-Agency Public Protection Arrangements');
    expect(res.body).toContain('resettlement-note');
    expect(res.body).toContain('07 January 2024 at 00.01');
    expect(res.body).toContain('7 January 2025');
    expect(res.body).toMatch(/id="standard-1-1"[\s\S]*?Outstanding/);
  });
  it('shows a legacy inspection on its own scale', async () => {
    const res = await get('/inspections/bromley-2017');
    expect(res.body).toMatch(/id="standard-A4"[\s\S]*?govuk-tag--teal[^>]*>\s*Good/);
    expect(res.body).toMatch(/id="standard-A1"[\s\S]*?Satisfactory/);
    expect(res.body).toContain('this framework gives no overall rating');
  });
  it('uses one colour per rating everywhere', async () => {
    const pages = await Promise.all(
      ['/services?rating=outstanding', '/inspections/bromley-2025', '/?asAt=2025-01-07'].map(get),
    );
    const colours: Record<string, string> = {
      Outstanding: 'govuk-tag--green',
      Good: 'govuk-tag--teal',
      'Requires improvement': 'govuk-tag--yellow',
      Inadequate: 'govuk-tag--red',
    };
    const seen = new Set<string>();
    for (const p of pages) {
      const $ = cheerio.load(p.body);
      $('strong.govuk-tag').each((_, el) => {
        const label = $(el).text().trim();
        if (!(label in colours)) return;
        seen.add(label);
        expect($(el).attr('class'), label).toBe(`govuk-tag ${colours[label]}`);
      });
    }
    // Every rating was shown somewhere on these pages, so each colour was really checked.
    expect([...seen].sort()).toEqual(Object.keys(colours).sort());
  });
  it('404s for unknown services and inspections, with a page', async () => {
    for (const url of ['/services/atlantis', '/inspections/atlantis-2020', '/frameworks/nope', '/nowhere']) {
      const res = await get(url);
      expect(res.statusCode).toBe(404);
      expect(res.body).toContain('Page not found');
    }
  });
  it('keeps an embargoed inspection invisible until its time, then shows it', async () => {
    const { records } = loadSeedRecords(frameworkRegistry(), new Date());
    const at = new Date('2027-02-10T00:01:00Z');
    await saveRecords(t.db, new Date(), [
      {
        ...records.find((x) => x.ref === 'bexley-2024')!,
        ref: 'bexley-2027',
        publication: { precision: 'day', earliest: '2027-02-10', latest: '2027-02-10' },
        publishedAt: at,
        overall: { rating: 'inadequate', source: 'published' },
      },
    ]);
    onTestFinished(async () => {
      await t.db.delete(inspections).where(eq(inspections.ref, 'bexley-2027'));
      await bumpRegisterVersion(t.db);
    });
    clock = new Date(at.getTime() - 1000);
    const before = await Promise.all(
      ['/inspections/bexley-2027', '/services/bexley', '/services?q=bexley', '/'].map(get),
    );
    expect(before[0]!.statusCode).toBe(404);
    for (const r of before.slice(1)) expect(r.body).not.toContain('bexley-2027');
    const homeSameDay = await get('/?asAt=2027-02-10');
    expect(homeSameDay.statusCode).toBe(200);
    expect(homeSameDay.body).not.toContain('bexley-2027');
    clock = at;
    expect((await get('/inspections/bexley-2027')).statusCode).toBe(200);
    expect((await get('/services/bexley')).body).toContain('bexley-2027');
    const homeAfter = await get('/?asAt=2027-02-10');
    expect(count(homeAfter.body, 'inadequate')).toBe(count(homeSameDay.body, 'inadequate') + 1);
    expect(await basisItems(homeAfter.body, 'inadequate')).toContain('Bexley YJS|London|bexley-2027');
  });
  it('shows each framework', async () => {
    const res = await get('/frameworks/hmip-youth-2018');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('3.4 Joint working');
    expect(res.body).toContain('Wording unconfirmed');
    // The rule for showing shares, and that HMIP has not published one.
    const rule = res.body.slice(
      res.body.indexOf('id="percent-rule"'),
      res.body.indexOf('</p>', res.body.indexOf('id="percent-rule"')),
    );
    expect(rule).toMatch(/to 1 decimal place, cut down rather than rounded/);
    expect(rule).toContain('Unconfirmed');
    expect((await get('/frameworks')).body).toContain('Full Joint Inspection');
  });
});

describe('platform', () => {
  it('sends a strict CSP (the one inline script allowed by its hash, no unsafe-inline) and other security headers', async () => {
    const { createHash } = await import('node:crypto');
    const res = await get('/');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const inline = [...res.body.matchAll(/<script>([^<]*)<\/script>/g)].map((m) => m[1]!);
    expect(inline).toHaveLength(1);
    expect(csp).toContain(`script-src 'self' 'sha256-${createHash('sha256').update(inline[0]!).digest('base64')}'`);
  });
  it('answers an address that is not valid percent-encoding as a page, or as the API error', async () => {
    const page = await app.inject({ method: 'GET', url: '/services/%E0%A4%A' });
    expect(page.statusCode).toBe(400);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('Page not found');
    expect(page.body).not.toContain('FST_ERR');
    const api = await app.inject({ method: 'GET', url: '/api/v1/services/%E0%A4%A' });
    expect(api.statusCode).toBe(400);
    expect(api.json()).toEqual({ error: { code: 'bad_url', message: 'The web address is not valid.' } });
  });
  it('reports health and readiness', async () => {
    expect((await get('/health')).json()).toEqual({ status: 'UP' });
    expect((await get('/health/ready')).json()).toEqual({ status: 'UP', checks: { database: 'UP' } });
  });
  it('serves its stylesheet without the GDS Transport font', async () => {
    const css = await get('/static/app/app.css');
    expect(css.statusCode).toBe(200);
    expect(css.body).not.toContain('GDS Transport');
    expect(css.body).toContain('govuk-generic-header');
  });
});
