import * as cheerio from 'cheerio';
import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { InspectionDetailOut } from '../../src/api/schemas.ts';
import type { Db } from '../../src/store/db.ts';
import { inspections } from '../../src/store/schema.ts';
import { appTest } from '../helpers/app.ts';

/**
 * A publication date known only between bounds (issue 15): Hertfordshire's 2018 Outstanding report
 * is held as published not before 1 August 2018 and not after 5 December 2018. Before, it was held
 * undated, public only from the moment it was imported, and so in no count of any date before then.
 */
const test = appTest({ seed: true, seedNow: new Date('2026-11-22T09:00:00Z') });

async function hertsRef(db: Db) {
  const [row] = await db
    .select({ ref: inspections.ref, precision: inspections.publicationPrecision })
    .from(inspections)
    .where(eq(inspections.sourceUrl, 'https://justiceinspectorates.gov.uk/hmiprobation/?p=7533'));
  return row!;
}

type Statistics = {
  data: {
    nationalRange: Record<string, { min: number; max: number }>;
    couldChange: { service: string; reason: string }[];
    basis: { counted: string[] };
  };
};

describe('a publication date known only between bounds', () => {
  test('counts Hertfordshire as certain in /statistics as at a date after its not-after date, and undecided between', async ({
    app,
    database,
  }) => {
    const { ref, precision } = await hertsRef(database.db);
    expect(precision).toBe('range');
    const stats = async (asAt: string) =>
      (await app.inject({ url: `/api/v1/statistics?asAt=${asAt}&limit=500` })).json<Statistics>().data;
    const after = await stats('2018-12-05');
    expect(after.basis.counted).toContain(ref);
    expect(after.couldChange.map((u) => u.service)).not.toContain('Hertfordshire YOT');
    const between = await stats('2018-10-01');
    expect(between.basis.counted).not.toContain(ref);
    expect(between.couldChange).toContainEqual(
      expect.objectContaining({ service: 'Hertfordshire YOT', reason: 'date-straddles' }),
    );
    // Each bound moves the range: one more certain after, one fewer possible before.
    expect(after.nationalRange.outstanding!.min).toBeGreaterThanOrEqual(1);
    const before = await stats('2018-07-31');
    expect(before.basis.counted).not.toContain(ref);
    // The statistics pages say the same as the API: undecided between the bounds, settled after.
    const settled = cheerio.load((await app.inject({ url: '/statistics/undecided?asAt=2019-06-01' })).body);
    expect(settled('main').text()).not.toContain('Hertfordshire YOT');
    // The list is paged by name: every page, joined.
    let undecided = '';
    for (let page = 1; page <= 20; page++) {
      const res = await app.inject({ url: `/statistics/undecided?asAt=2018-10-01&page=${page}` });
      if (res.statusCode === 404) break;
      undecided += cheerio.load(res.body)('main li').text();
    }
    expect(undecided).toMatch(/Hertfordshire YOT: [^:]*or only between two dates/);
  });

  test('gives the bounds in the API (documented in the schema) and says them on the public pages', async ({
    app,
    database,
  }) => {
    const { ref } = await hertsRef(database.db);
    const res = await app.inject({ url: `/api/v1/inspections/${ref}` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(InspectionDetailOut.safeParse(body.data).success).toBe(true);
    expect(body.data.publication).toEqual({
      value: '2018-08-01/2018-12-05',
      precision: 'range',
      earliest: '2018-08-01',
      latest: '2018-12-05',
    });
    // The sources of both bounds are among the record's sources.
    const urls = JSON.stringify(body.data);
    expect(urls).toContain('https://www.cypnow.co.uk/news/article/inspectors-praise-outstanding-youth-offending-team');
    const html = cheerio.load((await app.inject({ url: `/inspections/${ref}` })).body);
    expect(html('main').text().replace(/\s+/g, ' ')).toContain('between 1 August 2018 and 5 December 2018');
    const openapi = JSON.stringify((await app.inject({ url: '/api/v1/openapi.json' })).json());
    expect(openapi).toContain('not-before');
  });

  test('the store refuses bounds the wrong way round, and a precision it does not know', async ({ database }) => {
    const { ref } = await hertsRef(database.db);
    await expect(
      database.db
        .update(inspections)
        .set({ publicationEarliest: '2018-12-06', publicationLatest: '2018-12-05' })
        .where(eq(inspections.ref, ref)),
    ).rejects.toThrow();
    await expect(
      database.db
        .update(inspections)
        .set({ publicationPrecision: 'between' as never })
        .where(eq(inspections.ref, ref)),
    ).rejects.toThrow();
    const [row] = await database.db
      .select({ earliest: inspections.publicationEarliest, latest: inspections.publicationLatest })
      .from(inspections)
      .where(eq(inspections.ref, ref));
    expect(row).toEqual({ earliest: '2018-08-01', latest: '2018-12-05' });
  });

  test('writes the bounds in the open data (format 1.3) and reads them back', async ({ app, database }) => {
    const { ref } = await hertsRef(database.db);
    const csv = (await app.inject({ url: '/downloads/inspections.csv?asAt=2026-11-22' })).body;
    const row = (parse(csv, { columns: true }) as Record<string, string>[]).find((r) => r.inspection_ref === ref)!;
    expect([row.publication_date, row.publication_not_before, row.publication_not_after]).toEqual([
      '',
      '2018-08-01',
      '2018-12-05',
    ]);
    const json = (await app.inject({ url: '/downloads/inspections.json?asAt=2026-11-22' })).json();
    expect(json.version).toBe('1.4');
  });
});
