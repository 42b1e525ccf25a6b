/**
 * How long each kind of personal data is kept, and after what. A period counts from a reference
 * event (an inspection's publication, a session's expiry, an email's sending…); a row is past its
 * time from the instant `reference + period` onwards, calendar months and years as PostgreSQL adds
 * them (31 August + 6 months is 28 or 29 February). `never` keeps a kind for good.
 *
 * The defaults below are this project's proposal, not a decision: the inspectorate that adopts the
 * software is the controller and sets its own in configuration (docs/data-protection.md).
 */

export const RETENTION_UNITS = ['days', 'months', 'years'] as const;
export type RetentionUnit = (typeof RETENTION_UNITS)[number];

/** A period after the reference event, or null: kept without limit. */
export type RetentionPeriod = { n: number; unit: RetentionUnit } | null;

export const RETENTION_KINDS = [
  'caseAssessments',
  'caseListEntries',
  'serviceComments',
  'previewLinks',
  'sessions',
  'signInAttempts',
  'sentEmails',
  'unsubscribed',
  'auditEvents',
] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

export type RetentionPolicy = Record<RetentionKind, RetentionPeriod>;

/** Per kind: its configuration variable, the default, what it is, what the period counts from, what happens then. */
export const RETENTION_RULES: Record<
  RetentionKind,
  { env: string; default: string; what: string; after: string; then: string }
> = {
  caseAssessments: {
    env: 'RETENTION_CASE_ASSESSMENTS',
    default: '6 months',
    what: 'case answers and notes',
    after: "the inspection's publication",
    then: 'deleted, notes removed from their audit events; the sample description stored first',
  },
  caseListEntries: {
    env: 'RETENTION_CASE_LISTS',
    default: '6 months',
    what: 'uploaded case list entries',
    after: "the inspection's publication",
    then: 'deleted; the case list row (seed, rule, count) kept',
  },
  serviceComments: {
    env: 'RETENTION_SERVICE_COMMENTS',
    default: '12 months',
    what: 'factual-accuracy comments',
    after: "the inspection's publication",
    then: 'deleted, their text removed from their audit events',
  },
  previewLinks: {
    env: 'RETENTION_PREVIEW_LINKS',
    default: '12 months',
    what: 'embargoed preview links',
    after: "the inspection's publication",
    then: 'deleted; IP address and user agent removed from their view events',
  },
  sessions: {
    env: 'RETENTION_SESSIONS',
    default: '0 days',
    what: 'sessions',
    after: "the session's expiry",
    then: 'deleted',
  },
  signInAttempts: {
    env: 'RETENTION_SIGN_IN_ATTEMPTS',
    default: '90 days',
    what: 'sign-in attempts (with IP addresses)',
    after: 'the attempt',
    then: 'deleted',
  },
  sentEmails: {
    env: 'RETENTION_SENT_EMAILS',
    default: '90 days',
    what: 'sent and dead emails in the outbox',
    after: 'sending (a dead email: its queueing)',
    then: 'deleted',
  },
  unsubscribed: {
    env: 'RETENTION_UNSUBSCRIBED',
    default: '30 days',
    what: 'unsubscribed subscriptions',
    after: 'unsubscribing',
    then: 'deleted with their tokens',
  },
  auditEvents: {
    env: 'RETENTION_AUDIT_EVENTS',
    default: '6 years',
    what: 'audit events',
    after: 'the event',
    then: 'deleted (by the retention run only)',
  },
};

/** Kinds whose period counts from an inspection's publication. */
export const AFTER_PUBLICATION: readonly RetentionKind[] = [
  'caseAssessments',
  'caseListEntries',
  'serviceComments',
  'previewLinks',
];

/**
 * Reads "6 months", "90 days", "1 year", "0 days" or "never". Anything else is undefined (the
 * configuration names the variable and refuses to start).
 */
export function parseRetentionPeriod(text: string): RetentionPeriod | undefined {
  const s = text.trim().toLowerCase();
  if (s === 'never') return null;
  const m = /^(\d{1,4}) ?(day|days|month|months|year|years)$/.exec(s);
  if (!m) return undefined;
  const unit = (m[2]!.endsWith('s') ? m[2] : `${m[2]}s`) as RetentionUnit;
  return { n: Number(m[1]), unit };
}

/** "6 months", or "never": also the PostgreSQL interval the store adds to a reference instant. */
export function periodText(p: RetentionPeriod): string {
  return p ? `${p.n} ${p.unit}` : 'never';
}

export const DEFAULT_RETENTION: RetentionPolicy = Object.fromEntries(
  RETENTION_KINDS.map((k) => [k, parseRetentionPeriod(RETENTION_RULES[k].default)!]),
) as RetentionPolicy;

/** What a retention run found (dry run) or removed, per kind, and per inspection for the kinds after publication. */
export interface RetentionReport {
  dryRun: boolean;
  counts: Record<RetentionKind, number>;
  /** Audit events whose personal fields were removed (notes, comment text, viewers' addresses). */
  redactedAuditEvents: number;
  inspections: { id: string; ref: string; counts: Partial<Record<RetentionKind, number>> }[];
}
