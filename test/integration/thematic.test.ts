import { readFileSync } from 'node:fs';
import { load } from 'cheerio';
import { parse } from 'csv-parse/sync';
import { inArray } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ThematicList } from '../../src/api/schemas.ts';
import { loadThematicInspections } from '../../src/import/thematic-seed.ts';
import { listPublicEntries } from '../../src/store/register-repo.ts';
import { thematicInspections } from '../../src/store/schema.ts';
import { bumpRegisterVersion } from '../../src/store/snapshot-repo.ts';
import { seedThematicIfEmpty } from '../../src/store/thematic-repo.ts';
import { buildApp } from '../../src/web/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

/**
 * Thematic inspections are listed with their sources, linked from the services they visited, and
 * never counted: the register's figures are the same with them as without them.
 */
let t: TestDatabase;
const NOW = new Date('2026-12-01T12:00:00Z');
const apps: FastifyInstance[] = [];
const newApp = async (now = NOW) => {
  const app = await buildApp({ database: t, config: { env: 'test', logLevel: 'silent' }, now: () => now });
  apps.push(app);
  return app;
};
const seeded = loadThematicInspections();

beforeAll(async () => {
  t = await createTestDatabase({ seed: true, now: new Date('2026-12-01T09:00:00Z') });
});
afterAll(async () => {
  for (const a of apps) await a.close();
  await t?.drop();
});

const get = async (app: FastifyInstance, url: string, headers: Record<string, string> = {}) => {
  const res = await app.inject({ method: 'GET', url, headers });
  expect(res.statusCode, url).toBe(200);
  return res.body;
};

describe('thematic inspections', () => {
  it('the page lists every one, newest first, with its sources as links', async () => {
    const app = await newApp();
    const $ = load(await get(app, '/thematic-inspections'));
    const items = $('#thematic-list > li');
    expect(items.length).toBe(seeded.length);
    expect(items.map((_, li) => $(li).attr('id')).get()).toEqual([
      'serious-youth-violence-2024',
      'education-training-employment-2022',
      'black-mixed-heritage-boys-2021',
      'youth-resettlement-community-2019',
      'youth-resettlement-custody-2019',
      'oocd-youth-2018',
    ]);
    for (const x of seeded) {
      const li = $(`li#${x.ref}`);
      expect(li.find('h2').text().trim()).toBe(x.title);
      const hrefs = li
        .find('a[rel="external"]')
        .map((_, a) => $(a).attr('href'))
        .get();
      expect(hrefs).toEqual(x.sources.map((s) => s.url));
    }
    // A title the sources do not give is said to be a description.
    expect($('li#education-training-employment-2022').text()).toContain('this heading describes it');
    expect($('li#black-mixed-heritage-boys-2021').text()).not.toContain('this heading describes it');
    expect($('#thematic-not-counted').text()).toContain('never counted');
    // Linked from every page's footer.
    expect($('footer a[href="/thematic-inspections"]').length).toBe(1);
  });

  it('the page is in Welsh when asked', async () => {
    const app = await newApp();
    const $ = load(await get(app, '/thematic-inspections?lng=cy'));
    expect($('html').attr('lang')).toBe('cy');
    expect($('h1').text().trim()).toBe('Arolygiadau thematig');
    // The sources' English titles are marked as English.
    expect($('li#oocd-youth-2018 h2').attr('lang')).toBe('en');
  });

  it('the API answers with every one, its sources, partners and visited services, and says they are not counted', async () => {
    const app = await newApp();
    const body = ThematicList.parse(JSON.parse(await get(app, '/api/v1/thematic-inspections')));
    expect(body.meta).toEqual({ count: seeded.length, counted: false });
    const syv = body.data.find((x) => x.ref === 'serious-youth-violence-2024')!;
    expect(syv.publication).toEqual({
      value: '2024-11-20',
      precision: 'day',
      earliest: '2024-11-20',
      latest: '2024-11-20',
    });
    expect(syv.partnerInspectorates).toEqual(['Ofsted', 'CQC', 'HMICFRS']);
    expect(syv.visitedServices).toEqual([{ slug: 'leeds', name: 'Leeds YJS' }]);
    const ete = body.data.find((x) => x.ref === 'education-training-employment-2022')!;
    expect(ete.publication.precision).toBe('month');
    expect(ete.visitedServices.map((v) => v.name)).toEqual(['Conwy and Denbighshire YJS']);
    for (const x of body.data) expect(x.sources[0]!.url).toMatch(/^https:\/\//);
    // Before the first was published, none is listed.
    const before = ThematicList.parse(JSON.parse(await get(app, '/api/v1/thematic-inspections?asAt=2018-03-27')));
    expect(before.data).toEqual([]);
    const after = ThematicList.parse(JSON.parse(await get(app, '/api/v1/thematic-inspections?asAt=2018-03-28')));
    expect(after.data.map((x) => x.ref)).toEqual(['oocd-youth-2018']);
    const future = await app.inject({ method: 'GET', url: '/api/v1/thematic-inspections?asAt=2099-01-01' });
    expect(future.statusCode).toBe(400);
  });

  it('a visited service’s page links to the thematic inspection; another service’s does not', async () => {
    const app = await newApp();
    const leeds = load(await get(app, '/services/leeds'));
    const link = leeds('#thematic-visits a');
    expect(link.length).toBe(1);
    expect(link.attr('href')).toBe('/thematic-inspections#serious-youth-violence-2024');
    expect(link.text()).toContain('Also visited in the thematic inspection');
    expect(link.text()).toContain('Multi-agency responses to serious youth violence');
    const bromley = load(await get(app, '/services/bromley'));
    expect(bromley('#thematic-visits').length).toBe(0);
  });

  it('every named visited service is one the register holds', async () => {
    await t.db.delete(thematicInspections);
    const report = await seedThematicIfEmpty(t.db, seeded, NOW);
    expect(report).toEqual({ written: seeded.length, unresolved: [] });
    // Seeding again writes nothing.
    expect((await seedThematicIfEmpty(t.db, seeded, NOW)).written).toBe(0);
  });

  it('no figure counts them: statistics, services, inspections, rating counts, claims and the home page are the same with and without them', async () => {
    const figures = async () => {
      const app = await newApp();
      const stats = JSON.parse(await get(app, '/api/v1/statistics?limit=500&asAt=2026-12-01')).data;
      const inspections = JSON.parse(await get(app, '/api/v1/inspections?limit=500')).meta.count;
      const services = JSON.parse(await get(app, '/api/v1/services?limit=500')).meta.count;
      const entries = (await listPublicEntries(t.db, NOW)).length;
      const counts = await get(app, '/downloads/rating-counts.csv');
      const claims = await app.inject({
        method: 'POST',
        url: '/api/v1/claims/check',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ text: readFileSync('data/seed/releases/002_ccc35e7df72504ed.txt', 'utf8') }),
      });
      expect(claims.statusCode).toBe(200);
      const verdicts = claims
        .json()
        .data.verdicts.map((v: { verdict: string; explanation: string }) => [v.verdict, v.explanation]);
      const home = load(await get(app, '/?asAt=2026-12-01'))('main')
        .text()
        .replace(/\s+/g, ' ');
      return { stats, inspections, services, entries, counts, verdicts, home };
    };
    const withThem = await figures();
    expect((await t.db.select().from(thematicInspections)).length).toBe(seeded.length);
    await t.db.delete(thematicInspections);
    await bumpRegisterVersion(t.db);
    const without = await figures();
    expect(without).toEqual(withThem);
    expect(withThem.entries).toBeGreaterThan(170);
    await seedThematicIfEmpty(t.db, seeded, NOW);
  });
});

describe('thematic inspections in the downloads', () => {
  const rowsOf = (csv: string) => parse(csv, { columns: true }) as Record<string, string>[];

  it('the file is listed on the downloads page and in the data package, and holds every public one as the API does', async () => {
    const app = await newApp();
    const $ = load(await get(app, '/downloads'));
    expect($('a[href="/downloads/thematic-inspections.csv"]').length).toBe(1);
    expect($('#thematic-inspections-columns tbody tr').length).toBeGreaterThan(0);
    const pkg = JSON.parse(await get(app, '/downloads/datapackage.json')) as { resources: { name: string }[] };
    expect(pkg.resources.map((r) => r.name)).toContain('thematic-inspections');

    const res = await app.inject({ method: 'GET', url: '/downloads/thematic-inspections.csv' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('thematic-inspections-2026-12-01.csv');
    const rows = rowsOf(res.body);
    const api = ThematicList.parse(JSON.parse(await get(app, '/api/v1/thematic-inspections')));
    expect(rows).toHaveLength(seeded.length);
    expect(rows.map((r) => r.thematic_ref)).toEqual(api.data.map((x) => x.ref));
    for (const x of api.data) {
      const row = rows.find((r) => r.thematic_ref === x.ref)!;
      expect(row.title).toBe(x.title);
      expect(row.title_known).toBe(String(x.titleKnown));
      expect(row.publication_date).toBe(x.publication.value);
      expect(row.partner_inspectorates).toBe(x.partnerInspectorates.join('; '));
      expect(row.visited_service_slugs).toBe(x.visitedServices.map((v) => v.slug).join('; '));
      expect(row.source_url).toBe(x.sources[0]!.url);
      expect(JSON.parse(row.source_details!)).toEqual(x.sources);
      expect(row.as_at).toBe('2026-12-01');
    }
    // As at a date, only those published by then.
    const early = rowsOf(await get(app, '/downloads/thematic-inspections.csv?asAt=2018-03-28'));
    expect(early.map((r) => r.thematic_ref)).toEqual(['oocd-youth-2018']);
    expect(
      (await app.inject({ method: 'GET', url: '/downloads/thematic-inspections.csv?asAt=2099-01-01' })).statusCode,
    ).toBe(400);
  });

  it('one not yet published is never in the file, and a cell a spreadsheet would run is written as text', async () => {
    const app = await newApp();
    const base = {
      titleKnown: true,
      publicationPrecision: 'day' as const,
      publisher: 'HM Inspectorate of Probation',
      sampled: 'Work in several areas',
      sources: [{ publisher: 'HM Inspectorate of Probation', title: null, date: null, url: 'https://example.test/t' }],
    };
    await t.db.insert(thematicInspections).values([
      {
        ...base,
        ref: 'not-yet-published-2026',
        title: 'Not yet published',
        publicationEarliest: '2026-12-02',
        publicationLatest: '2026-12-02',
        publishedAt: new Date('2026-12-02T00:00:00Z'),
        notes: null,
      },
      {
        ...base,
        ref: 'formula-cells-2025',
        title: '=HYPERLINK("https://example.test","x")',
        publicationEarliest: '2025-01-07',
        publicationLatest: '2025-01-07',
        publishedAt: new Date('2025-01-07T00:00:00Z'),
        notes: "+1 and '-",
      },
    ]);
    try {
      const csv = await get(app, '/downloads/thematic-inspections.csv');
      const rows = rowsOf(csv);
      expect(rows.map((r) => r.thematic_ref)).not.toContain('not-yet-published-2026');
      expect(csv).not.toContain('Not yet published');
      const formula = rows.find((r) => r.thematic_ref === 'formula-cells-2025')!;
      expect(formula.title).toBe(`'=HYPERLINK("https://example.test","x")`);
      expect(formula.notes).toBe("'+1 and '-");
      expect(rows).toHaveLength(seeded.length + 1);
    } finally {
      await t.db
        .delete(thematicInspections)
        .where(inArray(thematicInspections.ref, ['not-yet-published-2026', 'formula-cells-2025']));
    }
  });
});
