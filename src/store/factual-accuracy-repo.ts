import { and, asc, count, desc, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { CommentResponse, CommentSection } from '../domain/factual-accuracy.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { isRecordId } from '../domain/ids.ts';
import { audit, type Actor } from './audit.ts';
import type { Db, Tx } from './db.ts';
import { factualAccuracyChecks, inspectionApprovals, inspections, serviceComments, users } from './schema.ts';

/**
 * The factual-accuracy check's writes: sending the draft (opening the check), the service's
 * comments, the lead's answers, closing, and the approval decision. Each runs in the caller's
 * transaction (the services lock the inspection first) and writes its audit event there.
 */

const responders = alias(users, 'responder');
const approvers = alias(users, 'approver');
const closers = alias(users, 'closer');

export type FactualAccuracyCheck = typeof factualAccuracyChecks.$inferSelect;

/**
 * Opens the check when the draft is sent: a first sending makes it, a later one (after a return to
 * the rating panel) starts a new round with a new deadline, open again and not yet reminded.
 */
export async function openCheck(
  tx: Tx,
  actor: Actor,
  inspectionId: string,
  v: { sentAt: Date; deadline: string; remindOn: string; workingDays: number; draftVersion: number },
) {
  const [row] = await tx
    .insert(factualAccuracyChecks)
    .values({ inspectionId, ...v })
    .onConflictDoUpdate({
      target: factualAccuracyChecks.inspectionId,
      set: {
        ...v,
        round: sql`${factualAccuracyChecks.round} + 1`,
        closedAt: null,
        closedBy: null,
        reminderQueuedAt: null,
        version: sql`${factualAccuracyChecks.version} + 1`,
      },
    })
    .returning();
  await audit(tx, actor, 'send', 'factual_accuracy_check', inspectionId, inspectionId, null, {
    round: row!.round,
    sentAt: v.sentAt,
    deadline: v.deadline,
    workingDays: v.workingDays,
    draftVersion: v.draftVersion,
  });
  return row!;
}

export async function getCheck(db: Db | Tx, inspectionId: string): Promise<FactualAccuracyCheck | null> {
  const [row] = await db
    .select()
    .from(factualAccuracyChecks)
    .where(eq(factualAccuracyChecks.inspectionId, inspectionId));
  return row ?? null;
}

/**
 * The check's row, locked for the rest of the transaction: shared by comments and answers (which
 * need it open), exclusive for closing and approving (which wait for them, then see them).
 */
export async function lockCheck(
  tx: Tx,
  inspectionId: string,
  mode: 'share' | 'update',
): Promise<FactualAccuracyCheck | null> {
  const [row] = await tx
    .select()
    .from(factualAccuracyChecks)
    .where(eq(factualAccuracyChecks.inspectionId, inspectionId))
    .for(mode);
  return row ?? null;
}

/** The comments on an inspection's draft, oldest first, with who wrote and who answered each. */
export async function listComments(db: Db | Tx, inspectionId: string) {
  return db
    .select({
      id: serviceComments.id,
      text: serviceComments.text,
      section: serviceComments.section,
      standardId: serviceComments.standardId,
      response: serviceComments.response,
      responseText: serviceComments.responseText,
      respondedAt: serviceComments.respondedAt,
      respondedBy: responders.name,
      version: serviceComments.version,
      createdAt: serviceComments.createdAt,
      author: users.name,
    })
    .from(serviceComments)
    .innerJoin(users, eq(users.id, serviceComments.userId))
    .leftJoin(responders, eq(responders.id, serviceComments.respondedBy))
    .where(eq(serviceComments.inspectionId, inspectionId))
    .orderBy(asc(serviceComments.createdAt), asc(serviceComments.id));
}
export type ServiceComment = Awaited<ReturnType<typeof listComments>>[number];

export async function getComment(db: Db | Tx, inspectionId: string, commentId: string) {
  if (!isRecordId(commentId)) return null;
  const rows = await listComments(db, inspectionId);
  return rows.find((c) => c.id === commentId) ?? null;
}

/** How many comments the inspection has, how many wait for an answer, and how many were accepted. */
export async function commentCounts(tx: Tx | Db, inspectionId: string) {
  const [row] = await tx
    .select({
      total: count(),
      unanswered: sql<number>`count(*) filter (where ${serviceComments.response} is null)::int`,
      accepted: sql<number>`count(*) filter (where ${serviceComments.response} = 'accepted')::int`,
    })
    .from(serviceComments)
    .where(eq(serviceComments.inspectionId, inspectionId));
  return {
    total: Number(row?.total ?? 0),
    unanswered: Number(row?.unanswered ?? 0),
    accepted: Number(row?.accepted ?? 0),
  };
}

export async function addComment(
  tx: Tx,
  actor: Actor,
  inspectionId: string,
  v: { text: string; section: CommentSection; standardId: string | null; sectionLabel: string },
  now: Date,
) {
  const [row] = await tx
    .insert(serviceComments)
    .values({
      inspectionId,
      userId: actor.id,
      text: v.text,
      section: v.section,
      standardId: v.standardId,
      createdAt: now,
    })
    .returning();
  await audit(tx, actor, 'create', 'service_comment', row!.id, inspectionId, null, {
    text: v.text,
    section: v.section,
    standardId: v.standardId,
    sectionLabel: v.sectionLabel,
  });
  return row!;
}

/**
 * The lead's answer to a comment, at the version the lead saw: a first answer ("respond") or a
 * changed one ("update-response"), audited with the answer before and after.
 */
export async function answerComment(
  tx: Tx,
  actor: Actor,
  inspectionId: string,
  commentId: string,
  expectedVersion: number,
  v: { response: CommentResponse; responseText: string; sectionLabel?: string },
  now: Date,
) {
  if (!isRecordId(commentId)) throw new NotFoundError('No such comment.');
  const [current] = await tx
    .select()
    .from(serviceComments)
    .where(and(eq(serviceComments.id, commentId), eq(serviceComments.inspectionId, inspectionId)))
    .for('update');
  if (!current) throw new NotFoundError('No such comment.');
  const before = { response: current.response, responseText: current.responseText, version: current.version };
  if (current.version !== expectedVersion)
    throw new ConflictError('answer', before, { response: v.response, responseText: v.responseText });
  const [row] = await tx
    .update(serviceComments)
    .set({
      response: v.response,
      responseText: v.responseText,
      respondedBy: actor.id,
      respondedAt: now,
      version: expectedVersion + 1,
    })
    .where(and(eq(serviceComments.id, commentId), eq(serviceComments.version, expectedVersion)))
    .returning();
  if (!row) throw new ConflictError('answer', before, { response: v.response, responseText: v.responseText });
  await audit(
    tx,
    actor,
    current.response ? 'update-response' : 'respond',
    'service_comment',
    commentId,
    inspectionId,
    current.response ? { response: current.response, responseText: current.responseText } : null,
    { response: v.response, responseText: v.responseText, comment: current.text, sectionLabel: v.sectionLabel },
  );
  return row;
}

/** Closes the check (the lead's decision, or approval's), at the check version the lead saw. */
export async function closeCheck(
  tx: Tx,
  actor: Actor,
  check: FactualAccuracyCheck,
  expectedVersion: number,
  now: Date,
  counts: { total: number; accepted: number },
  reason: 'closed' | 'approved',
) {
  const [row] = await tx
    .update(factualAccuracyChecks)
    .set({ closedAt: now, closedBy: actor.id, version: expectedVersion + 1 })
    .where(
      and(
        eq(factualAccuracyChecks.inspectionId, check.inspectionId),
        eq(factualAccuracyChecks.version, expectedVersion),
      ),
    )
    .returning();
  if (!row)
    throw new ConflictError(
      'factual-accuracy check',
      { closedAt: check.closedAt, version: check.version },
      { closed: true },
    );
  await audit(tx, actor, 'close', 'factual_accuracy_check', check.inspectionId, check.inspectionId, null, {
    round: check.round,
    comments: counts.total,
    accepted: counts.accepted,
    by: reason,
  });
  return row;
}

/** The approval decision, recorded with what it approved; audited as the lead's named decision. */
export async function recordApproval(
  tx: Tx,
  actor: Actor,
  v: {
    inspectionId: string;
    approvedAt: Date;
    inspectionVersion: number;
    draftVersion: number | null;
    commentCount: number;
    acceptedCount: number;
  },
) {
  const [row] = await tx
    .insert(inspectionApprovals)
    .values({ ...v, approvedBy: actor.id })
    .returning();
  await audit(tx, actor, 'approve', 'inspection', v.inspectionId, v.inspectionId, null, {
    inspectionVersion: v.inspectionVersion,
    draftVersion: v.draftVersion,
    comments: v.commentCount,
    accepted: v.acceptedCount,
  });
  return row!;
}

/** The latest approval of an inspection, with the approver's name; null if never approved. */
export async function latestApproval(db: Db, inspectionId: string) {
  const [row] = await db
    .select({
      approvedAt: inspectionApprovals.approvedAt,
      approvedBy: approvers.name,
      inspectionVersion: inspectionApprovals.inspectionVersion,
      draftVersion: inspectionApprovals.draftVersion,
      commentCount: inspectionApprovals.commentCount,
      acceptedCount: inspectionApprovals.acceptedCount,
    })
    .from(inspectionApprovals)
    .innerJoin(approvers, eq(approvers.id, inspectionApprovals.approvedBy))
    .where(eq(inspectionApprovals.inspectionId, inspectionId))
    .orderBy(desc(inspectionApprovals.approvedAt))
    .limit(1);
  return row ?? null;
}

/** Who closed the check, by name (the page says who). */
export async function checkWithCloser(db: Db, inspectionId: string) {
  const [row] = await db
    .select({ check: factualAccuracyChecks, closedByName: closers.name })
    .from(factualAccuracyChecks)
    .leftJoin(closers, eq(closers.id, factualAccuracyChecks.closedBy))
    .where(eq(factualAccuracyChecks.inspectionId, inspectionId));
  return row ?? null;
}

/**
 * Marks the checks whose reminder day has come (open, still at the factual-accuracy stage, deadline
 * not passed, not yet reminded this round) as reminded, in one conditional UPDATE, and queues their
 * emails with `within` in the same transaction: two instances running the job at once cannot both
 * claim a check, so each reminder is queued exactly once (and the outbox's dedupe key says so too).
 */
export async function claimDueReminders(
  db: Db,
  today: string,
  now: Date,
  within: (tx: Tx, due: { inspectionId: string; round: number; deadline: string }[]) => Promise<void>,
) {
  return db.transaction(async (tx) => {
    const due = await tx
      .update(factualAccuracyChecks)
      .set({ reminderQueuedAt: now })
      .where(
        and(
          isNull(factualAccuracyChecks.reminderQueuedAt),
          isNull(factualAccuracyChecks.closedAt),
          lte(factualAccuracyChecks.remindOn, today),
          gte(factualAccuracyChecks.deadline, today),
          inArray(
            factualAccuracyChecks.inspectionId,
            tx.select({ id: inspections.id }).from(inspections).where(eq(inspections.status, 'factual_accuracy')),
          ),
        ),
      )
      .returning({
        inspectionId: factualAccuracyChecks.inspectionId,
        round: factualAccuracyChecks.round,
        deadline: factualAccuracyChecks.deadline,
      });
    for (const d of due)
      await audit(tx, null, 'remind', 'factual_accuracy_check', d.inspectionId, d.inspectionId, null, {
        round: d.round,
        deadline: d.deadline,
      });
    if (due.length) await within(tx, due);
    return due;
  });
}
