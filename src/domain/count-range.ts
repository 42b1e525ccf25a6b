import { publishedBy } from './partial-date.ts';
import type { RegisterEntry } from './register.ts';

/**
 * How many services were rated X as at a date, when the register cannot always say.
 *
 * A service's latest rating as at a date is unknown when an inspection's publication date is known
 * only to a month or a year, or only between a not-before and a not-after date, that straddles the
 * date (a bounded record is certain after its not-after date and impossible before its not-before),
 * when an inspection has no known date at all,
 * or when the directory lists a service the register holds no inspection of. Such a service may or
 * may not be at the rating, so the count is a range: `min` counts the services at the rating
 * whatever the unknown dates turn out to be, `max` those that could be. `couldChange` lists the
 * services between the two, each with its reason, so a reader can see what would settle the count.
 *
 * Services are independent of each other, so the bounds are exact: there is a placing of the
 * unknown dates within their bounds that gives `min`, and one that gives `max` (tested against a
 * brute-force enumeration of every placing).
 */
export interface CountRange<E extends RegisterEntry = RegisterEntry> {
  rating: string;
  asAt: string;
  min: number;
  max: number;
  /** Services at the rating whichever way the unknowns fall, with the inspection that rates them. */
  certain: E[];
  /** Services that could be at the rating, or could not, and why. */
  couldChange: Uncertainty<E>[];
}

export type UncertaintyReason =
  /** An inspection's publication is known only to a month or year, or between bounds, that include the date. */
  | 'date-straddles'
  /** An inspection has no known publication date. */
  | 'undated'
  /** The directory lists the service; the register holds no inspection of it published by then. */
  | 'no-record';

export interface Uncertainty<E extends RegisterEntry = RegisterEntry> {
  serviceId: string;
  serviceName: string;
  reason: UncertaintyReason;
  /** The inspections that could be the service's latest as at the date (empty for `no-record`). */
  candidates: E[];
}

/** A service of the directory: it may have no inspection in the register. */
export interface ListedService {
  serviceId: string;
  serviceName: string;
  region: string;
  /** Whether the service existed on the date (a former service is not counted after it ended). */
  existedOn?: (date: string) => boolean;
}

export interface CountOptions {
  /** Services of the directory; those with no inspection make the upper bound larger. */
  directory?: readonly ListedService[];
  /** Only services in this region (case-insensitive), or every service when absent. */
  region?: string | null;
}

/**
 * The inspections that could be a service's latest as at `asAt`, and whether the service could
 * have had no published inspection yet. An inspection is a candidate when some placing of the
 * unknown dates makes it the latest: it can be published by then, and no other inspection is
 * certainly published by then and certainly after it.
 */
export function latestCandidates<E extends RegisterEntry>(
  entries: readonly E[],
  asAt: string,
): { candidates: E[]; maybeNone: boolean } {
  const by = (e: E) => (e.publication ? publishedBy(e.publication, asAt) : 'possible');
  const certain = entries.filter((e) => by(e) === 'certain');
  const candidates = entries.filter((e) => {
    if (by(e) === 'no') return false;
    if (!e.publication) return true;
    const p = e.publication;
    return !certain.some((f) => f !== e && f.publication!.earliest > p.latest);
  });
  return { candidates, maybeNone: certain.length === 0 };
}

/** How many services were rated `rating` as at `asAt` (inclusive), as a range; see CountRange. */
export function countRatingRange<E extends RegisterEntry>(
  entries: readonly E[],
  asAt: string,
  rating: string,
  options: CountOptions = {},
): CountRange<E> {
  const region = options.region?.toLowerCase() ?? null;
  const inRegion = (r: string) => region === null || r.toLowerCase() === region;
  const byService = new Map<string, E[]>();
  for (const e of entries) byService.set(e.serviceId, [...(byService.get(e.serviceId) ?? []), e]);
  // One service may be listed more than once (a service that was replaced by one covering the same
  // areas): it exists on a day when any of its listings does.
  const directory = new Map<string, ListedService>();
  for (const d of options.directory ?? []) {
    const prior = directory.get(d.serviceId);
    directory.set(
      d.serviceId,
      prior
        ? {
            ...prior,
            existedOn: prior.existedOn && d.existedOn ? (day) => prior.existedOn!(day) || d.existedOn!(day) : undefined,
          }
        : d,
    );
  }
  // A service with no inspection could hold the rating only once someone could: before the first
  // inspection at this rating was published (say, before a framework with this scale), none could.
  const firstAt = entries
    .filter((e) => e.overall === rating && e.publication)
    .reduce<string | null>((m, e) => (m === null || e.publication!.earliest < m ? e.publication!.earliest : m), null);
  const couldBeHeld = firstAt !== null && firstAt <= asAt;

  let min = 0;
  let max = 0;
  const certain: E[] = [];
  const couldChange: Uncertainty<E>[] = [];
  for (const [serviceId, list] of byService) {
    const first = list[0]!;
    const listed = directory.get(serviceId);
    if (!inRegion(listed?.region ?? first.region)) continue;
    if (listed?.existedOn && !listed.existedOn(asAt)) continue;
    const { candidates, maybeNone } = latestCandidates(list, asAt);
    if (candidates.length === 0) continue;
    const atRating = candidates.filter((c) => c.overall === rating);
    if (atRating.length === 0) continue;
    max++;
    if (atRating.length === candidates.length && !maybeNone) {
      min++;
      // The newest certain one is the record to cite; all candidates agree on the rating.
      certain.push(newest(candidates));
      continue;
    }
    couldChange.push({
      serviceId,
      serviceName: first.serviceName,
      reason: candidates.some((c) => !c.publication) ? 'undated' : 'date-straddles',
      candidates,
    });
  }
  for (const d of directory.values()) {
    if (!couldBeHeld || byService.has(d.serviceId) || !inRegion(d.region)) continue;
    if (d.existedOn && !d.existedOn(asAt)) continue;
    max++;
    couldChange.push({ serviceId: d.serviceId, serviceName: d.serviceName, reason: 'no-record', candidates: [] });
  }
  const byName = (a: { serviceName: string }, b: { serviceName: string }) => a.serviceName.localeCompare(b.serviceName);
  return { rating, asAt, min, max, certain: certain.sort(byName), couldChange: couldChange.sort(byName) };
}

function newest<E extends RegisterEntry>(list: readonly E[]): E {
  return [...list].sort((a, b) => (a.publication?.latest ?? '').localeCompare(b.publication?.latest ?? '')).at(-1)!;
}

/** Why a service may or may not be in a count, in words for a page or an explanation. */
export const UNCERTAINTY_TEXT: Record<UncertaintyReason, string> = {
  'date-straddles':
    'an inspection published around that date, known only to the month or year, or only between two dates',
  undated: 'an inspection with no known publication date',
  'no-record': 'no inspection in the register known to be published by then',
};

/** "15 to 17" or "15": the range as words for a page or an explanation. */
export function rangeText(r: { min: number; max: number }): string {
  return r.min === r.max ? String(r.min) : `${r.min} to ${r.max}`;
}

/** One row of the rating-counts download: how many services were at a rating in a scope, as a range. */
export interface RatingCountRow {
  as_at: string;
  scope_kind: 'national' | 'region';
  scope: string;
  rating: string;
  certain: string;
  possible: string;
  could_change: string;
  [column: string]: string;
}

/** The name of the whole register's scope in the rating-counts download. */
export const NATIONAL_SCOPE = 'England and Wales';

/**
 * The counts of services at each rating as at a date, nationally and in each region, each as the
 * range `countRatingRange` gives, with the services that make the difference named: the same
 * counts the home and statistics pages show, as a table an analyst can load. Regions are those of
 * the directory and of the register's records; Wales is one region.
 */
export function ratingCountRows<E extends RegisterEntry>(
  entries: readonly E[],
  asAt: string,
  ratings: readonly string[],
  directory: readonly ListedService[] = [],
): RatingCountRow[] {
  const regions = [...new Set([...directory.map((d) => d.region), ...entries.map((e) => e.region)])].sort((a, b) =>
    a.localeCompare(b, 'en'),
  );
  const scopes: [RatingCountRow['scope_kind'], string | null][] = [
    ['national', null],
    ...regions.map((r): [RatingCountRow['scope_kind'], string] => ['region', r]),
  ];
  return scopes.flatMap(([kind, region]) =>
    ratings.map((rating) => {
      const r = countRatingRange(entries, asAt, rating, { region, directory });
      return {
        as_at: asAt,
        scope_kind: kind,
        scope: region ?? NATIONAL_SCOPE,
        rating,
        certain: String(r.min),
        possible: String(r.max),
        could_change: r.couldChange.map((u) => `${u.serviceName} [${u.reason}]`).join('; '),
      };
    }),
  );
}
