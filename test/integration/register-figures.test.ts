import * as cheerio from 'cheerio';
import type { FastifyInstance } from 'fastify';
import { eq, sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { countRatingRange } from '../../src/domain/count-range.ts';
import { londonToday, visibleAsAt } from '../../src/domain/embargo.ts';
import { countBy, latestPerService } from '../../src/domain/register.ts';
import { generateCsv } from '../../src/import/generate.ts';
import { listedServices } from '../../src/services/directory.ts';
import { frameworkRegistry } from '../../src/store/frameworks.ts';
import { issueCorrection } from '../../src/store/publication-repo.ts';
import { listPublicEntries } from '../../src/store/register-repo.ts';
import { publishDue } from '../../src/store/schedule-repo.ts';
import { inspections } from '../../src/store/schema.ts';
import type { Database } from '../../src/store/db.ts';
import { appTest } from '../helpers/app.ts';

/**
 * The register's figures (home, /statistics, /api/v1/statistics) are computed once per change and
 * read back: the pages stay the same size whatever the register's size, say what the register
 * says (the same figures as computing them afresh), and follow every change: an import, a
 * correction, an embargo lifting, the publication job.
 */
const test = appTest({ seed: true, seedNow: new Date('2026-11-22T09:00:00Z') });

const FOUR = ['outstanding', 'good', 'requires_improvement', 'inadequate'] as const;

/** Every page of the statistics API at `query`, its lists joined. */
async function allStatistics(app: FastifyInstance, query: string) {
  type Answer = {
    data: {
      services: number;
      national: Record<string, number>;
      byNation: unknown[];
      byRegion: unknown[];
      basis: { counted: string[]; uncertain: string[]; undated: number };
      nationalRange: Record<string, { min: number; max: number }>;
      couldChange: { service: string; reason: string; candidates: string[] }[];
    };
    links: { next: string | null };
    meta: { limit: number; offset: number; totals: { counted: number; uncertain: number; couldChange: number } };
  };
  const pages: Answer[] = [];
  for (let next: string | null = `/api/v1/statistics?${query}`; next;) {
    const res = await app.inject({ method: 'GET', url: next });
    expect(res.statusCode, next).toBe(200);
    pages.push(res.json<Answer>());
    next = pages.at(-1)!.links.next;
    expect(pages.length).toBeLessThan(1000);
  }
  const first = pages[0]!;
  return {
    pages,
    ...first.data,
    basis: {
      counted: pages.flatMap((p) => p.data.basis.counted),
      uncertain: pages.flatMap((p) => p.data.basis.uncertain),
      undated: first.data.basis.undated,
    },
    couldChange: pages.flatMap((p) => p.data.couldChange),
  };
}

/** The statistics as the API computed them on every request before they were kept: the reference. */
async function computedAfresh(database: Database, asAt: string, now: Date) {
  const db = database.db;
  const [entries, listed] = await Promise.all([listPublicEntries(db, visibleAsAt(asAt, now)), listedServices(db)]);
  const l = latestPerService(entries, asAt);
  const ranges = FOUR.map((r) => countRatingRange(entries, asAt, r, { directory: listed }));
  const couldChange = new Map(ranges.flatMap((r) => r.couldChange).map((u) => [u.serviceId, u]));
  const counts = (list: typeof l.latest) => Object.fromEntries(countBy(list, (e) => e.overall ?? 'none'));
  const regions = [...new Set(l.latest.map((e) => `${e.nation}|${e.region}`))].sort();
  return {
    services: l.latest.length,
    national: counts(l.latest),
    byNation: [...new Set(l.latest.map((e) => e.nation))].sort().map((nation) => {
      const list = l.latest.filter((e) => e.nation === nation);
      return { nation, counts: counts(list), total: list.length };
    }),
    byRegion: regions.map((key) => {
      const [nation, region] = key.split('|') as [string, string];
      const list = l.latest.filter((e) => e.region === region);
      const range = Object.fromEntries(
        FOUR.map((r) => {
          const c = countRatingRange(entries, asAt, r, { region, directory: listed });
          return [r, { min: c.min, max: c.max }];
        }),
      );
      return { region, nation, counts: counts(list), total: list.length, range };
    }),
    basis: {
      counted: l.latest.map((e) => e.ref),
      uncertain: l.uncertain.map((u) => u.possiblyNewer.ref),
      undated: l.undated.length,
    },
    nationalRange: Object.fromEntries(ranges.map((r) => [r.rating, { min: r.min, max: r.max }])),
    couldChange: [...couldChange.values()]
      .sort((a, b) => a.serviceName.localeCompare(b.serviceName))
      .map((u) => ({ service: u.serviceName, reason: u.reason, candidates: u.candidates.map((c) => c.ref) })),
  };
}

const cardCount = (html: string, rating: string) => Number(cheerio.load(html)(`#count-${rating} .app-count`).text());

describe('register figures', () => {
  test('are the figures computed afresh, today and as at a past date, with the lists paged', async ({
    app,
    database,
    clock,
  }) => {
    for (const asAt of ['2025-01-07', londonToday(clock.now())]) {
      const kept = await allStatistics(app, `asAt=${asAt}&limit=7`);
      const fresh = await computedAfresh(database, asAt, clock.now());
      const { pages, ...figures } = kept;
      expect(figures).toMatchObject(fresh);
      // Paged: every page holds at most the limit of each list, and the counts are whole on each.
      expect(pages.length).toBe(Math.ceil(fresh.basis.counted.length / 7));
      for (const p of pages) {
        expect(p.data.basis.counted.length).toBeLessThanOrEqual(7);
        expect(p.data.national).toEqual(fresh.national);
        expect(p.meta.totals.counted).toBe(fresh.basis.counted.length);
        expect(p.meta.totals.couldChange).toBe(fresh.couldChange.length);
      }
      // The home page's cards are the same counts and ranges.
      const home = (await app.inject({ method: 'GET', url: `/?asAt=${asAt}` })).body;
      for (const r of FOUR) expect(cardCount(home, r), r).toBe(fresh.national[r] ?? 0);
      const $ = cheerio.load(home);
      for (const r of FOUR) {
        const { min, max } = fresh.nationalRange[r]!;
        expect($(`#range-${r}`).text(), r).toBe(
          min === max ? '' : `Could be ${min} to ${max}: what the register does not know`,
        );
      }
    }
    // The statistics page shows each region's counts as ranges where the register cannot decide them.
    const fresh7 = await computedAfresh(database, '2025-01-07', clock.now());
    const stats = cheerio.load((await app.inject({ method: 'GET', url: '/statistics?asAt=2025-01-07' })).body);
    const regionRows = stats('#region-table tbody tr');
    expect(regionRows.length).toBe(fresh7.byRegion.length);
    let undecidedRegions = 0;
    fresh7.byRegion.forEach((r, i) => {
      expect(stats(regionRows[i]).find('th').text()).toBe(r.region);
      const cells = stats(regionRows[i]).find('td > span:last-child');
      FOUR.forEach((rating, j) => {
        const { min, max } = r.range[rating]!;
        const n = r.counts[rating] ?? 0;
        expect(cells.eq(j).text(), `${r.region} ${rating}`).toBe(
          min === max ? String(n) : `${n} (could be ${min} to ${max})`,
        );
      });
      if (FOUR.some((rating) => r.range[rating]!.min !== r.range[rating]!.max)) undecidedRegions++;
    });
    // The seed has services the register cannot place as at that date, so some region is undecided.
    expect(undecidedRegions).toBeGreaterThan(0);
    expect(stats('#region-undecided').text()).toContain(`In ${undecidedRegions} region`);
    expect(stats('#region-undecided a').attr('href')).toBe('/statistics/undecided?asAt=2025-01-07');
    // The whole list of services the register cannot place, 50 a page, past the last page a 404.
    const undecided = await app.inject({ method: 'GET', url: '/statistics/undecided?asAt=2025-01-07' });
    expect(undecided.statusCode).toBe(200);
    const fresh = await computedAfresh(database, '2025-01-07', clock.now());
    const listed = cheerio.load(undecided.body)('#list-items li');
    expect(listed.length).toBe(Math.min(50, fresh.couldChange.length));
    expect(listed.first().text()).toMatch(new RegExp(`^${fresh.couldChange[0]!.service.replace(/[()]/g, '.')}: `));
    const beyond = await app.inject({ method: 'GET', url: '/statistics/undecided?asAt=2025-01-07&page=999' });
    expect(beyond.statusCode).toBe(404);
    const bad = await app.inject({ method: 'GET', url: '/api/v1/statistics?cursor=not-issued' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_cursor');
  });

  test('keep the home page the same size whatever the number of services', async ({ app, clock }) => {
    const home = async () => {
      const res = await app.inject({ method: 'GET', url: '/' });
      expect(res.statusCode).toBe(200);
      return res;
    };
    const importServices = async (n: number) => {
      const text = generateCsv(frameworkRegistry(), n, 2, londonToday(clock.now()));
      const { plan } = await app.services.imports.run('cli', { text, file: 'generated.csv' }, true);
      expect(plan.rows.filter((r) => r.action === 'reject')).toEqual([]);
    };
    const N = 150;
    await importServices(N);
    const atN = await home();
    // The same generator's first N services, and 2N more.
    await importServices(3 * N);
    const at3N = await home();
    const services = (html: string) => /([\d,]+) services with a published inspection/.exec(html)![1]!;
    expect(Number(services(at3N.body)) - Number(services(atN.body))).toBe(2 * N);
    const [small, large] = [Buffer.byteLength(atN.body), Buffer.byteLength(at3N.body)];
    // Within 2%: what the page lists inline is bounded (the first few), so 2N more services add no lines.
    expect(Math.abs(large - small) / small).toBeLessThan(0.02);
    // The counts' services are a link to the list of services at that rating, not listed inline.
    const $ = cheerio.load(at3N.body);
    expect($('#basis-good a').attr('href')).toBe('/services?rating=good');
    expect($('a[href^="/inspections/synthetic-"]').length).toBeLessThanOrEqual(20);
  });

  test('follow every change: import, correction, an embargo lifting, the publication job', async ({
    app,
    database,
    build,
    clock,
  }) => {
    const db = database.db;
    const today = () => londonToday(clock.now());
    const figures = async () =>
      (await app.inject({ method: 'GET', url: '/api/v1/statistics?limit=1' })).json<{
        data: { services: number; national: Record<string, number>; basis: { counted: string[] } };
      }>().data;
    const keptForToday = async () =>
      (
        (await db.execute(
          sql`select count(*)::int as n from register_snapshots s
              where s.register_version = (select version from register_state) and s.as_at = ${today()}`,
        )) as unknown as { rows: { n: number }[] }
      ).rows[0]!.n;
    const before = await figures();

    // An import (through the import service, as the upload page does): computed at once, then read.
    const text = generateCsv(frameworkRegistry(), 460, 1, today());
    await app.services.imports.run('cli', { text, file: 'generated.csv' }, true);
    expect(await keptForToday()).toBe(1);
    const imported = await figures();
    expect(imported.services).toBeGreaterThan(before.services);
    expect(imported.services).toBe((await computedAfresh(database, today(), clock.now())).services);

    // A correction of a counted inspection's overall rating moves one service between counts.
    const ref = imported.basis.counted[0]!;
    const [row] = await db.select().from(inspections).where(eq(inspections.ref, ref));
    const from = row!.overallRating!;
    const to = from === 'good' ? 'inadequate' : 'good';
    const admin = await build.account('admin');
    await issueCorrection(db, admin, row!.id, row!.version, 'Rating corrected', { overallRating: to }, clock.now());
    const corrected = await figures();
    expect(corrected.national[from]).toBe(imported.national[from]! - 1);
    expect(corrected.national[to]).toBe((imported.national[to] ?? 0) + 1);

    // An embargo lifting: no write at all, and the figures follow at the instant.
    const at = new Date(clock.now().getTime() + 60_000);
    await build.publishedInspection({
      // Scheduled, as the publication service leaves it (records are otherwise imported as published).
      status: 'scheduled' as 'published',
      publication: { precision: 'day', earliest: londonToday(at), latest: londonToday(at) },
      publishedAt: at,
    });
    expect((await figures()).services).toBe(corrected.services);
    clock.set(at);
    expect((await figures()).services).toBe(corrected.services + 1);

    // The publication job marks it published: a new version of the register, the same figures.
    const version = async () =>
      ((await db.execute(sql`select version from register_state`)) as unknown as { rows: { version: number }[] })
        .rows[0]!.version;
    const v = await version();
    expect(await publishDue(db, clock.now())).toHaveLength(1);
    expect(await version()).toBe(v + 1);
    expect((await figures()).services).toBe(corrected.services + 1);
  });
});
