import { z } from 'zod';
import { PRECISIONS, type PartialDate } from './partial-date.ts';

/**
 * An inspection as the register holds it, independent of storage: what importers produce and
 * repositories persist. Every standard rating says where it came from.
 */

export const ADDRESSEES = [
  'management_board',
  'yjs',
  'police',
  'health',
  'local_authority',
  'probation',
  'other',
] as const;
export type Addressee = (typeof ADDRESSEES)[number];
export const NATIONS = ['England', 'Wales'] as const;
/**
 * single: one service, by HMIP alone; joint: with other inspectorates (named in
 * partnerInspectorates); pilot: a trial of the inspection; thematic: a subject across services.
 */
export const RECORD_KINDS = ['single', 'joint', 'pilot', 'thematic'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];
/**
 * The kinds whose rating is a service's rating. A thematic inspection is of no one service; a pilot
 * was a trial of the inspection, so its rating is shown on its record but not counted.
 */
export const COUNTED_KINDS = ['single', 'joint'] as const satisfies readonly RecordKind[];
export const isCountedKind = (kind: string) => (COUNTED_KINDS as readonly string[]).includes(kind);
/** The inspectorates that join HMIP in joint inspections of youth justice work, as their sources name them. */
export const PARTNER_INSPECTORATES = [
  'Ofsted',
  'CQC',
  'HMICFRS',
  'Care Inspectorate Wales',
  'Estyn',
  'Healthcare Inspectorate Wales',
] as const;
/** Where a rating or score came from: the engine, the panel, or a published source. */
export const RATING_SOURCES = ['computed', 'judged', 'published'] as const;
export const SCORE_SOURCES = ['computed', 'stated', 'derived'] as const;
export const STANDARD_STATUSES = ['rated', 'not_rated'] as const;
export const FINDING_KINDS = ['strength', 'improvement'] as const;
export const ADDRESSEE_LABELS: Record<Addressee, string> = {
  management_board: 'YJS management board',
  yjs: 'Youth justice service',
  police: 'Police',
  health: 'Health',
  local_authority: 'Local authority',
  probation: 'Probation Service',
  other: 'Other named body',
};

/** A source as the public sees it: publisher, title (null where not known), date and address. */
export const PublicSourceSchema = z.object({
  publisher: z.string().min(1),
  title: z.string().nullable(),
  date: z.string().nullable(),
  url: z.string(),
});

const PartialDateSchema = z
  .object({
    precision: z.enum(PRECISIONS),
    earliest: z.string(),
    latest: z.string(),
  })
  // Bounds the wrong way round mean nothing (the store refuses them too).
  .refine((d) => d.earliest <= d.latest, 'earliest is after latest');

export const ServiceRecordSchema = z.object({
  name: z.string().min(1),
  formerNames: z.array(z.string()),
  areas: z.array(z.object({ name: z.string().min(1), onsCode: z.string().nullable() })).min(1),
  region: z.string().min(1),
  nation: z.enum(NATIONS),
});

export const StandardRatingRecordSchema = z.object({
  standardId: z.string().min(1),
  rating: z.string().nullable(),
  status: z.enum(STANDARD_STATUSES),
  source: z.enum(RATING_SOURCES),
  rationale: z.string().nullable().optional(),
  /** Set where the panel overrode a rating computed from case answers: the computed rating. */
  computedRating: z.string().nullable().optional(),
  /** The public source a published rating was taken from, where the register knows it. */
  publicSource: PublicSourceSchema.nullable().optional(),
  keyQuestions: z
    .array(
      z.object({
        id: z.string(),
        percent: z.number().nullable(),
        yes: z.number().optional(),
        applicable: z.number().optional(),
      }),
    )
    .nullable()
    .optional(),
});

export const DiscrepancySchema = z.object({
  field: z.string().min(1),
  source: z.string().min(1),
  stated: z.string().nullable(),
  recorded: z.string().nullable(),
  note: z.string().min(1),
});

export const InspectionRecordSchema = z.object({
  ref: z.string().regex(/^[a-z0-9-]+$/),
  service: ServiceRecordSchema,
  frameworkId: z.string().min(1),
  frameworkVersion: z.string().min(1),
  frameworkBasis: z.string().nullable(),
  frameworkAmbiguity: z.string().nullable(),
  title: z.string().nullable(),
  status: z.literal('published'),
  fieldworkText: z.string().nullable(),
  fieldworkStart: PartialDateSchema.nullable(),
  fieldworkEnd: z.string().nullable(),
  publication: PartialDateSchema.nullable(),
  publishedAt: z.date(),
  score: z.object({ total: z.number().int(), max: z.number().int(), source: z.enum(SCORE_SOURCES) }).nullable(),
  overall: z
    .object({
      rating: z.string(),
      source: z.enum(RATING_SOURCES),
      /** The ratings panel's rationale, where it decided the overall rating. */
      rationale: z.string().nullable().optional(),
      /** The public source of a published overall rating, where it is not the inspection's own. */
      publicSource: PublicSourceSchema.nullable().optional(),
    })
    .nullable(),
  standardRatings: z.array(StandardRatingRecordSchema),
  recommendations: z.array(
    z.object({ addressee: z.enum(ADDRESSEES), addresseeName: z.string().nullable(), text: z.string().min(1) }),
  ),
  recommendationsStated: z.number().int().nullable(),
  recommendationsBreakdown: z.string().nullable(),
  findings: z.array(
    z.object({
      standardId: z.string().nullable(),
      kind: z.enum(FINDING_KINDS),
      text: z.string().min(1),
      source: z.string().nullable(),
    }),
  ),
  chiefInspector: z.string().nullable(),
  leadInspector: z.string().nullable(),
  ratingsSummary: z.string().nullable(),
  sourceUrl: z.string().nullable(),
  otherSourceUrls: z.array(z.string()),
  notes: z.string().nullable(),
  kind: z.enum(RECORD_KINDS).optional(),
  partnerInspectorates: z.array(z.enum(PARTNER_INSPECTORATES)).optional(),
  /** Publisher, title and date of the source addresses, where known. */
  sourceDetails: z.array(PublicSourceSchema).optional(),
  origin: z.string().min(1),
  discrepancies: z.array(DiscrepancySchema),
  /** The press release as published, where the register holds it (checked against the record). */
  pressRelease: z.object({ headline: z.string(), body: z.string() }).nullable().optional(),
});

export type ServiceRecord = z.infer<typeof ServiceRecordSchema>;
export type InspectionRecord = z.infer<typeof InspectionRecordSchema> & { publication: PartialDate | null };
export type StandardRatingRecord = z.infer<typeof StandardRatingRecordSchema>;
export type Discrepancy = z.infer<typeof DiscrepancySchema>;
