import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { FormErrors } from '../forms.ts';
import { londonToday, visibleAsAt } from '../../domain/embargo.ts';
import { countRatingRange, rangeText } from '../../domain/count-range.ts';
import { latestPerService } from '../../domain/register.ts';
import { areaCodesByService, listedServices } from '../../services/directory.ts';
import { englandAndWalesHexes } from '../../store/hexmaps.ts';
import { hexMapViewModel } from '../map/view-model.ts';
import { listPublicEntries, type PublicEntry } from '../../store/register-repo.ts';
import { asAtParam } from '../query.ts';
import type { RoutesPlugin } from '../validation.ts';
import { FOUR_POINT_ORDER, ratingLabel } from '../view-helpers.ts';
import { colourScale, renderChart, stackedBars } from './charts.ts';

const LABELS = [...FOUR_POINT_ORDER.map((r) => ratingLabel(r)), 'No overall rating'];
const labelOf = (e: PublicEntry) =>
  e.overall && (FOUR_POINT_ORDER as readonly string[]).includes(e.overall)
    ? ratingLabel(e.overall)
    : 'No overall rating';
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
      const now = app.deps.now();
      const asAt = req.query.asAt ?? londonToday(now);
      const [entries, listed, codes] = await Promise.all([
        listPublicEntries(app.deps.database.db, visibleAsAt(asAt, now)),
        listedServices(app.deps.database.db),
        areaCodesByService(app.deps.database.db),
      ]);
      const latest = latestPerService(entries, asAt).latest;
      const count = (list: PublicEntry[]) => LABELS.map((l) => list.filter((e) => labelOf(e) === l).length);

      const national = count(latest);
      // What each national count could be, given what the register does not know (as on the home page).
      const ranges = FOUR_POINT_ORDER.map((r) => countRatingRange(entries, asAt, r, { directory: listed }));
      const undecided = new Set(ranges.flatMap((r) => r.couldChange.map((u) => u.serviceId))).size;
      const rated = latest.filter((e) => labelOf(e) !== 'No overall rating').length;
      const regionKeys = [...new Set(latest.map((e) => `${e.nation}|${e.region}`))].sort();
      const regions = regionKeys.map((k) => {
        const [nation, region] = k.split('|') as [string, string];
        const list = latest.filter((e) => e.region === region);
        return { region, nation, counts: count(list), total: list.length };
      });
      const years = [
        ...new Set(
          entries
            .filter((e) => e.publication && e.publication.latest <= asAt)
            .map((e) => Number(e.publication!.earliest.slice(0, 4))),
        ),
      ].sort();
      const byYear = years.map((y) => {
        const list = entries.filter(
          (e) => e.publication && e.publication.latest <= asAt && Number(e.publication.earliest.slice(0, 4)) === y,
        );
        return { year: y, counts: count(list), total: list.length };
      });
      const firstYear = Math.max(2019, years[0] ?? 2019);
      const asAtDates = [
        ...Array.from({ length: Number(asAt.slice(0, 4)) - firstYear + 1 }, (_, i) => `${firstYear + i}-01-01`).filter(
          (d) => d <= asAt,
        ),
        asAt,
      ].filter((d, i, a) => a.indexOf(d) === i);
      const trend = asAtDates.map((d) => {
        const l = latestPerService(entries, d).latest;
        const c = count(l);
        const r = l.length - c[4]!;
        return {
          date: d,
          counts: c,
          rated: r,
          shares: c.slice(0, 4).map((n) => (r ? Math.round((n * 1000) / r) / 10 : 0)),
          sharesShown: c.slice(0, 4).map((n) => pct(n, r)),
        };
      });

      const byStandard = await app.services.standards.byStandard(asAt);
      const standardLabels = [...FOUR_POINT_ORDER.map((r) => ratingLabel(r)), 'No rating held'];
      const standards = byStandard.map((s) => ({
        name: `${s.id} ${s.name}${s.frameworkIds.length === 1 ? ` (${yearOf(s.frameworkIds[0]!)} standards)` : ''}`,
        domain: s.domain,
        counts: [...FOUR_POINT_ORDER.map((r) => s.counts[r] ?? 0), s.notHeld],
        total: s.services,
      }));

      const colours = colourScale(LABELS);
      const [nationalSvg, regionSvg, yearSvg, trendSvg, standardSvg] = await Promise.all([
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
        totalServices: latest.length,
        regions,
        byYear,
        trend,
        standardLabels,
        standards,
        charts: { national: nationalSvg, region: regionSvg, year: yearSvg, trend: trendSvg, standard: standardSvg },
        // Drawn from the same latest inspections as the counts above it, so the two agree.
        map: hexMapViewModel(englandAndWalesHexes(), latest, codes, asAt),
        showData: true,
      });
    },
  );
};
