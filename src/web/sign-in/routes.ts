import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { dummyHash, verifyPassword } from '../../accounts/passwords.ts';
import { endSession, finishSignIn, startSignIn } from '../../store/auth-repo.ts';
import { DEMO_DOMAIN } from '../../import/demo.ts';
import { safeReturnTo, SESSION_COOKIE, sessionCookieOptions } from '../auth/plugin.ts';
import { formBody, formErrors, singleError } from '../forms.ts';

const SignIn = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, 'Enter your email address')
    .max(254)
    .email('Enter an email address in the correct format, like name@example.org'),
  password: z.string().min(1, 'Enter your password').max(1000, 'Password must be 1000 characters or fewer'),
  returnTo: z.string().optional(),
});

const WRONG = 'Enter a correct email address and password';

/**
 * A long-lived, signed, random id for this browser, set at a successful sign-in. An account's
 * known browsers are not held up by strangers' failures on that account (docs/security.md).
 */
export const DEVICE_COOKIE = 'insp_device';
const DEVICE_MAX_AGE_S = 400 * 24 * 60 * 60; // browsers cap cookie lifetimes at 400 days

function deviceOf(req: FastifyRequest): string | null {
  const raw = req.cookies[DEVICE_COOKIE];
  if (!raw) return null;
  const u = req.unsignCookie(raw);
  return u.valid && u.value && /^[A-Za-z0-9_-]{43}$/.test(u.value) ? u.value : null;
}

const waitMessage = (retryAt: Date, now: Date) => {
  const minutes = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 60_000));
  return `Too many failed attempts to sign in. Wait ${minutes} minute${minutes === 1 ? '' : 's'}, then try again.`;
};

export async function signInRoutes(app: FastifyInstance, opts: { secureCookies: boolean }): Promise<void> {
  const render = (reply: FastifyReply, ctx: Record<string, unknown>, status = 200) =>
    reply.page('sign-in/sign-in.njk', { title: 'Sign in', ...ctx }, status);

  app.get<{ Querystring: { returnTo?: string } }>('/sign-in', { config: { auth: 'public' } }, async (req, reply) => {
    if (req.user) return reply.redirect(safeReturnTo(req.query.returnTo), 303);
    return render(reply, { returnTo: safeReturnTo(req.query.returnTo), values: {} });
  });

  app.post('/sign-in', { config: { auth: 'public' } }, async (req, reply) => {
    const body = formBody(req.body);
    const parsed = SignIn.safeParse(body);
    const returnTo = safeReturnTo(body.returnTo);
    const values = { email: typeof body.email === 'string' ? body.email : '' };
    if (!parsed.success) return render(reply, { errors: formErrors(parsed.error.issues), values, returnTo }, 400);
    const { email, password } = parsed.data;
    const db = app.deps.database.db;
    const now = app.deps.now();
    const deviceId = deviceOf(req);
    // req.ip is the socket's address unless TRUST_PROXY names the proxies in front (config.ts).
    const start = await startSignIn(db, { email, ip: req.ip, deviceId, now });
    if (start.kind === 'refused') {
      reply.header('retry-after', String(Math.ceil((start.retryAt.getTime() - now.getTime()) / 1000)));
      return render(reply, { errors: singleError('email', waitMessage(start.retryAt, now)), values, returnTo }, 429);
    }
    // Demo accounts (documented in the README for local use) never work in production.
    const refused = app.deps.config.env === 'production' && email.endsWith(DEMO_DOMAIN);
    const user = refused ? null : start.user;
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
    // The attempt is already counted as a failure; only a success needs writing.
    if (!user || !ok || !user.active) {
      return render(reply, { errors: singleError('email', WRONG), values, returnTo }, 401);
    }
    const device = deviceId ?? randomBytes(32).toString('base64url');
    const token = await finishSignIn(db, {
      attemptId: start.attemptId,
      user: { id: user.id, email: user.email, name: user.name, role: user.role, serviceId: user.serviceId },
      deviceId: device,
      previousSession: req.cookies[SESSION_COOKIE],
      now,
    });
    reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(opts.secureCookies));
    if (!deviceId) {
      const options = { signed: true, httpOnly: true, sameSite: 'lax' as const, secure: opts.secureCookies, path: '/' };
      reply.setCookie(DEVICE_COOKIE, device, { ...options, maxAge: DEVICE_MAX_AGE_S });
    }
    return reply.redirect(returnTo, 303);
  });

  app.post('/sign-out', { config: { auth: 'signed-in' } }, async (req, reply) => {
    if (req.sessionToken) await endSession(app.deps.database.db, req.sessionToken);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.page('sign-in/signed-out.njk', { title: 'You have signed out' });
  });
}
