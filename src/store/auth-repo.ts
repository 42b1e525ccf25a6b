import { createHash, randomBytes } from 'node:crypto';
import { and, count, eq, gt, lt, max, min, sql, type SQL } from 'drizzle-orm';
import { isRecordId } from '../domain/ids.ts';
import { hashPassword } from '../accounts/passwords.ts';
import type { Role } from '../domain/roles.ts';
import { retryAt, THROTTLE } from '../domain/sign-in-throttle.ts';
import type { Db } from './db.ts';
import { knownDevices, loginAttempts, sessions, users } from './schema.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { audit, type Actor } from './audit.ts';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  serviceId: string | null;
}

export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export async function createUser(
  db: Db,
  u: { email: string; name: string; password: string; role: Role; serviceId?: string | null },
): Promise<SessionUser> {
  const [row] = await db
    .insert(users)
    .values({
      email: u.email.trim().toLowerCase(),
      name: u.name.trim(),
      passwordHash: await hashPassword(u.password),
      role: u.role,
      serviceId: u.serviceId ?? null,
    })
    .returning();
  return { id: row!.id, email: row!.email, name: row!.name, role: row!.role, serviceId: row!.serviceId };
}

export async function findUserByEmail(db: Db, email: string) {
  const [row] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
  return row ?? null;
}

/** Whether any account exists yet (the demo accounts are made only in an empty database). */
export async function anyAccountExists(db: Db): Promise<boolean> {
  return (await db.select({ id: users.id }).from(users).limit(1)).length > 0;
}

/** What the account pages show of each account (never the password hash). */
const ACCOUNT = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  serviceId: users.serviceId,
  active: users.active,
};

export async function listUsers(db: Db) {
  return db.select(ACCOUNT).from(users).orderBy(users.email);
}

export async function getUser(db: Db, id: string, now = new Date()) {
  if (!isRecordId(id)) return null;
  const [row] = await db
    .select({ ...ACCOUNT, version: users.version })
    .from(users)
    .where(eq(users.id, id));
  if (!row) return null;
  const [live] = await db
    .select({ n: count() })
    .from(sessions)
    .where(and(eq(sessions.userId, id), gt(sessions.expiresAt, now)));
  return { ...row, role: row.role, liveSessions: live?.n ?? 0 };
}

/**
 * Deactivates or reactivates an account. Deactivating also ends every session of the account in
 * the same transaction, so it takes effect on the next request, not when the sessions would have
 * expired. (Who may do this to whom is the accounts service's rule.)
 */
export async function setUserActive(
  db: Db,
  actor: Actor,
  userId: string,
  expectedVersion: number,
  active: boolean,
  now: Date,
) {
  if (!isRecordId(userId)) throw new NotFoundError('No such account.');
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(users).where(eq(users.id, userId));
    if (!current) throw new NotFoundError('No such account.');
    if (current.version !== expectedVersion) {
      throw new ConflictError('account', { active: current.active, version: current.version }, { active });
    }
    const [row] = await tx
      .update(users)
      .set({ active, version: current.version + 1, updatedAt: now })
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
  await db
    .insert(sessions)
    .values({ tokenHash: sha256(token), userId, createdAt: now, expiresAt: new Date(now.getTime() + SESSION_TTL_MS) });
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
  return row ? { ...row, role: row.role } : null;
}

export async function endSession(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, sha256(token)));
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type UserRow = typeof users.$inferSelect;

/** Several instances share one database: attempts for one email are decided one at a time. */
const LOCK_SIGN_IN = 7_301_002;

export type SignInStart =
  | { kind: 'refused'; retryAt: Date }
  | { kind: 'proceed'; attemptId: number; user: UserRow | null; knownDevice: boolean };

/**
 * Starts a sign-in attempt: refuses it if the address, or the account (from a browser it has not
 * signed in from) or this browser (for the account, if it has), must still wait; otherwise records
 * it as a failure before the password is checked, so parallel guesses are all counted, and
 * finishSignIn turns it into a success. The same queries run whether or not the account exists.
 */
export async function startSignIn(
  db: Db,
  a: { email: string; ip: string; deviceId: string | null; now: Date },
): Promise<SignInStart> {
  const device = a.deviceId ? sha256(a.deviceId) : null;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_SIGN_IN}, hashtext(${a.email}))`);
    const [user] = await tx.select().from(users).where(eq(users.email, a.email));
    const [known] = device
      ? await tx
          .select({ n: count() })
          .from(knownDevices)
          .innerJoin(users, eq(users.id, knownDevices.userId))
          .where(and(eq(users.email, a.email), eq(knownDevices.deviceHash, device)))
      : [{ n: 0 }];
    const knownDevice = (known?.n ?? 0) > 0;
    const failed = (since: Date, ...where: SQL[]) =>
      tx
        .select({ n: count(), first: min(loginAttempts.at), last: max(loginAttempts.at) })
        .from(loginAttempts)
        .where(and(eq(loginAttempts.success, false), gt(loginAttempts.at, since), ...where))
        .then((r) => r[0]!);
    // The per-address limit is for browsers the account does not know: a stranger spraying guesses
    // from an office's or a proxy's shared address must not hold up the owner's own browser, which
    // its own per-browser count below still slows if it guesses.
    const byAddress = knownDevice
      ? { n: 0, first: null }
      : await failed(new Date(a.now.getTime() - THROTTLE.addressWindowMs), eq(loginAttempts.ip, a.ip));
    if (byAddress.n >= THROTTLE.perAddress && byAddress.first) {
      const retryAt = new Date(new Date(byAddress.first).getTime() + THROTTLE.addressWindowMs);
      return { kind: 'refused' as const, retryAt };
    }
    const since = new Date(a.now.getTime() - THROTTLE.windowMs);
    const forEmail = eq(loginAttempts.email, a.email);
    const mine = knownDevice
      ? await failed(since, forEmail, eq(loginAttempts.device, device!), eq(loginAttempts.knownDevice, true))
      : await failed(since, forEmail, eq(loginAttempts.knownDevice, false));
    const wait = retryAt(mine.n, mine.last ? new Date(mine.last) : null, a.now);
    if (wait) return { kind: 'refused' as const, retryAt: wait };
    const [row] = await tx
      .insert(loginAttempts)
      .values({ email: a.email, ip: a.ip, success: false, at: a.now, device, knownDevice })
      .returning({ id: loginAttempts.id });
    return { kind: 'proceed' as const, attemptId: row!.id, user: user ?? null, knownDevice };
  });
}

/**
 * The password was right: the attempt becomes a success, the browser is remembered for this
 * account, any session the browser had ends, and a new one starts (a new token at every sign-in:
 * no fixation), with its audit entry, all in one transaction.
 */
export async function finishSignIn(
  db: Db,
  a: { attemptId: number; user: SessionUser; deviceId: string; previousSession: string | undefined; now: Date },
): Promise<string> {
  return db.transaction(async (tx: Tx) => {
    await tx.update(loginAttempts).set({ success: true }).where(eq(loginAttempts.id, a.attemptId));
    await tx
      .insert(knownDevices)
      .values({ userId: a.user.id, deviceHash: sha256(a.deviceId), firstSeenAt: a.now, lastSeenAt: a.now })
      .onConflictDoUpdate({ target: [knownDevices.userId, knownDevices.deviceHash], set: { lastSeenAt: a.now } });
    if (a.previousSession) await endSession(tx, a.previousSession);
    const token = await createSession(tx, a.user.id, a.now);
    await audit(tx, a.user, 'sign-in', 'user', a.user.id, null, null, null);
    return token;
  });
}
