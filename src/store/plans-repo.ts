import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { ActionState } from '../domain/action-plan.ts';
import type { Db, Tx } from './db.ts';
import { isPublic } from './register-repo.ts';
import { actions, actionUpdates, inspections, recommendations, services, users } from './schema.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
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

export async function planFor(db: Db, inspectionId: string) {
  const recs = await db
    .select()
    .from(recommendations)
    .where(eq(recommendations.inspectionId, inspectionId))
    .orderBy(asc(recommendations.position));
  const acts = recs.length
    ? await db
        .select()
        .from(actions)
        .where(
          inArray(
            actions.recommendationId,
            recs.map((r) => r.id),
          ),
        )
        .orderBy(asc(actions.dueDate))
    : [];
  return recs.map((r) => ({ recommendation: r, actions: acts.filter((a) => a.recommendationId === r.id) }));
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
  const [rec] = await db.select().from(recommendations).where(eq(recommendations.id, a.recommendationId));
  return { action: a, updates, recommendation: rec! };
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
) {
  const [row] = await tx
    .insert(actions)
    .values({ ...v, inspectionId: rec.inspectionId, recommendationId: rec.id, createdBy: actor.id })
    .returning();
  await audit(tx, actor, 'create', 'action', row!.id, rec.inspectionId, null, {
    recommendation: rec.position,
    description: v.description,
    owner: v.owner,
    dueDate: v.dueDate,
  });
  return row!;
}

/** A progress update: the note and evidence are kept; the action's state moves with it. */
export async function updateAction(
  db: Db,
  actor: Actor,
  actionId: string,
  expectedVersion: number,
  v: { state: ActionState; note: string; evidence: string | null },
  now: Date,
) {
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(actions).where(eq(actions.id, actionId));
    if (!current) throw new NotFoundError('No such action.');
    if (current.version !== expectedVersion)
      throw new ConflictError('action', { state: current.state, version: current.version }, v);
    const [row] = await tx
      .update(actions)
      .set({ state: v.state, version: current.version + 1, updatedAt: now })
      .where(and(eq(actions.id, actionId), eq(actions.version, expectedVersion)))
      .returning();
    if (!row) throw new ConflictError('action', { state: current.state, version: current.version }, v);
    await tx
      .insert(actionUpdates)
      .values({ actionId, note: v.note, evidence: v.evidence, state: v.state, createdBy: actor.id });
    await audit(tx, actor, 'update', 'action', actionId, current.inspectionId, { state: current.state }, v);
    return row;
  });
}
