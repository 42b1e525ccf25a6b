import { load } from 'cheerio';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryOut, InspectionDetailOut, InspectionPage } from '../../src/api/schemas.ts';
import { inspections } from '../../src/store/schema.ts';
import { buildApp } from '../../src/web/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

/**
 * What the public sees names its sources as sources (publisher, title, date, address), never as the
 * project's own files: no seed file names, no document sections, no internal data set names.
 */
let t: TestDatabase;
let app: FastifyInstance;
const NOW = new Date('2026-12-01T12:00:00Z');

beforeAll(async () => {
  t = await createTestDatabase({ seed: true, now: new Date('2026-12-01T09:00:00Z') });
  app = await buildApp({ database: t, config: { env: 'test', logLevel: 'silent' }, now: () => NOW });
});
afterAll(async () => {
  await app?.close();
  await t?.drop();
});

const get = async (url: string) => {
  const res = await app.inject({ method: 'GET', url });
  expect(res.statusCode, url).toBe(200);
  return res.body;
};

/** The register's own download files may be named; any other .csv or .txt name is a project file. */
const OWN_FILES = /\b(inspections|standard-ratings|rating-counts)\.(csv|json)\b/g;
const PROJECT_FILE =
  /seeds\/|DOMAIN\.md|§|\b[\w.-]+\.txt\b|\b[\w.-]+\.csv\b|data\/seed|yjs-inspections|documents\.json/i;

/** A rating panel date, in every form a page, an answer or a file could give it. */
const PANEL_AT = new Date('2026-10-13T13:37:00Z');
const PANEL_DATE =
  /2026-10-13T13:37|13 October 2026 at 14:37|ratingPanelAt|rating_panel_at|rating panel \(UK|panel date/i;

function projectFileIn(body: string): string | null {
  const m = PROJECT_FILE.exec(body.replace(OWN_FILES, ''));
  return m ? body.slice(Math.max(0, m.index - 60), m.index + 60) : null;
}

describe('public sources are named as sources', () => {
  it('no public page, API answer or download of any inspection shows a project file name', async () => {
    const list = InspectionPage.parse(JSON.parse(await get('/api/v1/inspections?limit=500')));
    expect(list.data.length).toBeGreaterThan(170);
    const refs = list.data.map((i) => i.ref);
    const slugs = [...new Set(list.data.map((i) => i.service.slug))];
    const urls = [
      '/',
      '/services',
      '/statistics',
      '/downloads',
      '/feed.atom',
      '/sitemap.xml',
      '/downloads/inspections.csv',
      '/downloads/inspections.json',
      '/downloads/standard-ratings.csv',
      '/downloads/standard-ratings.json',
      '/downloads/rating-counts.csv',
      '/downloads/datapackage.json',
      '/api/v1/services?limit=500',
      '/api/v1/directory',
      '/thematic-inspections',
      '/thematic-inspections?lng=cy',
      '/api/v1/thematic-inspections',
      ...refs.flatMap((r) => [`/inspections/${r}`, `/inspections/${r}/report`]),
      ...slugs.flatMap((s) => [`/services/${s}`, `/services/${s}/feed.atom`, `/api/v1/services/${s}`]),
    ];
    // When the rating panel sits is the team's working date: set on every record, it shows nowhere.
    await t.db.update(inspections).set({ ratingPanelAt: PANEL_AT });
    const found: string[] = [];
    const panelDates: string[] = [];
    const check = (url: string, body: string) => {
      const hit = projectFileIn(body);
      if (hit) found.push(`${url}: …${hit}…`);
      const panel = PANEL_DATE.exec(body);
      if (panel) panelDates.push(`${url}: ${panel[0]}`);
    };
    // Each inspection's API answer is read once: checked here, and it says whether the inspection
    // has a public press release (seeded records hold the releases HMIP issued with their reports).
    for (const r of refs) {
      const url = `/api/v1/inspections/${r}`;
      const body = await get(url);
      check(url, body);
      if ((JSON.parse(body) as { data: { pressRelease: unknown } }).data.pressRelease)
        urls.push(`/inspections/${r}/press-release`);
    }
    expect(urls.some((u) => u.endsWith('/press-release'))).toBe(true);
    for (const url of urls) check(url, await get(url));
    expect(found).toEqual([]);
    expect(panelDates).toEqual([]);
    // About 1,100 pages, downloads and API answers: about 20 s with this file run alone, and past
    // the integration tests' 60 s on one shared with other test runs.
  }, 180_000);

  it('every source of an inspection has a publisher and a link, and says when its title or date is not known', async () => {
    const bromley = InspectionDetailOut.parse(JSON.parse(await get('/api/v1/inspections/bromley-2025')).data);
    expect(bromley.sourceDetails.map((s) => s.url)).toEqual(bromley.sources);
    expect(bromley.sourceDetails).toContainEqual({
      publisher: 'HM Inspectorate of Probation',
      title: '‘Outstanding’ Bromley Youth Justice Service “helping each child succeed”',
      date: '2025-01',
      url: 'https://justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2025/01/bromleyyjs2025',
    });
    const $ = load(await get('/inspections/bromley-2025'));
    const items = $('#inspection-summary a[rel="noopener"]')
      .map((_, a) => $(a).text())
      .get();
    expect(items.length).toBe(bromley.sources.length);
    for (const text of items)
      expect(text).toMatch(/^[^,]+, (‘.+’|title not recorded), (.+ \d{4}|\d{4}|date not recorded)$/);
    expect(items).toContain(
      'HM Inspectorate of Probation, ‘‘Outstanding’ Bromley Youth Justice Service “helping each child succeed”’, January 2025',
    );
    const discrepancySources = $('#discrepancies-table tbody tr')
      .map((_, tr) => $(tr).find('td').eq(1).text())
      .get();
    expect(discrepancySources).toContain('HM Inspectorate of Probation press release, January 2025 (notes to editors)');
    const fields = $('#discrepancies-table tbody tr')
      .map((_, tr) => $(tr).find('td').eq(0).text())
      .get();
    expect(fields).toContain('Publication date');
    expect(fields.filter((x) => /^[a-z]|standards\./.test(x))).toEqual([]);
  });

  it('names the source of each rating taken from another source beside it, in the API, page and download', async () => {
    const list = InspectionPage.parse(JSON.parse(await get('/api/v1/inspections?limit=500')));
    const details = await Promise.all(
      list.data.map(async (i) => InspectionDetailOut.parse(JSON.parse(await get(`/api/v1/inspections/${i.ref}`)).data)),
    );
    const sourced = details.flatMap((d) =>
      d.standards.filter((s) => s.publicSource).map((s) => ({ d, s, source: s.publicSource! })),
    );
    expect(sourced.length).toBeGreaterThan(20);
    for (const { source } of sourced) {
      expect(source.publisher).not.toBe('');
      expect(source.url).toMatch(/^https?:\/\//);
    }
    // Shown beside the rating where it is not the inspection's main source, and only there.
    const other = sourced.find(({ d, source }) => source.url !== d.sources[0])!;
    expect(other).toBeDefined();
    const $ = load(await get(`/inspections/${other.d.ref}`));
    const link = $(`#standard-${other.s.standardId.replace('.', '-')} .app-rating-source a`);
    expect(link.attr('href')).toBe(other.source.url);
    expect(link.text()).toMatch(/^[^,]+, (‘.+’|title not recorded), (.+ \d{4}|\d{4}|date not recorded)$/);
    expect(link.text().startsWith(`${other.source.publisher}, `)).toBe(true);
    const same = sourced.find(({ d, source }) => source.url === d.sources[0]);
    if (same) {
      const row = load(await get(`/inspections/${same.d.ref}`))(`#standard-${same.s.standardId.replace('.', '-')}`);
      expect(row.find('.app-rating-source').length).toBe(0);
    }
    // The report lists the ratings taken from other sources.
    const report = load(await get(`/inspections/${other.d.ref}/report`));
    expect(
      report('#rating-sources + ul a')
        .map((_, a) => report(a).attr('href'))
        .get(),
    ).toContain(other.source.url);
    // The standard-ratings download carries each rating's source in its own columns.
    const csv = parse(await get('/downloads/standard-ratings.csv'), { columns: true }) as Record<string, string>[];
    const row = csv.find((r) => r.inspection_ref === other.d.ref && r.standard_id === other.s.standardId)!;
    expect(row).toMatchObject({
      rating_source_publisher: other.source.publisher,
      rating_source_title: other.source.title ?? '',
      rating_source_date: other.source.date ?? '',
      rating_source_url: other.source.url,
    });
  });

  it('gives a sourced record the day it was published, not a time the sources never stated', async () => {
    const api = InspectionDetailOut.parse(JSON.parse(await get('/api/v1/inspections/bexley-2024')).data);
    expect(api.publication).toMatchObject({ precision: 'day' });
    const published = load(await get('/inspections/bexley-2024/report'))('dt:contains("Published")')
      .next()
      .text()
      .trim();
    expect(published).toMatch(/^\d{1,2} \w+ 2024$/);
  });

  it('names the kind of each record: joint with its partners, pilot, single', async () => {
    const kind = async (ref: string) =>
      load(await get(`/inspections/${ref}`))('#inspection-summary .govuk-summary-list__row')
        .filter((_, r) => load(r).text().includes('Kind'))
        .find('.govuk-summary-list__value')
        .text()
        .trim();
    expect(await kind('bromley-2017')).toBe('Joint inspection with Ofsted, CQC, HMICFRS');
    expect(await kind('west-berkshire-undated')).toMatch(/^Pilot inspection/);
    expect(await kind('bexley-2024')).toBe('Inspection by HM Inspectorate of Probation');
    const api = InspectionDetailOut.parse(JSON.parse(await get('/api/v1/inspections/west-berkshire-undated')).data);
    expect(api.kind).toBe('pilot');
  });
});

describe('the directory of services', () => {
  it('lists every service, current and former, and says which the register holds no record for', async () => {
    const d = DirectoryOut.parse(JSON.parse(await get('/api/v1/directory')));
    expect(d.meta).toMatchObject({ count: 163, current: 156 });
    expect(d.meta.currentWithRecord).toBeLessThan(d.meta.current);
    expect(d.meta.currentWithLatestRating).toBeLessThanOrEqual(d.meta.currentWithRecord);
    const byName = new Map(d.data.map((s) => [s.name, s]));
    const sunderland = byName.get('Sunderland youth justice service')!;
    expect(sunderland).toMatchObject({ nameSourced: false, register: null, source: null, current: true });
    expect(byName.get('Bromley YJS')).toMatchObject({ nameSourced: true, register: { slug: 'bromley' } });
    expect(byName.get('Bromley YJS')!.register!.latestRating).toBe('outstanding');
    const westernBay = [...byName.values()].find((s) => s.name.startsWith('Western Bay'))!;
    expect(westernBay).toMatchObject({ current: false, existedFrom: '2014', endedNotBefore: '2019-04-01' });
    expect(westernBay.register!.latestRating).toBe('inadequate');
    // Reorganised counties are matched to the register by their current areas.
    expect(byName.get('Northamptonshire YOS')!.register).not.toBeNull();
  });
});
