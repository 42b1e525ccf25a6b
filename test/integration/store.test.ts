import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { seedIfEmpty } from '../../src/setup/bootstrap.ts';
import { frameworkRegistry } from '../../src/store/frameworks.ts';
import { loadSeedRecords } from '../../src/import/seed.ts';
import { countRows, migrate, openDatabase } from '../../src/store/db.ts';
import { saveRecords } from '../../src/store/records-repo.ts';
import {
  getInspectionByRef,
  getServiceBySlug,
  listPublicEntries,
  listServices,
  type ServiceListFilters,
} from '../../src/store/register-repo.ts';
import { inspections } from '../../src/store/schema.ts';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db.ts';
import { findServices, serviceSearch } from '../../src/services/search.ts';

const NOW = new Date('2026-11-22T12:00:00Z');
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ seed: true, now: NOW });
});
afterAll(async () => t?.drop());

const filters = (over: Partial<ServiceListFilters> = {}): ServiceListFilters => ({
  ratings: [],
  regions: [],
  nations: [],
  frameworks: [],
  q: '',
  sort: 'name',
  page: 1,
  pageSize: 25,
  ...over,
  // What was typed decides the search, as on the services page.
  search: serviceSearch(over.q ?? ''),
});

describe(`store on ${onPostgres ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('refuses, in the database itself, a value its typed columns do not know', async () => {
    const [one] = await t.db.select({ id: inspections.id }).from(inspections).limit(1);
    for (const [column, value] of [
      ['status', 'publishd'],
      ['publication_precision', 'week'],
      ['overall_source', 'guessed'],
    ] as const) {
      await expect(
        t.db.execute(sql`update inspections set ${sql.identifier(column)} = ${value} where id = ${one!.id}`),
        column,
      ).rejects.toThrow();
    }
    await expect(t.db.execute(sql`update services set nation = 'Scotland'`)).rejects.toThrow();
    await expect(t.db.execute(sql`update standard_ratings set source = 'rumour'`)).rejects.toThrow();
    // Nothing was changed by the refused statements.
    expect(
      (await t.db.execute(
        sql`select count(*)::int as n from services where nation not in ('England', 'Wales')`,
      )) as unknown,
    ).toMatchObject({ rows: [{ n: 0 }] });
  });

  it('migrates and seeds: every framework, every rated data-set row', async () => {
    expect(await countRows(t.db, 'inspections')).toBe(181);
    expect(await countRows(t.db, 'services')).toBe(148);
    const fws = (await t.db.execute(sql`select id from frameworks order by id`)) as unknown as {
      rows: { id: string }[];
    };
    expect(fws.rows.map((r) => r.id)).toEqual([...frameworkRegistry().keys()].sort());
  });

  it('re-running migrations and the seed changes nothing', async () => {
    await migrate(t);
    expect(await seedIfEmpty(t, NOW)).toBeNull();
    expect(await countRows(t.db, 'inspections')).toBe(181);
  });

  it('saving the same records again updates in place, never duplicates', async () => {
    const { records } = loadSeedRecords(frameworkRegistry(), NOW);
    const bromley = records.filter((r) => r.ref.startsWith('bromley-'));
    const report = await saveRecords(t.db, new Date(), bromley);
    expect(report).toMatchObject({ inspectionsCreated: 0, inspectionsUpdated: 3, servicesCreated: 0 });
    expect(await countRows(t.db, 'inspections')).toBe(181);
    const d = await getInspectionByRef(t.db, 'bromley-2025', NOW);
    // As many ratings as the record holds (the seed documents' and the published ones added), none twice.
    expect(d!.ratings).toHaveLength(bromley.find((r) => r.ref === 'bromley-2025')!.standardRatings.length);
    expect(d!.recommendations).toHaveLength(3);
    expect(d!.inspection.version).toBe(2);
  });

  it('a transaction whose first statement fails gives its connection back to the pool', async (ctx) => {
    // Only PostgreSQL has a pool to exhaust. A `begin` the server refuses stands for one sent on a
    // connection that died between checkout and the first statement (a database restart).
    if (!t.url) return ctx.skip();
    const database = await openDatabase({ databaseUrl: t.url });
    try {
      const refusedBegin = { isolationLevel: 'no such level' } as unknown as { isolationLevel: 'serializable' };
      // More failures than the pool has connections (10): each one used to keep its client.
      for (let i = 0; i < 12; i++) {
        await expect(database.db.transaction(async () => 1, refusedBegin)).rejects.toThrow();
      }
      const [one] = await database.db.transaction((tx) =>
        tx
          .select({ n: sql<number>`1` })
          .from(inspections)
          .limit(1),
      );
      expect(one).toEqual({ n: 1 });
    } finally {
      // Closing waits for every checked-out client: before the fix this never finished.
      await Promise.race([
        database.close(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('the pool did not close')), 5000)),
      ]);
    }
  });

  it('a failed write leaves nothing behind (one transaction)', async () => {
    const { records } = loadSeedRecords(frameworkRegistry(), NOW);
    const fresh = {
      ...records[0]!,
      ref: 'zz-new-2030',
      standardRatings: [
        { standardId: 'x', rating: 'good', status: 'rated' as const, source: 'published' as const },
        { standardId: 'x', rating: 'good', status: 'rated' as const, source: 'published' as const },
      ],
    };
    await expect(saveRecords(t.db, new Date(), [fresh])).rejects.toThrow();
    expect(await t.db.select().from(inspections).where(eq(inspections.ref, 'zz-new-2030'))).toEqual([]);
  });

  it('reads the Bromley inspection back with its ratings, recommendations, findings and discrepancies', async () => {
    const d = (await getInspectionByRef(t.db, 'bromley-2025', NOW))!;
    expect(d.service.slug).toBe('bromley');
    expect(d.inspection).toMatchObject({
      overallRating: 'outstanding',
      score: 33,
      scoreMax: 36,
      frameworkId: 'hmip-youth-2021',
    });
    expect(d.inspection.publication).toEqual({ precision: 'day', earliest: '2025-01-07', latest: '2025-01-07' });
    expect(d.areas).toEqual([expect.objectContaining({ name: 'Bromley', onsCode: 'E09000006' })]);
    expect(d.findings.length).toBeGreaterThan(3);
    expect(d.discrepancies.map((x) => x.field)).toContain('publication');
  });

  it('lists services with filters, sorting and paging in the database', async () => {
    const london = await listServices(t.db, NOW, filters({ regions: ['London'], ratings: ['outstanding'] }));
    expect(london.rows.every((r) => r.region === 'London' && r.overall === 'outstanding')).toBe(true);
    expect(london.rows.map((r) => r.slug)).toContain('bromley');
    const all = await listServices(t.db, NOW, filters({ pageSize: 1000 }));
    expect(all.total).toBe(all.rows.length);
    const page2 = await listServices(t.db, NOW, filters({ page: 2 }));
    expect(page2.rows[0]!.name).toBe(all.rows[25]!.name);
    const byRating = await listServices(t.db, NOW, filters({ sort: 'rating', pageSize: 1000 }));
    const order = ['outstanding', 'good', 'requires_improvement', 'inadequate', null];
    const ranks = byRating.rows.map((r) => order.indexOf(r.overall));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const newest = await listServices(t.db, NOW, filters({ sort: '-published', pageSize: 3 }));
    expect(newest.rows[0]!.publication!.latest >= newest.rows[1]!.publication!.latest).toBe(true);
    const wales = await listServices(t.db, NOW, filters({ nations: ['Wales'], pageSize: 1000 }));
    expect(wales.rows.every((r) => r.nation === 'Wales')).toBe(true);
    expect(wales.total).toBeGreaterThan(5);
  });

  it('finds services by name, former name or area, treating % and _ literally', async () => {
    expect((await listServices(t.db, NOW, filters({ q: 'bromley yos' }))).rows.map((r) => r.slug)).toEqual(['bromley']);
    expect((await listServices(t.db, NOW, filters({ q: 'Rhondda' }))).rows.map((r) => r.slug)).toEqual(['cwm-taf']);
    expect((await listServices(t.db, NOW, filters({ q: '%' }))).total).toBe(0);
    expect((await listServices(t.db, NOW, filters({ q: '_' }))).total).toBe(0);
  });

  it('finds a service by any name: full, short, council style, an area name, an ONS code, a slight misspelling', async () => {
    const slugs = async (q: string) =>
      (await findServices(t.db, NOW, filters({ q, pageSize: 1000 }))).rows.map((r) => r.slug);
    for (const q of [
      'Bromley Youth Justice Service',
      'Bromley Youth Offending Service',
      'Bromley YOS',
      'Bromley YJS',
      'London Borough of Bromley',
      'E09000006',
      'e09000006',
      'Bromly',
      'Bromly YOS',
      'bromley',
    ])
      expect(await slugs(q), q).toEqual(['bromley']);
    // An area's name or code finds the service that covers it, with others.
    expect(await slugs('Herefordshire')).toEqual(['west-mercia']);
    expect(await slugs('E06000019')).toEqual(['west-mercia']);
    expect(await slugs('Merthyr Tydfil')).toEqual(['cwm-taf']);
    expect(await slugs('Merthyr Tydfill')).toEqual(['cwm-taf']);
    // A different place sharing some letters is not a misspelling of it.
    expect(await slugs('Brent')).not.toContain('bromley');
    expect(await slugs('Zzyzx')).toEqual([]);
  });

  it('shows the service history newest first across frameworks', async () => {
    const s = (await getServiceBySlug(t.db, 'bromley', NOW))!;
    expect(s.inspections.map((i) => i.ref)).toEqual(['bromley-2025', 'bromley-2017', 'bromley-2015']);
    expect(s.inspections.map((i) => i.frameworkId)).toEqual(['hmip-youth-2021', 'hmip-youth-fji', 'hmip-youth-fji']);
  });

  it('hides an inspection until its embargo time, everywhere the register reads', async () => {
    const { records } = loadSeedRecords(frameworkRegistry(), NOW);
    const at = new Date('2027-03-02T00:01:00Z');
    const future = {
      ...records.find((r) => r.ref === 'bexley-2024')!,
      ref: 'bexley-2027',
      publication: { precision: 'day' as const, earliest: '2027-03-02', latest: '2027-03-02' },
      publishedAt: at,
      overall: { rating: 'outstanding', source: 'published' as const },
    };
    await saveRecords(t.db, new Date(), [future]);
    onTestFinished(async () => {
      await t.db.delete(inspections).where(eq(inspections.ref, 'bexley-2027'));
    });
    const before = new Date(at.getTime() - 1000);
    expect(await getInspectionByRef(t.db, 'bexley-2027', before)).toBeNull();
    expect((await getServiceBySlug(t.db, 'bexley', before))!.inspections.map((i) => i.ref)).not.toContain(
      'bexley-2027',
    );
    expect((await listPublicEntries(t.db, before)).some((e) => e.ref === 'bexley-2027')).toBe(false);
    expect((await listServices(t.db, before, filters({ q: 'bexley' }))).rows[0]!.latestRef).toBe('bexley-2024');
    expect(await getInspectionByRef(t.db, 'bexley-2027', at)).not.toBeNull();
    expect((await listServices(t.db, at, filters({ q: 'bexley' }))).rows[0]!).toMatchObject({
      latestRef: 'bexley-2027',
      overall: 'outstanding',
    });
  });
});

describe.runIf(onPostgres)('several app instances on one PostgreSQL', () => {
  it('two instances starting at once migrate and seed exactly once', async () => {
    const empty = await createTestDatabase();
    const opened: Awaited<ReturnType<typeof openDatabase>>[] = [];
    onTestFinished(async () => {
      for (const d of opened) await d.close();
      await empty.drop().catch(() => {});
    });
    await empty.close();
    const a = await openDatabase({ databaseUrl: empty.url });
    opened.push(a);
    const b = await openDatabase({ databaseUrl: empty.url });
    opened.push(b);
    await Promise.all([migrate(a), migrate(b)]);
    const reports = await Promise.all([seedIfEmpty(a, NOW), seedIfEmpty(b, NOW)]);
    expect(reports.filter((r) => r !== null)).toHaveLength(1);
    expect(await countRows(a.db, 'inspections')).toBe(181);
  });
});
