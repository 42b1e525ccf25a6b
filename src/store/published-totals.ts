import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { TOTAL_RATINGS, type PublishedTotal } from '../domain/coverage.ts';
import { parseIsoPartial } from '../domain/partial-date.ts';

/** HMIP's published totals (annual reports), sourced data kept beside the register's seed. */
export const PUBLISHED_TOTALS_FILE = resolve(import.meta.dirname, '..', '..', 'data', 'seed', 'hmip-annual-totals.csv');

const count = z
  .string()
  .trim()
  .transform((s) => (s === '' ? null : Number(s)))
  .pipe(z.number().int().min(0).nullable());
const period = z
  .string()
  .trim()
  .transform((s, ctx) => {
    if (s === '') return null;
    const d = parseIsoPartial(s);
    if (!d) ctx.addIssue({ code: 'custom', message: `not a date, month or year: ${s}` });
    return d;
  });
const Row = z.object({
  period_label: z.string().min(1),
  period_from: period,
  period_to: period,
  inspected: count,
  outstanding: count,
  good: count,
  requires_improvement: count,
  inadequate: count,
  source_url: z.url({ protocol: /^https?$/ }),
  source_title: z.string().min(1),
  source_publisher: z.string().min(1),
  source_date: z.string().trim(),
  notes: z.string(),
});

/** Reads and checks the file; an error names the row and field, as for framework files. */
export function loadPublishedTotals(file = PUBLISHED_TOTALS_FILE): PublishedTotal[] {
  const rows = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as unknown[];
  return rows.map((raw, i) => {
    const r = Row.safeParse(raw);
    if (!r.success)
      throw new Error(
        `${file} row ${i + 2}: ${r.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`,
      );
    const d = r.data;
    return {
      label: d.period_label,
      from: d.period_from,
      to: d.period_to,
      inspected: d.inspected,
      counts: Object.fromEntries(TOTAL_RATINGS.map((k) => [k, d[k]])) as PublishedTotal['counts'],
      source: { publisher: d.source_publisher, title: d.source_title, date: d.source_date || null, url: d.source_url },
      notes: d.notes,
    };
  });
}

let cache: PublishedTotal[] | undefined;
/** Loaded once per process: the file is read-only data that changes only with a release. */
export function publishedTotals(): PublishedTotal[] {
  cache ??= loadPublishedTotals();
  return cache;
}
