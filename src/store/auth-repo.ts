import { createHash, randomBytes } from 'node:crypto';
import { and, count, eq, gt, lt } from 'drizzle-orm';
import { isRecordId } from '../domain/ids.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { Role } from '../domain/roles.ts';
import type { Db } from './db.ts';
import { loginAttempts, sessions, users } from './schema.ts';
import { audit, ConflictError, NotFoundError, RuleError, type Actor } from './workflow-repo.ts';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  serviceId: string | null;
}

export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export async function createUser(db: Db, u: { email: string; name: string; password: string; role: Role; serviceId?: string | null }): Promise<SessionUser> {
  const [row] = await db
    .insert(users)
    .values({ email: u.email.trim().toLowerCase(), name: u.name.trim(), passwordHash: await hashPassword(u.password), role: u.role, serviceId: u.serviceId ?? null })
    .returning();
  return { id: row!.id, email: row!.email, name: row!.name, role: row!.role as Role, serviceId: row!.serviceId };
}

export async function findUserByEmail(db: Db, email: string) {
  const [row] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
  return row ?? null;
}

export async function listUsers(db: Db) {
  return db.select({ id: users.id, email: users.email, name: users.name, role: users.role, serviceId: users.serviceId, active: users.active }).from(users).orderBy(users.email);
}

export async function getUser(db: Db, id: string, now = new Date()) {
  if (!isRecordId(id)) return null;
  const [row] = await db
    .select({
      id: users.id, email: users.email, name: users.name, role: users.role,
      serviceId: users.serviceId, active: users.active, version: users.version,
    })
    .from(users)
    .where(eq(users.id, id));
  if (!row) return null;
  const [live] = await db
    .select({ n: count() })
    .from(sessions)
    .where(and(eq(sessions.userId, id), gt(sessions.expiresAt, now)));
  return { ...row, role: row.role as Role, liveSessions: live?.n ?? 0 };
}

/**
 * Deactivates or reactivates an account (an administrator's decision). Deactivating also ends
 * every session of the account in the same transaction, so it takes effect on the next request,
 * not when the sessions would have expired. Administrators cannot deactivate themselves, which
 * also keeps the service from losing its last administrator by a slip.
 */
export async function setUserActive(db: Db, actor: Actor, userId: string, expectedVersion: number, active: boolean) {
  if (!isRecordId(userId)) throw new NotFoundError('No such account.');
  if (!active && userId === actor.id) {
    throw new RuleError('You cannot deactivate your own account. Ask another administrator.');
  }
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(users).where(eq(users.id, userId));
    if (!current) throw new NotFoundError('No such account.');
    if (current.version !== expectedVersion) {
      throw new ConflictError('account', { active: current.active, version: current.version }, { active });
    }
    const [row] = await tx
      .update(users)
      .set({ active, version: current.version + 1, updatedAt: new Date() })
      .where(and(eq(users.id, userId), eq(users.version, expectedVersion)))
      .returning({ id: users.id });
    if (!row) throw new ConflictError('account', { version: current.version }, { active });
    const ended = active
      ? []
      : await tx.delete(sessions).where(eq(sessions.userId, userId)).returning({ t: sessions.tokenHash });
    const after = active ? { active } : { active, sessionsEnded: ended.length };
    const action = active ? 'reactivate' : 'deactivate';
    await audit(tx, actor, action, 'user', userId, null, { active: current.active }, after);
  });
}

/** Ends every session of an account ("sign out everywhere"), for a lost device or a shared password; audited. */
export async function endAllSessions(db: Db, actor: Actor, userId: string): Promise<number> {
  if (!isRecordId(userId)) throw new NotFoundError('No such account.');
  return db.transaction(async (tx) => {
    const [u] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId));
    if (!u) throw new NotFoundError('No such account.');
    const ended = await tx.delete(sessions).where(eq(sessions.userId, userId)).returning({ t: sessions.tokenHash });
    await audit(tx, actor, 'sign-out-everywhere', 'user', userId, null, null, { sessionsEnded: ended.length });
    return ended.length;
  });
}

/** Starts a session and returns the token for the cookie. A new token at every sign-in prevents session fixation. */
export async function createSession(db: Db, userId: string, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.insert(sessions).values({ tokenHash: sha256(token), userId, createdAt: now, expiresAt: new Date(now.getTime() + SESSION_TTL_MS) });
  // Housekeeping: expired sessions are of no use to anyone.
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
  return token;
}

export async function userForSession(db: Db, token: string, now = new Date()): Promise<SessionUser | null> {
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, serviceId: users.serviceId })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, sha256(token)), gt(sessions.expiresAt, now), eq(users.active, true)));
  return row ? { ...row, role: row.role as Role } : null;
}

export async function endSession(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, sha256(token)));
}

export const THROTTLE = { windowMs: 15 * 60 * 1000, perEmail: 5, perIp: 50 };

/** True when recent failures for this email or this address exceed the limits. */
export async function isThrottled(db: Db, email: string, ip: string, now = new Date()): Promise<boolean> {
  const since = new Date(now.getTime() - THROTTLE.windowMs);
  const [byEmail] = await db.select({ n: count() }).from(loginAttempts).where(and(eq(loginAttempts.email, email), eq(loginAttempts.success, false), gt(loginAttempts.at, since)));
  const [byIp] = await db.select({ n: count() }).from(loginAttempts).where(and(eq(loginAttempts.ip, ip), eq(loginAttempts.success, false), gt(loginAttempts.at, since)));
  return (byEmail?.n ?? 0) >= THROTTLE.perEmail || (byIp?.n ?? 0) >= THROTTLE.perIp;
}

export async function recordAttempt(db: Db, email: string, ip: string, success: boolean, now = new Date()): Promise<void> {
  await db.insert(loginAttempts).values({ email, ip, success, at: now });
}
