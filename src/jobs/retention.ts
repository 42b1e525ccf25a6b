import type { RetentionPolicy, RetentionReport } from '../domain/retention.ts';
import type { Db, Tx } from '../store/db.ts';
import { applyRetention, claimDailyRun, claimRunNow } from '../store/retention-repo.ts';
import { every } from './every.ts';

export const RETENTION_JOB = 'retention';
/** How often each instance asks whether today's run is still to do (the claim makes one run a day). */
export const RETENTION_CHECK_MS = 60 * 60 * 1000;

/**
 * Today's retention run, if no instance has done it yet: the claim and the work share one
 * transaction, so the run happens once a day across instances and a failed run is retried at the
 * next check. Null when today's run was already done (or is being done by another instance).
 */
export async function runDailyRetention(db: Db, policy: RetentionPolicy, now: Date): Promise<RetentionReport | null> {
  return db.transaction(async (tx) => {
    if (!(await claimDailyRun(tx, RETENTION_JOB, now))) return null;
    return applyRetention(tx, policy, now, { dryRun: false, trigger: 'job' });
  });
}

/**
 * A run asked for by hand (`inspectorate retention`) or by a restore (inside the restore's own
 * transaction, `tx`): it waits for a job run in progress, and counts as the day's run. A dry run
 * claims nothing and changes nothing.
 */
export async function runRetentionNow(
  db: Db | Tx,
  policy: RetentionPolicy,
  now: Date,
  opts: { dryRun: boolean; trigger: 'command' | 'restore' },
): Promise<RetentionReport> {
  return db.transaction(async (tx) => {
    if (!opts.dryRun) await claimRunNow(tx, RETENTION_JOB, now);
    return applyRetention(tx, policy, now, opts);
  });
}

/**
 * The daily retention job, checked every `everyMs` (and once now) on every instance. Returns a
 * stop function that resolves when the run in progress has finished.
 */
export function startRetentionJob(
  db: Db,
  now: () => Date,
  policy: RetentionPolicy,
  log: { info: (fields: object, message: string) => void; error: (e: unknown) => void },
  opts: { everyMs?: number } = {},
): () => Promise<void> {
  return every(
    opts.everyMs ?? RETENTION_CHECK_MS,
    async () => {
      const report = await runDailyRetention(db, policy, now());
      if (report)
        log.info(
          {
            counts: report.counts,
            redactedAuditEvents: report.redactedAuditEvents,
            inspections: report.inspections.length,
          },
          'retention run',
        );
    },
    (e) => log.error(e),
  );
}
