import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { safeReturnTo, SESSION_COOKIE, sessionCookieOptions } from '../auth/plugin.ts';
import { singleError, type FormErrors } from '../forms.ts';

const SignIn = z.object({
  email: z
    .string({ message: 'Enter your email address' })
    .trim()
    .toLowerCase()
    .min(1, 'Enter your email address')
    .max(254)
    .email('Enter an email address in the correct format, like name@example.org'),
  password: z
    .string({ message: 'Enter your password' })
    .min(1, 'Enter your password')
    .max(1000, 'Password must be 1000 characters or fewer'),
  returnTo: z.unknown().optional(),
});
const SignInQuery = z.object({ returnTo: z.unknown().optional() });

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

/** Signing in and out; the rules (throttling, demo accounts, sessions) are the sign-in service's. */
export const signInRoutes: FastifyPluginAsyncZod<{ secureCookies: boolean }> = async (app, opts) => {
  const signIn = app.services.signIn;
  // What was typed goes back into the form, except the password; returnTo is only ever a path here.
  const render = (req: FastifyRequest, reply: FastifyReply, errors?: FormErrors, status = 200) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    return reply.page(
      'sign-in/sign-in.njk',
      {
        title: 'Sign in',
        returnTo: safeReturnTo(body.returnTo),
        values: { email: typeof body.email === 'string' ? body.email : '' },
        errors,
      },
      status,
    );
  };

  app.get('/sign-in', { schema: { querystring: SignInQuery }, config: { auth: 'public' } }, async (req, reply) => {
    if (req.user) return reply.redirect(safeReturnTo(req.query.returnTo), 303);
    return reply.page('sign-in/sign-in.njk', {
      title: 'Sign in',
      returnTo: safeReturnTo(req.query.returnTo),
      values: {},
    });
  });

  app.post('/sign-in', { schema: { body: SignIn }, config: { auth: 'public', form: render } }, async (req, reply) => {
    const outcome = await signIn.signIn({
      email: req.body.email,
      password: req.body.password,
      ip: req.ip,
      deviceId: deviceOf(req),
      previousSession: req.cookies[SESSION_COOKIE],
      refuseDemoAccounts: app.deps.config.env === 'production',
    });
    if (outcome.kind === 'refused') {
      const seconds = Math.ceil((outcome.retryAt.getTime() - app.deps.now().getTime()) / 1000);
      reply.header('retry-after', String(seconds));
      return render(req, reply, singleError('email', outcome.message), 429);
    }
    if (outcome.kind === 'wrong') return render(req, reply, singleError('email', outcome.message), 401);
    reply.setCookie(SESSION_COOKIE, outcome.token, sessionCookieOptions(opts.secureCookies));
    if (outcome.newDevice) {
      const options = { signed: true, httpOnly: true, sameSite: 'lax' as const, secure: opts.secureCookies, path: '/' };
      reply.setCookie(DEVICE_COOKIE, outcome.deviceId, { ...options, maxAge: DEVICE_MAX_AGE_S });
    }
    return reply.redirect(safeReturnTo(req.body.returnTo), 303);
  });

  app.post('/sign-out', { config: { auth: 'signed-in' } }, async (req, reply) => {
    if (req.sessionToken) await signIn.signOut(req.sessionToken);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.page('sign-in/signed-out.njk', { title: 'You have signed out' });
  });
};
