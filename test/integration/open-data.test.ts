import { readFileSync } from 'node:fs';
import * as cheerio from 'cheerio';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { InspectionDetailOut, InspectionPage, ServicePage, StatisticsOut } from '../../src/api/schemas.ts';
import { frameworkRegistry } from '../../src/store/frameworks.ts';
import { applyImport, planImport } from '../../src/import/importer.ts';
import { loadSeedRecords } from '../../src/import/seed.ts';
import { saveRecords } from '../../src/store/records-repo.ts';
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
const ASAT = '2026-11-22';

beforeAll(async () => {
  t = await createTestDatabase({ seed: true, now: new Date('2026-11-22T09:00:00Z') });
  app = await buildApp({ database: t, config: { env: 'test', logLevel: 'silent' }, now: () => clock });
});
afterAll(async () => {
  await app?.close();
  await t?.drop();
});
const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

describe('REST API /api/v1', () => {
  it('lists inspections with filters; responses match the schemas the OpenAPI document is built from', async () => {
    const res = await get('/api/v1/inspections?rating=outstanding&region=London&limit=50');
    expect(res.statusCode).toBe(200);
    const body = InspectionPage.parse(res.json());
    expect(body.data.length).toBeGreaterThan(2);
    expect(body.data.every((i) => i.overallRating === 'outstanding' && i.service.region === 'London')).toBe(true);
    expect(body.data.map((i) => i.ref)).toContain('bromley-2025');
    const one = InspectionDetailOut.parse((await get('/api/v1/inspections/bromley-2025')).json().data);
    expect(one).toMatchObject({
      score: 33,
      scoreMax: 36,
      overallRating: 'outstanding',
      localAuthorities: [{ name: 'Bromley', onsCode: 'E09000006' }],
    });
    expect(one.standards.find((s) => s.standardId === '4.1')).toMatchObject({
      rating: 'outstanding',
      countsToScore: false,
      source: 'published',
    });
    expect(one.recommendations.map((r) => r.addressee)).toEqual(['management_board', 'management_board', 'yjs']);
    ServicePage.parse((await get('/api/v1/services?limit=5')).json());
    StatisticsOut.parse((await get('/api/v1/statistics?asAt=2025-01-07')).json().data);
  });

  it('pages with stable cursors: walking every page gives each inspection exactly once, in order', async () => {
    const all = (await get('/api/v1/inspections?limit=500')).json().data.map((i: { ref: string }) => i.ref);
    const walked: string[] = [];
    let next: string | null = '/api/v1/inspections?limit=17';
    while (next) {
      const page: { data: { ref: string }[]; links: { next: string | null } } = (await get(next)).json();
      walked.push(...page.data.map((i: { ref: string }) => i.ref));
      next = page.links.next;
    }
    expect(walked).toEqual(all);
    expect(new Set(walked).size).toBe(walked.length);
  });

  it('filters by published dates and asAt on what is certain', async () => {
    const asAt = (await get('/api/v1/inspections?asAt=2025-01-07&limit=500')).json().data as {
      ref: string;
      publication: { latest: string };
    }[];
    expect(asAt.every((i) => i.publication.latest <= '2025-01-07')).toBe(true);
    expect(asAt.map((i) => i.ref)).toContain('bromley-2025');
    const window = (await get('/api/v1/inspections?publishedFrom=2024-07-01&publishedTo=2024-07-31&limit=500')).json()
      .data as { ref: string }[];
    expect(window.map((i) => i.ref)).toContain('bexley-2024');
    expect(window.every((i) => /2024/.test(i.ref))).toBe(true);
  });

  it('answers with ETags and Cache-Control, and 304 when nothing changed', async () => {
    const first = await get('/api/v1/inspections/bromley-2025');
    expect(first.headers['cache-control']).toBe('public, max-age=60');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const again = await get('/api/v1/inspections/bromley-2025', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('gives JSON errors with a code and a message', async () => {
    const bad = await get('/api/v1/inspections?limit=0&publishedFrom=2024-02-30');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_query');
    expect(
      bad
        .json()
        .error.details.map((d: { path: string }) => d.path)
        .sort(),
    ).toEqual(['limit', 'publishedFrom']);
    expect((await get('/api/v1/inspections?cursor=garbage')).json().error.code).toBe('invalid_cursor');
    expect((await get('/api/v1/inspections/atlantis-2020')).json()).toEqual({
      error: { code: 'not_found', message: 'No published inspection "atlantis-2020".' },
    });
    expect((await get('/api/v1/nothing')).statusCode).toBe(404);
  });

  it('answers a malformed address as not found and a malformed body as a 400, both in its JSON error shape', async () => {
    for (const url of ['/api/v1/inspections/a%20b', '/api/v1/services/%2E%2E', '/api/v1/frameworks/-x']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code, url).toBe('not_found');
    }
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/claims/check',
      payload: { text: 42, asAt: 'soon' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_body');
    expect(
      bad
        .json()
        .error.details.map((d: { path: string }) => d.path)
        .sort(),
    ).toEqual(['asAt', 'text']);
    const empty = await app.inject({ method: 'POST', url: '/api/v1/claims/check', payload: { text: ' ' } });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('invalid_text');
  });

  it('reads several values of a filter repeated or comma-separated, on the API and the services page alike', async () => {
    const refs = async (url: string) =>
      InspectionPage.parse((await get(url)).json())
        .data.map((i) => i.ref)
        .sort();
    const repeated = await refs('/api/v1/inspections?rating=outstanding&rating=inadequate&limit=500');
    const commas = await refs('/api/v1/inspections?rating=outstanding,inadequate&limit=500');
    const outstanding = await refs('/api/v1/inspections?rating=outstanding&limit=500');
    expect(repeated.length).toBeGreaterThan(outstanding.length);
    expect(commas).toEqual(repeated);
    const page = async (q: string) => (await get(`/services?${q}`)).body.match(/href="\/services\/[^"]+"/g)?.sort();
    const both = await page('rating=outstanding&rating=inadequate');
    expect(both?.length).toBeGreaterThan((await page('rating=outstanding'))?.length ?? 0);
    expect(await page('rating=outstanding,inadequate')).toEqual(both);
  });

  it('publishes an OpenAPI 3.1 document and a docs page', async () => {
    const doc = (await get('/api/v1/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/inspections', '/inspections/{ref}', '/services', '/statistics', '/frameworks']),
    );
    expect(doc.paths['/inspections'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['region', 'rating', 'publishedFrom', 'asAt', 'cursor']),
    );
    expect(doc.paths['/inspections/{ref}'].get.parameters).toEqual([
      expect.objectContaining({ name: 'ref', in: 'path', required: true }),
    ]);
    // Named schemas live once under components, where every reference points.
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['Error', 'InspectionSummary', 'InspectionPage', 'Statistics']),
    );
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(20);
    expect(refs.filter((r) => !/^#\/components\/(schemas|responses|headers)\/\w+$/.test(r))).toEqual([]);
    expect(doc.paths['/inspections'].get.responses['400']).toEqual({ $ref: '#/components/responses/BadRequest' });
    const docs = await get('/api/docs');
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('/inspections/{ref}');
    const $ = cheerio.load(docs.body);
    const asAt = $('th code')
      .filter((_, el) => $(el).text() === 'asAt')
      .first()
      .closest('tr');
    expect(asAt.find('td').last().text()).toBe('2025-01-07');
    expect(docs.body).toContain('<code>invalid_cursor</code>');
  });
});

describe('downloads', () => {
  it('streams CSV and JSON of every published inspection with the documented columns', async () => {
    const csv = await get(`/downloads/inspections.csv?asAt=${ASAT}`);
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows = parse(csv.body, { columns: true }) as Record<string, string>[];
    // As at today, a record dated only "2026" is not yet certainly published; without asAt, everything public is.
    expect(rows.length).toBe(180);
    expect(rows.map((r) => r.inspection_ref)).not.toContain('barking-and-dagenham-2026');
    expect(parse((await get('/downloads/inspections.csv')).body, { columns: true })).toHaveLength(181);
    const b = rows.find((r) => r.inspection_ref === 'bromley-2025')!;
    expect(b).toMatchObject({
      ons_codes: 'E09000006',
      framework_version: '2021.1',
      score: '33',
      resettlement_rating: 'outstanding',
      as_at: ASAT,
      publication_date: '2025-01-07',
    });
    const json = (await get(`/downloads/inspections.json?asAt=${ASAT}`)).json();
    // 1.1 added source details, kind, partners and the panel's rationales, 1.2 each rating's own
    // source; earlier files still import.
    expect(json).toMatchObject({ format: 'inspectorate-register', version: '1.4', asAt: ASAT });
    expect(json.data).toHaveLength(180);
    const std = parse((await get(`/downloads/standard-ratings.csv?asAt=${ASAT}`)).body, { columns: true }) as Record<
      string,
      string
    >[];
    // The seed documents' four ratings, and those the published standard ratings add (1.4, 2.4, 3.4).
    const seeded = (
      parse(readFileSync('data/seed/standard-ratings.csv', 'utf8'), { columns: true }) as Record<string, string>[]
    )
      .filter((r) => r.inspection === 'bromley-2025')
      .map((r) => `${r.standard_id}=${r.rating!.toLowerCase()}`);
    const bromley = std.filter((r) => r.inspection_ref === 'bromley-2025').map((r) => `${r.standard_id}=${r.rating}`);
    expect(bromley).toEqual(
      expect.arrayContaining(['1.1=outstanding', '1.2=outstanding', '1.3=good', '4.1=outstanding']),
    );
    expect(bromley).toEqual(expect.arrayContaining(seeded));
    expect(new Set(bromley)).toEqual(
      new Set([...seeded, '1.1=outstanding', '1.2=outstanding', '1.3=good', '4.1=outstanding']),
    );
    const dict = await get('/downloads');
    for (const col of Object.keys(rows[0]!)) expect(dict.body).toContain(`<code>${col}</code>`);
  });

  it('as at a past date: only what was certainly published by then', async () => {
    const rows = parse((await get('/downloads/inspections.csv?asAt=2024-07-12')).body, { columns: true }) as Record<
      string,
      string
    >[];
    expect(rows.map((r) => r.inspection_ref)).toContain('bexley-2024');
    expect(rows.map((r) => r.inspection_ref)).not.toContain('bromley-2025');
    expect(rows.every((r) => r.as_at === '2024-07-12')).toBe(true);
  });

  it('refuses an asAt after today (UK time), as the API does, rather than label a file with a date not yet come', async () => {
    for (const file of [
      'inspections.csv',
      'inspections.json',
      'standard-ratings.csv',
      'standard-ratings.json',
      'thematic-inspections.csv',
    ]) {
      const res = await get(`/downloads/${file}?asAt=2026-11-23`);
      expect(res.statusCode, file).toBe(400);
      expect(res.headers['content-disposition'], file).toBeUndefined();
      expect(res.body).toContain('asAt: must be today (2026-11-22) or earlier');
      expect((await get(`/downloads/${file}?asAt=2026-11-22`)).statusCode, file).toBe(200);
    }
    expect((await get('/api/v1/inspections?asAt=2026-11-23')).json().error.message).toBe(
      'asAt must be today (2026-11-22) or earlier.',
    );
  });

  it('round trip: export CSV → import into an empty database → export is identical', async () => {
    // Text a spreadsheet would read as a formula, text that legitimately starts with "-" or an
    // apostrophe: written with a leading apostrophe, and read back exactly as it was.
    const { records } = loadSeedRecords(frameworkRegistry(), clock);
    const formula = {
      ...records.find((r) => r.ref === 'bexley-2024')!,
      ref: 'formula-town-2020',
      serviceSlug: 'formula-town',
      service: {
        name: '=HYPERLINK("https://evil.example","Formula YJS")',
        formerNames: ['- see above', "'tis the season", '+44 20 7946 0000'],
        areas: [{ name: 'Formula Town', onsCode: null }],
        region: 'London',
        nation: 'England' as const,
      },
      title: '@SUM(A1:A9)',
      fieldworkText: '-3',
      recommendationsBreakdown: '\tindented',
      chiefInspector: "'=already quoted",
      notes: '\rcarriage return first',
      publication: { precision: 'day' as const, earliest: '2020-01-07', latest: '2020-01-07' },
      publishedAt: new Date('2020-01-07T00:01:00Z'),
    };
    await saveRecords(t.db, new Date(), [formula]);
    const first = (await get(`/downloads/inspections.csv?asAt=${ASAT}`)).body;
    const cells = (parse(first) as string[][]).flat();
    expect(cells.filter((c) => /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(c))).toEqual([]);
    const written = (parse(first, { columns: true }) as Record<string, string>[]).find(
      (r) => r.inspection_ref === 'formula-town-2020',
    )!;
    expect(written).toMatchObject({
      service_name: `'${formula.service.name}`,
      title: "'@SUM(A1:A9)",
      fieldwork: "'-3",
      chief_inspector: "''=already quoted",
      recommendations_breakdown: "'\tindented",
    });
    const empty = await createTestDatabase();
    onTestFinished(() => empty.drop());
    const other = await buildApp({ database: empty, config: { env: 'test', logLevel: 'silent' }, now: () => clock });
    onTestFinished(() => other.close());
    const plan = await planImport(empty.db, first, clock);
    expect(plan.format).toBe('register-csv');
    expect(plan.rows.filter((r) => r.action !== 'import')).toEqual([]);
    await applyImport(empty.db, plan, { file: 'inspections.csv', actor: 'cli', at: new Date() });
    const second = (await other.inject({ url: `/downloads/inspections.csv?asAt=${ASAT}` })).body;
    expect(second).toBe(first);
    const back = (await other.inject({ url: '/api/v1/inspections/formula-town-2020' })).json().data;
    expect(back).toMatchObject({
      title: formula.title,
      fieldwork: formula.fieldworkText,
      chiefInspector: formula.chiefInspector,
    });
    // And again: a rerun imports nothing twice.
    const rerun = await planImport(empty.db, first, clock);
    expect(rerun.rows.every((r) => r.action === 'unchanged')).toBe(true);
    expect(rerun.records).toEqual([]);
    // JSON too.
    const json = (await other.inject({ url: `/downloads/inspections.json?asAt=${ASAT}` })).body;
    const fromJson = await planImport(empty.db, json, clock);
    expect(fromJson.format).toBe('register-json');
    expect(fromJson.rows.every((r) => r.action === 'unchanged')).toBe(true);
  }, 60_000);

  it('rejects a malformed register row and names the column, importing nothing from it', async () => {
    const header = (await get(`/downloads/inspections.csv?asAt=${ASAT}`)).body.split('\n')[0]!;
    const cols = header.split(',');
    const row = cols
      .map(
        (c) =>
          (
            ({
              inspection_ref: 'zz-2030',
              service_slug: 'zz',
              service_name: 'Zed YJS',
              local_authorities: 'Zed',
              region: 'London',
              nation: 'Scotland',
              framework_id: 'hmip-youth-2021',
              framework_version: '2021.1',
              published_at: 'yesterday',
              score: '40',
              score_max: '36',
              score_source: 'stated',
            }) as Record<string, string>
          )[c] ?? '',
      )
      .join(',');
    const plan = await planImport(t.db, `${header}\n${row}\n`, clock);
    expect(plan.records).toEqual([]);
    expect(plan.rows[0]!.action).toBe('reject');
    expect(plan.rows[0]!.reasons.join(' ')).toMatch(/nation: .*published_at: "yesterday" is not an ISO 8601 time/);
  });
});

describe('importing the messy HMIP ratings scrape', () => {
  it('reports each row: merged, flagged, or rejected with the reason; a rerun imports nothing twice', async () => {
    const text = readFileSync('test/fixtures/hmip-scrape-messy.csv', 'utf8');
    const plan = await planImport(t.db, text, clock);
    expect(plan.format).toBe('hmip-scrape-csv');
    const by = Object.fromEntries(plan.rows.map((r) => [r.key.split(' ')[0], r]));
    expect(by.Bromley).toMatchObject({ action: 'merge' });
    expect(by.Bromley!.reasons.join(' ')).toMatch(/adds to bromley-2025: .*standard 2\.1/);
    expect(by.Bromley!.reasons.join(' ')).toMatch(/footnote marker removed from "Outstanding\*"/);
    // The register already holds these exact dates and scores (from the same HMIP pages).
    expect(by.Islington).toMatchObject({ action: 'unchanged', reasons: ['already in the register as islington-2024'] });
    expect(by.Westminster).toMatchObject({ action: 'unchanged' });
    expect(by.West).toMatchObject({ action: 'reject' });
    expect(by.West!.reasons.join(' ')).toMatch(
      /overall rating Requires improvement does not match score 26\/36, which is in the Good band/,
    );
    expect(by.Ceredigion!.reasons.join(' ')).toMatch(/score_% 13.5 is 4.86 out of 36, not a whole number of points/);
    expect(by.Atlantis!.reasons.join(' ')).toMatch(/no service in the directory is called or covers "Atlantis"/);
    expect(by.Swindon!.reasons.join(' ')).toMatch(/governance_and_leadership: "Brilliant" is not a rating/);
    expect(by.Slough!.reasons.join(' ')).toMatch(/publication_date "14\/13\/25" is not a date/);
    expect(by.Reading).toMatchObject({ action: 'unchanged' });
    await applyImport(t.db, plan, { file: 'hmip-scrape-messy.csv', actor: 'cli', at: new Date() });
    const b = (await get('/api/v1/inspections/bromley-2025')).json().data;
    expect(b.standards).toHaveLength(13);
    expect(b.recommendations).toHaveLength(3); // merging kept what the register already held
    const again = await planImport(t.db, text, clock);
    expect(again.records).toEqual([]);
    expect(again.rows.filter((r) => r.action !== 'reject').every((r) => r.action === 'unchanged')).toBe(true);
  });
});

describe('importing the scrape: the names sources use', () => {
  it('reads council styles, short names, joint-inspection marks and report titles as the services they mean', async () => {
    const plan = await planImport(t.db, readFileSync('test/fixtures/hmip-scrape-names.csv', 'utf8'), clock);
    expect(plan.rows.filter((r) => r.action === 'reject')).toEqual([]);
    const refOf = (name: string) =>
      plan.rows
        .find((r) => r.key.startsWith(name))!
        .reasons.join(' ')
        .match(/already in the register as (\S+)/)?.[1];
    expect(refOf('Royal Borough of Greenwich')).toBe('greenwich-2023');
    expect(refOf('Hull')).toBe('kingston-upon-hull-2021');
    expect(refOf('Suffolk - JI')).toBe('suffolk-2023');
    expect(refOf('An inspection of Tower Hamlets')).toBe('tower-hamlets-and-city-of-london-2022');
    expect(refOf('youth justice services in Conwy')).toBe('conwy-and-denbighshire-2024');
    // Swansea and Bridgend in 2022 are the standalone services, not Western Bay.
    expect(refOf('Swansea')).toBe('swansea-2022');
    expect(refOf('Bridgend')).toBe('bridgend-2022');
  });
});

describe('embargo: the API and downloads never show what is not yet public', () => {
  it('hides a scheduled inspection one second before its time and shows it at its time', async () => {
    const { records } = loadSeedRecords(frameworkRegistry(), clock);
    const at = new Date('2027-05-04T23:01:00Z');
    await saveRecords(t.db, new Date(), [
      {
        ...records.find((r) => r.ref === 'bexley-2024')!,
        ref: 'bexley-2027',
        publication: { precision: 'day', earliest: '2027-05-05', latest: '2027-05-05' },
        publishedAt: at,
      },
    ]);
    const surfaces = [
      '/api/v1/inspections?limit=500',
      '/api/v1/inspections/bexley-2027',
      '/api/v1/services/bexley',
      '/api/v1/statistics',
      '/downloads/inspections.csv',
      '/downloads/inspections.json',
      '/downloads/standard-ratings.csv',
      '/downloads/standard-ratings.json',
    ];
    // The counts file names services, not inspections: before the time Bexley's rating comes from
    // its 2024 inspection, and the file is the same as the API's count either side of it.
    clock = new Date(at.getTime() - 1000);
    const detail = await get('/api/v1/inspections/bexley-2027');
    expect(detail.statusCode).toBe(404);
    expect(detail.json().error.code).toBe('not_found');
    for (const s of surfaces.filter((x) => !x.endsWith('/bexley-2027')))
      expect((await get(s)).body, s).not.toContain('bexley-2027');
    clock = at;
    for (const s of surfaces) expect((await get(s)).body, s).toContain('bexley-2027');
  });
});

describe('statistics API: counts the register cannot decide', () => {
  it('gives each national count as a range around the certain count, with the services that make the difference', async () => {
    const api = (await get('/api/v1/statistics?asAt=2025-01-07')).json().data;
    for (const r of ['outstanding', 'good', 'requires_improvement', 'inadequate']) {
      const { min, max } = api.nationalRange[r];
      expect(min).toBeLessThanOrEqual(api.national[r] ?? 0);
      expect(max).toBeGreaterThanOrEqual(api.national[r] ?? 0);
    }
    const { min, max } = api.nationalRange.outstanding;
    expect(max).toBeGreaterThan(min);
    // Every service that could change a count is named, with its reason.
    expect(api.couldChange.length).toBeGreaterThanOrEqual(max - min);
    expect(
      api.couldChange.some(
        (u: { service: string; reason: string }) => /^Sunderland/.test(u.service) && u.reason === 'no-record',
      ),
    ).toBe(true);
  });
});

describe('downloads: counts of services by rating', () => {
  it('gives the same ranges as the statistics API, nationally and per region, naming the services between', async () => {
    const api = (await get('/api/v1/statistics?asAt=2025-01-07')).json().data;
    const res = await get('/downloads/rating-counts.csv?asAt=2025-01-07');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('rating-counts-2025-01-07.csv');
    const rows: Record<string, string>[] = parse(res.body, { columns: true });
    expect(Object.keys(rows[0]!)).toEqual([
      'as_at',
      'scope_kind',
      'scope',
      'rating',
      'certain',
      'possible',
      'could_change',
    ]);
    for (const r of ['outstanding', 'good', 'requires_improvement', 'inadequate']) {
      const row = rows.find((x) => x.scope_kind === 'national' && x.rating === r)!;
      expect([Number(row.certain), Number(row.possible)], r).toEqual([
        api.nationalRange[r].min,
        api.nationalRange[r].max,
      ]);
      // Every service between the two ends is named once, with its reason.
      const named = row.could_change ? row.could_change.split('; ') : [];
      expect(named.length, r).toBe(Number(row.possible) - Number(row.certain));
      for (const n of named) expect(n).toMatch(/ \[(undated|date-straddles|no-record)\]$/);
    }
    // The regions add up to the national range, since every service is in one region.
    const sum = (kind: 'certain' | 'possible') =>
      rows
        .filter((x) => x.scope_kind === 'region' && x.rating === 'outstanding')
        .reduce((n, x) => n + Number(x[kind]), 0);
    const national = rows.find((x) => x.scope_kind === 'national' && x.rating === 'outstanding')!;
    expect([sum('certain'), sum('possible')]).toEqual([Number(national.certain), Number(national.possible)]);
    const london = rows.find((x) => x.scope === 'London' && x.rating === 'outstanding')!;
    expect(Number(london.certain)).toBeGreaterThanOrEqual(1);
    expect(london.could_change).toContain('Haringey YJS [no-record]');
  });
});

describe('statistics page', () => {
  it('shows counts from the data with an accessible SVG chart and a table beside each', async () => {
    const res = await get('/statistics?asAt=2025-01-07');
    expect(res.statusCode).toBe(200);
    const api = (await get('/api/v1/statistics?asAt=2025-01-07')).json().data;
    const row =
      /<th scope="row" class="govuk-table__header">Outstanding<\/th><td class="govuk-table__cell govuk-table__cell--numeric">(\d+)<\/td>/.exec(
        res.body,
      )!;
    expect(Number(row[1])).toBe(api.national.outstanding);
    expect(res.body.match(/<svg role="img" aria-labelledby="chart-[a-z]+-title chart-[a-z]+-desc"/g)).toHaveLength(5);
    expect(res.body).toContain(
      '<title id="chart-national-title">Services by latest overall rating, as at 2025-01-07</title>',
    );
    for (const id of ['national-table', 'region-table', 'year-table', 'trend-table', 'standard-table'])
      expect(res.body).toContain(`id="${id}"`);
    // Every share on the page to one decimal place, so a column reads alike.
    const $ = cheerio.load(res.body);
    const shares = $('#national-table td, #trend-table td')
      .toArray()
      .map((td) => $(td).text().trim())
      .filter((s) => s.endsWith('%'));
    expect(shares.length).toBeGreaterThan(10);
    for (const s of shares) expect(s).toMatch(/^\d{1,3}\.\d%$/);
    // A bad date shows the form again, the message beside it, and no figures.
    const bad = await get('/statistics?asAt=2099-01-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/<title>Error: Statistics/);
    expect(bad.body).toMatch(
      /id="asAt-error"[^>]*>\s*<span class="govuk-visually-hidden">Error:<\/span> The date must be today/,
    );
    expect(bad.body).not.toContain('id="national-table"');
  });
});

describe('admin upload page', () => {
  it('checks an uploaded file without changing anything, then imports it; other roles are refused', async () => {
    const { Agent } = await import('../helpers/http.ts');
    const { seedDemo } = await import('../../src/import/demo.ts');
    await seedDemo(t, 'test');
    const admin = new Agent(app);
    await admin.signIn('admin@example.test');
    await admin.get('/workspace/import');
    const header = (await get(`/downloads/inspections.csv?asAt=${ASAT}`)).body.split('\n')[0]!;
    const row = (await get(`/downloads/inspections.csv?asAt=${ASAT}`)).body
      .split('\n')
      .find((l) => l.startsWith('bexley-2024,'))!
      .replace('bexley-2024', 'bexley-2019')
      .replace('2024-07-12', '2019-07-12')
      .replace('2024-07-11T23:01:00.000Z', '2019-07-11T23:01:00.000Z');
    const upload = (mode: string, content: string, csrf = admin.csrf) => {
      const boundary = '----inspectorate-test';
      const part = (name: string, value: string, filename?: string) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"\r\nContent-Type: text/csv` : ''}\r\n\r\n${value}\r\n`;
      const payload =
        part('_csrf', csrf) + part('mode', mode) + part('file', content, 'up.csv') + `--${boundary}--\r\n`;
      return app.inject({
        method: 'POST',
        url: '/workspace/import',
        payload,
        headers: {
          'content-type': `multipart/form-data; boundary=${boundary}`,
          cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        },
      });
    };
    // The token travels inside the upload, and is still checked: a forged upload changes nothing.
    const forged = await upload('import', `${header}\n${row}\n`, 'not-the-token');
    expect(forged.statusCode).toBe(403);
    expect((await get('/api/v1/inspections/bexley-2019')).statusCode).toBe(404);
    const check = await upload('check', `${header}\n${row}\n`);
    expect(check.statusCode).toBe(200);
    expect(check.body).toContain('1 to import');
    expect(check.body).toContain('Nothing has been changed.');
    expect((await get('/api/v1/inspections/bexley-2019')).statusCode).toBe(404);
    const done = await upload('import', `${header}\n${row}\n`);
    expect(done.body).toContain('The import has been saved.');
    expect((await get('/api/v1/inspections/bexley-2019')).statusCode).toBe(200);
    const garbage = await upload('check', 'just some text\nwith lines\n');
    expect(garbage.statusCode).toBe(400);
    expect(garbage.body).toContain('not a format the register reads');
    const inspector = new Agent(app);
    await inspector.signIn('inspector@example.test');
    expect((await inspector.get('/workspace/import')).statusCode).toBe(403);
  });
});
