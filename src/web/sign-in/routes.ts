import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { dummyHash, verifyPassword } from '../../auth/passwords.ts';
import { createSession, endSession, findUserByEmail, isThrottled, recordAttempt } from '../../store/auth-repo.ts';
import { DEMO_DOMAIN } from '../../demo.ts';
import { audit } from '../../store/workflow-repo.ts';
import { safeReturnTo, SESSION_COOKIE, sessionCookieOptions } from '../auth/plugin.ts';
import { formBody, formErrors, singleError } from '../forms.ts';

const SignIn = z.object({
  email: z.string().trim().toLowerCase().min(1, 'Enter your email address').max(254).email('Enter an email address in the correct format, like name@example.org'),
  password: z.string().min(1, 'Enter your password').max(1000, 'Password must be 1000 characters or fewer'),
  returnTo: z.string().optional(),
});

const WRONG = 'Enter a correct email address and password';

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
    if (await isThrottled(db, email, req.ip, now)) {
      return render(reply, { errors: singleError('email', 'Too many failed attempts. Wait 15 minutes, then try again.'), values, returnTo }, 429);
    }
    // Demo accounts (documented in the README for local use) never work in production.
    const refused = app.deps.config.env === 'production' && email.endsWith(DEMO_DOMAIN);
    const user = refused ? null : await findUserByEmail(db, email);
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
    if (!user || !ok || !user.active) {
      await recordAttempt(db, email, req.ip, false, now);
      return render(reply, { errors: singleError('email', WRONG), values, returnTo }, 401);
    }
    await recordAttempt(db, email, req.ip, true, now);
    // Any session the browser already had is ended: a new token on every sign-in (no fixation).
    if (req.cookies[SESSION_COOKIE]) await endSession(db, req.cookies[SESSION_COOKIE]!);
    const token = await createSession(db, user.id, now);
    await audit(db, { id: user.id, name: user.name, role: user.role as never }, 'sign-in', 'user', user.id, null, null, null);
    reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(opts.secureCookies));
    return reply.redirect(returnTo, 303);
  });

  app.post('/sign-out', { config: { auth: 'signed-in' } }, async (req, reply) => {
    if (req.sessionToken) await endSession(app.deps.database.db, req.sessionToken);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.page('sign-in/signed-out.njk', { title: 'You have signed out' });
  });
}
