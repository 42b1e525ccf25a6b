import { and, asc, eq, inArray, isNotNull, or, sql } from 'drizzle-orm';
import type { CaseListRow } from '../domain/case-list.ts';
import type { SampleState } from '../domain/case-sample.ts';
import { ConflictError } from '../domain/errors.ts';
import { audit, type Actor } from './audit.ts';
import { isUniqueViolation, type Db, type Tx } from './db.ts';
import { auditEvents, caseAssessments, caseListEntries, caseLists, inspections, services } from './schema.ts';

/**
 * The service's case list and the sample drawn from it. Every write is in the caller's transaction
 * (the sample service holds the inspection's row lock) with its audit event.
 */

export async function getCaseList(db: Db | Tx, inspectionId: string) {
  const [row] = await db.select().from(caseLists).where(eq(caseLists.inspectionId, inspectionId));
  return row ?? null;
}

export async function lockCaseList(tx: Tx, inspectionId: string) {
  const [row] = await tx.select().from(caseLists).where(eq(caseLists.inspectionId, inspectionId)).for('update');
  return row ?? null;
}

export async function listEntries(db: Db | Tx, inspectionId: string) {
  return db
    .select()
    .from(caseListEntries)
    .where(eq(caseListEntries.inspectionId, inspectionId))
    .orderBy(asc(caseListEntries.caseId));
}

/** The counts the service sees after an upload: cases by stratum, nothing case-level. */
export async function countEntries(db: Db | Tx, inspectionId: string) {
  return db
    .select({ strata: caseListEntries.strata, n: sql<number>`count(*)::int` })
    .from(caseListEntries)
    .where(eq(caseListEntries.inspectionId, inspectionId))
    .groupBy(caseListEntries.strata);
}

/**
 * Replaces the inspection's case list with `rows` at the version the uploader saw (0: there was
 * none). A stale version is a conflict: two people replacing the list at once do not silently
 * overwrite each other. The audit entry records the count and columns, never the cases.
 */
export async function replaceCaseList(
  tx: Tx,
  actor: Actor,
  inspectionId: string,
  current: { version: number; rowCount: number } | null,
  expectedVersion: number,
  rows: CaseListRow[],
  columns: string[],
  now: Date,
) {
  if ((current?.version ?? 0) !== expectedVersion)
    throw new ConflictError(
      'case list',
      { version: current?.version ?? 0, cases: current?.rowCount ?? 0 },
      { version: expectedVersion, cases: rows.length },
    );
  const version = (current?.version ?? 0) + 1;
  if (current) {
    await tx.delete(caseListEntries).where(eq(caseListEntries.inspectionId, inspectionId));
    await tx
      .update(caseLists)
      .set({ version, rowCount: rows.length, uploadedBy: actor.id, uploadedAt: now })
      .where(eq(caseLists.inspectionId, inspectionId));
  } else
    try {
      await tx
        .insert(caseLists)
        .values({ inspectionId, version, rowCount: rows.length, uploadedBy: actor.id, uploadedAt: now });
    } catch (e) {
      // Two first uploads at once: both saw no list; the one that lost the race is told so.
      if (!isUniqueViolation(e)) throw e;
      throw new ConflictError('case list', { version: 1 }, { version: expectedVersion, cases: rows.length });
    }
  // In slices, so a list of thousands stays well inside PostgreSQL's parameter limit.
  for (let i = 0; i < rows.length; i += 500)
    await tx.insert(caseListEntries).values(
      rows.slice(i, i + 500).map((r) => ({
        inspectionId,
        caseId: r.caseId,
        strata: r.strata,
        startDate: r.startDate,
        endDate: r.endDate,
      })),
    );
  await audit(
    tx,
    actor,
    current ? 'replace' : 'create',
    'case_list',
    inspectionId,
    inspectionId,
    current ? { version: current.version, cases: current.rowCount } : null,
    { version, cases: rows.length, columns },
  );
  return version;
}

/**
 * Records the drawn sample: each case's place, the seed and the rule, and the audit entry that
 * lets anyone redraw it.
 */
export async function saveDraw(
  tx: Tx,
  actor: Actor,
  inspectionId: string,
  draw: { seed: string; rule: unknown; caseIds: string[]; summary: unknown },
  now: Date,
) {
  for (const [i, caseId] of draw.caseIds.entries())
    await tx
      .update(caseListEntries)
      .set({ sampleState: 'sampled', samplePosition: i + 1 })
      .where(and(eq(caseListEntries.inspectionId, inspectionId), eq(caseListEntries.caseId, caseId)));
  const [row] = await tx
    .update(caseLists)
    .set({ seed: draw.seed, rule: draw.rule, drawnAt: now, drawnBy: actor.id, version: sql`${caseLists.version} + 1` })
    .where(eq(caseLists.inspectionId, inspectionId))
    .returning();
  await audit(tx, actor, 'draw', 'case_sample', inspectionId, inspectionId, null, {
    seed: draw.seed,
    rule: draw.rule,
    ...(draw.summary as object),
    caseIds: draw.caseIds,
  });
  return row!;
}

/** Sets an unusable case aside with its reason and puts the replacement drawn for it in the sample. */
export async function saveReplacement(
  tx: Tx,
  actor: Actor,
  inspectionId: string,
  v: { unusable: string; replacement: string | null; reason: string; n: number; seed: string; stratum: string },
) {
  const [{ last }] = (await tx
    .select({ last: sql<number>`coalesce(max(${caseListEntries.samplePosition}), 0)::int` })
    .from(caseListEntries)
    .where(eq(caseListEntries.inspectionId, inspectionId))) as [{ last: number }];
  await tx
    .update(caseListEntries)
    .set({ sampleState: 'unusable', unusableReason: v.reason, replacedBy: v.replacement })
    .where(and(eq(caseListEntries.inspectionId, inspectionId), eq(caseListEntries.caseId, v.unusable)));
  if (v.replacement)
    await tx
      .update(caseListEntries)
      .set({ sampleState: 'replacement', samplePosition: last + 1 })
      .where(and(eq(caseListEntries.inspectionId, inspectionId), eq(caseListEntries.caseId, v.replacement)));
  await tx
    .update(caseLists)
    .set({ version: sql`${caseLists.version} + 1` })
    .where(eq(caseLists.inspectionId, inspectionId));
  await audit(tx, actor, 'replace', 'case_sample', inspectionId, inspectionId, null, {
    unusable: v.unusable,
    reason: v.reason,
    replacement: v.replacement,
    stratum: v.stratum,
    replacementNumber: v.n,
    seed: v.seed,
  });
}

export async function countReplacements(tx: Tx, inspectionId: string) {
  const [{ n }] = (await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(caseListEntries)
    .where(and(eq(caseListEntries.inspectionId, inspectionId), eq(caseListEntries.sampleState, 'unusable')))) as [
    { n: number },
  ];
  return n;
}

export const IN_SAMPLE: SampleState[] = ['sampled', 'replacement'];

/** A read of one case's assessment, audited: who, when (the event's time) and which case reference. */
export async function recordCaseRead(db: Db, actor: Actor, inspectionId: string, caseId: string, ref: string) {
  await audit(db, actor, 'view', 'case', caseId, inspectionId, null, { ref });
}

/**
 * Every audit event about one case reference, across inspections, oldest first: its assessment
 * (added, answered, read) and its place in a sample (drawn, set aside, drawn as a replacement).
 * For a subject access request; the reference is the service's own pseudonymous case id.
 */
export async function auditForCaseRef(db: Db, ref: string) {
  const caseRows = db
    .select({ id: sql`${caseAssessments.id}::text` })
    .from(caseAssessments)
    .where(eq(caseAssessments.ref, ref));
  return db
    .select({
      at: auditEvents.at,
      actorName: auditEvents.actorName,
      actorRole: auditEvents.actorRole,
      action: auditEvents.action,
      entityType: auditEvents.entityType,
      inspectionRef: inspections.ref,
      serviceName: services.name,
    })
    .from(auditEvents)
    .leftJoin(inspections, eq(inspections.id, auditEvents.inspectionId))
    .leftJoin(services, eq(services.id, inspections.serviceId))
    .where(
      or(
        and(
          eq(auditEvents.entityType, 'case'),
          or(inArray(auditEvents.entityId, caseRows), sql`${auditEvents.after}->>'ref' = ${ref}`),
        ),
        and(
          eq(auditEvents.entityType, 'case_sample'),
          isNotNull(auditEvents.after),
          or(
            sql`${auditEvents.after}->'caseIds' ? ${ref}`,
            sql`${auditEvents.after}->>'unusable' = ${ref}`,
            sql`${auditEvents.after}->>'replacement' = ${ref}`,
          ),
        ),
      ),
    )
    .orderBy(asc(auditEvents.id));
}
