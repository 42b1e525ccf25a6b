import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { consistencyDiscrepancies } from '../domain/consistency.ts';
import { findStandardByName, maxScore, type Framework } from '../domain/framework.ts';
import { selectFramework } from '../domain/framework-selection.ts';
import { londonInstant } from '../domain/embargo.ts';
import type {
  Discrepancy,
  InspectionRecord,
  ServiceRecord,
  StandardRatingRecord,
} from '../domain/inspection-record.ts';
import { parseFieldworkStart, parseIsoPartial, rangeDate, type PartialDate } from '../domain/partial-date.ts';
import { areaKey, slugify } from '../domain/service-identity.ts';
import { PARTNER_INSPECTORATES, RECORD_KINDS } from '../domain/inspection-record.ts';
import { sourcesOf, type PublicSource } from '../domain/public-source.ts';
import { isWebUrl, quoted } from '../domain/field-formats.ts';
import { mentionedStandardNames, normaliseRating, parseStandardRatings } from '../domain/ratings-text.ts';

/**
 * Reads the register's sourced CSV (one row per published inspection, as compiled from
 * press releases) into InspectionRecords. Nothing is guessed: text that cannot be read as a
 * rating is kept verbatim in ratingsSummary, and every inference is recorded.
 */

export const SEED_DIR = resolve(import.meta.dirname, '..', '..', 'data', 'seed');

const RowSchema = z.object({
  service_name: z.string().trim().min(1, 'service_name is empty'),
  local_authority_area: z.string().trim().min(1, 'local_authority_area is empty'),
  region: z.string().trim().min(1, 'region is empty'),
  framework: z.string().trim(),
  overall_rating: z.string().trim(),
  total_score_stated: z.string().trim(),
  total_score_derived: z.string().trim(),
  standard_ratings: z.string().trim(),
  resettlement_rating: z.string().trim(),
  recommendations: z.string().trim(),
  fieldwork: z.string().trim(),
  publication_date: z.string().trim(),
  chief_inspector_named: z.string().trim(),
  source_url: z.string().trim(),
  other_source_urls: z.string().trim(),
  notes: z.string().trim(),
  /** Added later; files without them still read (a single inspection, no partners, no source details). */
  kind: z.enum(['', ...RECORD_KINDS]).default(''),
  partner_inspectorates: z.string().trim().default(''),
  source_title: z.string().trim().default(''),
  source_publisher: z.string().trim().default(''),
  source_date: z
    .string()
    .trim()
    .default('')
    .refine((s) => s === '' || parseIsoPartial(s) !== null, 'source_date is not a date (YYYY, YYYY-MM or YYYY-MM-DD)'),
  /**
   * A publication date known only between bounds (publication_date empty): the first and last day it
   * can be, each with its public source written "publisher | title | date | address" (title and date
   * may be empty: a description is never passed off as a title).
   */
  publication_not_before: z.string().trim().default(''),
  publication_not_before_source: z.string().trim().default(''),
  publication_not_after: z.string().trim().default(''),
  publication_not_after_source: z.string().trim().default(''),
});
export type RegisterCsvRow = z.infer<typeof RowSchema>;

/** The data set's programme labels, mapped to the framework versions they can mean. */
const PROGRAMMES: Record<string, string[]> = {
  'FJI-2017': ['hmip-youth-fji'],
  'HMIP-2018': ['hmip-youth-2018', 'hmip-youth-2021'],
  'HMIP-IYJWCV': ['hmip-youth-2025'],
  'HMIP-2025-full': ['hmip-youth-2025-full'],
  'HMIP (programme not stated)': ['hmip-youth-2018', 'hmip-youth-2021', 'hmip-youth-2025', 'hmip-youth-2025-full'],
};

/** Matched against the trimmed name, from a literal "(": a leading \s* would retry every run of spaces. */
const SUFFIXES = /\((re-inspection)\)$/i;
const withoutSuffix = (name: string) => name.trim().replace(SUFFIXES, '').trim();

/**
 * Other sources are separated by " ; ", or by ";" right before an address. Split on ";" and
 * rejoin the pieces that were not such a break: linear, where a split on
 * /\s+;\s+|\s*;\s*(?=https?:)/ retries every run of spaces.
 */
export function splitOtherSources(text: string): string[] {
  const pieces = text.split(';');
  const out: string[] = [pieces[0]!];
  for (const piece of pieces.slice(1)) {
    const prev = out.at(-1)!;
    const spaced = /\s$/.test(prev) && /^\s/.test(piece);
    if (spaced || /^https?:/.test(piece.trimStart())) out.push(piece);
    else out[out.length - 1] = `${prev};${piece}`;
  }
  return out.map((u) => u.trim()).filter(Boolean);
}

/**
 * A bound's source, "publisher | title | date | address": the address last, the date (if any) a date.
 * Null when it is not of that form. Split on "|" (a plain split, linear), so a title holds no "|".
 */
export function parseBoundSource(text: string): PublicSource | null {
  const parts = text.split('|').map((p) => p.trim());
  if (parts.length !== 4) return null;
  const [publisher, title, date, url] = parts as [string, string, string, string];
  if (!publisher || !isWebUrl(url) || (date && !parseIsoPartial(date))) return null;
  return { publisher, title: title || null, date: date || null, url };
}

/**
 * The publication date of a row: publication_date, or the bounds of one known only between two dates,
 * each with its source. A row gives one or the other, and both bounds or neither.
 */
export function rowPublication(
  row: Pick<
    RegisterCsvRow,
    | 'publication_date'
    | 'publication_not_before'
    | 'publication_not_before_source'
    | 'publication_not_after'
    | 'publication_not_after_source'
  >,
): { publication: PartialDate | null; boundSources: PublicSource[] } | { problem: string } {
  const { publication_not_before: nb, publication_not_after: na } = row;
  const anyBound = nb || na || row.publication_not_before_source || row.publication_not_after_source;
  if (!anyBound) {
    const publication = row.publication_date ? parseIsoPartial(row.publication_date) : null;
    if (row.publication_date && !publication)
      return { problem: `publication_date "${row.publication_date}" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)` };
    return { publication, boundSources: [] };
  }
  if (row.publication_date) return { problem: 'publication_date is given with bounds: give one or the other' };
  const publication = rangeDate(nb, na);
  if (!publication)
    return { problem: `publication bounds "${nb}" to "${na}" are not two dates (YYYY-MM-DD), the first no later` };
  const sources = [row.publication_not_before_source, row.publication_not_after_source].map(parseBoundSource);
  if (sources.some((s) => !s))
    return { problem: 'each publication bound needs its source: "publisher | title | date | address"' };
  return { publication, boundSources: sources as PublicSource[] };
}

export function loadOnsCodes(file = resolve(SEED_DIR, 'local-authorities.csv')): Map<string, string> {
  const rows = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as {
    name: string;
    ons_code: string;
  }[];
  return new Map(rows.filter((r) => r.ons_code).map((r) => [r.name.toLowerCase(), r.ons_code]));
}

export interface RowOutcome {
  line: number;
  serviceName: string;
  record: InspectionRecord | null;
  skipped: string | null;
  notes: string[];
}

export interface ConvertContext {
  frameworks: Map<string, Framework>;
  onsCodes: Map<string, string>;
  /** When a row has no publication date, the moment it entered the register (it is public from then). */
  importedAt: Date;
  origin: string;
}

function serviceFor(row: RegisterCsvRow, onsCodes: Map<string, string>): ServiceRecord {
  const areas = row.local_authority_area
    .split(';')
    .map((a) => a.trim())
    .filter(Boolean);
  const name = withoutSuffix(row.service_name);
  return {
    name,
    formerNames: [],
    areas: areas.map((a) => ({ name: a, onsCode: onsCodes.get(a.toLowerCase()) ?? null })),
    region: row.region,
    nation: row.region === 'Wales' ? 'Wales' : 'England',
  };
}

function parseScore(text: string): { total: number; max: number } | null {
  const m = /^(\d{1,2})\s*\/\s*(\d{1,2})$/.exec(text);
  return m ? { total: Number(m[1]), max: Number(m[2]) } : null;
}

export function convertRow(row: RegisterCsvRow, line: number, ctx: ConvertContext): RowOutcome {
  const notes: string[] = [];
  const outcome = (record: InspectionRecord | null, skipped: string | null): RowOutcome => ({
    line,
    serviceName: row.service_name,
    record,
    skipped,
    notes,
  });
  const candidates = (Object.hasOwn(PROGRAMMES, row.framework) ? PROGRAMMES[row.framework]! : [])
    .map((id) => ctx.frameworks.get(id))
    .filter((f): f is Framework => !!f);
  if (candidates.length === 0) return outcome(null, `unknown programme "${row.framework}"`);

  const dated = rowPublication(row);
  if ('problem' in dated) return outcome(null, dated.problem);
  const { publication, boundSources } = dated;
  const fieldworkStart = row.fieldwork ? parseFieldworkStart(row.fieldwork) : null;
  const selection = selectFramework(candidates, {
    fieldworkStart,
    publication,
    // Only names some candidate knows can tell versions apart ("joint working" is 2018-only).
    standardNames: mentionedStandardNames(candidates[0]!, row.standard_ratings).filter((n) =>
      candidates.some((c) => findStandardByName(c, n)),
    ),
    hasResettlement: row.resettlement_rating !== '',
  });
  const f = selection!.framework;

  const discrepancies: Discrepancy[] = [];
  const standardRatings: StandardRatingRecord[] = [];
  const parsed = row.standard_ratings ? parseStandardRatings(f, row.standard_ratings) : null;
  for (const [standardId, rating] of parsed?.ratings ?? []) {
    standardRatings.push({
      standardId,
      rating,
      status: 'rated',
      source: 'published',
      rationale: null,
      keyQuestions: null,
    });
  }
  if (parsed?.conflicts.length)
    notes.push(`conflicting ratings for ${parsed.conflicts.join(', ')} in standard_ratings`);
  const resettlement = f.domains.flatMap((d) => d.standards).find((s) => s.requiresCasesOfType === 'resettlement');
  if (row.resettlement_rating) {
    if (!resettlement)
      notes.push(`resettlement rating "${row.resettlement_rating}" ignored: ${f.id} has no resettlement standard`);
    else if (/^not rated/i.test(row.resettlement_rating)) {
      standardRatings.push({
        standardId: resettlement.id,
        rating: null,
        status: 'not_rated',
        source: 'published',
        rationale: row.resettlement_rating,
        keyQuestions: null,
      });
    } else {
      const r = normaliseRating(f, row.resettlement_rating);
      if (r)
        standardRatings.push({
          standardId: resettlement.id,
          rating: r,
          status: 'rated',
          source: 'published',
          rationale: null,
          keyQuestions: null,
        });
      else notes.push(`resettlement rating "${row.resettlement_rating}" is not on the scale`);
    }
  }

  let overall: InspectionRecord['overall'] = null;
  if (row.overall_rating) {
    const r = normaliseRating(f, row.overall_rating);
    if (!r) return outcome(null, `overall_rating "${row.overall_rating}" is not a rating in ${f.id}`);
    overall = { rating: r, source: 'published' };
  }
  const stated = parseScore(row.total_score_stated);
  const derived = parseScore(row.total_score_derived);
  if (row.total_score_stated && !stated)
    return outcome(null, `total_score_stated "${row.total_score_stated}" is not of the form N/36`);
  if (row.total_score_derived && !derived)
    return outcome(null, `total_score_derived "${row.total_score_derived}" is not of the form N/36`);
  const s = stated ?? derived;
  const score: InspectionRecord['score'] = s ? { ...s, source: stated ? 'stated' : 'derived' } : null;

  if (!overall && standardRatings.every((r) => r.status !== 'rated')) {
    return outcome(null, 'row carries no rating (no overall rating and no readable standard rating)');
  }

  // Trimmed first: /^(\d+)\s*(?:\(…\))?\s*$/ tries every split of a run of spaces between its two \s*.
  const recMatch = /^(\d+)(?:\s*\((.*)\))?$/.exec(row.recommendations.trim());
  const otherSourceUrls = splitOtherSources(row.other_source_urls);
  // The sources of a date's bounds are sources of the record: listed with it, with their details.
  for (const b of boundSources)
    if (b.url !== row.source_url && !otherSourceUrls.includes(b.url)) otherSourceUrls.push(b.url);
  for (const u of [row.source_url, ...otherSourceUrls].filter(Boolean)) {
    if (!isWebUrl(u)) return outcome(null, `source ${quoted(u)} is not an http or https address`);
  }
  const partners = row.partner_inspectorates
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean);
  const unknownPartner = partners.find((p) => !(PARTNER_INSPECTORATES as readonly string[]).includes(p));
  if (unknownPartner) return outcome(null, `partner_inspectorates: "${unknownPartner}" is not a known inspectorate`);
  const service = serviceFor(row, ctx.onsCodes);
  if (row.service_name !== service.name) service.formerNames.push(row.service_name);
  const publishedAt = publication ? londonInstant(publication.earliest) : ctx.importedAt;
  if (!publication) notes.push('no publication date: public in the register from the moment it was imported');
  if (selection!.ambiguity) notes.push(selection!.ambiguity);

  const record: InspectionRecord = {
    ref: '', // assigned once all rows are known (refs depend on service slugs)
    service,
    frameworkId: f.id,
    frameworkVersion: f.version,
    frameworkBasis: selection!.basis,
    frameworkAmbiguity: selection!.ambiguity,
    title: f.id === 'hmip-youth-fji' ? 'Full joint inspection of youth offending work' : null,
    status: 'published',
    fieldworkText: row.fieldwork || null,
    fieldworkStart,
    fieldworkEnd: null,
    publication,
    publishedAt,
    score,
    overall,
    standardRatings,
    recommendations: [],
    recommendationsStated: recMatch ? Number(recMatch[1]) : null,
    recommendationsBreakdown: recMatch?.[2]?.trim() || (row.recommendations && !recMatch ? row.recommendations : null),
    findings: [],
    chiefInspector: row.chief_inspector_named || null,
    leadInspector: null,
    ratingsSummary: row.standard_ratings || null,
    sourceUrl: row.source_url || null,
    otherSourceUrls,
    notes: row.notes || null,
    kind: row.kind || 'single',
    partnerInspectorates: partners as (typeof PARTNER_INSPECTORATES)[number][],
    sourceDetails: sourcesOf([row.source_url, ...otherSourceUrls].filter(Boolean), [
      ...(row.source_url && row.source_publisher
        ? [
            {
              url: row.source_url,
              publisher: row.source_publisher,
              title: row.source_title || null,
              date: row.source_date || null,
            },
          ]
        : []),
      ...boundSources,
    ]),
    origin: ctx.origin,
    discrepancies,
  };
  if (selection!.conflict) {
    discrepancies.push({
      field: 'framework',
      source: 'consistency check',
      stated: [row.fieldwork, row.publication_date].filter(Boolean).join('; ') || null,
      recorded: f.id,
      note: selection!.conflict,
    });
  }
  discrepancies.push(...consistencyDiscrepancies(f, record));
  if (score && maxScore(f) === null)
    notes.push(`score ${score.total}/${score.max} kept as published though ${f.id} has no score`);
  return outcome(record, null);
}

export interface SourcedRow {
  line: number;
  row: RegisterCsvRow | null;
  error: string | null;
  raw: Record<string, string>;
}

export const SOURCED_CSV_OPTIONS = {
  columns: true,
  skip_empty_lines: true,
  bom: true,
  relax_column_count: false,
  info: true,
} as const;

/** Rows as csv-parse gives them with SOURCED_CSV_OPTIONS, checked against the column schema. */
export function readSourcedRows(raw: { record: Record<string, string>; info: { lines: number } }[]): SourcedRow[] {
  return raw.map(({ record, info }) => {
    const r = RowSchema.safeParse(record);
    return r.success
      ? { line: info.lines, row: r.data, error: null, raw: record }
      : {
          line: info.lines,
          row: null,
          error: r.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; '),
          raw: record,
        };
  });
}

export function parseRegisterCsv(text: string): { rows: SourcedRow[] } {
  return { rows: readSourcedRows(parse(text, SOURCED_CSV_OPTIONS) as Parameters<typeof readSourcedRows>[0]) };
}

/**
 * Gives each record a stable reference "<service-slug>-<year>" (with -2, -3 for a second
 * inspection in the same year, or "-undated"), and each service the slug of its area or name.
 * Records of the same service (same local authority areas) share the latest name; older names
 * become former names.
 */
export function assignRefs(records: InspectionRecord[]): void {
  const groups = new Map<string, InspectionRecord[]>();
  for (const r of records) {
    const k = areaKey(r.service);
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const usedRefs = new Set<string>();
  const usedSlugs = new Set<string>();
  const when = (r: InspectionRecord) => r.publication?.latest ?? r.fieldworkStart?.latest ?? '9999';
  for (const list of groups.values()) {
    list.sort((a, b) => when(a).localeCompare(when(b)));
    const latest = list.at(-1)!.service;
    const allNames = [...new Set(list.flatMap((r) => [r.service.name, ...r.service.formerNames]))];
    let slug = slugify(
      latest.areas.length === 1 ? latest.areas[0]!.name : latest.name.replace(/\b(YOT|YOS|YJS|YJT)\b/g, ''),
    );
    while (usedSlugs.has(slug)) slug += '-service';
    usedSlugs.add(slug);
    for (const r of list) {
      r.service = { ...latest, formerNames: allNames.filter((n) => n !== latest.name) };
      // A date known only between bounds that span years has no one year: its reference says undated.
      const p = r.publication;
      const year = p && p.earliest.slice(0, 4) === p.latest.slice(0, 4) ? p.earliest.slice(0, 4) : 'undated';
      let ref = `${slug}-${year}`;
      for (let n = 2; usedRefs.has(ref); n++) ref = `${slug}-${year}-${n}`;
      usedRefs.add(ref);
      r.ref = ref;
    }
  }
}
