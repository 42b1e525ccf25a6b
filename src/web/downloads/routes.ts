import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { z } from 'zod';
import { CSV_CELL_OPTIONS } from '../../domain/csv-cells.ts';
import { londonToday, visibleAsAt } from '../../domain/embargo.ts';
import { standardsOf } from '../../domain/framework.ts';
import { ratingCountRows } from '../../domain/count-range.ts';
import { listedServices } from '../../services/directory.ts';
import { FOUR_POINT } from '../../services/register-figures.ts';
import { listPublicEntries } from '../../store/register-repo.ts';
import {
  FORMAT_VERSION,
  INSPECTION_COLUMNS,
  RATING_COUNT_COLUMNS,
  STANDARD_COLUMNS,
  THEMATIC_COLUMNS,
  toInspectionRow,
  toThematicRow,
  type ExportableRecord,
  type Row,
} from '../../domain/register-format.ts';
import type { Framework } from '../../domain/framework.ts';
import { CSV_FILES, dataPackage, tableSchema, type PackageFrameworks } from '../../domain/data-package.ts';
import { exportRecords } from '../../store/export-repo.ts';
import { asAtParam } from '../query.ts';
import type { RoutesPlugin } from '../validation.ts';
import { t } from '../i18n.ts';
import { SERVICE_NAME } from '../view-helpers.ts';

type Frameworks = ReadonlyMap<string, Framework>;

/** The framework ids and every rating id of their scales, best first, for the data package's allowed values. */
function packageFrameworks(frameworks: Frameworks): PackageFrameworks {
  const list = [...frameworks.values()];
  return { ids: list.map((f) => f.id), ratings: [...new Set(list.flatMap((f) => f.ratingScale.map((r) => r.id)))] };
}

function resettlementIdOf(frameworks: Frameworks, frameworkId: string): string | null {
  const f = frameworks.get(frameworkId);
  return f ? (standardsOf(f).find((s) => s.requiresCasesOfType === 'resettlement')?.id ?? null) : null;
}

function standardRows(frameworks: Frameworks, r: ExportableRecord, asAt: string): Row[] {
  const f = frameworks.get(r.frameworkId);
  const std = new Map((f ? standardsOf(f) : []).map((s) => [s.id, s]));
  return [...r.standardRatings]
    .sort((a, b) => a.standardId.localeCompare(b.standardId, 'en', { numeric: true }))
    .map((s) => ({
      inspection_ref: r.ref,
      service_slug: r.serviceSlug,
      framework_id: r.frameworkId,
      framework_version: r.frameworkVersion,
      standard_id: s.standardId,
      standard_name: std.get(s.standardId)?.name ?? '',
      counts_to_score: String(std.get(s.standardId)?.countsToScore ?? false),
      rating: s.rating ?? '',
      status: s.status,
      source: s.source,
      key_questions: (s.keyQuestions ?? [])
        .map((k) => `${k.id}=${k.percent === null ? '' : Math.round(k.percent * 10) / 10}`)
        .join('; '),
      as_at: asAt,
      computed_rating: s.source === 'judged' ? (s.computedRating ?? '') : '',
      panel_rationale: s.source === 'judged' && s.status === 'rated' ? (s.rationale ?? '') : '',
      rating_source_publisher: s.publicSource?.publisher ?? '',
      rating_source_title: s.publicSource?.title ?? '',
      rating_source_date: s.publicSource?.date ?? '',
      rating_source_url: s.publicSource?.url ?? '',
    }));
}

/**
 * Open data downloads: CSV and JSON, one row per inspection or per standard rating. They stream
 * from keyset-paged queries, so memory stays flat whatever the size, and they read through the
 * same public filter as every page, so nothing under embargo is ever in them.
 */
export const downloadRoutes: RoutesPlugin = async (app) => {
  const pub = { config: { auth: 'public' as const } };
  // Refused after today (UK time), as the API does, rather than label a file with a date not yet come.
  const DownloadQuery = z.object({
    asAt: asAtParam(app.deps.now, {
      invalid: () => 'Enter a real date in the form YYYY-MM-DD, for example 2025-01-07',
      future: (today) => `must be today (${today}) or earlier`,
    }),
  });

  // The data dictionary shows the same fields the data package declares (domain/data-package.ts).
  // The page is in Welsh too; the files, the package and the columns' meanings are English only.
  app.get('/downloads', { config: { auth: 'public', welsh: true } }, async (_req, reply) =>
    reply.page('downloads/downloads.njk', {
      title: t('downloads.title'),
      version: FORMAT_VERSION,
      tables: CSV_FILES.map((file) => ({
        file,
        fields: tableSchema(file, packageFrameworks(app.deps.frameworks())).fields,
      })),
    }),
  );

  app.get('/downloads/datapackage.json', { ...pub, schema: { querystring: DownloadQuery } }, async (req, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return dataPackage({
      frameworks: packageFrameworks(app.deps.frameworks()),
      asAt: req.query.asAt,
      created: app.deps.now(),
      siteName: SERVICE_NAME,
      homepage: `${app.publicBaseUrl}/downloads`,
    });
  });

  // The counts as ranges: computed from every public record and the directory, as the API's
  // statistics are, so the file and the pages never disagree. Small (regions × ratings rows).
  app.get('/downloads/rating-counts.csv', { ...pub, schema: { querystring: DownloadQuery } }, async (req, reply) => {
    const asAt = req.query.asAt ?? londonToday(app.deps.now());
    const [entries, listed] = await Promise.all([
      listPublicEntries(app.deps.database.db, visibleAsAt(asAt, app.deps.now())),
      listedServices(app.deps.database.db),
    ]);
    const rows = ratingCountRows(entries, asAt, FOUR_POINT, listed);
    const csv = stringify({
      ...CSV_CELL_OPTIONS,
      header: true,
      columns: RATING_COUNT_COLUMNS.map((c) => c.name),
      bom: false,
    });
    Readable.from(rows).pipe(csv);
    return reply
      .header('content-disposition', `attachment; filename="rating-counts-${asAt}.csv"`)
      .header('cache-control', 'public, max-age=300')
      .type('text/csv; charset=utf-8')
      .send(csv);
  });

  // Thematic inspections, listed and never counted: the same public list as their page and the API
  // (services/thematic.ts), so one not yet public is in none of them. A handful of rows.
  app.get(
    '/downloads/thematic-inspections.csv',
    { ...pub, schema: { querystring: DownloadQuery } },
    async (req, reply) => {
      const asAt = req.query.asAt ?? londonToday(app.deps.now());
      const list = await app.services.thematic.listPublic(asAt);
      const csv = stringify({
        ...CSV_CELL_OPTIONS,
        header: true,
        columns: THEMATIC_COLUMNS.map((c) => c.name),
        bom: false,
      });
      Readable.from(list.map((x) => toThematicRow(x, asAt))).pipe(csv);
      return reply
        .header('content-disposition', `attachment; filename="thematic-inspections-${asAt}.csv"`)
        .header('cache-control', 'public, max-age=300')
        .type('text/csv; charset=utf-8')
        .send(csv);
    },
  );

  const files = {
    'inspections.csv': { kind: 'inspections', format: 'csv' },
    'inspections.json': { kind: 'inspections', format: 'json' },
    'standard-ratings.csv': { kind: 'standards', format: 'csv' },
    'standard-ratings.json': { kind: 'standards', format: 'json' },
  } as const;

  for (const [file, spec] of Object.entries(files)) {
    app.get(`/downloads/${file}`, { ...pub, schema: { querystring: DownloadQuery } }, async (req, reply) => {
      const requested = req.query.asAt;
      const now = app.deps.now();
      const asAt = requested ?? londonToday(now);
      const visibleAt = visibleAsAt(asAt, now);
      const columns = spec.kind === 'inspections' ? INSPECTION_COLUMNS : STANDARD_COLUMNS;
      const rowsOf = (r: ExportableRecord): Row[] =>
        spec.kind === 'inspections'
          ? [toInspectionRow(r, asAt, resettlementIdOf(app.deps.frameworks(), r.frameworkId))]
          : standardRows(app.deps.frameworks(), r, asAt);
      // "As at" a past date: only what was certainly published by then.
      const filters = { regions: [], nations: [], frameworks: [], ratings: [], asAt: requested };
      async function* rows() {
        for await (const batch of exportRecords(app.deps.database.db, visibleAt, filters))
          for (const r of batch) yield* rowsOf(r);
      }
      reply
        .header('content-disposition', `attachment; filename="${file.replace('.', `-${asAt}.`)}"`)
        .header('cache-control', 'public, max-age=300');
      if (spec.format === 'csv') {
        const csv = stringify({ ...CSV_CELL_OPTIONS, header: true, columns: columns.map((c) => c.name), bom: false });
        Readable.from(rows()).pipe(csv);
        return reply.type('text/csv; charset=utf-8').send(csv);
      }
      async function* json() {
        yield `{"format":"inspectorate-register","version":"${FORMAT_VERSION}","asAt":"${asAt}","data":[`;
        let first = true;
        for await (const r of rows()) {
          yield `${first ? '\n' : ',\n'}${JSON.stringify(r)}`;
          first = false;
        }
        yield '\n]}\n';
      }
      return reply.type('application/json; charset=utf-8').send(Readable.from(json()));
    });
  }
};
