import { and, eq, gt, lte, min, sql } from 'drizzle-orm';
import { audit } from './audit.ts';
import type { Db, Tx } from './db.ts';
import { inspections } from './schema.ts';
import { registerChanged } from './service-listing-repo.ts';

/** Scheduled publications: when the next embargo lifts, and marking those whose embargo has passed. */

/** When the next scheduled publication lifts its embargo (ms since the epoch), or Infinity when none is due. */
export async function nextScheduledPublication(db: Db, now: Date): Promise<number> {
  const [r] = await db
    .select({ t: min(inspections.publishedAt) })
    .from(inspections)
    .where(and(eq(inspections.status, 'scheduled'), gt(inspections.publishedAt, now)));
  return r?.t ? new Date(r.t).getTime() : Number.POSITIVE_INFINITY;
}

/**
 * Marks scheduled inspections whose embargo has passed as published. One conditional UPDATE per
 * run: when several instances run it at once, PostgreSQL's row locks let exactly one of them flip
 * each row (the others re-check `status = 'scheduled'` and find nothing), so each publication
 * happens, and is audited, exactly once. Safe to run at start-up and on a timer. `within` runs in
 * the same transaction with what this run published (the subscribers' emails are queued there, so
 * they are queued exactly when, and as often as, the publication happens).
 */
export async function publishDue(
  db: Db,
  now: Date,
  within?: (tx: Tx, done: { id: string; ref: string }[]) => Promise<void>,
): Promise<{ id: string; ref: string; version: number }[]> {
  return db.transaction(async (tx) => {
    const done = await tx
      .update(inspections)
      .set({ status: 'published', version: sql`${inspections.version} + 1`, updatedAt: now })
      .where(and(eq(inspections.status, 'scheduled'), lte(inspections.publishedAt, now)))
      .returning({
        id: inspections.id,
        ref: inspections.ref,
        version: inspections.version,
        publishedAt: inspections.publishedAt,
        serviceId: inspections.serviceId,
      });
    for (const d of done)
      await audit(
        tx,
        null,
        'transition',
        'inspection',
        d.id,
        d.id,
        { status: 'scheduled' },
        { status: 'published', publishedAt: d.publishedAt },
      );
    if (within && done.length) await within(tx, done);
    // The services list's latest inspections change here, at the embargo's instant, not at scheduling.
    if (done.length)
      await registerChanged(
        tx,
        now,
        done.map((d) => d.serviceId),
      );
    return done.map(({ id, ref, version }) => ({ id, ref, version }));
  });
}
