import type { Framework } from '../domain/framework.ts';
import type { Db } from './db.ts';
import { frameworks } from './schema.ts';

/** Stores (or refreshes) the snapshot of each framework version, so stored inspections can be read against theirs. */
export async function saveFrameworkSnapshots(db: Db, list: Iterable<Framework>, now: Date): Promise<void> {
  for (const f of list) {
    await db
      .insert(frameworks)
      .values({ id: f.id, version: f.version, name: f.name, definition: f })
      .onConflictDoUpdate({
        target: frameworks.id,
        set: { version: f.version, name: f.name, definition: f, loadedAt: now },
      });
  }
}
