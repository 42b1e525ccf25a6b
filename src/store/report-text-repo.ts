import { and, desc, eq } from 'drizzle-orm';
import { ConflictError } from '../domain/errors.ts';
import type { ReportText } from '../domain/report-text.ts';
import { audit, type Actor } from './audit.ts';
import type { Db, Tx } from './db.ts';
import { reportTexts } from './schema.ts';

export type ReportTextVersion = typeof reportTexts.$inferSelect;

/** Every version of an inspection's report text, newest first, without the text (the versions list). */
export async function listReportTextVersions(db: Db | Tx, inspectionId: string) {
  return db
    .select({ version: reportTexts.version, savedByName: reportTexts.savedByName, savedAt: reportTexts.savedAt })
    .from(reportTexts)
    .where(eq(reportTexts.inspectionId, inspectionId))
    .orderBy(desc(reportTexts.version));
}

/** One version, or (no version) the newest; null when there is none. */
export async function getReportText(
  db: Db | Tx,
  inspectionId: string,
  version?: number,
): Promise<ReportTextVersion | null> {
  const where =
    version === undefined
      ? eq(reportTexts.inspectionId, inspectionId)
      : and(eq(reportTexts.inspectionId, inspectionId), eq(reportTexts.version, version));
  const [row] = await db.select().from(reportTexts).where(where).orderBy(desc(reportTexts.version)).limit(1);
  return row ?? null;
}

/**
 * Saves the text as the next version after `expectedVersion` (0: the first), with its audit event.
 * A save made on an older version than the newest is refused with both versions (ConflictError), so
 * one writer never silently replaces another's words. Two saves on the same version at once both try
 * to insert the same (inspection, version) key; the loser's unique violation is turned into the
 * same conflict by the caller (the transaction is already aborted here).
 */
export async function saveReportText(
  tx: Tx,
  actor: Actor,
  inspectionId: string,
  expectedVersion: number,
  text: ReportText,
  now: Date,
): Promise<ReportTextVersion> {
  const current = await getReportText(tx, inspectionId);
  const currentVersion = current?.version ?? 0;
  if (currentVersion !== expectedVersion) throw reportTextConflict(current, text);
  const [row] = await tx
    .insert(reportTexts)
    .values({
      inspectionId,
      version: expectedVersion + 1,
      foreword: text.foreword,
      overview: text.overview,
      narratives: text.narratives,
      savedBy: actor.id,
      savedByName: actor.name,
      savedAt: now,
    })
    .returning();
  await audit(
    tx,
    actor,
    'update',
    'report_text',
    inspectionId,
    inspectionId,
    current ? { version: currentVersion } : null,
    {
      version: row!.version,
      sections: 2 + Object.keys(text.narratives).length,
    },
  );
  return row!;
}

/** The 409 for a stale save: the newest version saved beside the text the writer tried to save. */
export function reportTextConflict(current: ReportTextVersion | null, attempted: ReportText) {
  const shown = (t: ReportText) => ({ foreword: t.foreword, overview: t.overview, narratives: t.narratives });
  const e = new ConflictError(
    'report text',
    current ? { version: current.version, 'saved by': `${current.savedByName}`, ...shown(current) } : { version: 0 },
    shown(attempted),
  );
  return e;
}
