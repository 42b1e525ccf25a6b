import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { consistencyDiscrepancies } from '../domain/consistency.ts';
import { findStandardByName, labelOf, standardsOf, type Framework } from '../domain/framework.ts';
import type { Discrepancy, InspectionRecord } from '../domain/inspection-record.ts';
import type { PublicSource } from '../domain/public-source.ts';
import { normaliseRating } from '../domain/ratings-text.ts';

/**
 * Published standard ratings gathered from public sources (data/seed/standard-ratings.csv, one row per
 * rating per source), added to the seed records. The community table's known faults are guarded here,
 * not trusted to the file: a blank is never a rating, its shared court/out-of-court columns are never
 * read as a standard, and a row whose framework is not attributed is left out and listed.
 */

export const CHECKED = ['hmip', 'secondary', 'community-table'] as const;
export type Checked = (typeof CHECKED)[number];

const RowSchema = z.object({
  inspection: z.string().trim().min(1, 'inspection is empty'),
  service_name: z.string().trim(),
  publication_date: z.string().trim(),
  framework: z.string().trim(),
  standard_id: z.string().trim().min(1, 'standard_id is empty'),
  standard_name: z.string().trim(),
  rating: z.string().trim(),
  source_publisher: z.string().trim().min(1, 'source_publisher is empty'),
  source_title: z.string().trim(),
  source_date: z.string().trim(),
  source_url: z.url({ protocol: /^https?$/ }),
  checked: z.enum(CHECKED),
  agreement: z.string().trim(),
  notes: z.string().trim(),
});
export type StandardRatingRow = z.infer<typeof RowSchema> & { line: number };

export interface LeftOut {
  line: number;
  inspection: string;
  standardId: string;
  reason: string;
}

export interface StandardRatingsOutcome {
  /** Ratings added to a record that held none for that standard. */
  added: number;
  /** Ratings the record already held with the same value. */
  confirmed: number;
  /** Disagreements recorded as discrepancies (the record keeps HMIP's figure where there is one). */
  disagreements: number;
  /** Ratings for a standard the record's framework lacks, recorded as discrepancies. */
  notInFramework: number;
  leftOut: LeftOut[];
}

/** The community table's assessment, planning and implementation columns hold court or out-of-court values. */
const SHARED_COLUMNS = new Set(['2.1', '2.2', '2.3', '3.1', '3.2', '3.3']);
const RANK: Record<Checked, number> = { hmip: 0, secondary: 1, 'community-table': 2 };
const HMIP = 'HM Inspectorate of Probation';

export function parseStandardRatingsCsv(text: string): { rows: StandardRatingRow[]; leftOut: LeftOut[] } {
  const raw = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const rows: StandardRatingRow[] = [];
  const leftOut: LeftOut[] = [];
  raw.forEach((r, i) => {
    const line = i + 2;
    const parsed = RowSchema.safeParse(r);
    if (parsed.success) rows.push({ ...parsed.data, line });
    else
      leftOut.push({
        line,
        inspection: r.inspection ?? '',
        standardId: r.standard_id ?? '',
        reason: parsed.error.issues.map((x) => x.message).join('; '),
      });
  });
  return { rows, leftOut };
}

const sourceLabel = (r: StandardRatingRow) =>
  `${r.source_publisher}, ${r.source_title ? `“${r.source_title}”` : 'title not recorded'} ` +
  `(${r.source_date || 'date not recorded'})`;

/** Where a rating came from, as the public reads it beside the rating. */
export function provenance(r: StandardRatingRow): string {
  if (r.checked === 'hmip') return `Published by ${sourceLabel(r)}.`;
  if (r.checked === 'secondary') return `Reported by ${sourceLabel(r)}, not an HMIP page.`;
  return `Community table, not checked against HMIP: ${sourceLabel(r)}.`;
}

const sourceName = (r: StandardRatingRow) => `${sourceLabel(r)}: ${r.source_url}`;

/** The record's own standard with this row's id and name; a framework that lacks it gives none. */
function standardFor(f: Framework, row: StandardRatingRow) {
  const byId = standardsOf(f).find((s) => s.id === row.standard_id);
  if (!byId) return null;
  if (row.framework === f.id || !row.standard_name) return byId;
  // Attributed to another framework: the same number must name the same standard (3.4 does not).
  return findStandardByName(f, row.standard_name)?.id === byId.id ? byId : null;
}

const mainSourceIsHmip = (r: InspectionRecord) =>
  r.origin === 'seed-documents' || (r.sourceDetails ?? []).find((d) => d.url === r.sourceUrl)?.publisher === HMIP;

/**
 * Adds the rows to the records they name (by ref). Never overwrites a rating the record already holds
 * from an HMIP source; where sources disagree, HMIP's figure is kept and the others are discrepancies.
 */
export function applyStandardRatings(
  records: InspectionRecord[],
  rows: StandardRatingRow[],
  frameworks: Map<string, Framework>,
): StandardRatingsOutcome {
  const out: StandardRatingsOutcome = { added: 0, confirmed: 0, disagreements: 0, notInFramework: 0, leftOut: [] };
  const byRef = new Map(records.map((r) => [r.ref, r]));
  const groups = new Map<string, StandardRatingRow[]>();
  const leave = (row: StandardRatingRow, reason: string) =>
    out.leftOut.push({ line: row.line, inspection: row.inspection, standardId: row.standard_id, reason });
  for (const row of rows) {
    if (!row.framework) leave(row, 'the framework is not attributed');
    else if (!row.rating) leave(row, 'a blank is not a rating');
    else if (row.checked === 'community-table' && SHARED_COLUMNS.has(row.standard_id))
      leave(row, "the community table's court and out-of-court columns cannot be told apart");
    else if (!byRef.has(row.inspection)) leave(row, `the register holds no inspection "${row.inspection}"`);
    else {
      const key = `${row.inspection}\u0000${row.standard_id}`;
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
  }
  const touched = new Set<InspectionRecord>();
  for (const group of groups.values()) {
    const record = byRef.get(group[0]!.inspection)!;
    const f = frameworks.get(record.frameworkId);
    if (!f) {
      group.forEach((row) => leave(row, `framework ${record.frameworkId} is not loaded`));
      continue;
    }
    const rated = group.map((row) => ({ row, rating: normaliseRating(f, row.rating) }));
    for (const x of rated.filter((x) => !x.rating)) leave(x.row, `"${x.row.rating}" is not a rating in ${f.id}`);
    const usable = rated.filter((x) => x.rating).sort((a, b) => RANK[a.row.checked] - RANK[b.row.checked]);
    if (!usable.length) continue;
    const standard = standardFor(f, usable[0]!.row);
    touched.add(record);
    const discrepancies: Discrepancy[] = [];
    if (!standard) {
      out.notInFramework += usable.length;
      for (const { row } of usable)
        discrepancies.push({
          field: `standards.${row.standard_id}`,
          source: sourceName(row),
          stated: `${row.standard_id} ${row.standard_name}: ${row.rating}`,
          recorded: null,
          note:
            `The source rates a standard that ${f.name} does not have as ${row.standard_id}` +
            `${row.framework !== f.id ? ` (it was attributed to ${row.framework})` : ''}; not recorded.`,
        });
      record.discrepancies.push(...discrepancies);
      continue;
    }
    const best = usable[0]!;
    const existing = record.standardRatings.find((s) => s.standardId === standard.id && s.rating);
    const bestIsHmip = best.row.checked === 'hmip';
    const keepExisting = existing && (mainSourceIsHmip(record) || !bestIsHmip);
    const kept = keepExisting ? existing.rating! : best.rating!;
    for (const { row, rating } of usable) {
      if (rating === kept) continue;
      out.disagreements += 1;
      discrepancies.push({
        field: `standards.${standard.id}`,
        source: sourceName(row),
        stated: rating,
        recorded: kept,
        note:
          `${row.source_publisher} gives ${labelOf(f, rating!)} for ${standard.name}; the register keeps ` +
          `${labelOf(f, kept)}, from ${keepExisting ? "the register's own source" : best.row.source_publisher}.`,
      });
    }
    if (existing && !keepExisting && existing.rating !== kept) {
      out.disagreements += 1;
      discrepancies.push({
        field: `standards.${standard.id}`,
        source: "The register's first record of this inspection",
        stated: existing.rating,
        recorded: kept,
        note: `${HMIP} gives ${labelOf(f, kept)} for ${standard.name}; its figure is recorded.`,
      });
    }
    record.discrepancies.push(...discrepancies);
    // A rating the record already holds at this value stays as it was, with its own source.
    if (existing?.rating === kept) out.confirmed += 1;
    else {
      if (!existing) out.added += 1;
      const agreeing = usable.filter((x) => x.rating === kept).map((x) => x.row);
      record.standardRatings = record.standardRatings.filter((s) => s.standardId !== standard.id);
      record.standardRatings.push({
        standardId: standard.id,
        rating: kept,
        status: 'rated',
        source: 'published',
        rationale: [...new Set(agreeing.map(provenance))].join(' '),
        keyQuestions: null,
        // The best of the agreeing sources (HMIP's first): the one shown beside the rating.
        publicSource: rowSource(agreeing[0]!),
      });
    }
    addSources(
      record,
      usable.map((x) => x.row),
    );
  }
  for (const record of touched) refreshChecks(record, frameworks.get(record.frameworkId)!);
  return out;
}

const rowSource = (row: StandardRatingRow): PublicSource => ({
  publisher: row.source_publisher,
  title: row.source_title || null,
  date: row.source_date || null,
  url: row.source_url,
});

function addSources(record: InspectionRecord, rows: StandardRatingRow[]): void {
  for (const row of rows) {
    const url = row.source_url;
    if (record.sourceUrl !== url && !record.otherSourceUrls.includes(url)) record.otherSourceUrls.push(url);
    const details = record.sourceDetails ?? [];
    if (!details.some((d) => d.url === url)) details.push(rowSource(row));
    record.sourceDetails = details;
  }
}

/** The record's consistency findings, taken again now that it holds more ratings. */
function refreshChecks(record: InspectionRecord, f: Framework): void {
  record.standardRatings.sort((a, b) => a.standardId.localeCompare(b.standardId, 'en', { numeric: true }));
  const kept = record.discrepancies.filter((d) => d.source !== 'consistency check' || d.field === 'framework');
  record.discrepancies = [...kept, ...consistencyDiscrepancies(f, record)];
}
