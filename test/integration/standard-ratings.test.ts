import * as cheerio from 'cheerio';
import { eq, isNotNull, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeedRecords } from '../../src/import/seed.ts';
import { frameworkRegistry } from '../../src/store/frameworks.ts';
import { saveRecords } from '../../src/store/records-repo.ts';
import { inspections, standardRatings } from '../../src/store/schema.ts';
import { buildApp } from '../../src/web/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let t: TestDatabase;
let app: FastifyInstance;
const NOW = new Date('2026-11-22T12:00:00Z');

beforeAll(async () => {
  t = await createTestDatabase({ seed: true, now: new Date('2026-11-22T09:00:00Z') });
  app = await buildApp({ database: t, config: { env: 'test', logLevel: 'silent' }, now: () => NOW });
});
afterAll(async () => {
  await app?.close();
  await t?.drop();
});

const page = async (url: string) => {
  const res = await app.inject({ method: 'GET', url });
  expect(res.statusCode).toBe(200);
  return cheerio.load(res.body);
};
const seedRecord = (ref: string) => loadSeedRecords(frameworkRegistry(), NOW).records.find((r) => r.ref === ref)!;

describe('coverage page: standard ratings', () => {
  const counts = ($: cheerio.CheerioAPI) =>
    Object.fromEntries(
      $('#standard-ratings-counts .govuk-summary-list__row')
        .toArray()
        .map((row) => [$(row).find('dt').text().trim(), Number($(row).find('dd').text().trim())]),
    );

  it('counts the standard ratings held and the inspections whose standards reproduce their score', async () => {
    const $ = await page('/coverage');
    expect($('h2#standard-ratings').text()).toBe('Standard ratings');
    const [held] = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(standardRatings)
      .where(isNotNull(standardRatings.rating));
    const c = counts($);
    expect(c['Standard ratings held']).toBe(held!.n);
    expect(c['Inspections whose standards reproduce their published score']).toBeGreaterThan(0);
    expect(c['Inspections whose standards reproduce their published score']).toBeLessThanOrEqual(
      c['Inspections with every scored standard rated']!,
    );
  });

  it('lists an inspection whose standards do not give its published score, with a link to it', async () => {
    const before = counts(await page('/coverage'));
    const r = seedRecord('east-riding-of-yorkshire-2019');
    await saveRecords(t.db, new Date(), [
      {
        ...r,
        ref: 'east-riding-of-yorkshire-2019-test',
        score: { total: 30, max: 36, source: 'stated' },
        discrepancies: [],
      },
    ]);
    try {
      const $ = await page('/coverage');
      const after = counts($);
      expect(after['Inspections whose standards do not agree with their score or rating']).toBe(
        before['Inspections whose standards do not agree with their score or rating']! + 1,
      );
      expect(after['Inspections whose standards reproduce their published score']).toBe(
        before['Inspections whose standards reproduce their published score'],
      );
      expect($('#standard-ratings-failures caption').text()).toBe(
        'Standard ratings that do not agree with the published score or rating',
      );
      const rows = $('#standard-ratings-failures tbody tr')
        .toArray()
        .filter((row) => $(row).find('a').attr('href') === '/inspections/east-riding-of-yorkshire-2019-test');
      // 36 points (every standard Outstanding) against a published 30, which is in the Good band too.
      expect(rows.map((row) => $(row).find('td').text())).toEqual([
        expect.stringMatching(/^Score: The published score 30\/36 is not the 36 points/),
      ]);
      expect($('[aria-label="Standard ratings that do not agree with the published score or rating"]').length).toBe(1);
    } finally {
      await t.db.delete(inspections).where(eq(inspections.ref, 'east-riding-of-yorkshire-2019-test'));
    }
  });
});

describe('statistics page: by standard', () => {
  type Row = { name: string; counts: number[]; services: number };
  const table = ($: cheerio.CheerioAPI): Row[] =>
    $('#standard-table tbody tr')
      .toArray()
      .map((tr) => {
        const cells = $(tr)
          .find('td')
          .toArray()
          .map((td) => Number($(td).text()));
        return {
          name: $(tr).find('th').contents().first().text().trim(),
          counts: cells.slice(0, -1),
          services: cells.at(-1)!,
        };
      });
  const headers = ($: cheerio.CheerioAPI) =>
    $('#standard-table thead th')
      .toArray()
      .map((th) => $(th).text().trim());

  it('has a row per standard of the 2018 and 2021 frameworks, each service counted once per row', async () => {
    const $ = await page('/statistics?asAt=2026-11-22');
    expect($('#standard-table caption').text()).toBe(
      'Services by the rating of each standard of their latest inspection',
    );
    expect(headers($)).toEqual([
      'Standard',
      'Outstanding',
      'Good',
      'Requires improvement',
      'Inadequate',
      'No rating held',
      'Services',
    ]);
    const rows = table($);
    const names = rows.map((r) => r.name);
    expect(names).toContain('3.4 Joint working (2018 standards)');
    expect(names).toContain('3.4 Out-of-court disposal policy and provision (2021 standards)');
    expect(names).toContain('4.1 Resettlement policy and provision (2021 standards)');
    expect(new Set(names).size).toBe(names.length);
    for (const r of rows)
      expect(
        r.counts.reduce((a, b) => a + b, 0),
        r.name,
      ).toBe(r.services);
    // Services under either version have 1.1; only those under 2021 have 4.1, only those under 2018 Joint working.
    const services = (name: string) => rows.find((r) => r.name.startsWith(name))!.services;
    expect(services('1.1 ')).toBe(services('4.1 ') + services('3.4 Joint working'));
    const svg = $('svg[role="img"]').filter((_, el) => $(el).find('title').text().startsWith('Services by the rating'));
    expect(svg.length).toBe(1);
    expect(svg.find('desc').text()).toContain('4.1 Resettlement policy and provision (2021 standards): ');
  });

  it('moves with the data and the date: a newer inspection replaces the service’s ratings from its date', async () => {
    const old = seedRecord('lewisham-2024');
    const oldRating = old.standardRatings.find((s) => s.standardId === '4.1')?.rating ?? null;
    const column = ['outstanding', 'good', 'requires_improvement', 'inadequate'];
    const resettlement = async (asAt: string) =>
      table(await page(`/statistics?asAt=${asAt}`)).find((r) => r.name.startsWith('4.1 '))!;
    const before = await resettlement('2025-01-06');
    await saveRecords(t.db, new Date(), [
      {
        ...old,
        ref: 'lewisham-2025-test',
        publication: { precision: 'day', earliest: '2025-01-05', latest: '2025-01-05' },
        publishedAt: new Date('2025-01-05T00:01:00Z'),
        standardRatings: [{ standardId: '4.1', rating: 'inadequate', status: 'rated', source: 'published' }],
        discrepancies: [],
      },
    ]);
    try {
      // The day before its publication, the service's latest is still the 2024 inspection.
      expect(await resettlement('2025-01-04')).toEqual(before);
      const after = await resettlement('2025-01-06');
      const expected = [...before.counts];
      expected[3]! += 1;
      expected[oldRating ? column.indexOf(oldRating) : 4]! -= 1;
      expect(after.counts).toEqual(expected);
      expect(after.services).toBe(before.services);
    } finally {
      await t.db.delete(inspections).where(eq(inspections.ref, 'lewisham-2025-test'));
    }
  });
});

describe('each rating’s own source', () => {
  it('is stored with the rating, and a source that does not say where ratings came from leaves it alone', async () => {
    const record = loadSeedRecords(frameworkRegistry(), NOW).records.find((r) =>
      r.standardRatings.some((s) => s.publicSource),
    )!;
    expect(record).toBeDefined();
    const held = async () =>
      Object.fromEntries(
        (
          await t.db
            .select({ standardId: standardRatings.standardId, publicSource: standardRatings.publicSource })
            .from(standardRatings)
            .innerJoin(inspections, eq(inspections.id, standardRatings.inspectionId))
            .where(eq(inspections.ref, record.ref))
        ).map((r) => [r.standardId, r.publicSource]),
      );
    const expected = Object.fromEntries(record.standardRatings.map((s) => [s.standardId, s.publicSource ?? null]));
    expect(await held()).toEqual(expected);
    // Saved again from a source that gives the ratings but not their sources (a 1.1 file): kept.
    const silent = {
      ...record,
      standardRatings: record.standardRatings.map((s) => ({ ...s, publicSource: undefined })),
    };
    await saveRecords(t.db, NOW, [silent]);
    expect(await held()).toEqual(expected);
    // A source that says a rating has no source of its own clears it.
    await saveRecords(t.db, NOW, [
      { ...record, standardRatings: record.standardRatings.map((s) => ({ ...s, publicSource: null })) },
    ]);
    expect(Object.values(await held()).every((x) => x === null)).toBe(true);
  });
});
