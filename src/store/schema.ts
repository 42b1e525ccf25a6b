import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * One PostgreSQL schema for both PGlite (embedded) and PostgreSQL. Portable features only:
 * PGlite is PostgreSQL 18 while Debian's server is 15 (no uuidv7()).
 */

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

export const services = pgTable(
  'services',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    formerNames: jsonb('former_names').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    /** Sorted local authority names joined by "; ": what makes two records the same service. */
    areaKey: text('area_key').notNull(),
    region: text('region').notNull(),
    nation: text('nation').notNull(),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (t) => [uniqueIndex('services_slug_key').on(t.slug), uniqueIndex('services_area_key_key').on(t.areaKey), index('services_region_idx').on(t.region)],
);

export const serviceAreas = pgTable(
  'service_areas',
  {
    serviceId: uuid('service_id').notNull().references(() => services.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    onsCode: text('ons_code'),
  },
  (t) => [primaryKey({ columns: [t.serviceId, t.name] })],
);

export const inspections = pgTable(
  'inspections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Stable public reference used in URLs, e.g. "bromley-2025". */
    ref: text('ref').notNull(),
    serviceId: uuid('service_id').notNull().references(() => services.id),
    frameworkId: text('framework_id').notNull(),
    frameworkVersion: text('framework_version').notNull(),
    frameworkBasis: text('framework_basis'),
    frameworkAmbiguity: text('framework_ambiguity'),
    title: text('title'),
    status: text('status').notNull(),
    fieldworkText: text('fieldwork_text'),
    fieldworkStart: date('fieldwork_start'),
    fieldworkStartLatest: date('fieldwork_start_latest'),
    fieldworkPrecision: text('fieldwork_precision'),
    fieldworkEnd: date('fieldwork_end'),
    publicationEarliest: date('publication_earliest'),
    publicationLatest: date('publication_latest'),
    publicationPrecision: text('publication_precision'),
    /** The moment the embargo lifts; nothing of the inspection is public before it. */
    publishedAt: timestamp('published_at', { withTimezone: true }),
    score: integer('score'),
    scoreMax: integer('score_max'),
    scoreSource: text('score_source'),
    overallRating: text('overall_rating'),
    overallSource: text('overall_source'),
    recommendationsStated: integer('recommendations_stated'),
    recommendationsBreakdown: text('recommendations_breakdown'),
    chiefInspector: text('chief_inspector'),
    leadInspector: text('lead_inspector'),
    ratingsSummary: text('ratings_summary'),
    sourceUrl: text('source_url'),
    otherSourceUrls: jsonb('other_source_urls').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    notes: text('notes'),
    origin: text('origin').notNull(),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('inspections_ref_key').on(t.ref),
    index('inspections_service_idx').on(t.serviceId),
    index('inspections_published_idx').on(t.status, t.publishedAt),
  ],
);

export interface KeyQuestionFigure {
  id: string;
  percent: number | null;
  yes?: number;
  applicable?: number;
}

export const standardRatings = pgTable(
  'standard_ratings',
  {
    inspectionId: uuid('inspection_id').notNull().references(() => inspections.id, { onDelete: 'cascade' }),
    standardId: text('standard_id').notNull(),
    rating: text('rating'),
    status: text('status').notNull(),
    /** computed (engine), judged (panel), published (taken from a published source). */
    source: text('source').notNull(),
    rationale: text('rationale'),
    keyQuestions: jsonb('key_questions').$type<KeyQuestionFigure[]>(),
  },
  (t) => [primaryKey({ columns: [t.inspectionId, t.standardId] })],
);

export const recommendations = pgTable(
  'recommendations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    inspectionId: uuid('inspection_id').notNull().references(() => inspections.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    addressee: text('addressee').notNull(),
    addresseeName: text('addressee_name'),
    text: text('text').notNull(),
  },
  (t) => [index('recommendations_inspection_idx').on(t.inspectionId)],
);

export const findings = pgTable(
  'findings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    inspectionId: uuid('inspection_id').notNull().references(() => inspections.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    standardId: text('standard_id'),
    kind: text('kind').notNull(),
    text: text('text').notNull(),
    /** Where the finding was published, when not the report itself (e.g. a council's news release). */
    source: text('source'),
  },
  (t) => [index('findings_inspection_idx').on(t.inspectionId)],
);

/** Where sources disagree, the register stores the correct fact and records the disagreement here. */
export const discrepancies = pgTable(
  'discrepancies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    inspectionId: uuid('inspection_id').references(() => inspections.id, { onDelete: 'cascade' }),
    field: text('field').notNull(),
    source: text('source').notNull(),
    stated: text('stated'),
    recorded: text('recorded'),
    note: text('note').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('discrepancies_inspection_idx').on(t.inspectionId)],
);

/** A snapshot of each framework version as loaded, so inspections keep the version they were rated under. */
export const frameworks = pgTable('frameworks', {
  id: text('id').primaryKey(),
  version: text('version').notNull(),
  name: text('name').notNull(),
  definition: jsonb('definition').notNull(),
  loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
});
