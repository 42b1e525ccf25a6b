import { inArray, sql } from 'drizzle-orm';
import type { Db } from './db.ts';
import { listPublications } from './register-repo.ts';
import { auditEvents } from './schema.ts';

/** What the status page tells the public about the register's data: its newest publication and import. */
export async function dataFreshness(
  db: Db,
  visibleAt: Date,
): Promise<{
  lastPublished: { at: Date; timeKnown: boolean; ref: string; serviceName: string } | null;
  lastImportAt: Date | null;
}> {
  const [[published], [imported]] = await Promise.all([
    listPublications(db, visibleAt, 1),
    // Every imported or merged record has its own audit event (records-repo.ts).
    db
      .select({ at: sql<Date>`max(${auditEvents.at})`.mapWith(auditEvents.at) })
      .from(auditEvents)
      .where(inArray(auditEvents.action, ['import', 'import-merge'])),
  ]);
  return {
    lastPublished: published?.publishedAt
      ? {
          at: published.publishedAt,
          // Only an inspection published from here has a known instant; sources give a day at best.
          timeKnown: published.origin === 'workflow',
          ref: published.ref,
          serviceName: published.serviceName,
        }
      : null,
    lastImportAt: imported?.at ?? null,
  };
}
