import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { FormErrors } from '../forms.ts';
import { londonToday } from '../../domain/embargo.ts';
import type { StandardRow } from '../../domain/standard-statistics.ts';
import { englandAndWalesHexes } from '../../store/hexmaps.ts';
import { hexMapViewModel } from '../map/view-model.ts';
import { asAtParam } from '../query.ts';
import type { RoutesPlugin } from '../validation.ts';
import { currentLanguage, t } from '../i18n.ts';
import { FOUR_POINT_ORDER, pageLink, partialDate, placeName, queryString, ratingLabel } from '../view-helpers.ts';
import { colourScale, renderChart, stackedBars } from './charts.ts';

/** Services on a page of the lists behind the counts. */
const LIST_PAGE = 50;

/** The columns of the counts, in the request's language: the four-point ratings, then the rest. */
const ratingLabels = () => [...FOUR_POINT_ORDER.map((r) => ratingLabel(r)), t('rating.noOverall')];
/** "3 to 5", or its Welsh. */
const rangeText = (r: { min: number; max: number }) =>
  r.min === r.max ? String(r.min) : t('home.range', { min: r.min, max: r.max });
/**
 * Counts by ratingLabels() from counts by rating id: the four-point ratings, then every other service
 * (no overall rating, or a legacy one) as "No overall rating".
 */
const count = (byRating: Record<string, number>, total: number) => {
  const four = FOUR_POINT_ORDER.map((r) => byRating[r] ?? 0);
  return [...four, total - four.reduce((a, b) => a + b, 0)];
};
const yearOf = (frameworkId: string) => /\d{4}/.exec(frameworkId)?.[0] ?? frameworkId;
/** Shares on this page all to one decimal place, so a column reads alike ("53.0%" beside "11.4%"). */
const pct = (n: number, d: number) => (d ? `${((n * 100) / d).toFixed(1)}%` : '–');

/** Public and cached, one entry per asAt (the only query parameter the page reads) and language. */
const cached = { config: { auth: 'public', cache: true, cacheQuery: ['asAt'], welsh: true } } as const;

/**
 * Statistics: counts and shares by latest overall rating nationally, by nation and region, by
 * year of publication, and "as at" the start of each year. Charts are SVG drawn on the server by
 * Vega-Lite, each with a table of the same numbers.
 */
export const statisticsRoutes: RoutesPlugin = async (app) => {
  /** A standard's and its domain's names in the request's language, from its framework file (`nameCy`). */
  const standardNames = (s: StandardRow): { name: string; domain: string } => {
    if (currentLanguage() === 'en') return { name: s.name, domain: s.domain };
    const f = app.deps.frameworks().get(s.frameworkIds[0]!);
    const d = f?.domains.find((x) => x.name === s.domain);
    const std = d?.standards.find((x) => x.id === s.id && x.name === s.name);
    return { name: std?.nameCy ?? s.name, domain: d?.nameCy ?? s.domain };
  };
  // Charts are drawn from the figures alone, so once per snapshot of them; a few are kept.
  const charts = new Map<string, Promise<string[]>>();
  const drawn = (key: string, draw: () => Promise<string>[]): Promise<string[]> => {
    const hit = charts.get(key);
    if (hit) return hit;
    const made = Promise.all(draw());
    made.catch(() => charts.delete(key));
    charts.set(key, made);
    while (charts.size > 16) charts.delete(charts.keys().next().value!);
    return made;
  };
  const StatisticsQuery = z.object({
    asAt: asAtParam(app.deps.now, {
      invalid: () => t('home.asAtInvalid'),
      future: (today) => t('home.asAtFuture', { today }),
    }),
  });
  // The "as at" box is a GET form: a bad date shows the form again with the message beside it.
  const form = (req: FastifyRequest, reply: FastifyReply, errors: FormErrors, status: number) => {
    const raw = (req.query as { asAt?: unknown }).asAt;
    return reply.page(
      'statistics/statistics.njk',
      { title: t('statistics.title'), asAt: typeof raw === 'string' ? raw : '', errors },
      status,
    );
  };
  app.get(
    '/statistics',
    { schema: { querystring: StatisticsQuery }, config: { ...cached.config, form } },
    async (req, reply) => {
      const asAt = req.query.asAt ?? londonToday(app.deps.now());
      // Read from the register's figures, computed once per change (services/register-figures.ts).
      const f = await app.services.figures.figures(asAt);
      const LABELS = ratingLabels();
      const national = count(f.byOverall, f.services);
      // What each national count could be, given what the register does not know (as on the home page).
      const ranges = FOUR_POINT_ORDER.map((r) => f.ranges.find((x) => x.rating === r)!);
      const undecided = f.couldChange.total;
      const rated = f.services - national[4]!;
      const regions = f.byRegion.map((r) => {
        const counts = count(r.counts, r.total);
        return {
          region: placeName(r.region),
          nation: placeName(r.nation),
          counts,
          total: r.total,
          // Where the register cannot decide a region's count, the cell says what it could be.
          cells: counts.map((n, i) => {
            const range = r.ranges.find((x) => x.rating === FOUR_POINT_ORDER[i]);
            return range && range.min !== range.max
              ? t('statistics.couldBeCell', { count: n, range: rangeText(range) })
              : String(n);
          }),
          undecided: r.ranges.some((x) => x.min !== x.max),
        };
      });
      const byYear = f.byYear.map((y) => ({ year: y.year, counts: count(y.counts, y.total), total: y.total }));
      const trend = f.trend.map((t) => {
        const c = count(t.counts, t.total);
        const r = t.total - c[4]!;
        return {
          date: t.date,
          counts: c,
          rated: r,
          shares: c.slice(0, 4).map((n) => (r ? Math.round((n * 1000) / r) / 10 : 0)),
          sharesShown: c.slice(0, 4).map((n) => pct(n, r)),
        };
      });

      const standardLabels = [...FOUR_POINT_ORDER.map((r) => ratingLabel(r)), t('statistics.noRatingHeld')];
      const standardRows = f.standards.map((s) => {
        const { name, domain } = standardNames(s);
        const only = s.frameworkIds.length === 1 ? yearOf(s.frameworkIds[0]!) : null;
        return {
          name: `${s.id} ${name}${only ? ` ${t('statistics.standardYear', { year: only })}` : ''}`,
          domain,
          counts: [...FOUR_POINT_ORDER.map((r) => s.counts[r] ?? 0), s.notHeld],
          total: s.services,
        };
      });

      const colours = colourScale(LABELS);
      const [nationalSvg, regionSvg, yearSvg, trendSvg, standardSvg] = await drawn(
        `${currentLanguage()}|${f.key}`,
        () => [
          renderChart(
            'chart-national',
            t('statistics.nationalChart', { date: asAt }),
            LABELS.map((l, i) => `${l}: ${national[i]}`).join('; '),
            {
              width: 520,
              height: 220,
              data: { values: LABELS.map((l, i) => ({ rating: l, services: national[i] })) },
              mark: { type: 'bar', stroke: '#0b0c0c', strokeWidth: 1 },
              encoding: {
                y: { field: 'rating', type: 'nominal', sort: LABELS, title: null },
                x: { field: 'services', type: 'quantitative', title: t('statistics.services') },
                color: { field: 'rating', type: 'nominal', scale: colours, legend: null },
              },
            },
          ),
          renderChart(
            'chart-region',
            t('home.byRegion'),
            regions.map((r) => `${r.region}: ${r.counts.map((n, i) => `${n} ${LABELS[i]}`).join(', ')}`).join('; '),
            stackedBars({
              rows: regions.map((r) => ({ name: r.region, counts: r.counts })),
              labels: LABELS,
              category: { field: 'region', title: null, type: 'nominal', across: true },
              value: { field: 'services', title: t('statistics.services') },
              height: 320,
            }),
          ),
          renderChart(
            'chart-year',
            t('statistics.byYear'),
            byYear.map((y) => `${y.year}: ${y.total}`).join('; '),
            stackedBars({
              rows: byYear.map((y) => ({ name: String(y.year), counts: y.counts })),
              labels: LABELS,
              category: { field: 'year', title: t('statistics.yearOfPublication'), type: 'ordinal', across: false },
              value: { field: 'inspections', title: t('statistics.inspections') },
              height: 260,
            }),
          ),
          renderChart(
            'chart-trend',
            t('statistics.trend'),
            trend.map((t) => `${t.date}: ${t.shares.map((s, i) => `${LABELS[i]} ${s}%`).join(', ')}`).join('; '),
            {
              width: 520,
              height: 260,
              data: {
                values: trend.flatMap((t) =>
                  FOUR_POINT_ORDER.map((r, i) => ({ date: t.date, rating: ratingLabel(r), share: t.shares[i] })),
                ),
              },
              mark: { type: 'line', point: true, strokeWidth: 3 },
              encoding: {
                x: { field: 'date', type: 'ordinal', title: t('statistics.asAtColumn') },
                y: { field: 'share', type: 'quantitative', title: t('statistics.shareAxis') },
                color: {
                  field: 'rating',
                  type: 'nominal',
                  scale: colourScale(LABELS.slice(0, 4)),
                  title: t('statistics.rating'),
                },
                strokeDash: {
                  field: 'rating',
                  type: 'nominal',
                  title: t('statistics.rating'),
                  scale: { domain: LABELS.slice(0, 4) },
                },
              },
            },
          ),
          renderChart(
            'chart-standard',
            t('statistics.standardChart', { date: asAt }),
            standardRows
              .map((s) => `${s.name}: ${s.counts.map((n, i) => `${n} ${standardLabels[i]}`).join(', ')}`)
              .join('; '),
            stackedBars({
              rows: standardRows,
              labels: standardLabels,
              category: {
                field: 'standard',
                title: null,
                type: 'nominal',
                across: true,
                sort: standardRows.map((s) => s.name),
              },
              value: { field: 'services', title: t('statistics.services') },
              height: 420,
            }),
          ),
        ],
      );

      return reply.page('statistics/statistics.njk', {
        title: t('statistics.title'),
        asAt,
        labels: LABELS,
        national: LABELS.map((l, i) => ({
          label: l,
          count: national[i],
          share: i === 4 ? '–' : pct(national[i]!, rated),
          couldBe: ranges[i] && ranges[i].min !== ranges[i].max ? rangeText(ranges[i]) : null,
        })),
        undecided,
        totalServices: f.services,
        regions,
        regionsUndecided: regions.filter((r) => r.undecided).length,
        byYear,
        trend,
        standardLabels,
        standards: standardRows,
        charts: { national: nationalSvg, region: regionSvg, year: yearSvg, trend: trendSvg, standard: standardSvg },
        // Drawn from the same latest inspections as the counts above it, so the two agree.
        map: hexMapViewModel(englandAndWalesHexes(), f.map.latest, new Map(f.map.codes), asAt),
        showData: true,
      });
    },
  );

  // The whole lists behind the counts that the home page shows the first few of, a page at a time.
  const ListQuery = z.object({
    asAt: asAtParam(app.deps.now, {
      invalid: () => t('home.asAtInvalid'),
      future: (today) => t('home.asAtFuture', { today }),
    }),
    page: z.coerce.number().int().min(1).max(100_000).optional().default(1),
  });
  const lists = [
    { path: '/statistics/undecided', list: 'couldChange', title: 'statistics.undecidedTitle' },
    { path: '/statistics/possibly-newer', list: 'uncertain', title: 'statistics.possiblyNewerTitle' },
  ] as const;
  for (const l of lists) {
    app.get(
      l.path,
      {
        schema: { querystring: ListQuery },
        config: { auth: 'public', cache: true, cacheQuery: Object.keys(ListQuery.shape), welsh: true },
      },
      async (req, reply) => {
        const today = londonToday(app.deps.now());
        const asAt = req.query.asAt ?? today;
        const page = req.query.page;
        const f = await app.services.figures.figures(asAt);
        const total = l.list === 'couldChange' ? f.couldChange.total : f.uncertain.total;
        const pages = Math.max(1, Math.ceil(total / LIST_PAGE));
        const home = `/${queryString({ asAt: asAt === today ? undefined : asAt })}#unknown`;
        if (page > pages)
          return reply.page(
            'statistics/list.njk',
            { title: t(l.title), list: l.list, asAt, total, items: [], home },
            404,
          );
        const offset = (page - 1) * LIST_PAGE;
        // Shaped here, written out (escaped) by the template.
        const items =
          l.list === 'couldChange'
            ? (await app.services.figures.list(f.key, 'couldChange', offset, LIST_PAGE)).map((u) => ({
                service: placeName(u.service),
                why: t(`uncertainty.${u.reason}`),
              }))
            : (await app.services.figures.list(f.key, 'uncertain', offset, LIST_PAGE)).map((u) => ({
                service: placeName(u.service),
                counted: u.counted,
                possiblyNewer: u.possiblyNewer,
                possibleDate: partialDate(u.possiblyNewerPublication),
              }));
        const href = (n: number) =>
          `${l.path}${queryString({ asAt: asAt === today ? undefined : asAt, page: n === 1 ? undefined : n })}`;
        const pageItem = (n: number) => ({
          number: n,
          href: href(n),
          current: n === page,
          visuallyHiddenText: t('pagination.pageNumber', { number: n }),
        });
        return reply.page('statistics/list.njk', {
          title: t(l.title),
          list: l.list,
          asAt,
          total,
          first: offset + 1,
          items,
          home,
          pagination:
            pages > 1
              ? {
                  landmarkLabel: t('pagination.label'),
                  previous: page > 1 ? { href: href(page - 1), ...pageLink('previous') } : undefined,
                  next: page < pages ? { href: href(page + 1), ...pageLink('next') } : undefined,
                  items: Array.from({ length: pages }, (_, i) => i + 1)
                    .filter((n) => n === 1 || n === pages || Math.abs(n - page) <= 2)
                    .flatMap((n, i, arr) =>
                      i > 0 && n - arr[i - 1]! > 1 ? [{ ellipsis: true }, pageItem(n)] : [pageItem(n)],
                    ),
                }
              : null,
        });
      },
    );
  }
};
