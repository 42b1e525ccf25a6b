import { and, eq, lte, sql } from 'drizzle-orm';
import type { Db } from '../store/db.ts';
import { inspections } from '../store/schema.ts';
import { audit } from '../store/audit.ts';

/**
 * Marks scheduled inspections whose embargo has passed as published. One conditional UPDATE per
 * run: when several instances run it at once, PostgreSQL's row locks let exactly one of them flip
 * each row (the others re-check `status = 'scheduled'` and find nothing), so each publication
 * happens, and is audited, exactly once. Safe to run at start-up and on a timer.
 */
export async function publishDue(db: Db, now: Date): Promise<{ id: string; ref: string; version: number }[]> {
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
    return done.map(({ id, ref, version }) => ({ id, ref, version }));
  });
}

/** What the job does after a run that published something, outside the run's transaction. */
export type AfterPublish = (done: { id: string; ref: string; version: number }[], now: Date) => Promise<void>;

/**
 * Runs publishDue every `everyMs` (and once now); returns a stop function. Errors are logged, never
 * fatal. `afterPublish` (the report PDFs) sees only what this instance's run published, so each
 * publication's follow-up work is done by one instance, after the UPDATE has committed.
 */
export function startPublicationJob(
  db: Db,
  now: () => Date,
  log: { info: (fields: { inspectionRef: string }, message: string) => void; error: (e: unknown) => void },
  opts: { everyMs?: number; afterPublish?: AfterPublish } = {},
): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const at = now();
      const done = await publishDue(db, at);
      for (const d of done) log.info({ inspectionRef: d.ref }, 'published');
      if (done.length && opts.afterPublish) await opts.afterPublish(done, at);
    } catch (e) {
      log.error(e);
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), opts.everyMs ?? 5000);
  timer.unref();
  return () => clearInterval(timer);
}
