import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, or } from 'drizzle-orm';
import type { Db, Tx } from './db.ts';
import { subscriptions, subscriptionTokens } from './schema.ts';

/** Subscriptions to a service's reports, and the hashed tokens of the links in their emails. */

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** 32 random bytes, URL-safe: the token goes in a link; only its hash is stored. */
const newToken = () => randomBytes(32).toString('base64url');

/**
 * The subscription of an address to a service, made pending if there is none, and made pending
 * again if the address had unsubscribed (it must confirm again). Locked FOR UPDATE, so two
 * requests for one address queue one after the other.
 */
export async function pendingOrExisting(tx: Tx, serviceId: string, email: string, now: Date) {
  await tx
    .insert(subscriptions)
    .values({ serviceId, email, state: 'pending', createdAt: now })
    .onConflictDoNothing({ target: [subscriptions.serviceId, subscriptions.email] });
  const [row] = await tx
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.serviceId, serviceId), eq(subscriptions.email, email)))
    .for('update');
  if (row!.state === 'unsubscribed') {
    await tx
      .update(subscriptions)
      .set({ state: 'pending', unsubscribedAt: null, confirmedAt: null })
      .where(eq(subscriptions.id, row!.id));
    return { ...row!, state: 'pending' as const };
  }
  return row!;
}

/** A new token for a subscription's link (`confirm` expires; `unsubscribe` works until used). */
export async function issueToken(
  tx: Tx,
  subscriptionId: string,
  purpose: 'confirm' | 'unsubscribe',
  now: Date,
  expiresAt: Date | null,
): Promise<string> {
  const token = newToken();
  await tx
    .insert(subscriptionTokens)
    .values({ tokenHash: sha256(token), subscriptionId, purpose, expiresAt, createdAt: now });
  return token;
}

/** The subscription a live token of this purpose belongs to, or null. */
export async function subscriptionForToken(db: Db | Tx, token: string, purpose: 'confirm' | 'unsubscribe', now: Date) {
  const [row] = await db
    .select({ subscription: subscriptions })
    .from(subscriptionTokens)
    .innerJoin(subscriptions, eq(subscriptions.id, subscriptionTokens.subscriptionId))
    .where(
      and(
        eq(subscriptionTokens.tokenHash, sha256(token)),
        eq(subscriptionTokens.purpose, purpose),
        or(isNull(subscriptionTokens.expiresAt), gt(subscriptionTokens.expiresAt, now)),
      ),
    );
  return row?.subscription ?? null;
}

/** Confirms a pending subscription; its confirmation tokens are used up. */
export async function confirmSubscription(db: Db, token: string, now: Date) {
  return db.transaction(async (tx) => {
    const sub = await subscriptionForToken(tx, token, 'confirm', now);
    if (!sub) return null;
    if (sub.state !== 'confirmed')
      await tx
        .update(subscriptions)
        .set({ state: 'confirmed', confirmedAt: now, unsubscribedAt: null })
        .where(eq(subscriptions.id, sub.id));
    await tx
      .delete(subscriptionTokens)
      .where(and(eq(subscriptionTokens.subscriptionId, sub.id), eq(subscriptionTokens.purpose, 'confirm')));
    return { ...sub, state: 'confirmed' as const };
  });
}

/** Ends a subscription from any of its unsubscribe links; its other links stop working. */
export async function unsubscribe(db: Db, token: string, now: Date) {
  return db.transaction(async (tx) => {
    const sub = await subscriptionForToken(tx, token, 'unsubscribe', now);
    if (!sub) return null;
    await tx
      .update(subscriptions)
      .set({ state: 'unsubscribed', unsubscribedAt: now })
      .where(eq(subscriptions.id, sub.id));
    await tx.delete(subscriptionTokens).where(eq(subscriptionTokens.subscriptionId, sub.id));
    return sub;
  });
}

/** The confirmed subscribers of a service, as the publication's transaction reads them. */
export async function confirmedSubscribers(tx: Tx | Db, serviceId: string) {
  return tx
    .select({ id: subscriptions.id, email: subscriptions.email })
    .from(subscriptions)
    .where(and(eq(subscriptions.serviceId, serviceId), eq(subscriptions.state, 'confirmed')))
    .orderBy(subscriptions.email);
}

/** Forgets a token made for an email that was not queued after all. */
export async function dropToken(tx: Tx, token: string): Promise<void> {
  await tx.delete(subscriptionTokens).where(eq(subscriptionTokens.tokenHash, sha256(token)));
}
