import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Role } from '../../domain/roles.ts';
import { SESSION_TTL_MS, userForSession, type SessionUser } from '../../store/auth-repo.ts';

/**
 * Who may call a route. Every route must declare one (config.auth); a route without a policy
 * stops the app from starting, so nothing is public by accident.
 *   'public'     anyone, signed in or not
 *   'signed-in'  any signed-in user
 *   Role[]       signed-in users with one of these roles
 */
export type AuthPolicy = 'public' | 'signed-in' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthPolicy;
    /**
     * False for JSON API endpoints that use no cookies, so cross-site forgery has nothing to ride on,
     * and for the multipart upload, which checks the token itself once the upload is read.
     */
    csrf?: boolean;
  }
  interface FastifyRequest {
    user: SessionUser | null;
    sessionToken: string | null;
  }
  interface FastifyInstance {
    routePolicies: { method: string; url: string; auth: AuthPolicy }[];
  }
}

export const SESSION_COOKIE = 'insp_session';
/** Static files are mounted by @fastify/static, which does not take route config; they are public by prefix. */
const STATIC_PREFIXES = ['/assets/', '/static/'];

export function sessionCookieOptions(secure: boolean) {
  return { httpOnly: true, sameSite: 'lax' as const, secure, path: '/', maxAge: SESSION_TTL_MS / 1000 };
}

export const authPlugin = fp(async (app: FastifyInstance, opts: { cookieSecret: string; secureCookies: boolean }) => {
  await app.register(fastifyCookie, { secret: opts.cookieSecret });
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'insp_csrf',
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', secure: opts.secureCookies, path: '/' },
  });
  app.decorateRequest('user', null);
  app.decorateRequest('sessionToken', null);
  app.decorate('routePolicies', [] as FastifyInstance['routePolicies']);

  app.addHook('onRoute', (route) => {
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m !== 'HEAD');
    const isStatic = STATIC_PREFIXES.some((p) => route.url.startsWith(p));
    const auth = route.config?.auth ?? (isStatic ? 'public' : undefined);
    if (!auth) throw new Error(`Route ${methods.join(',')} ${route.url} has no authorisation policy (config.auth)`);
    // The page cache answers hits before any authorisation runs, so only public routes may use it.
    if (route.config?.cache && auth !== 'public')
      throw new Error(`Route ${methods.join(',')} ${route.url} is cached but not public`);
    for (const method of methods) app.routePolicies.push({ method, url: route.url, auth });
  });

  app.addHook('onRequest', async (req) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      req.user = await userForSession(app.deps.database.db, token, app.deps.now());
      req.sessionToken = req.user ? token : null;
    }
  });

  // Authorisation and CSRF run at preValidation, before the route's schema is checked: a request
  // that may not reach a route never learns what the route's form would say about its input.
  app.addHook('preValidation', async (req: FastifyRequest, reply: FastifyReply) => {
    const auth = req.routeOptions.config?.auth ?? 'public';
    if (auth === 'public') return;
    if (!req.user) {
      const returnTo = req.method === 'GET' ? req.url : '';
      return reply.redirect(`/sign-in${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`, 303);
    }
    if (auth !== 'signed-in' && !auth.includes(req.user.role)) {
      return reply.page(
        'errors/error.njk',
        {
          title:
            req.method === 'GET'
              ? 'You do not have permission to see this page'
              : 'You do not have permission to do this',
          message: 'Your role does not allow this. If you think it should, ask an administrator.',
        },
        403,
      );
    }
  });

  // CSRF on every state-changing request, after authorisation so anonymous users are sent to sign in
  // first, and before the route's schema so a forged request is refused before its input is read.
  app.addHook('preValidation', (req, reply, done) => {
    if (req.method === 'GET' || req.method === 'HEAD' || reply.sent || req.routeOptions.config?.csrf === false)
      return done();
    return app.csrfProtection(req, reply, done);
  });
});

// Any origin would do: only the path, query and fragment of the parsed address are kept.
const SITE = new URL('http://site.invalid');

/**
 * A safe place to go after signing in: a path on this site, never another host. The URL parser
 * reads the value as a browser would (dropping tabs and newlines, treating \\ as /, resolving dot
 * segments), so what is checked is where a browser would go; the result is re-serialised, so the
 * Location header is always plain ASCII.
 */
export function safeReturnTo(value: unknown): string {
  const home = '/workspace';
  if (typeof value !== 'string' || !value.startsWith('/') || value.length > 2000) return home;
  let url: URL;
  try {
    url = new URL(value, SITE);
  } catch {
    return home;
  }
  // A path beginning // would be read as another host when sent back in Location.
  if (url.origin !== SITE.origin || url.pathname.startsWith('//')) return home;
  return `${url.pathname}${url.search}${url.hash}`;
}
