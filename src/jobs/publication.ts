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
export async function publishDue(db: Db, now: Date): Promise<{ id: string; ref: string }[]> {
  return db.transaction(async (tx) => {
    const done = await tx
      .update(inspections)
      .set({ status: 'published', version: sql`${inspections.version} + 1`, updatedAt: now })
      .where(and(eq(inspections.status, 'scheduled'), lte(inspections.publishedAt, now)))
      .returning({ id: inspections.id, ref: inspections.ref, publishedAt: inspections.publishedAt });
    for (const d of done) await audit(tx, null, 'transition', 'inspection', d.id, d.id, { status: 'scheduled' }, { status: 'published', publishedAt: d.publishedAt });
    return done.map(({ id, ref }) => ({ id, ref }));
  });
}

/** Runs publishDue every `everyMs` (and once now); returns a stop function. Errors are logged, never fatal. */
export function startPublicationJob(db: Db, now: () => Date, log: { info: (m: string) => void; error: (e: unknown) => void }, everyMs = 5000): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const done = await publishDue(db, now());
      for (const d of done) log.info(`published ${d.ref}`);
    } catch (e) {
      log.error(e);
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
