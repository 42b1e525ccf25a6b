import type { ServiceListFilters, ServiceListRow, ServiceSort } from '../../store/register-repo.ts';
import { t } from '../i18n.ts';
import { pageLink, partialDate, placeName, queryString, ratingLabel } from '../view-helpers.ts';

export const PAGE_SIZE = 25;

const SORT_WORDS: Record<string, string> = {
  name: 'services.sortName',
  region: 'services.sortRegion',
  rating: 'services.sortRating',
  published: 'services.sortPublished',
};

export interface FilterOptions {
  regions: string[];
  nations: string[];
  frameworks: { id: string; name: string }[];
  ratings: string[];
}

type Params = Record<string, string | string[] | number | undefined>;

function paramsOf(f: ServiceListFilters): Params {
  return {
    q: f.q || undefined,
    rating: f.ratings,
    region: f.regions,
    nation: f.nations,
    framework: f.frameworks,
    sort: f.sort === 'name' ? undefined : f.sort,
    asAt: f.asAt,
  };
}

export function servicesViewModel(f: ServiceListFilters, rows: ServiceListRow[], total: number, opts: FilterOptions) {
  const params = paramsOf(f);
  const without = (key: keyof Params, value?: string) => {
    const p = { ...params };
    const v = p[key];
    p[key] = Array.isArray(v) && value !== undefined ? v.filter((x) => x !== value) : undefined;
    return `/services${queryString(p)}`;
  };
  const frameworkName = (id: string) => opts.frameworks.find((x) => x.id === id)?.name ?? id;
  const categories = [
    {
      heading: { text: t('services.overallRating') },
      items: f.ratings.map((r) => ({
        text: r === 'none' ? t('rating.noOverall') : ratingLabel(r),
        href: without('rating', r),
      })),
    },
    {
      heading: { text: t('services.nation') },
      items: f.nations.map((r) => ({ text: placeName(r), href: without('nation', r) })),
    },
    {
      heading: { text: t('services.region') },
      items: f.regions.map((r) => ({ text: placeName(r), href: without('region', r) })),
    },
    {
      heading: { text: t('services.frameworkHeading') },
      items: f.frameworks.map((r) => ({ text: frameworkName(r), href: without('framework', r) })),
    },
    { heading: { text: t('services.name') }, items: f.q ? [{ text: f.q, href: without('q') }] : [] },
    { heading: { text: t('services.asAtHeading') }, items: f.asAt ? [{ text: f.asAt, href: without('asAt') }] : [] },
  ].filter((c) => c.items.length);
  const pages = Math.max(1, Math.ceil(total / f.pageSize));
  const pageHref = (n: number) => `/services${queryString({ ...params, page: n === 1 ? undefined : n })}`;
  const sortLink = (key: 'name' | 'rating' | 'published' | 'region', label: string) => {
    const current = f.sort.replace(/^-/, '') === key ? (f.sort.startsWith('-') ? 'descending' : 'ascending') : 'none';
    // Newest first is the natural first click for dates; A–Z and best-first for the rest.
    const next: ServiceSort =
      key === 'published'
        ? f.sort === '-published'
          ? 'published'
          : '-published'
        : current === 'ascending' && key !== 'region'
          ? (`-${key}` as ServiceSort)
          : key;
    return {
      label,
      href: `/services${queryString({ ...params, sort: next === 'name' ? undefined : next })}`,
      ariaSort: current,
    };
  };
  const first = total === 0 ? 0 : (f.page - 1) * f.pageSize + 1;
  const pageItem = (n: number) => ({
    number: n,
    href: pageHref(n),
    current: n === f.page,
    visuallyHiddenText: t('pagination.pageNumber', { number: n }),
  });
  return {
    title: t('services.title'),
    f,
    total,
    resultSummary:
      total === 0 ? t('services.noResults') : t('services.showing', { first, last: first + rows.length - 1, total }),
    rows: rows.map((r) => ({
      ...r,
      name: placeName(r.name),
      region: placeName(r.region),
      published: partialDate(r.publication),
      frameworkName: frameworkName(r.frameworkId),
    })),
    /** Filters in force (the search words count as one), shown on the collapsed panel's summary. */
    appliedCount:
      f.ratings.length +
      f.nations.length +
      f.regions.length +
      f.frameworks.length +
      (f.q.trim() ? 1 : 0) +
      (f.asAt ? 1 : 0),
    selectedFilters: categories.length
      ? {
          heading: { text: t('services.selectedFilters') },
          clearLink: { text: t('services.clearFilters'), href: '/services' },
          categories,
        }
      : null,
    options: {
      ratings: [...opts.ratings, 'none'].map((r) => ({
        value: r,
        text: r === 'none' ? t('rating.noOverallLegacyShort') : ratingLabel(r),
        checked: f.ratings.includes(r),
      })),
      nations: opts.nations.map((n) => ({ value: n, text: placeName(n), checked: f.nations.includes(n) })),
      regions: opts.regions.map((n) => ({ value: n, text: placeName(n), checked: f.regions.includes(n) })),
      frameworks: opts.frameworks.map((n) => ({ value: n.id, text: n.name, checked: f.frameworks.includes(n.id) })),
    },
    sortLinks: [
      sortLink('name', t('services.service')),
      sortLink('region', t('services.region')),
      sortLink('rating', t('services.latestRating')),
      sortLink('published', t('services.published')),
    ],
    sort: f.sort,
    /** The sort in words, for the table's caption. */
    sortText: t(SORT_WORDS[f.sort.replace(/^-/, '')] ?? 'services.sortName'),
    pagination:
      pages > 1
        ? {
            landmarkLabel: t('pagination.label'),
            previous: f.page > 1 ? { href: pageHref(f.page - 1), ...pageLink('previous') } : undefined,
            next: f.page < pages ? { href: pageHref(f.page + 1), ...pageLink('next') } : undefined,
            items: Array.from({ length: pages }, (_, i) => i + 1)
              .filter((n) => n === 1 || n === pages || Math.abs(n - f.page) <= 2)
              .flatMap((n, i, arr) =>
                i > 0 && n - arr[i - 1]! > 1 ? [{ ellipsis: true }, pageItem(n)] : [pageItem(n)],
              ),
          }
        : null,
    pageOutOfRange: f.page > pages,
  };
}
