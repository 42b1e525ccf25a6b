import { and, asc, desc, eq, getTableColumns, inArray, ne, or, sql } from 'drizzle-orm';
import { STATUS_LABELS, type ActionState } from '../domain/action-plan.ts';
import type { Db, Tx } from './db.ts';
import { isUniqueViolation } from './db.ts';
import { isPublic } from './register-repo.ts';
import { groupBy } from './group-by.ts';
import {
  actions,
  actionUpdates,
  auditEvents,
  evidenceFiles,
  inspections,
  recommendations,
  recommendationSignOffs,
  services,
  users,
} from './schema.ts';
import { ConflictError, NotFoundError, RuleError } from '../domain/errors.ts';
import { audit, type Actor } from './audit.ts';

export async function serviceBySlug(db: Db, slug: string) {
  const [s] = await db.select().from(services).where(eq(services.slug, slug));
  return s ?? null;
}

/** The service's latest public inspection: the one its plan answers, until the next. */
export async function latestPublished(db: Db, serviceId: string, visibleAt: Date) {
  const [i] = await db
    .select()
    .from(inspections)
    .where(and(eq(inspections.serviceId, serviceId), isPublic(visibleAt)))
    .orderBy(sql`${inspections.publicationLatest} desc nulls last`, desc(inspections.publishedAt))
    .limit(1);
  return i ?? null;
}

/** The latest public inspection published before a given inspection (for "previous recommendations"). */
export async function previousPublished(db: Db, serviceId: string, beforeId: string, visibleAt: Date) {
  const rows = await db
    .select()
    .from(inspections)
    .where(and(eq(inspections.serviceId, serviceId), isPublic(visibleAt)))
    .orderBy(sql`${inspections.publicationLatest} desc nulls last`, desc(inspections.publishedAt));
  return rows.find((r) => r.id !== beforeId) ?? null;
}

/** A file's description without its bytes (lists never load the bytes). */
const fileMeta = (() => {
  const { bytes: _bytes, ...rest } = getTableColumns(evidenceFiles);
  return rest;
})();

/**
 * The plan of one or more inspections: each recommendation (in the report's order, inspection by
 * inspection as given) with its actions, each action's latest progress update and its files, and
 * the board's sign-off if there is one.
 */
export async function planFor(db: Db, inspectionIds: string[]) {
  if (!inspectionIds.length) return [];
  const recs = await db
    .select({ r: recommendations, signOff: recommendationSignOffs, agreedByName: users.name })
    .from(recommendations)
    .leftJoin(recommendationSignOffs, eq(recommendationSignOffs.recommendationId, recommendations.id))
    .leftJoin(users, eq(users.id, recommendationSignOffs.agreedBy))
    .where(inArray(recommendations.inspectionId, inspectionIds))
    .orderBy(asc(recommendations.position));
  const order = new Map(inspectionIds.map((id, i) => [id, i]));
  recs.sort((a, b) => order.get(a.r.inspectionId)! - order.get(b.r.inspectionId)! || a.r.position - b.r.position);
  const acts = recs.length
    ? await db
        .select()
        .from(actions)
        .where(
          inArray(
            actions.recommendationId,
            recs.map((r) => r.r.id),
          ),
        )
        .orderBy(asc(actions.dueDate), asc(actions.createdAt))
    : [];
  const ids = acts.map((a) => a.id);
  const updates = ids.length
    ? await db
        .select()
        .from(actionUpdates)
        .where(inArray(actionUpdates.actionId, ids))
        .orderBy(desc(actionUpdates.createdAt), desc(actionUpdates.id))
    : [];
  const latest = new Map<string, (typeof updates)[number]>();
  for (const u of updates) if (!latest.has(u.actionId)) latest.set(u.actionId, u);
  const latestIds = [...latest.values()].map((u) => u.id);
  const files = latestIds.length
    ? await db
        .select(fileMeta)
        .from(evidenceFiles)
        .where(inArray(evidenceFiles.updateId, latestIds))
        .orderBy(asc(evidenceFiles.createdAt))
    : [];
  // Grouped once, in the queries' order, rather than filtered again for every recommendation and action.
  const actsOf = groupBy(acts, (a) => a.recommendationId);
  const filesOf = groupBy(files, (f) => f.updateId);
  return recs.map(({ r, signOff, agreedByName }) => ({
    recommendation: r,
    signOff: signOff && { ...signOff, agreedByName },
    actions: (actsOf.get(r.id) ?? []).map((a) => {
      const u = latest.get(a.id) ?? null;
      return { ...a, latestUpdate: u, files: u ? (filesOf.get(u.id) ?? []) : [] };
    }),
  }));
}

/**
 * Earlier public inspections of the service whose recommendations are still open on its plan: a
 * recommendation planned against (it has an action) and not yet agreed as met stays on the plan
 * after the next inspection is published, until the board closes it.
 */
export async function carriedForwardInspections(db: Db, serviceId: string, latestId: string, visibleAt: Date) {
  const ids = await db
    .selectDistinct({ id: inspections.id })
    .from(actions)
    .innerJoin(inspections, eq(inspections.id, actions.inspectionId))
    .leftJoin(recommendationSignOffs, eq(recommendationSignOffs.recommendationId, actions.recommendationId))
    .where(
      and(
        eq(inspections.serviceId, serviceId),
        ne(inspections.id, latestId),
        isPublic(visibleAt),
        sql`${recommendationSignOffs.recommendationId} is null`,
      ),
    );
  if (!ids.length) return [];
  return db
    .select()
    .from(inspections)
    .where(
      inArray(
        inspections.id,
        ids.map((i) => i.id),
      ),
    )
    .orderBy(sql`${inspections.publicationLatest} desc nulls last`, desc(inspections.publishedAt));
}

/** The inspection an action or recommendation belongs to, with its service. */
export async function inspectionById(db: Db, id: string) {
  const [i] = await db.select().from(inspections).where(eq(inspections.id, id));
  return i ?? null;
}

export async function getAction(db: Db, actionId: string) {
  const [a] = await db.select().from(actions).where(eq(actions.id, actionId));
  if (!a) return null;
  const updates = await db
    .select({ u: actionUpdates, author: users.name })
    .from(actionUpdates)
    .leftJoin(users, eq(users.id, actionUpdates.createdBy))
    .where(eq(actionUpdates.actionId, actionId))
    .orderBy(desc(actionUpdates.createdAt));
  const files = await db
    .select(fileMeta)
    .from(evidenceFiles)
    .where(eq(evidenceFiles.actionId, actionId))
    .orderBy(asc(evidenceFiles.createdAt));
  const [rec] = await db.select().from(recommendations).where(eq(recommendations.id, a.recommendationId));
  const [signOff] = await db
    .select()
    .from(recommendationSignOffs)
    .where(eq(recommendationSignOffs.recommendationId, a.recommendationId));
  return {
    action: a,
    updates: updates.map((x) => ({ ...x, files: files.filter((f) => f.updateId === x.u.id) })),
    recommendation: rec!,
    signedOff: Boolean(signOff),
  };
}

/** The recommendation, if it is one of this inspection's. */
export async function recommendationIn(db: Db, inspectionId: string, recommendationId: string) {
  const [rec] = await db
    .select()
    .from(recommendations)
    .where(and(eq(recommendations.id, recommendationId), eq(recommendations.inspectionId, inspectionId)));
  return rec ?? null;
}

/** A new action answering one recommendation, with its audit entry (the caller's transaction). */
export async function addAction(
  tx: Tx,
  actor: Actor,
  rec: { id: string; inspectionId: string; position: number },
  v: { description: string; owner: string; dueDate: string },
  now: Date,
) {
  const [row] = await tx
    .insert(actions)
    .values({
      ...v,
      inspectionId: rec.inspectionId,
      recommendationId: rec.id,
      createdBy: actor.id,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  await audit(tx, actor, 'create', 'action', row!.id, rec.inspectionId, null, {
    recommendation: rec.position,
    description: v.description,
    owner: v.owner,
    dueDate: v.dueDate,
  });
  return row!;
}

/** A file checked by its content, ready to store. */
export interface EvidenceUpload {
  filename: string;
  mediaType: string;
  sha256: string;
  bytes: Buffer;
}

/**
 * A progress update: the note, evidence and any files are kept; the action's state moves with it.
 * The action's version is checked and moved in the same transaction, so a second person's update
 * made from the same page is refused rather than silently interleaved.
 */
export async function updateAction(
  db: Db,
  actor: Actor,
  actionId: string,
  expectedVersion: number,
  v: { state: ActionState; note: string; evidence: string | null },
  files: EvidenceUpload[],
  now: Date,
) {
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(actions).where(eq(actions.id, actionId)).for('update');
    if (!current) throw new NotFoundError('No such action.');
    // Progress notes are only ever added, so two people recording progress at once do not clash:
    // only a change of status made on a page that did not see the last one is refused.
    if (current.version !== expectedVersion && current.state !== v.state) {
      const [latest] = await tx
        .select({ note: actionUpdates.note })
        .from(actionUpdates)
        .where(eq(actionUpdates.actionId, actionId))
        .orderBy(desc(actionUpdates.createdAt))
        .limit(1);
      throw new ConflictError(
        'action',
        { Status: STATUS_LABELS[current.state as ActionState], 'Progress note': latest?.note ?? null },
        { Status: STATUS_LABELS[v.state], 'Progress note': v.note },
      );
    }
    const [row] = await tx
      .update(actions)
      .set({ state: v.state, version: current.version + 1, updatedAt: now })
      .where(eq(actions.id, actionId))
      .returning();
    const [update] = await tx
      .insert(actionUpdates)
      .values({ actionId, note: v.note, evidence: v.evidence, state: v.state, createdBy: actor.id, createdAt: now })
      .returning({ id: actionUpdates.id });
    const saved = [];
    for (const f of files) {
      const [file] = await tx
        .insert(evidenceFiles)
        .values({
          updateId: update!.id,
          actionId,
          filename: f.filename,
          mediaType: f.mediaType,
          size: f.bytes.length,
          sha256: f.sha256,
          bytes: f.bytes,
          createdBy: actor.id,
          createdAt: now,
        })
        .returning({ id: evidenceFiles.id });
      saved.push({
        id: file!.id,
        filename: f.filename,
        mediaType: f.mediaType,
        size: f.bytes.length,
        sha256: f.sha256,
      });
    }
    await audit(
      tx,
      actor,
      'update',
      'action',
      actionId,
      current.inspectionId,
      { state: current.state },
      {
        ...v,
        files: saved,
      },
    );
    return row;
  });
}

/** The owner and due date of an action, with the baseline and reason when the due date moves. */
export async function editAction(
  db: Db,
  actor: Actor,
  actionId: string,
  expectedVersion: number,
  v: { owner: string; dueDate: string; baselineDueDate: string | null; rebaselineReason: string | null },
  now: Date,
) {
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(actions).where(eq(actions.id, actionId));
    if (!current) throw new NotFoundError('No such action.');
    const before = {
      owner: current.owner,
      dueDate: current.dueDate,
      baselineDueDate: current.baselineDueDate,
      rebaselineReason: current.rebaselineReason,
    };
    if (current.version !== expectedVersion)
      throw new ConflictError('action', { ...before, version: current.version }, v);
    const [row] = await tx
      .update(actions)
      .set({ ...v, version: current.version + 1, updatedAt: now })
      .where(and(eq(actions.id, actionId), eq(actions.version, expectedVersion)))
      .returning();
    if (!row) throw new ConflictError('action', { ...before, version: current.version }, v);
    await audit(
      tx,
      actor,
      current.dueDate === v.dueDate ? 'edit' : 'rebaseline',
      'action',
      actionId,
      current.inspectionId,
      before,
      v,
    );
    return row;
  });
}

/**
 * The board agrees a recommendation as met. `check` reads the recommendation's actions inside the
 * transaction and returns the rule that forbids it, if any, so an action reopened meanwhile is seen.
 */
export async function signOffRecommendation(
  db: Db,
  actor: Actor,
  rec: { id: string; inspectionId: string; position: number },
  note: string,
  check: (acts: { state: ActionState }[], signedOff: boolean) => string | null,
  now: Date,
) {
  try {
    return await db.transaction(async (tx) => {
      const acts = await tx
        .select({ state: actions.state })
        .from(actions)
        .where(eq(actions.recommendationId, rec.id))
        .for('update');
      const [existing] = await tx
        .select({ id: recommendationSignOffs.recommendationId })
        .from(recommendationSignOffs)
        .where(eq(recommendationSignOffs.recommendationId, rec.id));
      const problem = check(
        acts.map((a) => ({ state: a.state as ActionState })),
        Boolean(existing),
      );
      if (problem) throw new RuleError(problem, 'note');
      await tx
        .insert(recommendationSignOffs)
        .values({ recommendationId: rec.id, inspectionId: rec.inspectionId, note, agreedBy: actor.id, agreedAt: now });
      await audit(tx, actor, 'sign_off', 'recommendation', rec.id, rec.inspectionId, null, {
        recommendation: rec.position,
        note,
        agreedAs: 'met',
      });
    });
  } catch (e) {
    // Two board members agreeing at once: the second finds it already agreed.
    if (isUniqueViolation(e)) throw new RuleError('The board has already agreed this recommendation as met.', 'note');
    throw e;
  }
}

/** One evidence file with the inspection its action answers (for the reader's check). */
export async function evidenceFile(db: Db, fileId: string) {
  const [f] = await db
    .select({ file: evidenceFiles, inspectionId: actions.inspectionId })
    .from(evidenceFiles)
    .innerJoin(actions, eq(actions.id, evidenceFiles.actionId))
    .where(eq(evidenceFiles.id, fileId));
  return f ?? null;
}

/** What changed on the plans of these inspections, newest first: the audit trail's plan events. */
export async function planHistory(db: Db, inspectionIds: string[], limit = 500) {
  if (!inspectionIds.length) return [];
  // Each event with the action it is about, so the history can name it.
  return db
    .select({ ...getTableColumns(auditEvents), actionDescription: actions.description })
    .from(auditEvents)
    .leftJoin(actions, and(eq(auditEvents.entityType, 'action'), sql`${auditEvents.entityId} = ${actions.id}::text`))
    .where(
      and(
        inArray(auditEvents.inspectionId, inspectionIds),
        or(
          and(
            eq(auditEvents.entityType, 'action'),
            inArray(auditEvents.action, ['create', 'update', 'edit', 'rebaseline']),
          ),
          and(eq(auditEvents.entityType, 'recommendation'), eq(auditEvents.action, 'sign_off')),
        ),
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(limit);
}
