import { sql } from 'drizzle-orm';
import { SAMPLE_STATES } from '../domain/case-sample.ts';
import { PREVIEW_RECIPIENT_KINDS } from '../domain/embargo.ts';
import { COMMENT_RESPONSES, COMMENT_SECTIONS } from '../domain/factual-accuracy.ts';
import {
  ADDRESSEES,
  FINDING_KINDS,
  NATIONS,
  RATING_SOURCES,
  RECORD_KINDS,
  SCORE_SOURCES,
  STANDARD_STATUSES,
} from '../domain/inspection-record.ts';
import { STATES, TEAM_ROLES } from '../domain/lifecycle.ts';
import { CALENDAR_PRECISIONS, PRECISIONS } from '../domain/partial-date.ts';
import { PANEL_DECISION_KINDS } from '../domain/rate-input.ts';
import { ROLES } from '../domain/roles.ts';
import { MAIL_KINDS, OUTBOX_STATES, SUBSCRIPTION_STATES, SUBSCRIPTION_TOKEN_PURPOSES } from '../domain/mail.ts';
import type { PublicSource } from '../domain/service-directory.ts';
import {
  bigserial,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';

/**
 * One PostgreSQL schema for both PGlite (embedded) and PostgreSQL. Portable features only:
 * PGlite is PostgreSQL 18 while Debian's server is 15 (no uuidv7()).
 */

/**
 * A CHECK that a text column holds one of the values the code knows (the lists live in the domain),
 * so a typo or a retired value is refused by the database rather than misread later.
 */
const oneOf = (name: string, column: AnyPgColumn, values: readonly string[]) =>
  check(name, sql`${column} in (${sql.raw(values.map((v) => `'${v}'`).join(', '))})`);

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
    formerNames: jsonb('former_names')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** Sorted local authority names joined by "; ": what makes two records the same service. */
    areaKey: text('area_key').notNull(),
    region: text('region').notNull(),
    nation: text('nation', { enum: NATIONS }).notNull(),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('services_slug_key').on(t.slug),
    uniqueIndex('services_area_key_key').on(t.areaKey),
    // (region, nation): the list's region choices are read by skipping through it, one probe each.
    index('services_region_idx').on(t.region, t.nation),
    oneOf('services_nation_check', t.nation, NATIONS),
  ],
);

/**
 * The directory of youth justice services of England and Wales, current and former, with the ONS
 * codes of the areas each covers and when it existed (partial dates, as the sources give them). It
 * is how the register knows which services it holds no record for, and how imports read names.
 */
export const directoryServices = pgTable(
  'directory_services',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    formerNames: jsonb('former_names')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    onsCodes: jsonb('ons_codes').$type<string[]>().notNull(),
    nation: text('nation', { enum: NATIONS }).notNull(),
    region: text('region').notNull(),
    existedFrom: text('existed_from'),
    existedTo: text('existed_to'),
    endedNotBefore: date('ended_not_before'),
    nameSourced: boolean('name_sourced').notNull(),
    source: jsonb('source').$type<PublicSource>(),
    notes: text('notes'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('directory_services_name_key').on(t.name),
    oneOf('directory_services_nation_check', t.nation, NATIONS),
  ],
);

export const serviceAreas = pgTable(
  'service_areas',
  {
    serviceId: uuid('service_id')
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
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
    serviceId: uuid('service_id')
      .notNull()
      .references(() => services.id),
    frameworkId: text('framework_id').notNull(),
    frameworkVersion: text('framework_version').notNull(),
    frameworkBasis: text('framework_basis'),
    frameworkAmbiguity: text('framework_ambiguity'),
    title: text('title'),
    status: text('status', { enum: STATES }).notNull(),
    fieldworkText: text('fieldwork_text'),
    fieldworkStart: date('fieldwork_start'),
    fieldworkStartLatest: date('fieldwork_start_latest'),
    fieldworkPrecision: text('fieldwork_precision', { enum: PRECISIONS }),
    fieldworkEnd: date('fieldwork_end'),
    publicationEarliest: date('publication_earliest'),
    publicationLatest: date('publication_latest'),
    /** day, month or year, or `range`: known only not before the earliest and not after the latest. */
    publicationPrecision: text('publication_precision', { enum: PRECISIONS }),
    /** The moment the embargo lifts; nothing of the inspection is public before it. */
    publishedAt: timestamp('published_at', { withTimezone: true }),
    score: integer('score'),
    scoreMax: integer('score_max'),
    scoreSource: text('score_source', { enum: SCORE_SOURCES }),
    overallRating: text('overall_rating'),
    overallSource: text('overall_source', { enum: RATING_SOURCES }),
    /** The ratings panel's rationale where it decided the overall rating; published with it. */
    overallRationale: text('overall_rationale'),
    /**
     * The public source of the overall rating where it is not the inspection's own (publisher,
     * title, date, address); null where the inspection's source gives it.
     */
    overallPublicSource: jsonb('overall_public_source').$type<PublicSource>(),
    recommendationsStated: integer('recommendations_stated'),
    recommendationsBreakdown: text('recommendations_breakdown'),
    chiefInspector: text('chief_inspector'),
    leadInspector: text('lead_inspector'),
    ratingsSummary: text('ratings_summary'),
    sourceUrl: text('source_url'),
    otherSourceUrls: jsonb('other_source_urls')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    notes: text('notes'),
    /** An inspection of one service, a joint one with other inspectorates, a pilot, or a thematic one. */
    kind: text('kind', { enum: RECORD_KINDS }).notNull().default('single'),
    /** The other inspectorates of a joint inspection, as its sources name them. */
    partnerInspectorates: jsonb('partner_inspectorates')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** Publisher, title and date of each source address, where known; shown with the address. */
    sourceDetails: jsonb('source_details')
      .$type<PublicSource[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    origin: text('origin').notNull(),
    /** The lead inspector responsible, for inspections run in this service; the only lead
     * who may take the lead's steps on it. */
    leadInspectorId: uuid('lead_inspector_id').references((): AnyPgColumn => users.id),
    /**
     * When the rating panel sits (an instant; set by the lead, shown in UK time). The team's working
     * date, never public: no public read selects it.
     */
    ratingPanelAt: timestamp('rating_panel_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('inspections_ref_key').on(t.ref),
    index('inspections_service_idx').on(t.serviceId),
    index('inspections_published_idx').on(t.status, t.publishedAt),
    // A service's inspections newest first: the services list finds each service's latest with one probe.
    index('inspections_service_latest_idx').on(
      t.serviceId,
      t.publicationLatest.desc().nullsLast(),
      t.publishedAt.desc(),
    ),
    oneOf('inspections_status_check', t.status, STATES),
    oneOf('inspections_kind_check', t.kind, RECORD_KINDS),
    oneOf('inspections_fieldwork_precision_check', t.fieldworkPrecision, CALENDAR_PRECISIONS),
    oneOf('inspections_publication_precision_check', t.publicationPrecision, PRECISIONS),
    // A date known between bounds is never bounds the wrong way round (nor any other partial date).
    check(
      'inspections_publication_bounds_check',
      sql`${t.publicationEarliest} is null or ${t.publicationLatest} is null
          or ${t.publicationEarliest} <= ${t.publicationLatest}`,
    ),
    oneOf('inspections_score_source_check', t.scoreSource, SCORE_SOURCES),
    oneOf('inspections_overall_source_check', t.overallSource, RATING_SOURCES),
  ],
);

/**
 * The inspectors on an inspection's team besides its lead (inspections.lead_inspector_id): only
 * the lead and the team work on it. A partner inspectorate's inspector on a joint inspection is
 * a member whose role label names that inspectorate.
 */
export const inspectionTeam = pgTable(
  'inspection_team',
  {
    inspectionId: uuid('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role', { enum: TEAM_ROLES }).notNull().default('inspector'),
    /** The partner inspectorate a member comes from on a joint inspection; null for the inspectorate's own. */
    partnerInspectorate: text('partner_inspectorate'),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull(),
    assignedBy: uuid('assigned_by').references(() => users.id),
  },
  (t) => [
    primaryKey({ columns: [t.inspectionId, t.userId] }),
    index('inspection_team_user_idx').on(t.userId),
    oneOf('inspection_team_role_check', t.role, TEAM_ROLES),
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
    inspectionId: uuid('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    standardId: text('standard_id').notNull(),
    rating: text('rating'),
    status: text('status', { enum: STANDARD_STATUSES }).notNull(),
    /** computed (engine), judged (panel), published (taken from a published source). */
    source: text('source', { enum: RATING_SOURCES }).notNull(),
    rationale: text('rationale'),
    /**
     * Where the panel overrode the rating computed from case answers (source judged): the rating
     * the answers gave. Published beside the decided rating and the rationale.
     */
    computedRating: text('computed_rating'),
    keyQuestions: jsonb('key_questions').$type<KeyQuestionFigure[]>(),
    /** The public source this published rating was taken from (publisher, title, date, address). */
    publicSource: jsonb('public_source').$type<PublicSource>(),
  },
  (t) => [
    primaryKey({ columns: [t.inspectionId, t.standardId] }),
    oneOf('standard_ratings_status_check', t.status, STANDARD_STATUSES),
    oneOf('standard_ratings_source_check', t.source, RATING_SOURCES),
  ],
);

export const recommendations = pgTable(
  'recommendations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    inspectionId: uuid('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    addressee: text('addressee', { enum: ADDRESSEES }).notNull(),
    addresseeName: text('addressee_name'),
    text: text('text').notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('recommendations_inspection_idx').on(t.inspectionId),
    oneOf('recommendations_addressee_check', t.addressee, ADDRESSEES),
  ],
);

export const findings = pgTable(
  'findings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    inspectionId: uuid('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    standardId: text('standard_id'),
    kind: text('kind', { enum: FINDING_KINDS }).notNull(),
    text: text('text').notNull(),
    /** Where the finding was published, when not the report itself (e.g. a council's news release). */
    source: text('source'),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('findings_inspection_idx').on(t.inspectionId), oneOf('findings_kind_check', t.kind, FINDING_KINDS)],
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

/** People who sign in. Passwords are argon2id hashes; service users are scoped to one service. */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    serviceId: uuid('service_id').references(() => services.id),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  // The role names the code knows; a typo or a retired role in the database would otherwise be a silent lock-out.
  (t) => [uniqueIndex('users_email_key').on(t.email), oneOf('users_role_check', t.role, ROLES)],
);

/** Server-side sessions: the cookie holds a random token; only its SHA-256 is stored. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Sign-in attempts, for throttling that holds across app instances. */
export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    email: text('email').notNull(),
    ip: text('ip').notNull(),
    success: boolean('success').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** sha256 of the browser's device id (its signed device cookie), when it sent one. */
    device: text('device'),
    /** The device had signed in to this account before: its failures slow that device, not the account. */
    knownDevice: boolean('known_device').notNull().default(false),
  },
  (t) => [index('login_attempts_email_idx').on(t.email, t.at), index('login_attempts_ip_idx').on(t.ip, t.at)],
);

/** Browsers (by the sha256 of their device cookie) that have signed in to an account. */
export const knownDevices = pgTable(
  'known_devices',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    deviceHash: text('device_hash').notNull(),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.deviceHash] })],
);

/** One sampled case and the inspector's answer (yes / no / na) and note per key question. */
export const caseAssessments = pgTable(
  'case_assessments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    inspectionId: uuid('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    ref: text('ref').notNull(),
    caseType: text('case_type').notNull(),
    disposal: text('disposal'),
    inspectorId: uuid('inspector_id').references(() => users.id),
    answers: jsonb('answers')
      .$type<Record<string, 'yes' | 'no' | 'na'>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    notes: jsonb('notes')
      .$type<Record<string, string>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (t) => [uniqueIndex('case_assessments_ref_key').on(t.inspectionId, t.ref)],
);

/**
 * The case list the inspected service sent for sampling: one per inspection, replaced whole (with a
 * version check) until the sample is drawn. Holds only what sampling needs (domain/case-list.ts).
 * Once drawn, the seed and the rule (the framework's sampling version, copied) are kept here and in
 * the audit trail, so the sample can be drawn again from them and checked.
 */
export const caseLists = pgTable('case_lists', {
  inspectionId: uuid('inspection_id')
    .primaryKey()
    .references(() => inspections.id, { onDelete: 'cascade' }),
  version: integer('version').notNull().default(1),
  rowCount: integer('row_count').notNull(),
  uploadedBy: uuid('uploaded_by').references(() => users.id),
  uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull(),
  seed: text('seed'),
  rule: jsonb('rule'),
  drawnAt: timestamp('drawn_at', { withTimezone: true }),
  drawnBy: uuid('drawn_by').references(() => users.id),
});

/** One case of a service's case list: the service's pseudonymous id, its strata and dates, its place in the sample. */
export const caseListEntries = pgTable(
  'case_list_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    inspectionId: uuid('inspection_id')
      .notNull()
      .references(() => caseLists.inspectionId, { onDelete: 'cascade' }),
    caseId: text('case_id').notNull(),
    strata: jsonb('strata').$type<Record<string, string>>().notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }),
    sampleState: text('sample_state', { enum: SAMPLE_STATES }),
    /** Order of drawing within the sample (replacements after the first draw). */
    samplePosition: integer('sample_position'),
    /** Why an unusable case was set aside, and the case drawn in its place. */
    unusableReason: text('unusable_reason'),
    replacedBy: text('replaced_by'),
  },
  (t) => [
    uniqueIndex('case_list_entries_case_key').on(t.inspectionId, t.caseId),
    oneOf('case_list_entries_sample_state_check', t.sampleState, SAMPLE_STATES),
  ],
);

/** The ratings panel's decisions: judgements, overrides of computed ratings, and an overall decision ("_overall"). */
export const panelDecisions = pgTable(
  'panel_decisions',
  {
    inspectionId: uuid('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    standardId: text('standard_id').notNull(),
    kind: text('kind', { enum: PANEL_DECISION_KINDS }).notNull(),
    rating: text('rating').notNull(),
    rationale: text('rationale'),
    decidedBy: uuid('decided_by').references(() => users.id),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.inspectionId, t.standardId] }),
    oneOf('panel_decisions_kind_check', t.kind, PANEL_DECISION_KINDS),
  ],
);

/**
 * The factual-accuracy check of an inspection's draft: when it was sent to the service, the
 * deadline for comments (working days later), and when the lead closed it. One per inspection:
 * sent again after a return to the rating panel, it is reopened with a new round and deadline.
 */
export const factualAccuracyChecks = pgTable('factual_accuracy_checks', {
  inspectionId: uuid('inspection_id')
    .primaryKey()
    .references(() => inspections.id, { onDelete: 'cascade' }),
  /** 1 for the first sending; one more each time the draft is sent again. */
  round: integer('round').notNull().default(1),
  sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
  /** The last UK day for the service's comments. */
  deadline: date('deadline').notNull(),
  workingDays: integer('working_days').notNull(),
  /** The UK day the service is reminded the deadline is near (two working days before it). */
  remindOn: date('remind_on').notNull(),
  /** The inspection's row version the draft was sent at: the draft version the service read. */
  draftVersion: integer('draft_version').notNull(),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  closedBy: uuid('closed_by').references(() => users.id),
  /** When the job queued the "deadline in two working days" email (once per round). */
  reminderQueuedAt: timestamp('reminder_queued_at', { withTimezone: true }),
  version: integer('version').notNull().default(1),
});

/** Comments from the service at the factual-accuracy stage, each on a section of the report, and the lead's answer. */
export const serviceComments = pgTable(
  'service_comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    inspectionId: uuid('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    text: text('text').notNull(),
    /** The part of the report the comment is about; comments made before sections existed are "other". */
    section: text('section', { enum: COMMENT_SECTIONS }).notNull().default('other'),
    /** The framework's standard, when the section is a standard. */
    standardId: text('standard_id'),
    /** The lead's answer: null until answered. */
    response: text('response', { enum: COMMENT_RESPONSES }),
    /** The change made (accepted) or the reason (not accepted). */
    responseText: text('response_text'),
    respondedBy: uuid('responded_by').references(() => users.id),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('service_comments_inspection_idx').on(t.inspectionId, t.createdAt),
    oneOf('service_comments_section_check', t.section, COMMENT_SECTIONS),
    oneOf('service_comments_response_check', t.response, COMMENT_RESPONSES),
    check('service_comments_standard_check', sql`(${t.section} = 'standard') = (${t.standardId} is not null)`),
    check(
      'service_comments_answer_check',
      sql`(${t.response} is null) = (${t.responseText} is null)
        and (${t.response} is null) = (${t.respondedAt} is null)`,
    ),
  ],
);

/**
 * The lead's approval of the ratings and report, a named decision: who, when, the inspection's row
 * version it approved and the draft version the service checked, and the comments as they stood.
 */
export const inspectionApprovals = pgTable(
  'inspection_approvals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    inspectionId: uuid('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    approvedBy: uuid('approved_by')
      .notNull()
      .references(() => users.id),
    approvedAt: timestamp('approved_at', { withTimezone: true }).notNull(),
    /** The inspection's row version the approval was given at. */
    inspectionVersion: integer('inspection_version').notNull(),
    /** The row version the draft was sent to the service at (null if it never went). */
    draftVersion: integer('draft_version'),
    commentCount: integer('comment_count').notNull(),
    acceptedCount: integer('accepted_count').notNull(),
  },
  (t) => [index('inspection_approvals_inspection_idx').on(t.inspectionId, t.approvedAt)],
);

/**
 * Append-only record of every change: who, when, what before and after. Updates and deletes are refused by
 * a trigger.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    actorRole: text('actor_role'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    inspectionId: uuid('inspection_id'),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [index('audit_events_inspection_idx').on(t.inspectionId, t.id)],
);

/** The press release comms prepare for an inspection; its facts are re-checked on every save. */
export const pressReleases = pgTable('press_releases', {
  inspectionId: uuid('inspection_id')
    .primaryKey()
    .references(() => inspections.id, { onDelete: 'cascade' }),
  headline: text('headline').notNull(),
  body: text('body').notNull(),
  quote: text('quote'),
  version: integer('version').notNull().default(1),
  updatedBy: uuid('updated_by').references(() => users.id),
  ...timestamps,
});

/** Embargoed preview links for named recipients: time-limited, revocable; only a hash of the token is kept. */
export const previewLinks = pgTable(
  'preview_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull(),
    inspectionId: uuid('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    recipient: text('recipient').notNull(),
    recipientKind: text('recipient_kind', { enum: PREVIEW_RECIPIENT_KINDS }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('preview_links_token_key').on(t.tokenHash),
    index('preview_links_inspection_idx').on(t.inspectionId),
    oneOf('preview_links_recipient_kind_check', t.recipientKind, PREVIEW_RECIPIENT_KINDS),
  ],
);

/** Public corrections to a published inspection: the record changes only through one of these. */
export const corrections = pgTable(
  'corrections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    inspectionId: uuid('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    recordVersion: integer('record_version').notNull(),
    note: text('note').notNull(),
    changes: jsonb('changes').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('corrections_inspection_idx').on(t.inspectionId, t.createdAt)],
);

/** Binary bytes: node-postgres gives a Buffer, PGlite a Uint8Array; both become a Buffer (no copy). */
const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength)),
});

/**
 * The public report's PDF, printed once per version of the record (a correction makes a new
 * version, so a new PDF) and shared by every instance. Derived data: any row can be deleted and is
 * printed again when next asked for, so backups leave this table out.
 */
export const reportPdfs = pgTable(
  'report_pdfs',
  {
    inspectionId: uuid('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    recordVersion: integer('record_version').notNull(),
    bytes: bytea('bytes').notNull(),
    /** Hex SHA-256 of the bytes: the ETag. */
    sha256: text('sha256').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.inspectionId, t.recordVersion] })],
);

/** What a service will do about a recommendation: owned, dated, tracked to done. */
export const actions = pgTable(
  'actions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    recommendationId: uuid('recommendation_id')
      .notNull()
      .references(() => recommendations.id, { onDelete: 'cascade' }),
    inspectionId: uuid('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    description: text('description').notNull(),
    owner: text('owner').notNull(),
    dueDate: date('due_date').notNull(),
    /**
     * The due date first agreed, kept once the due date has moved (re-baselined), with the reason
     * for the latest move: the board sees both, so a date cannot slip quietly.
     */
    baselineDueDate: date('baseline_due_date'),
    rebaselineReason: text('rebaseline_reason'),
    state: text('state').notNull().default('not_started'),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').references(() => users.id),
    ...timestamps,
  },
  (t) => [
    index('actions_inspection_idx').on(t.inspectionId),
    index('actions_recommendation_idx').on(t.recommendationId),
  ],
);

/** Progress updates on an action, with evidence: append-only, like the audit trail they feed. */
export const actionUpdates = pgTable(
  'action_updates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    actionId: uuid('action_id')
      .notNull()
      .references(() => actions.id, { onDelete: 'cascade' }),
    note: text('note').notNull(),
    evidence: text('evidence'),
    state: text('state').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('action_updates_action_idx').on(t.actionId, t.createdAt)],
);

/**
 * Email waiting to be sent, written in the same transaction as the event it tells someone about,
 * so an event is never without its email and an email never outlives a rolled-back event. The
 * dedupe key names the notification (kind, event, recipient): the same one is never queued twice.
 * The sender job claims due rows (see outbox-repo.ts); a claim has a lease, so a sender that dies
 * mid-send leaves the row to be claimed again once the lease runs out.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: MAIL_KINDS }).notNull(),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body'),
    inspectionId: uuid('inspection_id').references(() => inspections.id, { onDelete: 'set null' }),
    serviceId: uuid('service_id').references(() => services.id, { onDelete: 'set null' }),
    dedupeKey: text('dedupe_key').notNull(),
    /** The body carries a private link (an embargoed preview): it is replaced once the email is sent. */
    sensitive: boolean('sensitive').notNull().default(false),
    state: text('state', { enum: OUTBOX_STATES }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    /** The claim of the sender now sending it, and when that claim lapses. */
    claimId: uuid('claim_id'),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('outbox_dedupe_key').on(t.dedupeKey),
    index('outbox_due_idx').on(t.state, t.nextAttemptAt),
    index('outbox_created_idx').on(t.createdAt),
    oneOf('outbox_state_check', t.state, OUTBOX_STATES),
    oneOf('outbox_kind_check', t.kind, MAIL_KINDS),
  ],
);

/** People who asked for email when a service's report is published (double opt-in). */
export const subscriptions = pgTable(
  'subscriptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    /** Lower-cased, so one address has one subscription per service however it is typed. */
    email: text('email').notNull(),
    state: text('state', { enum: SUBSCRIPTION_STATES }).notNull().default('pending'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    unsubscribedAt: timestamp('unsubscribed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('subscriptions_service_email_key').on(t.serviceId, t.email),
    oneOf('subscriptions_state_check', t.state, SUBSCRIPTION_STATES),
  ],
);

/**
 * The links in subscription emails: a confirmation link (expires) and an unsubscribe link in every
 * email (does not). Only a hash of each token is kept, as for sessions and preview links.
 */
export const subscriptionTokens = pgTable(
  'subscription_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => subscriptions.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: SUBSCRIPTION_TOKEN_PURPOSES }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('subscription_tokens_subscription_idx').on(t.subscriptionId),
    oneOf('subscription_tokens_purpose_check', t.purpose, SUBSCRIPTION_TOKEN_PURPOSES),
  ],
);

/**
 * Files attached to a progress update as evidence. The bytes live in the database, so a backup
 * holds them with the rest of the plan; the type is the one read from the content, not the name.
 */
export const evidenceFiles = pgTable(
  'evidence_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    updateId: uuid('update_id')
      .notNull()
      .references(() => actionUpdates.id, { onDelete: 'cascade' }),
    actionId: uuid('action_id')
      .notNull()
      .references(() => actions.id, { onDelete: 'cascade' }),
    filename: text('filename').notNull(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    bytes: bytea('bytes').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('evidence_files_update_idx').on(t.updateId), index('evidence_files_action_idx').on(t.actionId)],
);

/**
 * A recommendation the service's management board has agreed as met: the recommendation is then
 * closed on the plan (and no longer carried forward). One per recommendation.
 */
export const recommendationSignOffs = pgTable('recommendation_sign_offs', {
  recommendationId: uuid('recommendation_id')
    .primaryKey()
    .references(() => recommendations.id, { onDelete: 'cascade' }),
  inspectionId: uuid('inspection_id')
    .notNull()
    .references(() => inspections.id, { onDelete: 'cascade' }),
  note: text('note').notNull(),
  agreedBy: uuid('agreed_by').references(() => users.id),
  agreedAt: timestamp('agreed_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The sample description a published report states (cases inspected, by case type), kept once the
 * case assessments it was counted from are deleted under the retention policy, so the public
 * figures stay as published. Written by the retention run just before it deletes an inspection's
 * cases; an inspection with no row here is described from its case assessments.
 */
export const publishedSamples = pgTable(
  'published_samples',
  {
    inspectionId: uuid('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    caseType: text('case_type').notNull(),
    cases: integer('cases').notNull(),
  },
  (t) => [primaryKey({ columns: [t.inspectionId, t.caseType] })],
);

/**
 * When each periodic job last ran on this database: the daily retention run claims its day by
 * moving `last_run_at` forward in the transaction that does the work, so however many instances
 * run the job, one run a day does it (a failed run rolls its claim back and the next tick retries).
 */
export const jobRuns = pgTable('job_runs', {
  job: text('job').primaryKey(),
  lastRunAt: timestamp('last_run_at', { withTimezone: true }).notNull(),
});

/**
 * The report's own words, as versions: every save of the foreword, overview and each standard's
 * narrative is a new row (never an update), so every draft is kept with who wrote it and when, and
 * two can be compared. The data the text sits beside (ratings, shares of cases, the sample) is
 * placed from the record when the report is shown, never stored here. The newest version is the
 * report; it can change only until approval, so the published report is the last version saved.
 */
export const reportTexts = pgTable(
  'report_texts',
  {
    inspectionId: uuid('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    foreword: text('foreword').notNull(),
    overview: text('overview').notNull(),
    /** The narrative of each standard, by standard id (standards with none are left out). */
    narratives: jsonb('narratives')
      .$type<Record<string, string>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    savedBy: uuid('saved_by').references(() => users.id),
    /** The writer's name as it was when they saved (an account's name can change later). */
    savedByName: text('saved_by_name').notNull(),
    savedAt: timestamp('saved_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.inspectionId, t.version] }),
    check('report_texts_version_check', sql`${t.version} >= 1`),
  ],
);

/**
 * The register's version: one row, its number raised in the same transaction as every write that
 * changes what the public register says (publication, correction, import, the directory's seed).
 * Figures computed from the register are kept under the version they were computed at
 * (`register_snapshots`), so a change anywhere, by any instance, makes them due again.
 */
export const registerState = pgTable('register_state', {
  id: integer('id').primaryKey().default(1),
  version: integer('version').notNull().default(0),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  /**
   * The version `service_listing` was brought up to date at (in the same transaction as the
   * change); when it is not `version`, a write changed the register without it and the services
   * list is read from the inspections instead.
   */
  listingVersion: integer('listing_version').notNull().default(-1),
});

/**
 * Each service's latest published inspection of a kind that counts, with what the services list
 * filters and sorts on (a copy of the service's name, slug, region and nation; the rating's rank),
 * kept in the transaction of every change that can alter it (store/service-listing-repo.ts), so a
 * page of the list is read through an index whatever the register's size. Only `published` rows
 * with an instant are held: a scheduled inspection enters at the publication job's run, and the
 * list is read from here only when that set is exactly what is public at the moment asked about.
 * Derived data: `refreshServiceListing(tx, 'all')` rebuilds it.
 */
export const serviceListing = pgTable(
  'service_listing',
  {
    serviceId: uuid('service_id')
      .primaryKey()
      .references(() => services.id, { onDelete: 'cascade' }),
    inspectionId: uuid('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    ref: text('ref').notNull(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    region: text('region').notNull(),
    nation: text('nation').notNull(),
    frameworkId: text('framework_id').notNull(),
    overallRating: text('overall_rating'),
    /** 0 outstanding … 3 inadequate, 4 anything else or none: the list's rating order. */
    ratingRank: integer('rating_rank').notNull(),
    score: integer('score'),
    scoreMax: integer('score_max'),
    publicationPrecision: text('publication_precision'),
    publicationEarliest: date('publication_earliest'),
    publicationLatest: date('publication_latest'),
    /** The service's published inspections of every kind. */
    inspectionCount: integer('inspection_count').notNull(),
  },
  (t) => [
    // One index per order the list offers (`name` descending reads the first backwards).
    index('service_listing_name_idx').on(t.name),
    index('service_listing_rating_idx').on(t.ratingRank, t.name),
    index('service_listing_rating_desc_idx').on(t.ratingRank.desc(), t.name),
    index('service_listing_published_idx').on(t.publicationLatest.asc().nullsLast(), t.name),
    index('service_listing_published_desc_idx').on(t.publicationLatest.desc().nullsLast(), t.name),
    index('service_listing_region_idx').on(t.region, t.name),
  ],
);

/**
 * How many services `service_listing` holds for each overall rating ('' for none), region, nation
 * and framework: a filtered list's total is the sum of the groups it matches, whose number is
 * bounded by the ratings, regions and frameworks, not by the register. Kept with it.
 */
export const serviceListingCounts = pgTable(
  'service_listing_counts',
  {
    overall: text('overall').notNull(),
    region: text('region').notNull(),
    nation: text('nation').notNull(),
    frameworkId: text('framework_id').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.overall, t.region, t.nation, t.frameworkId] })],
);

/**
 * Figures of the register as at a date (home, statistics, the statistics API), computed once per
 * version of the register and embargo lifted, and read back by key. Derived data: any row can be
 * deleted and is computed again when next asked for. `summary` is bounded whatever the register's
 * size; the per-service lists behind it are rows of `register_snapshot_items`, read a page at a time.
 */
export const registerSnapshots = pgTable(
  'register_snapshots',
  {
    key: text('key').primaryKey(),
    registerVersion: integer('register_version').notNull(),
    asAt: text('as_at').notNull(),
    summary: jsonb('summary').notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('register_snapshots_computed_idx').on(t.computedAt)],
);

/** One item of a snapshot's per-service list (which list, its place in it), read by range. */
export const registerSnapshotItems = pgTable(
  'register_snapshot_items',
  {
    key: text('key')
      .notNull()
      .references(() => registerSnapshots.key, { onDelete: 'cascade' }),
    list: text('list').notNull(),
    position: integer('position').notNull(),
    item: jsonb('item').notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.list, t.position] })],
);

/**
 * Thematic inspections: a subject inspected across services (for example, education, training and
 * employment in youth offending services), not one service's inspection. Kept apart from
 * `inspections`, whose every row is one service's and whose ratings the register counts: nothing
 * here has a rating, and no count, statistic, map or claims check reads this table. Public from
 * `published_at` (the start of the publication date, as for imported records).
 */
export const thematicInspections = pgTable(
  'thematic_inspections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ref: text('ref').notNull(),
    title: text('title').notNull(),
    /** False where the report's own title is not known and `title` is a description. */
    titleKnown: boolean('title_known').notNull(),
    publicationEarliest: date('publication_earliest').notNull(),
    publicationLatest: date('publication_latest').notNull(),
    publicationPrecision: text('publication_precision', { enum: PRECISIONS }).notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
    publisher: text('publisher').notNull(),
    partnerInspectorates: jsonb('partner_inspectorates')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    sampled: text('sampled').notNull(),
    /** The main public source first; every row has at least one. */
    sources: jsonb('sources').$type<PublicSource[]>().notNull(),
    notes: text('notes'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('thematic_inspections_ref_key').on(t.ref),
    index('thematic_inspections_published_idx').on(t.publishedAt),
    oneOf('thematic_inspections_publication_precision_check', t.publicationPrecision, PRECISIONS),
    check('thematic_inspections_sources_check', sql`jsonb_array_length(${t.sources}) > 0`),
  ],
);

/** The register's services whose work a thematic inspection sampled, where a public source names them. */
export const thematicInspectionServices = pgTable(
  'thematic_inspection_services',
  {
    thematicId: uuid('thematic_id')
      .notNull()
      .references(() => thematicInspections.id, { onDelete: 'cascade' }),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.thematicId, t.serviceId] }),
    index('thematic_inspection_services_service_idx').on(t.serviceId),
  ],
);
