import { randomBytes } from 'node:crypto';
import { dummyHash, verifyPassword } from '../accounts/passwords.ts';
import { DEMO_DOMAIN } from '../import/demo.ts';
import { endSession, finishSignIn, startSignIn } from '../store/auth-repo.ts';
import type { ServiceContext } from './context.ts';

export const WRONG_CREDENTIALS = 'Enter a correct email address and password';

/** What a sign-in attempt came to: refused for now (too many failures), wrong, or a new session. */
export type SignInOutcome =
  | { kind: 'refused'; retryAt: Date; message: string }
  | { kind: 'wrong'; message: string }
  | { kind: 'signed-in'; token: string; deviceId: string; newDevice: boolean };

export interface SignInAttempt {
  email: string;
  password: string;
  /** The client's address (the socket's, unless TRUST_PROXY names the proxies in front). */
  ip: string;
  /** This browser's id from its signed cookie, when it has signed in before. */
  deviceId: string | null;
  /** The session the browser had, ended by a successful sign-in (a new token every time). */
  previousSession: string | undefined;
  /** In production the documented demo accounts never work. */
  refuseDemoAccounts: boolean;
}

const waitMessage = (retryAt: Date, now: Date) => {
  const minutes = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 60_000));
  return `Too many failed attempts to sign in. Wait ${minutes} minute${minutes === 1 ? '' : 's'}, then try again.`;
};

/**
 * Signing in and out. An attempt is counted as a failure before the password is checked (so
 * parallel guesses all count) and the same work is done whether or not the account exists.
 */
export function signInService({ database, now }: ServiceContext) {
  const db = () => database.db;
  return {
    async signIn(a: SignInAttempt): Promise<SignInOutcome> {
      const at = now();
      const start = await startSignIn(db(), { email: a.email, ip: a.ip, deviceId: a.deviceId, now: at });
      if (start.kind === 'refused')
        return { kind: 'refused', retryAt: start.retryAt, message: waitMessage(start.retryAt, at) };
      const refused = a.refuseDemoAccounts && a.email.endsWith(DEMO_DOMAIN);
      const user = refused ? null : start.user;
      const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), a.password);
      // The attempt is already counted as a failure; only a success needs writing.
      if (!user || !ok || !user.active) return { kind: 'wrong', message: WRONG_CREDENTIALS };
      const deviceId = a.deviceId ?? randomBytes(32).toString('base64url');
      const token = await finishSignIn(db(), {
        attemptId: start.attemptId,
        user: { id: user.id, email: user.email, name: user.name, role: user.role, serviceId: user.serviceId },
        deviceId,
        previousSession: a.previousSession,
        now: at,
      });
      return { kind: 'signed-in', token, deviceId, newDevice: !a.deviceId };
    },
    signOut: (sessionToken: string) => endSession(db(), sessionToken),
  };
}
export type SignInService = ReturnType<typeof signInService>;
