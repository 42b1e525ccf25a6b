import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, gte, inArray, lte, or, sql } from 'drizzle-orm';
import { NotFoundError, RuleError } from '../domain/errors.ts';
import type { MailKind, OutboxState } from '../domain/mail.ts';
import { isRecordId } from '../domain/ids.ts';
import { audit, type Actor } from './audit.ts';
import type { Db, Tx } from './db.ts';
import { outbox } from './schema.ts';

/** One email to queue: who, what, the event it belongs to, and the key that names it once. */
export interface NewMessage {
  kind: MailKind;
  recipient: string;
  subject: string;
  text: string;
  html?: string | null;
  inspectionId?: string | null;
  serviceId?: string | null;
  dedupeKey: string;
  sensitive?: boolean;
}

/**
 * Queues an email inside the caller's transaction (the event's own), due at once. A message whose
 * dedupe key is already in the outbox is not queued again: the answer is false, and the caller
 * knows the notification went (or is going) already.
 */
export async function enqueueMail(tx: Tx | Db, m: NewMessage, now: Date): Promise<boolean> {
  const rows = await tx
    .insert(outbox)
    .values({
      kind: m.kind,
      recipient: m.recipient,
      subject: m.subject,
      textBody: m.text,
      htmlBody: m.html ?? null,
      inspectionId: m.inspectionId ?? null,
      serviceId: m.serviceId ?? null,
      dedupeKey: m.dedupeKey,
      sensitive: m.sensitive ?? false,
      nextAttemptAt: now,
      createdAt: now,
    })
    .onConflictDoNothing({ target: outbox.dedupeKey })
    .returning({ id: outbox.id });
  return rows.length > 0;
}

export type ClaimedMessage = Pick<
  typeof outbox.$inferSelect,
  'id' | 'recipient' | 'subject' | 'textBody' | 'htmlBody' | 'attempts' | 'claimId'
>;

/**
 * Claims up to `limit` due messages for one sender: queued ones whose time has come, and ones
 * another sender claimed but whose lease has run out (it died mid-send). One UPDATE over a
 * SELECT … FOR UPDATE SKIP LOCKED: senders running at once each lock different rows and skip the
 * ones another holds, so a message is claimed by one sender at a time. The attempt is counted at
 * the claim, so a sender that dies mid-send still uses up an attempt and a message that kills its
 * sender every time ends dead rather than looping.
 */
export async function claimDue(
  db: Db,
  now: Date,
  limit: number,
  leaseMs: number,
  maxAttempts: number,
): Promise<ClaimedMessage[]> {
  // A message whose sender died on its last attempt is dead, not claimed again: one that kills its
  // sender every time must not go round for ever.
  await db
    .update(outbox)
    .set({
      state: 'dead',
      claimId: null,
      leaseUntil: null,
      lastError: sql`coalesce(${outbox.lastError}, 'The sender stopped while sending this email')`,
    })
    .where(and(eq(outbox.state, 'sending'), lte(outbox.leaseUntil, now), gte(outbox.attempts, maxAttempts)));
  const claimId = randomUUID();
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      or(
        and(eq(outbox.state, 'queued'), lte(outbox.nextAttemptAt, now)),
        and(eq(outbox.state, 'sending'), lte(outbox.leaseUntil, now)),
      ),
    )
    .orderBy(outbox.nextAttemptAt)
    .limit(limit)
    .for('update', { skipLocked: true });
  return db
    .update(outbox)
    .set({
      state: 'sending',
      attempts: sql`${outbox.attempts} + 1`,
      claimId,
      leaseUntil: new Date(now.getTime() + leaseMs),
    })
    .where(inArray(outbox.id, due))
    .returning({
      id: outbox.id,
      recipient: outbox.recipient,
      subject: outbox.subject,
      textBody: outbox.textBody,
      htmlBody: outbox.htmlBody,
      attempts: outbox.attempts,
      claimId: outbox.claimId,
    });
}

/** What a sent message's body becomes when it carried a private link: the link is not kept once delivered. */
export const SENSITIVE_BODY_SENT = 'This email contained a private link. Its text is not kept after sending.';

/**
 * Marks a claimed message sent, only while the claim is still this sender's (a sender whose lease
 * ran out and whose message was claimed again does not overwrite the newer claim's outcome).
 */
export async function markSent(db: Db, m: Pick<ClaimedMessage, 'id' | 'claimId'>, now: Date): Promise<boolean> {
  const rows = await db
    .update(outbox)
    .set({
      state: 'sent',
      sentAt: now,
      claimId: null,
      leaseUntil: null,
      lastError: null,
      textBody: sql`case when ${outbox.sensitive} then ${SENSITIVE_BODY_SENT} else ${outbox.textBody} end`,
      htmlBody: sql`case when ${outbox.sensitive} then null else ${outbox.htmlBody} end`,
    })
    .where(and(eq(outbox.id, m.id), eq(outbox.claimId, m.claimId!), eq(outbox.state, 'sending')))
    .returning({ id: outbox.id });
  return rows.length > 0;
}

/** A failed attempt: queued again at `retryAt`, or dead when `dead` (the attempts are used up). */
export async function markFailed(
  db: Db,
  m: Pick<ClaimedMessage, 'id' | 'claimId'>,
  error: string,
  outcome: { dead: true } | { dead: false; retryAt: Date },
): Promise<void> {
  await db
    .update(outbox)
    .set({
      state: outcome.dead ? 'dead' : 'queued',
      ...(outcome.dead ? {} : { nextAttemptAt: outcome.retryAt }),
      claimId: null,
      leaseUntil: null,
      lastError: error.slice(0, 1000),
    })
    .where(and(eq(outbox.id, m.id), eq(outbox.claimId, m.claimId!), eq(outbox.state, 'sending')));
}

/** The outbox for the admin page, newest first, optionally in one state. */
export async function listOutbox(db: Db, state: OutboxState | undefined, limit: number) {
  return db
    .select({
      id: outbox.id,
      kind: outbox.kind,
      recipient: outbox.recipient,
      subject: outbox.subject,
      state: outbox.state,
      attempts: outbox.attempts,
      nextAttemptAt: outbox.nextAttemptAt,
      lastError: outbox.lastError,
      createdAt: outbox.createdAt,
      sentAt: outbox.sentAt,
    })
    .from(outbox)
    .where(state ? eq(outbox.state, state) : undefined)
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(limit);
}

export async function outboxCounts(db: Db): Promise<Record<OutboxState, number>> {
  const rows = await db.select({ state: outbox.state, n: count() }).from(outbox).groupBy(outbox.state);
  const out: Record<OutboxState, number> = { queued: 0, sending: 0, sent: 0, dead: 0 };
  for (const r of rows) out[r.state] = Number(r.n);
  return out;
}

/** A dead message queued again with fresh attempts (an administrator's decision, audited). */
export async function retryDead(db: Db, actor: Actor, id: string, now: Date): Promise<void> {
  if (!isRecordId(id)) throw new NotFoundError('No such message.');
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(outbox).where(eq(outbox.id, id)).for('update');
    if (!before) throw new NotFoundError('No such message.');
    if (before.state !== 'dead') throw new RuleError('Only a message that could not be sent is retried.');
    await tx.update(outbox).set({ state: 'queued', attempts: 0, nextAttemptAt: now }).where(eq(outbox.id, id));
    await audit(
      tx,
      actor,
      'retry',
      'outbox_message',
      id,
      before.inspectionId,
      { state: 'dead', attempts: before.attempts, lastError: before.lastError },
      { state: 'queued', attempts: 0 },
    );
  });
}
