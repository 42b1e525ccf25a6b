import { createHash, randomBytes } from 'node:crypto';
import { and, count, eq, gt, lt } from 'drizzle-orm';
import { hashPassword } from '../auth/passwords.ts';
import type { Role } from '../domain/roles.ts';
import type { Db } from './db.ts';
import { loginAttempts, sessions, users } from './schema.ts';

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
