import { countRatingRange, type UncertaintyReason } from '../domain/count-range.ts';
import { londonToday, visibleAsAt } from '../domain/embargo.ts';
import { serviceForEachHex } from '../domain/hexmap.ts';
import type { PartialDate } from '../domain/partial-date.ts';
import { latestPerService } from '../domain/register.ts';
import { countByStandard, type StandardRow } from '../domain/standard-statistics.ts';
import { englandAndWalesHexes } from '../store/hexmaps.ts';
import { listPublicEntries, type PublicEntry } from '../store/register-repo.ts';
import { readSnapshot, readSnapshotItems, registerVersionAt, saveSnapshot } from '../store/snapshot-repo.ts';
import { publicStandardRatings } from '../store/standard-ratings-repo.ts';
import type { ServiceContext } from './context.ts';
import { areaCodesByService, listedServices } from './directory.ts';
import { STATISTICS_FRAMEWORKS } from './standards.ts';

/** The four-point scale's ratings, best first: the ratings whose counts are cards and ranges. */
export const FOUR_POINT = ['outstanding', 'good', 'requires_improvement', 'inadequate'] as const;

/** The shape of a snapshot: raised when FiguresSummary or FiguresLists change, so no older shape is read. */
const FORMAT = 'f2';

/** How many of a per-service list a page shows inline before linking to the rest. */
export const FIRST_FEW = 10;

/** Counts by latest overall rating id (`none` for no overall rating; legacy ratings by their own id). */
export type Counts = Record<string, number>;

/** The least and the greatest a count at a rating could be (domain/count-range.ts). */
export interface CountBounds {
  rating: string;
  min: number;
  max: number;
}

/** A service the register cannot place on a rating as at the date, and why (domain/count-range.ts). */
export interface CouldChangeItem {
  serviceId: string;
  service: string;
  reason: UncertaintyReason;
  /** References of the inspections that could be its latest. */
  candidates: string[];
}

/** A service counted by a certain inspection that may have a newer one dated only to a month or year. */
export interface UncertainItem {
  service: string;
  counted: string;
  possiblyNewer: string;
  possiblyNewerPublication: PartialDate | null;
}

/**
 * Every figure the home page, /statistics and /api/v1/statistics show of the register as at a
 * date, and nothing whose size grows with the register: per-service lists are their totals and
 * first few here, and whole in the snapshot's lists (`FiguresLists`), read a page at a time.
 */
export interface FiguresSummary {
  asAt: string;
  /** Services counted (each by its latest inspection certainly published by asAt). */
  services: number;
  byOverall: Counts;
  byNation: { nation: string; counts: Counts; total: number }[];
  /** Each region's counts, and what each four-point count could be there (as `ranges` nationally). */
  byRegion: { region: string; nation: string; counts: Counts; total: number; ranges: CountBounds[] }[];
  /** What each four-point count could be, given what the register does not know. */
  ranges: CountBounds[];
  /** Services between the least and greatest counts (distinct), and the first few by name. */
  couldChange: { total: number; first: CouldChangeItem[] };
  uncertain: { total: number; first: UncertainItem[] };
  undated: number;
  londonOutstanding: number;
  /** Public inspections certainly published by asAt, by year of publication. */
  byYear: { year: number; counts: Counts; total: number }[];
  /** Latest overall ratings as at 1 January of each year since 2019, and as at asAt. */
  trend: { date: string; counts: Counts; total: number }[];
  standards: StandardRow[];
  /** The services the hex map colours (at most one per hex), with their ONS codes. */
  map: { latest: PublicEntry[]; codes: [string, string[]][] };
}

/** The per-service lists behind the summary, each in the order the pages and the API give them. */
export interface FiguresLists {
  /** References of the inspections counted, one per service. */
  counted: string[];
  uncertain: UncertainItem[];
  couldChange: CouldChangeItem[];
}
export type FiguresList = keyof FiguresLists;

const countsOf = (list: readonly PublicEntry[]): Counts => {
  const out: Counts = {};
  for (const e of list) out[e.overall ?? 'none'] = (out[e.overall ?? 'none'] ?? 0) + 1;
  return out;
};

/**
 * Computes the figures from the public register as at `asAt` (entries read at its visible
 * instant), the directory, the areas each service covers and the standard ratings held. The same
 * computation the pages made on every request before the figures were kept.
 */
export function computeFigures(
  entries: PublicEntry[],
  asAt: string,
  inputs: {
    listed: Awaited<ReturnType<typeof listedServices>>;
    codes: ReadonlyMap<string, readonly string[]>;
    standards: StandardRow[];
  },
): { summary: FiguresSummary; lists: FiguresLists } {
  const l = latestPerService(entries, asAt);
  const ranges = FOUR_POINT.map((r) => countRatingRange(entries, asAt, r, { directory: inputs.listed }));
  // A service can be between the bounds of several counts; it is listed once.
  const couldChangeById = new Map(ranges.flatMap((r) => r.couldChange).map((u) => [u.serviceId, u]));
  const couldChange: CouldChangeItem[] = [...couldChangeById.values()]
    .sort((a, b) => a.serviceName.localeCompare(b.serviceName))
    .map((u) => ({
      serviceId: u.serviceId,
      service: u.serviceName,
      reason: u.reason,
      candidates: u.candidates.map((c) => c.ref),
    }));
  const uncertain: UncertainItem[] = l.uncertain.map((u) => ({
    service: u.counted.serviceName,
    counted: u.counted.ref,
    possiblyNewer: u.possiblyNewer.ref,
    possiblyNewerPublication: u.possiblyNewer.publication,
  }));
  const byRegion = [...new Set(l.latest.map((e) => `${e.nation}|${e.region}`))].sort().map((key) => {
    const [nation, region] = key.split('|') as [string, string];
    const list = l.latest.filter((e) => e.region === region);
    const ranges = FOUR_POINT.map((rating) => {
      const r = countRatingRange(entries, asAt, rating, { region, directory: inputs.listed });
      return { rating, min: r.min, max: r.max };
    });
    return { region, nation, counts: countsOf(list), total: list.length, ranges };
  });
  const byNation = [...new Set(l.latest.map((e) => e.nation))].sort().map((nation) => {
    const list = l.latest.filter((e) => e.nation === nation);
    return { nation, counts: countsOf(list), total: list.length };
  });
  // Only inspections whose year of publication is known: one known only between bounds that span a new
  // year (say 2021 to 2025) belongs to no one year, so it is in no year's column (but in every count by date).
  const dated = entries.filter(
    (e) =>
      e.publication &&
      e.publication.latest <= asAt &&
      e.publication.earliest.slice(0, 4) === e.publication.latest.slice(0, 4),
  );
  const yearOf = (e: PublicEntry) => Number(e.publication!.earliest.slice(0, 4));
  const years = [...new Set(dated.map(yearOf))].sort();
  const byYear = years.map((year) => {
    const list = dated.filter((e) => yearOf(e) === year);
    return { year, counts: countsOf(list), total: list.length };
  });
  const firstYear = Math.max(2019, years[0] ?? 2019);
  const trendDates = [
    ...Array.from({ length: Number(asAt.slice(0, 4)) - firstYear + 1 }, (_, i) => `${firstYear + i}-01-01`).filter(
      (d) => d <= asAt,
    ),
    asAt,
  ].filter((d, i, a) => a.indexOf(d) === i);
  const trend = trendDates.map((date) => {
    const latest = latestPerService(entries, date).latest;
    return { date, counts: countsOf(latest), total: latest.length };
  });
  // The map colours each hex by one service: only those services are kept (bounded by geography).
  const hexes = englandAndWalesHexes().hexes;
  const onMap = l.latest.map((e) => ({
    serviceId: e.serviceId,
    serviceName: e.serviceName,
    serviceSlug: e.serviceSlug,
    overall: e.overall,
    codes: [...(inputs.codes.get(e.serviceId) ?? [])],
    published: e.publication?.latest ?? '',
    entry: e,
  }));
  const shown = new Map<string, (typeof onMap)[number]>();
  for (const { service } of serviceForEachHex(hexes, onMap)) if (service) shown.set(service.serviceId, service);
  const summary: FiguresSummary = {
    asAt,
    services: l.latest.length,
    byOverall: countsOf(l.latest),
    byNation,
    byRegion,
    ranges: ranges.map((r) => ({ rating: r.rating, min: r.min, max: r.max })),
    couldChange: { total: couldChange.length, first: couldChange.slice(0, FIRST_FEW) },
    uncertain: { total: uncertain.length, first: uncertain.slice(0, FIRST_FEW) },
    undated: l.undated.length,
    londonOutstanding: l.latest.filter((e) => e.region === 'London' && e.overall === 'outstanding').length,
    byYear,
    trend,
    standards: inputs.standards,
    map: {
      latest: [...shown.values()].map((s) => s.entry),
      codes: [...shown.values()].map((s) => [s.serviceId, s.codes]),
    },
  };
  return { summary, lists: { counted: l.latest.map((e) => e.ref), uncertain, couldChange } };
}

/**
 * The register's figures, computed once per change and read back in constant time. A snapshot is
 * kept in the database under a key naming the register's version (raised by every publication,
 * correction, import and scheduling change, in its own transaction) and the last embargo lifted
 * (an inspection becomes public at its instant with no write), so every instance reads the same
 * snapshot, and none is ever read after what it was computed from has changed. Today's figures are
 * computed as soon as a change is made (`refresh`); other dates when first asked for, and kept
 * (at most MAX_SNAPSHOTS of them, the oldest computed going first).
 */
export function registerFiguresService(ctx: ServiceContext) {
  const db = () => ctx.database.db;
  // Requests that find no snapshot for a key wait for one computation of it, not one each.
  const inFlight = new Map<string, Promise<FiguresSummary & { key: string }>>();

  async function compute(asAt: string, visibleAt: Date): Promise<{ summary: FiguresSummary; lists: FiguresLists }> {
    const [entries, listed, codes, ratings] = await Promise.all([
      listPublicEntries(db(), visibleAt),
      listedServices(db()),
      areaCodesByService(db()),
      publicStandardRatings(db(), visibleAt),
    ]);
    const frameworks = ctx.frameworks();
    const wanted = STATISTICS_FRAMEWORKS.flatMap((id) => (frameworks.has(id) ? [frameworks.get(id)!] : []));
    const standards = countByStandard(wanted, latestPerService(entries, asAt).latest, ratings);
    return computeFigures(entries, asAt, { listed, codes, standards });
  }

  /** The figures as at a date (default today), with the key of the snapshot they were read from. */
  async function figures(asAt?: string): Promise<FiguresSummary & { key: string }> {
    const now = ctx.now();
    const date = asAt ?? londonToday(now);
    const visibleAt = visibleAsAt(date, now);
    // The key is read before the register, so what is stored under it is never older than it says.
    const { version, lifted } = await registerVersionAt(db(), visibleAt);
    const key = `${FORMAT}|${version}|${lifted}|${date}`;
    const kept = await readSnapshot<FiguresSummary>(db(), key);
    if (kept) return { ...kept, key };
    const running = inFlight.get(key);
    if (running) return running;
    const work = (async () => {
      const { summary, lists } = await compute(date, visibleAt);
      await saveSnapshot(db(), { key, version, asAt: date, summary, lists: { ...lists } }, ctx.now());
      return { ...summary, key };
    })().finally(() => inFlight.delete(key));
    inFlight.set(key, work);
    return work;
  }

  return {
    figures,
    /** A page of one of the lists behind the figures read as `key` (from `figures`). */
    list: <L extends FiguresList>(key: string, list: L, offset: number, limit: number) =>
      readSnapshotItems<FiguresLists[L][number]>(db(), key, list, offset, limit),
    /**
     * Computes today's figures now, after a change, so the next visitor reads them rather than
     * waiting for them. Nothing depends on it having run: the first request computes them otherwise.
     */
    refresh: async (): Promise<void> => {
      await figures();
    },
  };
}
export type RegisterFiguresService = ReturnType<typeof registerFiguresService>;
