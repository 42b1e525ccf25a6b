import { FOUR_POINT, type FiguresSummary } from '../../services/register-figures.ts';
import { t } from '../i18n.ts';
import { partialDate, placeName, queryString, ratingLabel } from '../view-helpers.ts';

export interface HomeViewModel {
  title: string;
  asAt: string;
  isToday: boolean;
  totalServices: number;
  /** `range` is set when the register cannot decide the count ("14 to 17"). */
  cards: { rating: string; label: string; count: number; share: string; range: string | null }[];
  noOverall: number;
  regions: { region: string; nation: string; counts: number[]; total: number }[];
  nations: { nation: string; counts: number[]; total: number }[];
  /** How many services each count rests on, and where they are listed (a page of /services). */
  basis: { rating: string; label: string; count: number; href: string }[];
  /** The first few services that may have a newer inspection, of `uncertainTotal`. */
  uncertain: { service: string; counted: string; possiblyNewer: string; possibleDate: string }[];
  uncertainTotal: number;
  undatedCount: number;
  /** The first few services whose latest rating as at the date the register cannot tell, and why. */
  unknown: { name: string; why: string }[];
  unknownTotal: number;
  /** Where the whole lists are, a page at a time. */
  links: { unknown: string; uncertain: string };
  headlines: string[];
}

const share = (n: number, total: number) => (total ? `${Math.round((n * 100) / total)}%` : '0%');

/**
 * The home page from the register's figures as at a date (services/register-figures.ts): every
 * part bounded whatever the register's size. The services behind a count are a link to the list
 * of services at that rating; of the services the register cannot place, the first few are shown
 * and the rest are a link away.
 */
export function homeViewModel(f: FiguresSummary, isToday: boolean): HomeViewModel {
  const asAt = f.asAt;
  const count = (c: Record<string, number>, r: string) => c[r] ?? 0;
  const rated = f.services - count(f.byOverall, 'none');
  const countsFor = (c: Record<string, number>) => FOUR_POINT.map((r) => count(c, r));
  const outstanding = count(f.byOverall, 'outstanding');
  const asAtParam = isToday ? undefined : asAt;
  return {
    title: t('home.title'),
    asAt,
    isToday,
    totalServices: f.services,
    cards: FOUR_POINT.map((r) => {
      const range = f.ranges.find((x) => x.rating === r)!;
      return {
        rating: r,
        label: ratingLabel(r),
        count: count(f.byOverall, r),
        share: share(count(f.byOverall, r), rated),
        range: range.min === range.max ? null : t('home.range', { min: range.min, max: range.max }),
      };
    }),
    noOverall: f.services - rated,
    regions: f.byRegion.map((r) => ({
      region: placeName(r.region),
      nation: placeName(r.nation),
      counts: countsFor(r.counts),
      total: r.total,
    })),
    nations: f.byNation.map((n) => ({ nation: placeName(n.nation), counts: countsFor(n.counts), total: n.total })),
    basis: [...FOUR_POINT, null].map((r) => ({
      rating: r ?? 'none',
      label: r ? ratingLabel(r) : t('rating.noOverallLegacy'),
      // Legacy ratings (good, satisfactory …) count as rated but are on no card: "none" here is no rating at all.
      count: r ? count(f.byOverall, r) : count(f.byOverall, 'none'),
      href: `/services${queryString({ rating: r ?? 'none', asAt: asAtParam })}`,
    })),
    uncertain: f.uncertain.first.map((u) => ({
      service: placeName(u.service),
      counted: u.counted,
      possiblyNewer: u.possiblyNewer,
      possibleDate: partialDate(u.possiblyNewerPublication),
    })),
    uncertainTotal: f.uncertain.total,
    undatedCount: f.undated,
    unknown: f.couldChange.first.map((u) => ({ name: placeName(u.service), why: t(`uncertainty.${u.reason}`) })),
    unknownTotal: f.couldChange.total,
    links: {
      unknown: `/statistics/undecided${queryString({ asAt: asAtParam })}`,
      uncertain: `/statistics/possibly-newer${queryString({ asAt: asAtParam })}`,
    },
    headlines: [t('home.headline', { count: outstanding, london: f.londonOutstanding })],
  };
}
