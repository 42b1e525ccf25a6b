import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import { eq, sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { COUNTED_KINDS } from '../../src/domain/inspection-record.ts';
import { londonToday } from '../../src/domain/embargo.ts';
import { DEFAULT_RETENTION } from '../../src/domain/retention.ts';
import { generateCsv } from '../../src/import/generate.ts';
import { runRetentionNow } from '../../src/jobs/retention.ts';
import { MIGRATIONS_DIR, type Db } from '../../src/store/db.ts';
import { frameworkRegistry } from '../../src/store/frameworks.ts';
import { issueCorrection } from '../../src/store/publication-repo.ts';
import { listServices, type ServiceListFilters } from '../../src/store/register-repo.ts';
import { publishDue } from '../../src/store/schedule-repo.ts';
import { inspections, services } from '../../src/store/schema.ts';
import { listingCurrentAt, registerChanged } from '../../src/store/service-listing-repo.ts';
import { bumpRegisterVersion } from '../../src/store/snapshot-repo.ts';
import { appTest } from '../helpers/app.ts';

/**
 * `service_listing` (each service's latest published inspection, with what the services list
 * filters and sorts on) and its counts are kept in the transaction of every change: after each kind
 * of change they equal the same thing computed from scratch from the inspections, and the services
 * list read from them says what the list read from the inspections says. An embargoed inspection
 * is on no list before its instant.
 */
const test = appTest({ seed: true, seedNow: new Date('2026-11-22T09:00:00Z') });

type Row = Record<string, unknown>;
const rowsOf = async (db: Db, q: ReturnType<typeof sql>) => ((await db.execute(q)) as unknown as { rows: Row[] }).rows;

const RANK: Record<string, number> = { outstanding: 0, good: 1, requires_improvement: 2, inadequate: 3 };

/** Each service's latest public inspection and its count of public inspections at `now`, in JavaScript. */
async function fromScratch(db: Db, now: Date) {
  const all = await db
    .select({ i: inspections, s: services })
    .from(inspections)
    .innerJoin(services, eq(services.id, inspections.serviceId));
  const pub = all.filter(
    ({ i }) => (i.status === 'published' || i.status === 'scheduled') && i.publishedAt && i.publishedAt <= now,
  );
  const newer = (a: (typeof all)[number]['i'], b: (typeof all)[number]['i']) => {
    const [x, y] = [a.publicationLatest ?? '', b.publicationLatest ?? ''];
    if (x !== y) return !x ? false : !y ? true : x > y;
    const [p, q] = [a.publishedAt!.getTime(), b.publishedAt!.getTime()];
    return p !== q ? p > q : a.ref > b.ref;
  };
  const latest = new Map<string, (typeof all)[number]>();
  const count = new Map<string, number>();
  for (const r of pub) {
    count.set(r.s.id, (count.get(r.s.id) ?? 0) + 1);
    if (!(COUNTED_KINDS as readonly string[]).includes(r.i.kind)) continue;
    const held = latest.get(r.s.id);
    if (!held || newer(r.i, held.i)) latest.set(r.s.id, r);
  }
  const listing = [...latest.values()]
    .map(({ i, s }) => ({
      service_id: s.id,
      ref: i.ref,
      slug: s.slug,
      name: s.name,
      region: s.region,
      nation: s.nation,
      framework_id: i.frameworkId,
      overall_rating: i.overallRating,
      rating_rank: RANK[i.overallRating ?? ''] ?? 4,
      score: i.score,
      publication_latest: i.publicationLatest,
      inspection_count: count.get(s.id)!,
    }))
    .sort((a, b) => a.service_id.localeCompare(b.service_id));
  const groups = new Map<string, number>();
  for (const l of listing) {
    const k = [l.overall_rating ?? '', l.region, l.nation, l.framework_id].join('|');
    groups.set(k, (groups.get(k) ?? 0) + 1);
  }
  return { listing, counts: [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)) };
}

/** What is kept, in the same shape. */
async function kept(db: Db) {
  const listing = (
    await rowsOf(
      db,
      sql`select service_id, ref, slug, name, region, nation, framework_id, overall_rating, rating_rank, score,
                 publication_latest::text as publication_latest, inspection_count
          from service_listing order by service_id`,
    )
  ).sort((a, b) => String(a.service_id).localeCompare(String(b.service_id)));
  const counts = (await rowsOf(db, sql`select overall, region, nation, framework_id, n from service_listing_counts`))
    .map((c) => [[c.overall, c.region, c.nation, c.framework_id].join('|'), Number(c.n)] as [string, number])
    .sort(([a], [b]) => a.localeCompare(b));
  return { listing, counts };
}

const filters = (over: Partial<ServiceListFilters> = {}): ServiceListFilters => ({
  ratings: [],
  regions: [],
  nations: [],
  frameworks: [],
  q: '',
  search: null,
  sort: 'name',
  page: 1,
  pageSize: 25,
  ...over,
});

describe('the services listing', () => {
  test('equals a computation from scratch after an import, a correction, the publication job at its instant and retention', async ({
    app,
    database,
    build,
    clock,
  }) => {
    const db = database.db;
    const check = async (what: string) => {
      expect(await listingCurrentAt(db, clock.now()), `${what}: the listing is current`).toBe(true);
      const [a, b] = [await kept(db), await fromScratch(db, clock.now())];
      expect(a.listing, what).toEqual(b.listing);
      expect(a.counts, what).toEqual(b.counts);
      // A filtered, sorted page and its total, from the listing, as the JavaScript order gives them.
      const good = b.listing
        .filter((l) => l.overall_rating === 'good' && l.nation === 'England')
        .sort((x, y) => x.rating_rank - y.rating_rank || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
      const page = await listServices(
        db,
        clock.now(),
        filters({ ratings: ['good'], nations: ['England'], sort: 'rating', pageSize: 10, page: 2 }),
      );
      expect(page.total, what).toBe(good.length);
      expect(
        page.rows.map((r) => r.slug),
        what,
      ).toEqual(good.slice(10, 20).map((l) => l.slug));
      expect(
        page.rows.map((r) => r.inspectionCount),
        what,
      ).toEqual(good.slice(10, 20).map((l) => l.inspection_count));
    };
    // Every write of the register keeps it: the seed and the directory's are the first.
    await check('after the seed');

    // An import: new services, and more inspections of the services it already holds.
    const text = generateCsv(frameworkRegistry(), 120, 3, londonToday(clock.now()));
    const { plan } = await app.services.imports.run('cli', { text, file: 'generated.csv' }, true);
    expect(plan.rows.filter((r) => r.action === 'reject')).toEqual([]);
    await check('after an import');
    const again = generateCsv(frameworkRegistry(), 140, 4, londonToday(clock.now()));
    await app.services.imports.run('cli', { text: again, file: 'generated-2.csv' }, true);
    await check('after a second import over the first');

    // A correction of a service's latest rating moves it between counts and sort positions. The
    // service is one whose latest was certainly published before today, so the newer inspection
    // scheduled below is its latest (one known only to this year, such as a seeded "2026", may
    // be later than today and would stay the latest).
    const [latest] = await rowsOf(
      db,
      sql`select inspection_id, overall_rating from service_listing
          where publication_latest < ${londonToday(clock.now())}::date order by service_id limit 1`,
    );
    const [row] = await db
      .select()
      .from(inspections)
      .where(eq(inspections.id, latest!.inspection_id as string));
    const admin = await build.account('admin');
    const to = row!.overallRating === 'good' ? 'inadequate' : 'good';
    await issueCorrection(db, admin, row!.id, row!.version, 'Rating corrected', { overallRating: to }, clock.now());
    await check('after a correction');

    // The publication job at the embargo's instant: a newer inspection of a listed service.
    const at = new Date(clock.now().getTime() + 60_000);
    const [svc] = await db.select().from(services).where(eq(services.id, row!.serviceId));
    const { ref } = await build.publishedInspection({
      status: 'scheduled' as 'published',
      service: {
        name: svc!.name,
        formerNames: [],
        areas: svc!.areaKey.split('; ').map((name) => ({ name, onsCode: null })),
        region: svc!.region,
        nation: svc!.nation,
      },
      serviceSlug: svc!.slug,
      overall: { rating: 'outstanding', source: 'published' },
      publication: { precision: 'day', earliest: londonToday(at), latest: londonToday(at) },
      publishedAt: at,
    });
    await check('with an inspection scheduled');
    const listed = async () => (await rowsOf(db, sql`select ref from service_listing`)).map((r) => r.ref);
    expect(await listed()).not.toContain(ref);
    clock.set(at);
    // Its instant has come and the job has not run: the listing is not what the public sees, so
    // the list is read from the inspections (and already shows it).
    expect(await listingCurrentAt(db, clock.now())).toBe(false);
    const search = filters({ sort: 'rating', ratings: ['outstanding'], pageSize: 100000 });
    expect((await listServices(db, clock.now(), search)).rows.map((r) => r.latestRef)).toContain(ref);
    expect(await publishDue(db, clock.now())).toHaveLength(1);
    expect(await listed()).toContain(ref);
    await check('after the publication job');

    // Retention deletes working data, never what the register publishes.
    await runRetentionNow(db, DEFAULT_RETENTION, clock.now(), { dryRun: false, trigger: 'command' });
    await check('after retention');
    // Two imports and a from-scratch comparison after each change: minutes on a loaded machine.
  }, 240_000);

  test('keep an embargoed inspection off /services until its instant, then list it', async ({
    app,
    database,
    build,
    clock,
  }) => {
    const at = new Date(clock.now().getTime() + 3_600_000);
    const name = 'Embargoed Listing Test YJS';
    await build.publishedInspection({
      status: 'scheduled' as 'published',
      service: {
        name,
        formerNames: [],
        areas: [{ name: 'Embargoed Listing Area', onsCode: null }],
        region: 'London',
        nation: 'England',
      },
      overall: { rating: 'inadequate', source: 'published' },
      publication: { precision: 'day', earliest: londonToday(at), latest: londonToday(at) },
      publishedAt: at,
    });
    const names = async (url: string) => {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      return cheerio.load(res.body)('main').text();
    };
    const lists = ['/services?sort=-published', '/services?rating=inadequate&region=London', '/services?sort=name'];
    clock.set(new Date(at.getTime() - 1));
    for (const url of lists.slice(0, 2)) expect(await names(url), url).not.toContain(name);
    clock.set(at);
    // At the instant, before the publication job has run, and after it.
    for (const url of lists.slice(0, 2)) expect(await names(url), url).toContain(name);
    await publishDue(database.db, clock.now());
    for (const url of lists.slice(0, 2)) expect(await names(url), url).toContain(name);
  });

  test('a listing left behind is rebuilt whole by the next change, whatever that change touched', async ({
    database,
    clock,
  }) => {
    const db = database.db;
    const [last] = await rowsOf(db, sql`select max(published_at) as t from inspections where status = 'published'`);
    if (last?.t && new Date(last.t as string) > clock.now()) clock.set(new Date(last.t as string));
    // A write that moved the version alone, over a listing that had lost its rows.
    await db.execute(sql`delete from service_listing_counts`);
    await db.execute(sql`delete from service_listing`);
    await bumpRegisterVersion(db, clock.now());
    expect(await listingCurrentAt(db, clock.now())).toBe(false);
    // The next change names no service (a thematic inspection, say): the listing is rebuilt anyway.
    await db.transaction((tx) => registerChanged(tx, clock.now(), []));
    expect(await listingCurrentAt(db, clock.now())).toBe(true);
    const [a, b] = [await kept(db), await fromScratch(db, clock.now())];
    expect(a.listing.length).toBeGreaterThan(0);
    expect(a.listing).toEqual(b.listing);
    expect(a.counts).toEqual(b.counts);
  });

  test('is filled by its migration from the register as it stood', async ({ database, clock }) => {
    const db = database.db;
    // After the file's other tests, whose publications are later than this test's clock.
    const [last] = await rowsOf(db, sql`select max(published_at) as t from inspections where status = 'published'`);
    if (last?.t && new Date(last.t as string) > clock.now()) clock.set(new Date(last.t as string));
    await db.execute(sql`delete from service_listing_counts`);
    await db.execute(sql`delete from service_listing`);
    await db.execute(sql`update register_state set listing_version = -1`);
    expect(await listingCurrentAt(db, clock.now())).toBe(false);
    // The migration's hand-written statements: the backfill of both tables and the version stamp.
    const statements = readFileSync(join(MIGRATIONS_DIR, '0024_service_listing.sql'), 'utf8')
      .split('--> statement-breakpoint')
      .filter((q) => /^\s*(--[^\n]*\n\s*)*(INSERT|UPDATE)/i.test(q));
    expect(statements).toHaveLength(3);
    for (const q of statements) await db.execute(sql.raw(q));
    expect(await listingCurrentAt(db, clock.now())).toBe(true);
    const [a, b] = [await kept(db), await fromScratch(db, clock.now())];
    expect(a.listing.length).toBeGreaterThan(0);
    expect(a.listing).toEqual(b.listing);
    expect(a.counts).toEqual(b.counts);
  });
});
