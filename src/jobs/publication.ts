import type { Db, Tx } from '../store/db.ts';
import { publishDue } from '../store/schedule-repo.ts';
import { every } from './every.ts';

// The conditional UPDATE that publishes each due inspection exactly once lives with the other SQL.
export { publishDue };

/** What the job does after a run that published something, outside the run's transaction. */
export type AfterPublish = (done: { id: string; ref: string; version: number }[], now: Date) => Promise<void>;

/**
 * Runs publishDue every `everyMs` (and once now); returns a stop function that resolves when the
 * run in progress has finished. Errors are logged, never
 * fatal. `afterPublish` (the report PDFs) sees only what this instance's run published, so each
 * publication's follow-up work is done by one instance, after the UPDATE has committed.
 */
export function startPublicationJob(
  db: Db,
  now: () => Date,
  log: { info: (fields: { inspectionRef: string }, message: string) => void; error: (e: unknown) => void },
  opts: {
    everyMs?: number;
    afterPublish?: AfterPublish;
    /** Work in each run's transaction with what it published (queueing the subscribers' emails). */
    onPublish?: (tx: Tx, done: { id: string; ref: string }[]) => Promise<void>;
  } = {},
): () => Promise<void> {
  return every(
    opts.everyMs ?? 5000,
    async () => {
      const at = now();
      const done = await publishDue(db, at, opts.onPublish);
      for (const d of done) log.info({ inspectionRef: d.ref }, 'published');
      if (done.length && opts.afterPublish) await opts.afterPublish(done, at);
    },
    (e) => log.error(e),
  );
}
