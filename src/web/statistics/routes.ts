import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { FormErrors } from '../forms.ts';
import { londonToday } from '../../domain/embargo.ts';
import { rangeText, UNCERTAINTY_TEXT } from '../../domain/count-range.ts';
import { englandAndWalesHexes } from '../../store/hexmaps.ts';
import { hexMapViewModel } from '../map/view-model.ts';
import { asAtParam } from '../query.ts';
import type { RoutesPlugin } from '../validation.ts';
import { FOUR_POINT_ORDER, partialDate, queryString, ratingLabel } from '../view-helpers.ts';
import { colourScale, renderChart, stackedBars } from './charts.ts';

/** Services on a page of the lists behind the counts. */
const LIST_PAGE = 50;

const LABELS = [...FOUR_POINT_ORDER.map((r) => ratingLabel(r)), 'No overall rating'];
/**
 * Counts by LABELS from counts by rating id: the four-point ratings, then every other service
 * (no overall rating, or a legacy one) as "No overall rating".
 */
const count = (byRating: Record<string, number>, total: number) => {
  const four = FOUR_POINT_ORDER.map((r) => byRating[r] ?? 0);
  return [...four, total - four.reduce((a, b) => a + b, 0)];
};
const yearOf = (frameworkId: string) => /\d{4}/.exec(frameworkId)?.[0] ?? frameworkId;
/** Shares on this page all to one decimal place, so a column reads alike ("53.0%" beside "11.4%"). */
const pct = (n: number, d: number) => (d ? `${((n * 100) / d).toFixed(1)}%` : '–');

/** Public and cached, one entry per asAt: the only query parameter the page reads. */
const cached = { config: { auth: 'public', cache: true, cacheQuery: ['asAt'] } } as const;

/**
 * Statistics: counts and shares by latest overall rating nationally, by nation and region, by
 * year of publication, and "as at" the start of each year. Charts are SVG drawn on the server by
 * Vega-Lite, each with a table of the same numbers.
 */
export const statisticsRoutes: RoutesPlugin = async (app) => {
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
      invalid: () => 'Enter a real date in the form YYYY-MM-DD, for example 2025-01-07',
      future: (today) => `The date must be today (${today}) or earlier`,
    }),
  });
  // The "as at" box is a GET form: a bad date shows the form again with the message beside it.
  const form = (req: FastifyRequest, reply: FastifyReply, errors: FormErrors, status: number) => {
    const raw = (req.query as { asAt?: unknown }).asAt;
    return reply.page(
      'statistics/statistics.njk',
      { title: 'Statistics', asAt: typeof raw === 'string' ? raw : '', errors },
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
      const national = count(f.byOverall, f.services);
      // What each national count could be, given what the register does not know (as on the home page).
      const ranges = FOUR_POINT_ORDER.map((r) => f.ranges.find((x) => x.rating === r)!);
      const undecided = f.couldChange.total;
      const rated = f.services - national[4]!;
      const regions = f.byRegion.map((r) => {
        const counts = count(r.counts, r.total);
        return {
          region: r.region,
          nation: r.nation,
          counts,
          total: r.total,
          // Where the register cannot decide a region's count, the cell says what it could be.
          cells: counts.map((n, i) => {
            const range = r.ranges.find((x) => x.rating === FOUR_POINT_ORDER[i]);
            return range && range.min !== range.max ? `${n} (could be ${rangeText(range)})` : String(n);
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

      const standardLabels = [...FOUR_POINT_ORDER.map((r) => ratingLabel(r)), 'No rating held'];
      const standards = f.standards.map((s) => ({
        name: `${s.id} ${s.name}${s.frameworkIds.length === 1 ? ` (${yearOf(s.frameworkIds[0]!)} standards)` : ''}`,
        domain: s.domain,
        counts: [...FOUR_POINT_ORDER.map((r) => s.counts[r] ?? 0), s.notHeld],
        total: s.services,
      }));

      const colours = colourScale(LABELS);
      const [nationalSvg, regionSvg, yearSvg, trendSvg, standardSvg] = await drawn(f.key, () => [
        renderChart(
          'chart-national',
          `Services by latest overall rating, as at ${asAt}`,
          LABELS.map((l, i) => `${l}: ${national[i]}`).join('; '),
          {
            width: 520,
            height: 220,
            data: { values: LABELS.map((l, i) => ({ rating: l, services: national[i] })) },
            mark: { type: 'bar', stroke: '#0b0c0c', strokeWidth: 1 },
            encoding: {
              y: { field: 'rating', type: 'nominal', sort: LABELS, title: null },
              x: { field: 'services', type: 'quantitative', title: 'Services' },
              color: { field: 'rating', type: 'nominal', scale: colours, legend: null },
            },
          },
        ),
        renderChart(
          'chart-region',
          'Latest overall rating by region',
          regions.map((r) => `${r.region}: ${r.counts.map((n, i) => `${n} ${LABELS[i]}`).join(', ')}`).join('; '),
          stackedBars({
            rows: regions.map((r) => ({ name: r.region, counts: r.counts })),
            labels: LABELS,
            category: { field: 'region', title: null, type: 'nominal', across: true },
            value: { field: 'services', title: 'Services' },
            height: 320,
          }),
        ),
        renderChart(
          'chart-year',
          'Inspections published each year, by overall rating',
          byYear.map((y) => `${y.year}: ${y.total}`).join('; '),
          stackedBars({
            rows: byYear.map((y) => ({ name: String(y.year), counts: y.counts })),
            labels: LABELS,
            category: { field: 'year', title: 'Year of publication', type: 'ordinal', across: false },
            value: { field: 'inspections', title: 'Inspections' },
            height: 260,
          }),
        ),
        renderChart(
          'chart-trend',
          'Share of rated services by latest overall rating, as at each date',
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
              x: { field: 'date', type: 'ordinal', title: 'As at' },
              y: { field: 'share', type: 'quantitative', title: 'Share of rated services (%)' },
              color: { field: 'rating', type: 'nominal', scale: colourScale(LABELS.slice(0, 4)), title: 'Rating' },
              strokeDash: { field: 'rating', type: 'nominal', title: 'Rating', scale: { domain: LABELS.slice(0, 4) } },
            },
          },
        ),
        renderChart(
          'chart-standard',
          `Services by the rating of each standard of their latest inspection, as at ${asAt}`,
          standards
            .map((s) => `${s.name}: ${s.counts.map((n, i) => `${n} ${standardLabels[i]}`).join(', ')}`)
            .join('; '),
          stackedBars({
            rows: standards,
            labels: standardLabels,
            category: {
              field: 'standard',
              title: null,
              type: 'nominal',
              across: true,
              sort: standards.map((s) => s.name),
            },
            value: { field: 'services', title: 'Services' },
            height: 420,
          }),
        ),
      ]);

      return reply.page('statistics/statistics.njk', {
        title: 'Statistics',
        asAt,
        labels: LABELS,
        national: LABELS.map((l, i) => ({
          label: l,
          count: national[i],
          share: l === 'No overall rating' ? '–' : pct(national[i]!, rated),
          couldBe: ranges[i] && ranges[i].min !== ranges[i].max ? rangeText(ranges[i]) : null,
        })),
        undecided,
        totalServices: f.services,
        regions,
        regionsUndecided: regions.filter((r) => r.undecided).length,
        byYear,
        trend,
        standardLabels,
        standards,
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
      invalid: () => 'Enter a real date in the form YYYY-MM-DD, for example 2025-01-07',
      future: (today) => `The date must be today (${today}) or earlier`,
    }),
    page: z.coerce.number().int().min(1).max(100_000).optional().default(1),
  });
  const lists = [
    { path: '/statistics/undecided', list: 'couldChange', title: 'Services the register cannot place' },
    { path: '/statistics/possibly-newer', list: 'uncertain', title: 'Services that may have a newer inspection' },
  ] as const;
  for (const l of lists) {
    app.get(
      l.path,
      {
        schema: { querystring: ListQuery },
        config: { auth: 'public', cache: true, cacheQuery: Object.keys(ListQuery.shape) },
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
          return reply.page('statistics/list.njk', { title: l.title, list: l.list, asAt, total, items: [], home }, 404);
        const offset = (page - 1) * LIST_PAGE;
        // Shaped here, written out (escaped) by the template.
        const items =
          l.list === 'couldChange'
            ? (await app.services.figures.list(f.key, 'couldChange', offset, LIST_PAGE)).map((u) => ({
                service: u.service,
                why: UNCERTAINTY_TEXT[u.reason],
              }))
            : (await app.services.figures.list(f.key, 'uncertain', offset, LIST_PAGE)).map((u) => ({
                service: u.service,
                counted: u.counted,
                possiblyNewer: u.possiblyNewer,
                possibleDate: partialDate(u.possiblyNewerPublication),
              }));
        const href = (n: number) =>
          `${l.path}${queryString({ asAt: asAt === today ? undefined : asAt, page: n === 1 ? undefined : n })}`;
        return reply.page('statistics/list.njk', {
          title: l.title,
          list: l.list,
          asAt,
          total,
          first: offset + 1,
          items,
          home,
          pagination:
            pages > 1
              ? {
                  previous: page > 1 ? { href: href(page - 1) } : undefined,
                  next: page < pages ? { href: href(page + 1) } : undefined,
                  items: Array.from({ length: pages }, (_, i) => i + 1)
                    .filter((n) => n === 1 || n === pages || Math.abs(n - page) <= 2)
                    .flatMap((n, i, arr) =>
                      i > 0 && n - arr[i - 1]! > 1
                        ? [{ ellipsis: true }, { number: n, href: href(n), current: n === page }]
                        : [{ number: n, href: href(n), current: n === page }],
                    ),
                }
              : null,
        });
      },
    );
  }
};
