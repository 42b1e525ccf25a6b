import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { consistencyDiscrepancies } from '../domain/consistency.ts';
import { londonInstant } from '../domain/embargo.ts';
import type { Framework } from '../domain/framework.ts';
import { ADDRESSEES, type InspectionRecord } from '../domain/inspection-record.ts';
import { parseFieldworkStart, parseIsoPartial } from '../domain/partial-date.ts';
import { assignRefs, convertRow, loadOnsCodes, parseRegisterCsv, SEED_DIR, type RowOutcome } from './register-csv.ts';
import { applyStandardRatings, parseStandardRatingsCsv, type StandardRatingsOutcome } from './standard-ratings-seed.ts';

/** The structured facts of one seed document set (see data/seed/documents.json). */
const SeedDocumentSchema = z.strictObject({
  csvServiceName: z.string(),
  framework: z.string(),
  title: z.string().optional(),
  publication: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  publicationTime: z
    .string()
    .regex(/^\d{2}:\d{2}$/)
    .optional(),
  publicationNote: z.string().optional(),
  fieldwork: z.string().optional(),
  chiefInspector: z.string().optional(),
  overall: z.string().optional(),
  score: z
    .string()
    .regex(/^\d+\/\d+$/)
    .optional(),
  standardRatings: z.record(z.string(), z.string()).default({}),
  standardRationales: z.record(z.string(), z.string()).default({}),
  ratingsSummary: z.string().optional(),
  findings: z
    .array(
      z.strictObject({
        standardId: z.string().nullable(),
        kind: z.enum(['strength', 'improvement']),
        text: z.string(),
        source: z.string().optional(),
      }),
    )
    .default([]),
  recommendations: z
    .array(z.strictObject({ addressee: z.enum(ADDRESSEES), addresseeName: z.string(), text: z.string() }))
    .default([]),
  recommendationsStated: z.number().int().optional(),
  recommendationsBreakdown: z.string().optional(),
  recommendationsNote: z.string().optional(),
  /** The documents' public sources: publisher, title (where known), date and address. */
  sources: z.array(
    z.strictObject({
      publisher: z.string().min(1),
      title: z.string().min(1).nullable(),
      date: z.string().nullable(),
      url: z.url({ protocol: /^https?$/ }),
    }),
  ),
  /** The press release text, relative to data/seed. */
  release: z.string().optional(),
  discrepancies: z.array(
    z.strictObject({
      field: z.string(),
      source: z.string(),
      stated: z.string().nullable(),
      recorded: z.string().nullable(),
      note: z.string(),
    }),
  ),
});
const SeedDocumentsSchema = z.object({ about: z.string(), inspections: z.array(SeedDocumentSchema) });
type SeedDocument = z.infer<typeof SeedDocumentSchema>;

export interface SeedResult {
  records: InspectionRecord[];
  outcomes: RowOutcome[];
  /** What the published standard ratings file added, confirmed, disputed and left out. */
  standardRatings: StandardRatingsOutcome;
}

function applyDocument(record: InspectionRecord, doc: SeedDocument, f: Framework, dir: string): void {
  if (doc.release) {
    const [headline, ...rest] = readFileSync(resolve(dir, doc.release), 'utf8').split('\n');
    record.pressRelease = { headline: headline!.trim(), body: rest.join('\n').trim() };
  }
  const publication = parseIsoPartial(doc.publication)!;
  record.frameworkId = f.id;
  record.frameworkVersion = f.version;
  record.frameworkBasis = 'stated in the seed documents';
  record.frameworkAmbiguity = null;
  record.title = doc.title ?? record.title;
  record.publication = publication;
  record.publishedAt = londonInstant(publication.earliest, doc.publicationTime);
  if (doc.fieldwork) {
    record.fieldworkText = doc.fieldwork;
    record.fieldworkStart = parseFieldworkStart(doc.fieldwork);
  }
  record.chiefInspector = doc.chiefInspector ?? record.chiefInspector;
  if (doc.overall) record.overall = { rating: doc.overall, source: 'published' };
  if (doc.score) {
    const [total, max] = doc.score.split('/').map(Number) as [number, number];
    record.score = { total, max, source: 'stated' };
  }
  for (const [standardId, rating] of Object.entries(doc.standardRatings)) {
    const existing = record.standardRatings.find((s) => s.standardId === standardId);
    if (existing && existing.rating !== rating) {
      record.discrepancies.push({
        field: `standards.${standardId}`,
        source: "The register's first record of this inspection",
        stated: existing.rating,
        recorded: rating,
        note: 'The seed documents give a different rating; theirs is recorded.',
      });
    }
    record.standardRatings = record.standardRatings.filter((s) => s.standardId !== standardId);
    record.standardRatings.push({
      standardId,
      rating,
      status: 'rated',
      source: 'published',
      rationale: doc.standardRationales[standardId] ?? null,
      keyQuestions: null,
    });
  }
  record.standardRatings.sort((a, b) => a.standardId.localeCompare(b.standardId, 'en', { numeric: true }));
  if (doc.ratingsSummary) record.ratingsSummary = doc.ratingsSummary;
  record.findings = doc.findings.map((x) => ({
    standardId: x.standardId,
    kind: x.kind,
    text: x.text,
    source: x.source ?? null,
  }));
  record.recommendations = doc.recommendations;
  if (doc.recommendationsStated !== undefined) record.recommendationsStated = doc.recommendationsStated;
  if (doc.recommendationsBreakdown) record.recommendationsBreakdown = doc.recommendationsBreakdown;
  const extra = [doc.publicationNote, doc.recommendationsNote].filter(Boolean).join(' ');
  record.notes = [record.notes, extra].filter(Boolean).join(' ') || null;
  // The documents' sources join the record's, with their publisher, title and date.
  const held = [record.sourceUrl, ...record.otherSourceUrls];
  record.otherSourceUrls = [
    ...record.otherSourceUrls,
    ...doc.sources.map((x) => x.url).filter((u) => !held.includes(u)),
  ];
  record.sourceDetails = [
    ...(record.sourceDetails ?? []).filter((x) => !doc.sources.some((d) => d.url === x.url)),
    ...doc.sources,
  ];
  record.origin = 'seed-documents';
  record.discrepancies = [
    ...record.discrepancies.filter((d) => d.source !== 'consistency check'),
    ...doc.discrepancies,
    ...consistencyDiscrepancies(f, record),
  ];
}

/** Everything the embedded database holds on first start: the data set's rated rows, enriched by the seed documents. */
export function loadSeedRecords(frameworks: Map<string, Framework>, importedAt: Date, dir = SEED_DIR): SeedResult {
  const csv = parseRegisterCsv(readFileSync(resolve(dir, 'yjs-inspections.csv'), 'utf8'));
  const docs = SeedDocumentsSchema.parse(JSON.parse(readFileSync(resolve(dir, 'documents.json'), 'utf8')));
  const ctx = {
    frameworks,
    onsCodes: loadOnsCodes(resolve(dir, 'local-authorities.csv')),
    importedAt,
    origin: 'seed-csv',
  };
  const outcomes = csv.rows.map((r) =>
    r.row
      ? convertRow(r.row, r.line, ctx)
      : { line: r.line, serviceName: r.raw.service_name ?? '', record: null, skipped: r.error, notes: [] },
  );
  for (const doc of docs.inspections) {
    const o = outcomes.find((x) => x.serviceName === doc.csvServiceName && x.record);
    const f = frameworks.get(doc.framework);
    if (!o || !f)
      throw new Error(`documents.json: no data set row "${doc.csvServiceName}" or framework "${doc.framework}"`);
    applyDocument(o.record!, doc, f, dir);
  }
  const records = outcomes.flatMap((o) => (o.record ? [o.record] : []));
  assignRefs(records);
  // Matched by the register's reference, so this runs once references are assigned.
  const ratings = parseStandardRatingsCsv(readFileSync(resolve(dir, 'standard-ratings.csv'), 'utf8'));
  const standardRatings = applyStandardRatings(records, ratings.rows, frameworks);
  standardRatings.leftOut.unshift(...ratings.leftOut);
  return { records, outcomes, standardRatings };
}
