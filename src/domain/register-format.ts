import { z } from 'zod';
import { isOnsCode, isWebUrl, quoted } from './field-formats.ts';
import {
  PARTNER_INSPECTORATES,
  RECORD_KINDS,
  type InspectionRecord,
  type StandardRatingRecord,
} from './inspection-record.ts';
import { sourcesOf, type PublicSource } from './public-source.ts';
import type { ThematicListing } from './thematic-inspection.ts';

type Partner = (typeof PARTNER_INSPECTORATES)[number];
import { isoPartial, parseIsoPartial, rangeDate, type PartialDate } from './partial-date.ts';
import { fail, ok, type Result } from './result.ts';

/**
 * The register's open data format, version 1.4 (1.3 without the thematic inspections file; 1.2 also
 * without the bounds of a publication date known only between two dates; 1.1 also without each
 * rating's own source; 1.0 also without source details, kind, partners and the panel's
 * rationales): one row per published inspection. The same
 * column list drives the CSV and JSON downloads, the data dictionary page, and the importer, so
 * an export can be imported into an empty register and exported again unchanged.
 */
export const FORMAT_VERSION = '1.4';

/**
 * The licence the open data (downloads and API) is published under. The register's records are
 * drawn from inspectorates' published reports, which are Crown copyright under the Open Government
 * Licence; the register republishes them on the same terms.
 */
export const DATA_LICENCE = {
  name: 'OGL-UK-3.0',
  title: 'Open Government Licence v3.0',
  path: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
} as const;

/**
 * What a column holds, as a Table Schema (Frictionless) field says it: the data package
 * (/downloads/datapackage.json) and the data dictionary page are both made from these.
 * Absent means text that may be empty.
 */
export interface ColumnValues {
  type?: 'integer' | 'boolean' | 'date' | 'datetime';
  /** Never empty. */
  required?: boolean;
  /** The values allowed; `ratings` and `frameworks` are those of the framework files, known when the app runs. */
  allowed?: readonly string[] | 'ratings' | 'frameworks';
  /** With `allowed: 'ratings'`, further values allowed besides the framework's ratings. */
  alsoAllowed?: readonly string[];
  /** A regular expression the whole value matches (XML Schema syntax, as Table Schema uses). */
  pattern?: string;
  minimum?: number;
}

export interface Column extends ColumnValues {
  name: string;
  description: string;
  example: string;
  /**
   * The format version that added the column. Columns are only added at the end within a major
   * version, so a file of an earlier minor version lacks them and is read with them empty.
   */
  since?: string;
}

const NATIONS = ['England', 'Wales'] as const;
const RATING_SOURCES = ['computed', 'judged', 'published'] as const;
const SCORE_SOURCES = ['computed', 'stated', 'derived'] as const;
const PARTIAL_DATE = '[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?';

/** Columns that several files share, written once. */
const NOTES_COLUMN: Column = { name: 'notes', description: 'Notes on the record', example: '' };
const AS_AT_COLUMN: Column = {
  name: 'as_at',
  description: 'The date this extract describes the register as at',
  example: '2026-11-22',
  type: 'date',
  required: true,
};

export const INSPECTION_COLUMNS: Column[] = [
  {
    name: 'inspection_ref',
    description: 'Stable reference of the inspection; also its address: /inspections/{ref}',
    example: 'bromley-2025',
    required: true,
    pattern: '[a-z0-9-]+',
  },
  { name: 'service_slug', description: 'Stable reference of the service', example: 'bromley', required: true },
  { name: 'service_name', description: 'Current name of the service', example: 'Bromley YJS', required: true },
  { name: 'former_names', description: 'Earlier names, separated by "; "', example: 'Bromley YOS' },
  {
    name: 'local_authorities',
    description: 'Local authority areas the service covers, separated by "; "',
    example: 'Bromley',
  },
  {
    name: 'ons_codes',
    description: 'ONS (GSS) codes of those areas in the same order, separated by "; "; empty where not known',
    example: 'E09000006',
  },
  { name: 'region', description: 'Region (England) or Wales', example: 'London', required: true },
  { name: 'nation', description: 'England or Wales', example: 'England', required: true, allowed: NATIONS },
  {
    name: 'framework_id',
    description: 'Inspection framework (see /frameworks)',
    example: 'hmip-youth-2021',
    required: true,
    allowed: 'frameworks',
  },
  { name: 'framework_version', description: 'Version of that framework', example: '2021.1', required: true },
  {
    name: 'title',
    description: 'Title of the inspection, where recorded',
    example: 'Inspection of youth justice services',
  },
  { name: 'fieldwork', description: 'Fieldwork as the source states it', example: 'September 2024' },
  {
    name: 'fieldwork_start',
    description: 'Fieldwork start, as precise as known: YYYY-MM-DD, YYYY-MM or YYYY',
    example: '2024-09',
    pattern: PARTIAL_DATE,
  },
  {
    name: 'publication_date',
    description:
      'Publication date, as precise as known: YYYY-MM-DD, YYYY-MM or YYYY; empty if not known, or if known ' +
      'only between bounds (then publication_not_before and publication_not_after give them)',
    example: '2025-01-07',
    pattern: PARTIAL_DATE,
  },
  {
    name: 'published_at',
    description: 'When the record became public in the register (ISO 8601, UTC)',
    example: '2025-01-07T00:01:00.000Z',
    type: 'datetime',
    required: true,
  },
  {
    name: 'overall_rating',
    description: 'Overall rating id; empty where the framework gives none',
    example: 'outstanding',
    allowed: 'ratings',
  },
  {
    name: 'overall_source',
    description: 'computed, judged or published',
    example: 'published',
    allowed: RATING_SOURCES,
  },
  { name: 'score', description: 'Total score, where the framework scores', example: '33', type: 'integer', minimum: 0 },
  { name: 'score_max', description: 'Maximum score', example: '36', type: 'integer', minimum: 0 },
  { name: 'score_source', description: 'computed, stated or derived', example: 'stated', allowed: SCORE_SOURCES },
  {
    name: 'resettlement_rating',
    description: 'Resettlement rating (2021 framework; rated but not scored); "not_rated" where it could not be rated',
    example: 'outstanding',
    allowed: 'ratings',
    alsoAllowed: ['not_rated'],
  },
  {
    name: 'standard_ratings',
    description:
      'Each rated standard as id=rating (source), separated by "; "; "not_rated" where a standard could not be rated',
    example: '1.1=outstanding (published); 1.3=good (published)',
  },
  {
    name: 'recommendations_stated',
    description: 'Number of recommendations the report makes',
    example: '3',
    type: 'integer',
    minimum: 0,
  },
  {
    name: 'recommendations_breakdown',
    description: 'To whom, as stated',
    example: '2 for the executive management board, 1 for Bromley YJS',
  },
  { name: 'chief_inspector', description: 'Chief Inspector named in the release', example: 'Martin Jones' },
  { name: 'source_url', description: 'Primary source', example: 'https://…' },
  { name: 'other_source_urls', description: 'Other sources, separated by " "', example: 'https://… https://…' },
  {
    name: 'source_details',
    description:
      'Each source as JSON: [{"publisher", "title" (null where not known), "date" (YYYY[-MM[-DD]] or null), "url"}]',
    example: '[{"publisher":"HM Inspectorate of Probation","title":null,"date":"2025-01","url":"https://…"}]',
    since: '1.1',
  },
  {
    name: 'kind',
    description: 'single, joint, pilot or thematic; pilot and thematic ratings never count as a service’s rating',
    example: 'single',
    required: true,
    allowed: RECORD_KINDS,
    since: '1.1',
  },
  {
    name: 'partner_inspectorates',
    description: 'The other inspectorates of a joint inspection, separated by "; "',
    example: 'Ofsted; CQC; HMICFRS',
    since: '1.1',
  },
  NOTES_COLUMN,
  AS_AT_COLUMN,
  {
    name: 'overall_rationale',
    description: 'Where the ratings panel decided the overall rating (overall_source judged): its rationale',
    example: 'Two standards could not be rated; the evidence across the others supports Good.',
    since: '1.1',
  },
  {
    name: 'rating_sources',
    description:
      'The public source of each rating taken from a source other than the inspection’s own, as JSON keyed by ' +
      'standard id ("overall" for the overall rating): {"2.1": {"publisher", "title" (null where not known), ' +
      '"date" (YYYY[-MM[-DD]] or null), "url"}}; empty where every rating is from the inspection’s sources',
    example: '{"2.1":{"publisher":"Hartlepool Mail","title":null,"date":null,"url":"https://…"}}',
    since: '1.2',
  },
  {
    name: 'publication_not_before',
    description:
      'Where the publication date is known only between bounds (publication_date empty): the first day it ' +
      'can be (YYYY-MM-DD); the notes and sources say where each bound comes from. Empty otherwise',
    example: '2018-08-01',
    type: 'date',
    since: '1.3',
  },
  {
    name: 'publication_not_after',
    description:
      'With publication_not_before: the last day the publication can be (YYYY-MM-DD); "as at" counts take ' +
      'the record as certain from this day. Empty otherwise',
    example: '2018-12-04',
    type: 'date',
    since: '1.3',
  },
];

/**
 * The rating-counts file: the counts the home and statistics pages show, as ranges. `certain` counts
 * the services at the rating however the dates the register does not know turn out; `possible`
 * those that could be; `could_change` names the services between the two.
 */
export const RATING_COUNT_COLUMNS: Column[] = [
  { name: 'as_at', description: 'The date the counts are as at', example: '2025-01-07', type: 'date', required: true },
  {
    name: 'scope_kind',
    description: 'national (every service of England and Wales) or region',
    example: 'region',
    required: true,
    allowed: ['national', 'region'],
  },
  {
    name: 'scope',
    description: 'England and Wales, or the region (Wales is one region)',
    example: 'London',
    required: true,
  },
  {
    name: 'rating',
    description: "Rating id of the services' latest overall rating",
    example: 'outstanding',
    required: true,
    allowed: 'ratings',
  },
  {
    name: 'certain',
    description: 'Services certainly at the rating as at the date (the lower end of the range)',
    example: '4',
    type: 'integer',
    required: true,
    minimum: 0,
  },
  {
    name: 'possible',
    description:
      'Services that could be at the rating as at the date (the upper end of the range; ' +
      'equal to certain when the count is known)',
    example: '6',
    type: 'integer',
    required: true,
    minimum: 0,
  },
  {
    name: 'could_change',
    description:
      'The services between certain and possible, separated by "; ", each with why in brackets: ' +
      'undated (an inspection with no known publication date), date-straddles (published around the date, ' +
      'known only to the month or year, or only between two dates) or no-record (no inspection in the ' +
      'register known to be published by then)',
    example: 'Haringey YJS [no-record]; Newham YOS [no-record]',
  },
];

export const STANDARD_COLUMNS: Column[] = [
  {
    name: 'inspection_ref',
    description: 'The inspection (joins to the inspections file)',
    example: 'bromley-2025',
    required: true,
  },
  { name: 'service_slug', description: 'The service', example: 'bromley', required: true },
  { name: 'framework_id', description: 'Framework', example: 'hmip-youth-2021', required: true, allowed: 'frameworks' },
  { name: 'framework_version', description: 'Framework version', example: '2021.1', required: true },
  { name: 'standard_id', description: 'Standard within the framework', example: '1.1', required: true },
  { name: 'standard_name', description: 'Name of the standard', example: 'Governance and leadership' },
  {
    name: 'counts_to_score',
    description: 'true if it counts towards the score',
    example: 'true',
    type: 'boolean',
    required: true,
  },
  { name: 'rating', description: 'Rating id; empty if not rated', example: 'outstanding', allowed: 'ratings' },
  {
    name: 'status',
    description: 'rated or not_rated',
    example: 'rated',
    required: true,
    allowed: ['rated', 'not_rated'],
  },
  {
    name: 'source',
    description: 'computed, judged or published',
    example: 'published',
    required: true,
    allowed: RATING_SOURCES,
  },
  {
    name: 'key_questions',
    description: 'Share of applicable cases answered yes, per key question: id=percent separated by "; "',
    example: '2.1.1=85; 2.1.2=80',
  },
  AS_AT_COLUMN,
  {
    name: 'computed_rating',
    description:
      'Where the ratings panel overrode the rating computed from case answers: the computed rating ' +
      '(rating is then the panel’s decision and source is judged); empty otherwise',
    example: 'good',
    allowed: 'ratings',
    since: '1.1',
  },
  {
    name: 'panel_rationale',
    description: 'Where the ratings panel decided the rating (source judged): its rationale',
    example: 'Near the threshold; the quality of planning was weaker than the count suggests.',
    since: '1.1',
  },
  {
    name: 'rating_source_publisher',
    description: 'Where the rating was taken from a published source: who published it (empty otherwise)',
    example: 'HM Inspectorate of Probation',
    since: '1.2',
  },
  {
    name: 'rating_source_title',
    description: 'The title of that source, where known',
    example: 'An inspection of youth offending services in Hartlepool',
    since: '1.2',
  },
  {
    name: 'rating_source_date',
    description: 'The date of that source, as precise as it gives it (YYYY[-MM[-DD]])',
    example: '2021-03',
    since: '1.2',
  },
  {
    name: 'rating_source_url',
    description: 'The address of that source',
    example: 'https://…',
    since: '1.2',
  },
];

/**
 * The thematic inspections file (format 1.4): one row per public thematic inspection. They are
 * listed, never counted, so no column here is a rating; a file of their own rather than rows of
 * the inspections file, whose every row is one service's inspection.
 */
export const THEMATIC_COLUMNS: Column[] = [
  {
    name: 'thematic_ref',
    description: 'Stable reference of the thematic inspection; also its place on /thematic-inspections (#ref)',
    example: 'black-mixed-heritage-boys-2021',
    required: true,
    pattern: '[a-z0-9-]+',
  },
  {
    name: 'title',
    description: 'The report’s title; a description of it where title_known is false',
    example: 'The experiences of black and mixed heritage boys in the youth justice system',
    required: true,
  },
  {
    name: 'title_known',
    description:
      'true where title is the report’s own title; false where the sources give none and it describes the report',
    example: 'true',
    type: 'boolean',
    required: true,
  },
  {
    name: 'publication_date',
    description:
      'Publication date, as precise as known: YYYY-MM-DD, YYYY-MM or YYYY; empty if known only between ' +
      'bounds (then publication_not_before and publication_not_after give them)',
    example: '2021-10-21',
    pattern: PARTIAL_DATE,
  },
  {
    name: 'publication_not_before',
    description: 'Where the publication date is known only between two dates: the earliest it can be',
    example: '',
    type: 'date',
  },
  {
    name: 'publication_not_after',
    description: 'Where the publication date is known only between two dates: the latest it can be',
    example: '',
    type: 'date',
  },
  {
    name: 'publisher',
    description: 'Who published the report',
    example: 'HM Inspectorate of Probation',
    required: true,
  },
  {
    name: 'partner_inspectorates',
    description: 'The other inspectorates that took part, separated by "; "',
    example: 'Ofsted; CQC; HMICFRS',
  },
  {
    name: 'sampled',
    description: 'What was sampled, in the sources’ words, including what they do not name',
    example: 'Work with children in nine areas of England and Wales',
    required: true,
  },
  {
    name: 'visited_service_slugs',
    description: 'The register’s services whose work was sampled, where a public source names them, separated by "; "',
    example: 'leeds',
  },
  {
    name: 'visited_service_names',
    description: 'The names of those services in the same order, separated by "; "',
    example: 'Leeds YJS',
  },
  { name: 'source_url', description: 'Primary source', example: 'https://…', required: true },
  {
    name: 'source_details',
    description:
      'Each source as JSON: [{"publisher", "title" (null where not known), "date" (YYYY[-MM[-DD]] or null), "url"}]',
    example: '[{"publisher":"HM Inspectorate of Probation","title":null,"date":"2021-10","url":"https://…"}]',
  },
  NOTES_COLUMN,
  AS_AT_COLUMN,
];

export type Row = Record<string, string>;

// A date known only between bounds has no value of its own here: publication_not_before/_after carry it.
const partialValue = (p: PartialDate | null) => (!p || p.precision === 'range' ? '' : isoPartial(p));
const boundOf = (p: PartialDate | null, side: 'earliest' | 'latest') => (p?.precision === 'range' ? p[side] : '');
const num = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));

// One collator, not localeCompare with options per comparison (which builds one each time).
const byStandardId = new Intl.Collator('en', { numeric: true });
const compareStandards = (a: StandardRatingRecord, b: StandardRatingRecord) =>
  byStandardId.compare(a.standardId, b.standardId);

export function encodeStandardRatings(list: StandardRatingRecord[]): string {
  return [...list]
    .sort(compareStandards)
    .map((s) => `${s.standardId}=${s.status === 'not_rated' ? 'not_rated' : s.rating} (${s.source})`)
    .join('; ');
}

const RATING_PART = /^([A-Za-z0-9_.-]+)=([a-z_]+) \((computed|judged|published)\)$/;

export function decodeStandardRatings(cell: string): Result<StandardRatingRecord[]> {
  if (!cell.trim()) return ok([]);
  const out: StandardRatingRecord[] = [];
  for (const piece of cell.split(';')) {
    const part = piece.trim();
    if (!part) continue;
    const m = RATING_PART.exec(part);
    if (!m)
      return fail([{ path: 'standard_ratings', message: `${quoted(part)} is not of the form id=rating (source)` }]);
    out.push({
      standardId: m[1]!,
      rating: m[2] === 'not_rated' ? null : m[2]!,
      status: m[2] === 'not_rated' ? 'not_rated' : 'rated',
      source: m[3] as StandardRatingRecord['source'],
      rationale: null,
      keyQuestions: null,
    });
  }
  return ok(out);
}

export interface ExportableRecord extends InspectionRecord {
  serviceSlug: string;
  /** False when the source does not carry recommendations, findings and the like: keep what is stored. */
  childrenIncluded?: boolean;
}

export function toInspectionRow(r: ExportableRecord, asAt: string, resettlementId: string | null): Row {
  const resettlement = resettlementId ? r.standardRatings.find((s) => s.standardId === resettlementId) : undefined;
  return {
    inspection_ref: r.ref,
    service_slug: r.serviceSlug,
    service_name: r.service.name,
    former_names: r.service.formerNames.join('; '),
    local_authorities: r.service.areas.map((a) => a.name).join('; '),
    ons_codes: r.service.areas.some((a) => a.onsCode) ? r.service.areas.map((a) => a.onsCode ?? '').join('; ') : '',
    region: r.service.region,
    nation: r.service.nation,
    framework_id: r.frameworkId,
    framework_version: r.frameworkVersion,
    title: r.title ?? '',
    fieldwork: r.fieldworkText ?? '',
    fieldwork_start: partialValue(r.fieldworkStart),
    publication_date: partialValue(r.publication),
    published_at: r.publishedAt.toISOString(),
    overall_rating: r.overall?.rating ?? '',
    overall_source: r.overall?.source ?? '',
    score: num(r.score?.total),
    score_max: num(r.score?.max),
    score_source: r.score?.source ?? '',
    resettlement_rating: resettlement
      ? resettlement.status === 'not_rated'
        ? 'not_rated'
        : (resettlement.rating ?? '')
      : '',
    standard_ratings: encodeStandardRatings(r.standardRatings),
    recommendations_stated: num(r.recommendationsStated),
    recommendations_breakdown: r.recommendationsBreakdown ?? '',
    chief_inspector: r.chiefInspector ?? '',
    source_url: r.sourceUrl ?? '',
    other_source_urls: r.otherSourceUrls.join(' '),
    // Keys in one order whatever the store returns (jsonb keeps its own), so equal sources are equal text.
    source_details: JSON.stringify(
      sourcesOf(
        [r.sourceUrl, ...r.otherSourceUrls].filter((u): u is string => !!u),
        r.sourceDetails ?? [],
      ).map((x) => ({ publisher: x.publisher, title: x.title, date: x.date, url: x.url })),
    ),
    kind: r.kind ?? 'single',
    partner_inspectorates: (r.partnerInspectorates ?? []).join('; '),
    notes: r.notes ?? '',
    as_at: asAt,
    overall_rationale: r.overall?.rationale ?? '',
    rating_sources: encodeRatingSources(r),
    publication_not_before: boundOf(r.publication, 'earliest'),
    publication_not_after: boundOf(r.publication, 'latest'),
  };
}

const sourceKeys = (x: PublicSource): PublicSource => ({
  publisher: x.publisher,
  title: x.title,
  date: x.date,
  url: x.url,
});

/** One public thematic inspection as a row of the thematic inspections file. */
export function toThematicRow(x: ThematicListing, asAt: string): Row {
  return {
    thematic_ref: x.ref,
    title: x.title,
    title_known: String(x.titleKnown),
    publication_date: partialValue(x.publication),
    publication_not_before: boundOf(x.publication, 'earliest'),
    publication_not_after: boundOf(x.publication, 'latest'),
    publisher: x.publisher,
    partner_inspectorates: x.partnerInspectorates.join('; '),
    sampled: x.sampled,
    visited_service_slugs: x.visited.map((v) => v.slug).join('; '),
    visited_service_names: x.visited.map((v) => v.name).join('; '),
    source_url: x.sources[0]?.url ?? '',
    source_details: JSON.stringify(x.sources.map(sourceKeys)),
    notes: x.notes ?? '',
    as_at: asAt,
  };
}

/** Each rating's own source, keyed by standard id ("overall" first); empty where no rating has one. */
export function encodeRatingSources(r: Pick<InspectionRecord, 'overall' | 'standardRatings'>): string {
  const entries: [string, PublicSource][] = [
    ...(r.overall?.publicSource ? [['overall', sourceKeys(r.overall.publicSource)] as [string, PublicSource]] : []),
    ...[...r.standardRatings]
      .sort(compareStandards)
      .flatMap((s): [string, PublicSource][] => (s.publicSource ? [[s.standardId, sourceKeys(s.publicSource)]] : [])),
  ];
  return entries.length ? JSON.stringify(Object.fromEntries(entries)) : '';
}

const text = z.string();
// Columns added since 1.0 (`since`): a file without them still reads, and the register keeps what it holds.
const ExportRowSchema = z.object(
  Object.fromEntries(INSPECTION_COLUMNS.map((c) => [c.name, c.since ? text.optional() : text])) as Record<
    string,
    z.ZodType<string | undefined>
  >,
);
const SourceSchema = z.strictObject({
  publisher: z.string().min(1),
  title: z.string().nullable(),
  date: z.string().nullable(),
  url: z.string(),
});
const SourceDetailsSchema = z.array(SourceSchema);
const RatingSourcesSchema = z.record(z.string(), SourceSchema);

const optionalInt = (v: string, field: string): Result<number | null> => {
  if (!v.trim()) return ok(null);
  return /^\d+$/.test(v.trim())
    ? ok(Number(v))
    : fail([{ path: field, message: `${quoted(v)} is not a whole number` }]);
};
const optionalPartial = (v: string, field: string): Result<PartialDate | null> => {
  if (!v.trim()) return ok(null);
  const p = parseIsoPartial(v);
  return p ? ok(p) : fail([{ path: field, message: `${quoted(v)} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)` }]);
};
/**
 * The publication date: publication_date, or (format 1.3) the bounds of one known only between two
 * dates. A file before 1.3 has no bound columns and reads as before.
 */
const publicationOf = (r: Row): Result<PartialDate | null> => {
  const notBefore = r.publication_not_before?.trim() ?? '';
  const notAfter = r.publication_not_after?.trim() ?? '';
  if (!notBefore && !notAfter) return optionalPartial(r.publication_date!, 'publication_date');
  if (r.publication_date!.trim())
    return fail([
      { path: 'publication_date', message: 'is given with publication_not_before/_after: give one or the other' },
    ]);
  if (!notBefore || !notAfter)
    return fail([
      {
        path: notBefore ? 'publication_not_after' : 'publication_not_before',
        message: 'is empty: a date known between bounds needs both',
      },
    ]);
  const d = rangeDate(notBefore, notAfter);
  return d
    ? ok(d)
    : fail([
        {
          path: 'publication_not_before',
          message:
            `${quoted(notBefore)} to ${quoted(notAfter)} are not two dates (YYYY-MM-DD), ` +
            'the first no later than the second',
        },
      ]);
};
const oneOf = <T extends string>(v: string, allowed: readonly T[], field: string): Result<T | null> =>
  !v
    ? ok(null)
    : (allowed as readonly string[]).includes(v)
      ? ok(v as T)
      : fail([{ path: field, message: `${quoted(v)} is not one of ${allowed.join(', ')}` }]);

/** Reads one row of the register format back into a record; every problem is named with its column. */
export function fromInspectionRow(raw: unknown): Result<ExportableRecord> {
  const parsed = ExportRowSchema.safeParse(raw);
  if (!parsed.success)
    return fail(
      parsed.error.issues.map((i) => ({
        path: i.path.join('.'),
        message: i.path.length ? 'column is missing' : i.message,
      })),
    );
  const r = parsed.data as Row;
  const problems: { path: string; message: string }[] = [];
  const take = <T>(res: Result<T>): T | undefined => (res.ok ? res.value : (problems.push(...res.problems), undefined));
  if (!/^[a-z0-9-]+$/.test(r.inspection_ref!))
    problems.push({ path: 'inspection_ref', message: 'must be lower-case letters, digits and dashes' });
  if (!/^[a-z0-9-]+$/.test(r.service_slug!))
    problems.push({ path: 'service_slug', message: 'must be lower-case letters, digits and dashes' });
  for (const c of [
    'service_name',
    'local_authorities',
    'region',
    'framework_id',
    'framework_version',
    'published_at',
  ] as const)
    if (!r[c]!.trim()) problems.push({ path: c, message: 'is empty' });
  const nation = take(oneOf(r.nation!, ['England', 'Wales'] as const, 'nation'));
  if (!nation) problems.push({ path: 'nation', message: 'must be England or Wales' });
  const areas = r
    .local_authorities!.split(';')
    .map((a) => a.trim())
    .filter(Boolean);
  const codes = r.ons_codes!.trim() ? r.ons_codes!.split(';').map((a) => a.trim()) : [];
  if (codes.length && codes.length !== areas.length)
    problems.push({ path: 'ons_codes', message: `has ${codes.length} codes for ${areas.length} local authorities` });
  for (const c of codes)
    if (c && !isOnsCode(c))
      problems.push({
        path: 'ons_codes',
        message: `${quoted(c)} is not an ONS code (a letter E, W, S or N and eight digits)`,
      });
  const otherUrls = r.other_source_urls!.split(/\s+/).filter(Boolean);
  for (const [field, urls] of [
    ['source_url', r.source_url ? [r.source_url] : []],
    ['other_source_urls', otherUrls],
  ] as const) {
    for (const u of urls)
      if (!isWebUrl(u)) problems.push({ path: field, message: `${quoted(u)} is not an http or https address` });
  }
  let sourceDetails: PublicSource[] | undefined;
  if (r.source_details) {
    let json: unknown;
    try {
      json = JSON.parse(r.source_details);
    } catch {
      json = null;
    }
    const d = SourceDetailsSchema.safeParse(json);
    if (!d.success) problems.push({ path: 'source_details', message: 'is not a JSON list of sources' });
    else if (d.data.some((x) => !isWebUrl(x.url)))
      problems.push({ path: 'source_details', message: 'has a source that is not an http or https address' });
    else sourceDetails = d.data;
  }
  // Absent (a file before 1.2): undefined, so the register keeps the rating sources it holds.
  let ratingSources: Record<string, PublicSource> | undefined;
  if (r.rating_sources !== undefined) {
    let json: unknown;
    try {
      json = r.rating_sources.trim() ? JSON.parse(r.rating_sources) : {};
    } catch {
      json = null;
    }
    const d = RatingSourcesSchema.safeParse(json);
    if (!d.success) problems.push({ path: 'rating_sources', message: 'is not a JSON object of sources by standard' });
    else if (Object.values(d.data).some((x) => !isWebUrl(x.url)))
      problems.push({ path: 'rating_sources', message: 'has a source that is not an http or https address' });
    else ratingSources = d.data;
  }
  const kind = r.kind ? take(oneOf(r.kind, RECORD_KINDS, 'kind')) : undefined;
  const partners = r.partner_inspectorates
    ? r.partner_inspectorates
        .split(';')
        .map((p) => p.trim())
        .filter(Boolean)
    : undefined;
  for (const p of partners ?? [])
    if (!(PARTNER_INSPECTORATES as readonly string[]).includes(p))
      problems.push({ path: 'partner_inspectorates', message: `${quoted(p)} is not a known inspectorate` });
  const publishedAt = new Date(r.published_at!);
  if (Number.isNaN(publishedAt.getTime()))
    problems.push({ path: 'published_at', message: `${quoted(r.published_at!)} is not an ISO 8601 time` });
  const fieldworkStart = take(optionalPartial(r.fieldwork_start!, 'fieldwork_start'));
  const publication = take(publicationOf(r));
  const score = take(optionalInt(r.score!, 'score'));
  const scoreMax = take(optionalInt(r.score_max!, 'score_max'));
  const scoreSource = take(oneOf(r.score_source!, SCORE_SOURCES, 'score_source'));
  const overallSource = take(oneOf(r.overall_source!, RATING_SOURCES, 'overall_source'));
  const stated = take(optionalInt(r.recommendations_stated!, 'recommendations_stated'));
  const ratings = take(decodeStandardRatings(r.standard_ratings!));
  if ((score === null) !== (scoreMax === null) || (score !== null && !scoreSource))
    problems.push({ path: 'score', message: 'score, score_max and score_source go together' });
  if (r.overall_rating && !overallSource)
    problems.push({ path: 'overall_source', message: 'is needed with overall_rating' });
  for (const key of Object.keys(ratingSources ?? {}))
    if (key === 'overall' ? !r.overall_rating : !ratings?.some((x) => x.standardId === key))
      problems.push({ path: 'rating_sources', message: `gives a source for ${quoted(key)}, which has no rating here` });
  if (problems.length) return fail(problems);
  const sourceOf = (key: string) => (ratingSources ? (ratingSources[key] ?? null) : undefined);
  return ok({
    ref: r.inspection_ref!,
    serviceSlug: r.service_slug!,
    service: {
      name: r.service_name!,
      formerNames: r
        .former_names!.split(';')
        .map((n) => n.trim())
        .filter(Boolean),
      areas: areas.map((name, i) => ({ name, onsCode: codes[i] || null })),
      region: r.region!,
      nation: nation!,
    },
    frameworkId: r.framework_id!,
    frameworkVersion: r.framework_version!,
    frameworkBasis: 'imported from the register format',
    frameworkAmbiguity: null,
    title: r.title || null,
    status: 'published',
    fieldworkText: r.fieldwork || null,
    fieldworkStart: fieldworkStart ?? null,
    fieldworkEnd: null,
    publication: publication ?? null,
    publishedAt,
    score: score !== null && score !== undefined ? { total: score, max: scoreMax!, source: scoreSource! } : null,
    overall: r.overall_rating
      ? {
          rating: r.overall_rating,
          source: overallSource!,
          rationale: r.overall_rationale || null,
          publicSource: sourceOf('overall'),
        }
      : null,
    standardRatings: (ratings ?? []).map((x) => ({ ...x, publicSource: sourceOf(x.standardId) })),
    recommendations: [],
    recommendationsStated: stated ?? null,
    recommendationsBreakdown: r.recommendations_breakdown || null,
    findings: [],
    chiefInspector: r.chief_inspector || null,
    leadInspector: null,
    ratingsSummary: null,
    sourceUrl: r.source_url || null,
    otherSourceUrls: otherUrls,
    notes: r.notes || null,
    ...(kind ? { kind } : {}),
    ...(r.partner_inspectorates !== undefined ? { partnerInspectorates: (partners ?? []) as Partner[] } : {}),
    ...(sourceDetails ? { sourceDetails } : {}),
    origin: 'import',
    discrepancies: [],
    childrenIncluded: false,
  });
}
