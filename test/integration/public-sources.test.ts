import { load } from 'cheerio';
import { sql } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryOut, InspectionDetailOut, InspectionPage, ServicePage } from '../../src/api/schemas.ts';
import { inspections } from '../../src/store/schema.ts';
import { buildApp } from '../../src/web/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

/**
 * What the public sees names its sources as sources (publisher, title, date, address), never as the
 * project's own files: no seed file names, no document sections, no internal data set names.
 */
type InspectionDetailOut = z.infer<typeof InspectionDetailOut>;
let t: TestDatabase;
let app: FastifyInstance;
const NOW = new Date('2026-12-01T12:00:00Z');

beforeAll(async () => {
  t = await createTestDatabase({ seed: true, now: new Date('2026-12-01T09:00:00Z') });
  app = await buildApp({ database: t, config: { env: 'test', logLevel: 'silent' }, now: () => NOW });
  // When the rating panel sits is the team's working date: set on every record, it shows nowhere.
  await t.db.update(inspections).set({ ratingPanelAt: PANEL_AT });
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

/**
 * Every inspection's API answer (the body as sent), by ref: read once for the file, as two tests
 * check every one of them and nothing in this file changes a record after \`beforeAll\`.
 */
let answers: Promise<Map<string, string>> | undefined;
const everyAnswer = () =>
  (answers ??= (async () => {
    const list = InspectionPage.parse(JSON.parse(await get('/api/v1/inspections?limit=500')));
    const bodies = new Map<string, string>();
    for (const { ref } of list.data) bodies.set(ref, await get(`/api/v1/inspections/${ref}`));
    return bodies;
  })());

function projectFileIn(body: string): string | null {
  const m = PROJECT_FILE.exec(body.replace(OWN_FILES, ''));
  return m ? body.slice(Math.max(0, m.index - 60), m.index + 60) : null;
}

describe('public sources are named as sources', () => {
  it('no public page, API answer or download of any inspection shows a project file name', async () => {
    const listBody = await get('/api/v1/inspections?limit=500');
    const list = InspectionPage.parse(JSON.parse(listBody));
    expect(list.data.length).toBeGreaterThan(170);
    const servicesBody = await get('/api/v1/services?limit=500');
    const services = ServicePage.parse(JSON.parse(servicesBody));
    expect(services.data.length).toBeGreaterThan(140);
    const urls = [
      '/',
      '/services',
      '/statistics',
      '/downloads',
      '/feed.atom',
      '/sitemap.xml',
      // The downloads hold every field of every record, the fields only the pages show besides
      // the API (notes, the ratings summary as published, the recommendations breakdown) included.
      '/downloads/inspections.csv',
      '/downloads/inspections.json',
      '/downloads/standard-ratings.csv',
      '/downloads/standard-ratings.json',
      '/downloads/rating-counts.csv',
      '/downloads/thematic-inspections.csv',
      '/downloads/datapackage.json',
      '/api/v1/directory',
      '/thematic-inspections',
      '/thematic-inspections?lng=cy',
      '/api/v1/thematic-inspections',
      // Every service's API answer: its names, former names and areas.
      ...services.data.map((s) => `/api/v1/services/${s.slug}`),
    ];
    const found: string[] = [];
    const panelDates: string[] = [];
    const check = (url: string, body: string) => {
      const hit = projectFileIn(body);
      if (hit) found.push(`${url}: …${hit}…`);
      const panel = PANEL_DATE.exec(body);
      if (panel) panelDates.push(`${url}: ${panel[0]}`);
    };
    check('/api/v1/inspections?limit=500', listBody);
    check('/api/v1/services?limit=500', servicesBody);
    // Every inspection's API answer is read and checked: it carries each record's sources,
    // standards, rationales, findings, recommendations and press release.
    const details = new Map<string, InspectionDetailOut>();
    for (const [ref, body] of await everyAnswer()) {
      check(`/api/v1/inspections/${ref}`, body);
      details.set(ref, InspectionDetailOut.parse(JSON.parse(body).data));
    }
    expect(details.size).toBe(list.data.length);
    // The pages render those same fields through one template per kind of page, so each kind of
    // page is rendered for one inspection of each shape the templates branch on (kind, framework,
    // overall rating, press release or not, ratings from other sources or not, and the fields only
    // the pages and downloads show), and for every inspection with discrepancies (text shown on
    // its page and nowhere else), rather than for all 181: every route is still requested.
    const rows = await t.db
      .select({
        ref: inspections.ref,
        notes: inspections.notes,
        ratingsSummary: inspections.ratingsSummary,
        breakdown: inspections.recommendationsBreakdown,
        leadInspector: inspections.leadInspector,
        discrepancies: sql<number>`(select count(*) from discrepancies d where d.inspection_id = inspections.id)`,
      })
      .from(inspections);
    const pagesFor = new Set<string>();
    const seen = new Set<string>();
    for (const r of rows) {
      const d = details.get(r.ref);
      if (!d) continue;
      if (Number(r.discrepancies) > 0) pagesFor.add(r.ref);
      const values = Object.entries({
        kind: d.kind,
        framework: d.framework.id,
        overall: d.overallRating,
        pressRelease: !!d.pressRelease,
        sourcedRatings: d.standards.some((x) => x.publicSource),
        recommendations: d.recommendations.length > 0,
        findings: d.findings.length > 0,
        corrections: d.corrections.length > 0,
        notes: !!r.notes,
        ratingsSummary: !!r.ratingsSummary,
        breakdown: !!r.breakdown,
        leadInspector: !!r.leadInspector,
      }).map(([k, v]) => `${k}=${String(v)}`);
      if (values.some((v) => !seen.has(v))) {
        pagesFor.add(r.ref);
        for (const v of values) seen.add(v);
      }
    }
    // The register has inspections with discrepancies, and all of them are among those rendered.
    expect(rows.some((r) => Number(r.discrepancies) > 0)).toBe(true);
    const withRelease = [...pagesFor].filter((r) => details.get(r)!.pressRelease);
    expect(withRelease.length).toBeGreaterThan(0);
    // Each sampled inspection's service, and one service of each nation with and without former names.
    const slugs = new Set([...pagesFor].map((r) => details.get(r)!.service.slug));
    const seenService = new Set<string>();
    for (const s of services.data) {
      const values = Object.entries({
        nation: s.nation,
        region: s.region,
        formerNames: s.formerNames.length > 0,
        severalAreas: s.localAuthorities.length > 1,
        latest: s.latest?.overallRating ?? 'none',
      }).map(([k, v]) => `${k}=${String(v)}`);
      if (values.some((v) => !seenService.has(v))) {
        slugs.add(s.slug);
        for (const v of values) seenService.add(v);
      }
    }
    urls.push(
      ...[...pagesFor].flatMap((r) => [`/inspections/${r}`, `/inspections/${r}/report`]),
      ...withRelease.map((r) => `/inspections/${r}/press-release`),
      ...[...slugs].flatMap((s) => [`/services/${s}`, `/services/${s}/feed.atom`]),
    );
    for (const url of urls) check(url, await get(url));
    expect(found).toEqual([]);
    expect(panelDates).toEqual([]);
  });

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
    const details = [...(await everyAnswer()).values()].map((body) => InspectionDetailOut.parse(JSON.parse(body).data));
    expect(details.length).toBeGreaterThan(170);
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
