import { countRatingRange, rangeText, UNCERTAINTY_TEXT, type ListedService } from '../../domain/count-range.ts';
import { countBy, latestPerService, type LatestAsAt } from '../../domain/register.ts';
import type { PublicEntry } from '../../store/register-repo.ts';
import { FOUR_POINT_ORDER, partialDate, ratingLabel } from '../view-helpers.ts';

export interface HomeViewModel {
  title: string;
  asAt: string;
  isToday: boolean;
  totalServices: number;
  /** `range` is set when the register cannot decide the count ("14 to 17"). */
  cards: { rating: string; label: string; count: number; share: string; range: string | null }[];
  noOverall: number;
  regions: { region: string; nation: string; counts: number[]; total: number; outstandingServices: string }[];
  nations: { nation: string; counts: number[]; total: number }[];
  basis: {
    rating: string;
    label: string;
    items: { name: string; slug: string; ref: string; published: string; region: string }[];
  }[];
  uncertain: { service: string; counted: string; possiblyNewer: string; possibleDate: string }[];
  undatedCount: number;
  /** Services whose latest rating as at the date the register cannot tell, and why. */
  unknown: { name: string; why: string }[];
  headlines: string[];
}

const share = (n: number, total: number) => (total ? `${Math.round((n * 100) / total)}%` : '0%');

export function homeViewModel(
  entries: PublicEntry[],
  asAt: string,
  isToday: boolean,
  listed: readonly ListedService[] = [],
): HomeViewModel {
  const l: LatestAsAt<PublicEntry> = latestPerService(entries, asAt);
  // What each count could be, given what the register does not know (see domain/count-range.ts).
  const ranges = new Map(FOUR_POINT_ORDER.map((r) => [r, countRatingRange(entries, asAt, r, { directory: listed })]));
  const unknown = new Map<string, { name: string; why: string }>();
  for (const range of ranges.values())
    for (const u of range.couldChange)
      unknown.set(u.serviceId, { name: u.serviceName, why: UNCERTAINTY_TEXT[u.reason] });
  const rated = l.latest.filter((e) => e.overall);
  const byRating = countBy(rated, (e) => e.overall!);
  const total = l.latest.length;
  const countsFor = (list: PublicEntry[]) => FOUR_POINT_ORDER.map((r) => list.filter((e) => e.overall === r).length);
  const regionNames = [...new Set(l.latest.map((e) => `${e.nation}|${e.region}`))].sort();
  const regions = regionNames.map((key) => {
    const [nation, region] = key.split('|') as [string, string];
    const list = l.latest.filter((e) => e.region === region);
    return {
      region,
      nation,
      counts: countsFor(list),
      total: list.length,
      outstandingServices: list
        .filter((e) => e.overall === 'outstanding')
        .map((e) => e.serviceName)
        .join(', '),
    };
  });
  const nations = [...new Set(l.latest.map((e) => e.nation))].sort().map((nation) => {
    const list = l.latest.filter((e) => e.nation === nation);
    return { nation, counts: countsFor(list), total: list.length };
  });
  const outstanding = byRating.get('outstanding') ?? 0;
  const london = l.latest.filter((e) => e.region === 'London' && e.overall === 'outstanding').length;
  return {
    title: 'Youth justice service ratings',
    asAt,
    isToday,
    totalServices: total,
    cards: FOUR_POINT_ORDER.map((r) => ({
      rating: r,
      label: ratingLabel(r),
      count: byRating.get(r) ?? 0,
      share: share(byRating.get(r) ?? 0, rated.length),
      range: ranges.get(r)!.min === ranges.get(r)!.max ? null : rangeText(ranges.get(r)!),
    })),
    noOverall: total - rated.length,
    regions,
    nations,
    basis: [...FOUR_POINT_ORDER, null].map((r) => ({
      rating: r ?? 'none',
      label: r ? ratingLabel(r) : 'No overall rating (legacy framework)',
      items: l.latest
        .filter((e) => e.overall === r)
        .map((e) => ({
          name: e.serviceName,
          slug: e.serviceSlug,
          ref: e.ref,
          published: partialDate(e.publication),
          region: e.region,
        })),
    })),
    uncertain: l.uncertain.map((u) => ({
      service: u.counted.serviceName,
      counted: u.counted.ref,
      possiblyNewer: u.possiblyNewer.ref,
      possibleDate: partialDate(u.possiblyNewer.publication),
    })),
    undatedCount: l.undated.length,
    unknown: [...unknown.values()].sort((a, b) => a.name.localeCompare(b.name)),
    headlines: [
      `${outstanding} ${outstanding === 1 ? 'service is' : 'services are'} rated Outstanding nationally, ` +
        `${london} of them in London.`,
    ],
  };
}
