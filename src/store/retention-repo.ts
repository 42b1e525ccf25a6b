import { and, asc, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import {
  periodText,
  RETENTION_KINDS,
  type RetentionKind,
  type RetentionPeriod,
  type RetentionPolicy,
  type RetentionReport,
} from '../domain/retention.ts';
import { audit } from './audit.ts';
import type { Db, Tx } from './db.ts';
import {
  auditEvents,
  caseAssessments,
  caseListEntries,
  inspections,
  jobRuns,
  loginAttempts,
  outbox,
  previewLinks,
  publishedSamples,
  serviceComments,
  sessions,
  subscriptions,
} from './schema.ts';

/**
 * The retention policy applied to the database: what is past its time, found (dry run) or removed
 * and audited, in one transaction. Periods are added in UTC (so the boundary does not move with the
 * server's time zone or summer time): a row goes at exactly `reference + period`, not a moment before.
 */

type Rows<T> = { rows: T[] };

/** The reference instant plus the period is at or before now; never true for a kind kept without limit. */
function due(reference: AnyPgColumn | SQL, p: RetentionPeriod, now: Date): SQL {
  if (!p) return sql`false`;
  const at = now.toISOString();
  return sql`(${reference} at time zone 'UTC') + ${periodText(p)}::interval
    <= (${at}::timestamptz at time zone 'UTC')`;
}

/** Inspections published long enough ago for the kind's period (only published ones: drafts and withdrawn are not). */
const publishedBefore = (tx: Tx, p: RetentionPeriod, now: Date) =>
  tx
    .select({ id: inspections.id })
    .from(inspections)
    .where(
      and(
        eq(inspections.status, 'published'),
        isNotNull(inspections.publishedAt),
        due(inspections.publishedAt, p, now),
      ),
    );

/**
 * Counts (dry run) or deletes the rows of `table` that `where` selects, grouped by inspection when
 * the table has one. One statement either way, so the count is what was deleted.
 */
async function removeRows(
  tx: Tx,
  table: PgTable,
  where: SQL,
  dryRun: boolean,
  byInspection?: AnyPgColumn,
): Promise<{ total: number; by: Map<string, number> }> {
  const group = byInspection ?? sql`null::uuid`;
  const q = dryRun
    ? sql`select ${group} as i, count(*)::int as n from ${table} where ${where} group by 1`
    : sql`with d as (delete from ${table} where ${where} returning ${group} as i)
        select i, count(*)::int as n from d group by 1`;
  const r = (await tx.execute(q)) as unknown as Rows<{ i: string | null; n: number }>;
  const by = new Map<string, number>();
  let total = 0;
  for (const row of r.rows) {
    total += Number(row.n);
    if (row.i) by.set(row.i, Number(row.n));
  }
  return { total, by };
}

/** Removes personal fields from the before/after of the audit events `where` selects (the retention role only). */
async function redactAudit(tx: Tx, where: SQL, keys: string[], dryRun: boolean): Promise<number> {
  const has = sql.join(
    keys.flatMap((k) => [
      sql`(${auditEvents.before} -> ${k}) is not null`,
      sql`(${auditEvents.after} -> ${k}) is not null`,
    ]),
    sql` or `,
  );
  const cond = sql`${where} and (${has})`;
  if (dryRun) {
    const r = (await tx.execute(sql`select count(*)::int as n from ${auditEvents} where ${cond}`)) as unknown as Rows<{
      n: number;
    }>;
    return Number(r.rows[0]?.n ?? 0);
  }
  const minus = (col: AnyPgColumn) =>
    sql`case when jsonb_typeof(${col}) = 'object' then ${col} - ${sql.param(keys)}::text[] else ${col} end`;
  const r = (await tx.execute(
    sql`with d as (
          update ${auditEvents} set before = ${minus(auditEvents.before)}, after = ${minus(auditEvents.after)}
          where ${cond} returning 1)
        select count(*)::int as n from d`,
  )) as unknown as Rows<{ n: number }>;
  return Number(r.rows[0]?.n ?? 0);
}

const auditOf = (entityType: string, action: string, inspectionsPast: SQL) =>
  sql`${auditEvents.entityType} = ${entityType} and ${auditEvents.action} = ${action}
    and ${auditEvents.inspectionId} in ${inspectionsPast}`;

/**
 * Applies the policy as at `now` inside `tx`: every kind past its period is deleted (or, for a dry
 * run, counted), and the audit events that carry what was deleted lose those fields. Before an
 * inspection's case assessments go, its sample description (cases by type) is stored in
 * published_samples, so the public report's figures stay as published; each key question's counts
 * were stored with the ratings when the draft was shared, and are not touched. A real run appends
 * one audit event for the run (counts per kind) and one per inspection it removed data from.
 */
export async function applyRetention(
  tx: Tx,
  policy: RetentionPolicy,
  now: Date,
  opts: { dryRun: boolean; trigger: 'job' | 'command' | 'restore' },
): Promise<RetentionReport> {
  const { dryRun } = opts;
  // The audit trail's trigger lets this transaction, and only it, delete and redact events.
  if (!dryRun) await tx.execute(sql`select set_config('inspectorate.retention', 'on', true)`);
  const counts = Object.fromEntries(RETENTION_KINDS.map((k) => [k, 0])) as Record<RetentionKind, number>;
  const byInspection = new Map<string, Partial<Record<RetentionKind, number>>>();
  const note = (kind: RetentionKind, r: { total: number; by: Map<string, number> }) => {
    counts[kind] = r.total;
    for (const [id, n] of r.by) byInspection.set(id, { ...byInspection.get(id), [kind]: n });
  };
  const past = (k: RetentionKind) => publishedBefore(tx, policy[k], now);
  const pastSql = (k: RetentionKind) => sql`${past(k)}`;
  let redacted = 0;

  // Case answers and notes: the sample description first, then the rows, then the notes in the trail.
  if (policy.caseAssessments) {
    if (!dryRun)
      await tx.execute(sql`insert into ${publishedSamples} (inspection_id, case_type, cases)
        select c.inspection_id, c.case_type, count(*)::int from ${caseAssessments} c
        where c.inspection_id in ${pastSql('caseAssessments')}
          and not exists (select 1 from ${publishedSamples} p where p.inspection_id = c.inspection_id)
        group by c.inspection_id, c.case_type`);
    note(
      'caseAssessments',
      await removeRows(
        tx,
        caseAssessments,
        inArray(caseAssessments.inspectionId, past('caseAssessments')),
        dryRun,
        caseAssessments.inspectionId,
      ),
    );
    redacted += await redactAudit(tx, auditOf('case', 'update', pastSql('caseAssessments')), ['notes'], dryRun);
  }
  if (policy.caseListEntries)
    note(
      'caseListEntries',
      await removeRows(
        tx,
        caseListEntries,
        inArray(caseListEntries.inspectionId, past('caseListEntries')),
        dryRun,
        caseListEntries.inspectionId,
      ),
    );
  if (policy.serviceComments) {
    note(
      'serviceComments',
      await removeRows(
        tx,
        serviceComments,
        inArray(serviceComments.inspectionId, past('serviceComments')),
        dryRun,
        serviceComments.inspectionId,
      ),
    );
    redacted += await redactAudit(
      tx,
      auditOf('service_comment', 'create', pastSql('serviceComments')),
      ['text'],
      dryRun,
    );
  }
  if (policy.previewLinks) {
    note(
      'previewLinks',
      await removeRows(
        tx,
        previewLinks,
        inArray(previewLinks.inspectionId, past('previewLinks')),
        dryRun,
        previewLinks.inspectionId,
      ),
    );
    redacted += await redactAudit(
      tx,
      auditOf('preview_link', 'view', pastSql('previewLinks')),
      ['ip', 'userAgent'],
      dryRun,
    );
  }
  note('sessions', await removeRows(tx, sessions, due(sessions.expiresAt, policy.sessions, now), dryRun));
  note(
    'signInAttempts',
    await removeRows(tx, loginAttempts, due(loginAttempts.at, policy.signInAttempts, now), dryRun),
  );
  // A sent email's period counts from its sending; a dead one (never sent) from its queueing.
  const sentAt = sql`coalesce(${outbox.sentAt}, ${outbox.createdAt})`;
  const unsubscribedAt = sql`coalesce(${subscriptions.unsubscribedAt}, ${subscriptions.createdAt})`;
  note(
    'sentEmails',
    await removeRows(
      tx,
      outbox,
      sql`(${outbox.state} = 'sent' and ${due(sentAt, policy.sentEmails, now)})
        or (${outbox.state} = 'dead' and ${due(outbox.createdAt, policy.sentEmails, now)})`,
      dryRun,
    ),
  );
  note(
    'unsubscribed',
    await removeRows(
      tx,
      subscriptions,
      sql`${subscriptions.state} = 'unsubscribed' and ${due(unsubscribedAt, policy.unsubscribed, now)}`,
      dryRun,
    ),
  );
  // Last of the deletions, and before this run's own events are appended (they are never past their time).
  note('auditEvents', await removeRows(tx, auditEvents, due(auditEvents.at, policy.auditEvents, now), dryRun));

  const ids = [...byInspection.keys()];
  const refs = ids.length
    ? await tx
        .select({ id: inspections.id, ref: inspections.ref })
        .from(inspections)
        .where(inArray(inspections.id, ids))
        .orderBy(asc(inspections.ref))
    : [];
  const report: RetentionReport = {
    dryRun,
    counts,
    redactedAuditEvents: redacted,
    inspections: refs.map((r) => ({ id: r.id, ref: r.ref, counts: byInspection.get(r.id)! })),
  };
  if (!dryRun) {
    const policyText = Object.fromEntries(RETENTION_KINDS.map((k) => [k, periodText(policy[k])]));
    for (const i of report.inspections)
      await audit(tx, null, 'retention', 'inspection', i.id, i.id, null, { counts: i.counts });
    await audit(tx, null, 'retention', 'retention', null, null, null, {
      trigger: opts.trigger,
      at: now.toISOString(),
      counts,
      redactedAuditEvents: redacted,
      inspections: report.inspections.length,
      policy: policyText,
    });
  }
  return report;
}

/**
 * Claims today's (UTC) retention run for this transaction: true for exactly one caller a day
 * however many instances ask. The row is locked by the claim until the transaction ends; another
 * instance asking meanwhile skips it (SKIP LOCKED) rather than waiting, and once the claim is
 * committed finds the day taken. A run that fails rolls its claim back, so the next tick retries.
 */
export async function claimDailyRun(tx: Tx, job: string, now: Date): Promise<boolean> {
  const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const r = (await tx.execute(sql`update ${jobRuns} set last_run_at = ${now.toISOString()}::timestamptz
    where job = (select job from ${jobRuns} where job = ${job} and last_run_at < ${dayStart.toISOString()}::timestamptz
      for update skip locked)
    returning job`)) as unknown as Rows<{ job: string }>;
  return r.rows.length === 1;
}

/**
 * Takes the job's row for a run asked for by hand (the command, a restore): waits for a run in
 * progress to finish, and counts as the day's run, so the daily job does not repeat it.
 */
export async function claimRunNow(tx: Tx, job: string, now: Date): Promise<void> {
  await tx.execute(sql`insert into ${jobRuns} (job, last_run_at) values (${job}, ${now.toISOString()}::timestamptz)
    on conflict (job) do update set last_run_at = greatest(${jobRuns.lastRunAt}, excluded.last_run_at)`);
}

/** When the retention job last ran on this database, or null when never. */
export async function lastRun(db: Db | Tx, job: string): Promise<Date | null> {
  const [r] = await db.select({ at: jobRuns.lastRunAt }).from(jobRuns).where(eq(jobRuns.job, job));
  return r && r.at.getTime() > 0 ? r.at : null;
}
