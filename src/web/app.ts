import { createServer } from 'node:http';
import { resolve } from 'node:path';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import nunjucks from 'nunjucks';
import { DEFAULT_CLAIMS_RATE_LIMIT, DEFAULT_INSPECTORATE_NAME, type Config } from '../setup/config.ts';
import { parseIsoPartial } from '../domain/partial-date.ts';
import type { Framework } from '../domain/framework.ts';
import type { Database } from '../store/db.ts';
import { frameworkRegistry } from '../store/frameworks.ts';
import { createServices, type Services } from '../services/index.ts';
import { BUILD_DIR, ensureStylesheet, GOVUK_INLINE_SCRIPT_HASH, packageDir } from './assets.ts';
import { apiRoutes } from '../api/routes.ts';
import { authPlugin } from './auth/plugin.ts';
import { compressResponse } from './compression.ts';
import { createPageCache } from './page-cache.ts';
import { apiDocsRoutes } from './api-docs/routes.ts';
import { statisticsRoutes } from './statistics/routes.ts';
import { thematicRoutes } from './thematic/routes.ts';
import { coverageRoutes } from './coverage/routes.ts';
import { importRoutes } from './import/routes.ts';
import { claimsRoutes } from './claims/routes.ts';
import { planRoutes } from './plans/routes.ts';
import { downloadRoutes } from './downloads/routes.ts';
import { feedRoutes } from './feed/routes.ts';
import { frameworksRoutes } from './frameworks/routes.ts';
import { healthRoutes } from './health/routes.ts';
import { statusRoutes } from './status/routes.ts';
import { homeRoutes } from './home/routes.ts';
import { inspectionRoutes, reportHtml, reportInfo } from './inspection/routes.ts';
import { createReportPdfs, type ReportPdfOptions, type ReportPdfs } from './inspection/report-pdfs.ts';
import { serviceRoutes } from './service/routes.ts';
import { servicesRoutes } from './services/routes.ts';
import { signInRoutes } from './sign-in/routes.ts';
import { caseRoutes } from './cases/routes.ts';
import { sampleRoutes } from './sample/routes.ts';
import { factualAccuracyRoutes } from './factual-accuracy/routes.ts';
import { panelRoutes } from './panel/routes.ts';
import { reportContentRoutes } from './report-content/routes.ts';
import { reportRoutes } from './report/routes.ts';
import { publicationRoutes } from './publication/routes.ts';
import { scheduleRoutes } from './publication/schedule.ts';
import { taskRoutes } from './tasks/routes.ts';
import { userRoutes } from './users/routes.ts';
import { outboxRoutes } from './outbox/routes.ts';
import { subscriptionRoutes } from './subscriptions/routes.ts';
import { workspaceRoutes } from './workspace/routes.ts';
import { InputError } from '../domain/errors.ts';
import { ROLE_LABELS, type Role } from '../domain/roles.ts';
import { notFoundPage, pageErrorHandler } from './errors/handler.ts';
import {
  HTML_LANG,
  inLanguage,
  LANGUAGE_COOKIE,
  LANGUAGES,
  languageHref,
  loadFrameworkNames,
  requestedLanguage,
  t,
  type Language,
} from './i18n.ts';
import { logRefusal } from './errors/http.ts';
import {
  SERVICE_NAME,
  partialDate,
  placeName,
  plural,
  queryString,
  ratingLabel,
  ratingTag,
  ukDate,
  ukDateTime,
} from './view-helpers.ts';

export interface AppDeps {
  database: Database;
  config: Pick<Config, 'env' | 'logLevel'> &
    Partial<
      Pick<
        Config,
        | 'cookieSecret'
        | 'secureCookies'
        | 'pageCacheTtlMs'
        | 'pageCacheMaxBytes'
        | 'claimsRateLimitPerMinute'
        | 'evidenceMaxBytes'
        | 'trustProxy'
        | 'publicBaseUrl'
        | 'smtpUrl'
        | 'statusNotice'
        | 'factualAccuracyWorkingDays'
        | 'inspectorateName'
      >
    >;
  /** The clock. Injected so embargo behaviour can be tested at an exact instant. */
  now?: () => Date;
  /** The framework registry (versioned files under frameworks/); tests may pass their own. */
  frameworks?: () => ReadonlyMap<string, Framework>;
  /** How report PDFs are printed (renderer, concurrency, queue); tests inject a renderer. */
  pdf?: ReportPdfOptions;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: Required<AppDeps>;
    /** The services of every journey (src/services), built once for this app from its database and clock. */
    services: Services;
    /** The site's origin for absolute links (config PUBLIC_BASE_URL); never from request headers. */
    publicBaseUrl: string;
    /** The inspectorate the reports are by (config INSPECTORATE_NAME): the PDFs' author. */
    inspectorateName: string;
    /** Renders a template to a string with the shared context (for PDFs and previews). */
    renderPage(template: string, context: Record<string, unknown>): string;
    /** Empties the page cache (after a publication or correction in this instance). */
    clearPageCache(): void;
    /**
     * Counts one claims check against the client address's allowance (the API and the page share
     * it): null when allowed, else the seconds until the address may check again.
     */
    claimsRateLimit(req: FastifyRequest): Promise<number | null>;
    /** The claims checks one address may make a minute (0: no limit). */
    claimsPerMinute: number;
    /** How many pages the cache holds, and the bytes their bodies take (for tests and diagnostics). */
    pageCacheSize(): number;
    pageCacheBytes(): number;
    /** The stored report PDFs and the process's one shared browser that prints them. */
    reportPdfs: ReportPdfs;
  }
  interface FastifyReply {
    /** Renders a page template with the layout's shared context. */
    page(template: string, context: Record<string, unknown>, status?: number): FastifyReply;
  }
}

function hasNul(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return v.includes('\u0000');
  if (depth > 20 || v === null || typeof v !== 'object') return false;
  return Object.entries(v).some(([k, x]) => k.includes('\u0000') || hasNul(x, depth + 1));
}

/**
 * A hop count means "the nearest n addresses are our proxies", whoever they are. Fastify's types
 * have no hop count, and at run time it now trusts nothing for one, so it is given as a function.
 * Safe only when the app's port is reachable through the proxies alone (see docs/security.md).
 */
function fastifyTrustProxy(tp: Config['trustProxy']): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof tp === 'number' ? (_address, hop) => hop < tp : tp;
}

/**
 * The template environment, made once per process: it holds no app state (the context of each
 * page is passed to render), and its loader keeps every template compiled after first use, so
 * apps built later in the same process (tests build many) do not compile them again.
 */
let environment: nunjucks.Environment | undefined;
export function nunjucksEnvironment(): nunjucks.Environment {
  return (environment ??= makeEnvironment());
}

function makeEnvironment(): nunjucks.Environment {
  const loader = new nunjucks.FileSystemLoader([
    resolve(import.meta.dirname),
    resolve(packageDir('govuk-frontend'), 'dist'),
    packageDir('@ministryofjustice/frontend'),
  ]);
  // GOV.UK's components import one another by relative path ("../hint/macro.njk"), and nunjucks
  // resolves that path against the importing template's file (path.resolve) every time a macro is
  // called, before it finds the compiled template in its cache. The answer for a pair of paths never
  // changes, so it is worked out once.
  const resolved = new Map<string, string>();
  const resolvePath = loader.resolve.bind(loader);
  loader.resolve = (from: string, to: string) => {
    const key = `${from}\0${to}`;
    let path = resolved.get(key);
    if (path === undefined) resolved.set(key, (path = resolvePath(from, to)));
    return path;
  };
  const env = new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: false });
  env.addGlobal('ratingTag', ratingTag);
  env.addGlobal('ratingLabel', ratingLabel);
  env.addGlobal('queryString', queryString);
  // Words in the request's language (web/i18n.ts); staff pages are always English.
  env.addGlobal('t', t);
  env.addFilter('place', placeName);
  env.addFilter('partialDate', partialDate);
  env.addFilter('ukDateTime', ukDateTime);
  env.addFilter('ukDate', ukDate);
  env.addFilter('plural', plural);
  env.addFilter('roleLabel', (role: string) => ROLE_LABELS[role as Role] ?? role);
  // The MoJ timeline formats its dates with a `date` filter; ours understands partial dates.
  env.addFilter('date', (value: string | undefined) =>
    value ? partialDate(parseIsoPartial(value), value) : t('date.notKnown'),
  );
  return env;
}

type PageCache = ReturnType<typeof createPageCache>;

/** Page cache, Fastify with the cache in front, and the app's decorations (deps, services, clock, origin). */
function createFastify(deps: AppDeps, full: Required<AppDeps>) {
  // Off unless configured (serve sets it): tests write to the database behind the app's back.
  const pageCache = createPageCache({
    ttlMs: deps.config.pageCacheTtlMs ?? 0,
    maxBytes: deps.config.pageCacheMaxBytes,
    now: full.now,
    db: () => full.database.db,
  });
  const app = Fastify({
    logger: deps.config.logLevel === 'silent' ? false : { level: deps.config.logLevel },
    // Forwarded headers are believed only from configured proxies (TRUST_PROXY): otherwise any
    // client could choose the address that the sign-in limits and the audit trail record.
    trustProxy: fastifyTrustProxy(deps.config.trustProxy ?? false),
    // An address that is not valid percent-encoding never reaches a route: answer it as the API or
    // the pages answer any other address that names nothing, not with Fastify's own JSON.
    frameworkErrors: (err, req, reply: FastifyReply): void => {
      logRefusal(req, err, 400);
      if (req.url.startsWith('/api/'))
        return void reply.status(400).send({ error: { code: 'bad_url', message: 'The web address is not valid.' } });
      // No route, so no hooks ran (nor the security headers): the page is rendered directly, under
      // a policy that allows only our own files.
      void reply
        .status(400)
        .headers({ 'content-security-policy': "default-src 'self'", 'x-content-type-options': 'nosniff' })
        .type('text/html; charset=utf-8')
        .send(app.renderPage('errors/error.njk', { ...notFoundPage(), path: req.url }));
    },
    // The page cache answers hits before Fastify sees the request (see page-cache.ts).
    serverFactory: (handler) => {
      const server = createServer((req, res) => {
        let served = false;
        try {
          served = pageCache.serve(req, res);
        } catch {
          // never a reason to fail a request: let the app answer it
        }
        if (!served) handler(req, res);
      });
      server.keepAliveTimeout = 72_000; // Fastify's default, longer than load balancers' idle timeouts
      return server;
    },
  });
  app.decorate('deps', full);
  app.decorate(
    'services',
    createServices({
      database: full.database,
      now: full.now,
      frameworks: full.frameworks,
      publicBaseUrl: deps.config.publicBaseUrl ?? 'http://127.0.0.1',
      cacheTtlMs: deps.config.pageCacheTtlMs ?? 0,
      factualAccuracyWorkingDays: deps.config.factualAccuracyWorkingDays,
    }),
  );
  // Route schemas are Zod schemas (web/validation.ts): one schema gives the handler's types and its checks.
  app.setValidatorCompiler(validatorCompiler);
  // Tests build the app without a configured origin; serve always passes one (see config.ts).
  app.decorate('publicBaseUrl', deps.config.publicBaseUrl ?? 'http://127.0.0.1');
  app.decorate('inspectorateName', deps.config.inspectorateName ?? DEFAULT_INSPECTORATE_NAME);
  ensureStylesheet();
  app.decorate('clearPageCache', pageCache.clear);
  app.decorate('pageCacheSize', pageCache.size);
  app.decorate('pageCacheBytes', pageCache.bytes);
  app.addHook('onRequest', pageCache.lookup);
  return { app, pageCache };
}

/**
 * No per-request nonces: the one inline script (GOV.UK's js-enabled line) is allowed by its hash,
 * so pages are identical for every anonymous visitor and can be cached (see page-cache.ts).
 */
async function securityHeaders(app: FastifyInstance) {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", GOVUK_INLINE_SCRIPT_HASH],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // Plain HTTP in local and test use; TLS is terminated in front of the app in production.
        upgradeInsecureRequests: null,
      },
    },
  });
}

async function forms(app: FastifyInstance) {
  await app.register(fastifyFormbody);
}

/**
 * Only the claims check is rationed (global: false); it asks the limiter itself, so that the API
 * and the page draw on one allowance per address and each can answer a refusal in its own form.
 * The key is the client address (IPv6 addresses by their /64, which one client can hold whole).
 */
async function rateLimits(app: FastifyInstance, deps: AppDeps) {
  await app.register(fastifyRateLimit, { global: false });
  const perMinute = deps.config.claimsRateLimitPerMinute ?? DEFAULT_CLAIMS_RATE_LIMIT;
  const claimsLimiter = perMinute > 0 ? app.createRateLimit({ max: perMinute, timeWindow: 60_000 }) : null;
  app.decorate('claimsPerMinute', perMinute);
  app.decorate('claimsRateLimit', async (req: FastifyRequest) => {
    const r = claimsLimiter ? await claimsLimiter(req) : null;
    return r && !r.isAllowed && r.isExceeded ? Math.max(1, r.ttlInSeconds) : null;
  });
}

/** Sessions, CSRF and the route policy; then the page cache stores what is about to be sent. */
async function authentication(app: FastifyInstance, deps: AppDeps, pageCache: PageCache) {
  await app.register(authPlugin, {
    cookieSecret: deps.config.cookieSecret ?? 'test-cookie-secret-at-least-32-characters-long',
    secureCookies: deps.config.secureCookies ?? false,
  });
  app.addHook('onSend', pageCache.store);
  app.addHook('onSend', compressResponse);
}

async function staticFiles(app: FastifyInstance) {
  await app.register(fastifyStatic, {
    root: [
      resolve(packageDir('govuk-frontend'), 'dist', 'govuk', 'assets'),
      resolve(packageDir('@ministryofjustice/frontend'), 'moj', 'assets'),
    ],
    prefix: '/assets/',
    maxAge: '1d',
  });
  await app.register(fastifyStatic, {
    root: resolve(packageDir('govuk-frontend'), 'dist', 'govuk'),
    prefix: '/static/govuk/',
    decorateReply: false,
    allowedPath: (p) => /^\/govuk-frontend\.min\.js(\.map)?$/.test(p),
    maxAge: '1d',
  });
  await app.register(fastifyStatic, { root: BUILD_DIR, prefix: '/static/app/', decorateReply: false, maxAge: '1h' });
  await app.register(fastifyStatic, {
    root: resolve(import.meta.dirname, 'assets'),
    prefix: '/static/js/',
    decorateReply: false,
    allowedPath: (p) => /^\/app\.js$/.test(p),
    maxAge: '1h',
  });
}

/**
 * The language of each request, for the public pages with a Welsh version (`config.welsh`) and
 * the not-found page: `?lng=cy|en` chooses it and sets the `lng` cookie (a year, as GOV.UK One
 * Login does); the cookie keeps it. Every other page is English whatever the cookie says. The
 * rest of the request runs inside the language (i18n.ts), so view models and templates read it
 * without passing it on; a response that sets the cookie is never cached (page-cache.ts).
 */
function languages(app: FastifyInstance, deps: AppDeps, full: Required<AppDeps>) {
  loadFrameworkNames(full.frameworks());
  app.decorateRequest('lang', 'en');
  app.addHook('onRequest', (req, reply, done) => {
    const config = req.routeOptions.config;
    const translated = config?.welsh === true || (req.routeOptions.url === undefined && !req.url.startsWith('/api/'));
    if (!translated) return done();
    const query = req.url.includes('?') ? Object.fromEntries(new URLSearchParams(req.url.split('?')[1])) : {};
    const lang = requestedLanguage(query, req.cookies?.[LANGUAGE_COOKIE]);
    req.lang = lang;
    const asked = query[LANGUAGE_COOKIE];
    if ((asked === 'en' || asked === 'cy') && req.cookies?.[LANGUAGE_COOKIE] !== asked)
      void reply.setCookie(LANGUAGE_COOKIE, asked, {
        path: '/',
        maxAge: 365 * 24 * 3600,
        sameSite: 'lax',
        httpOnly: true,
        secure: deps.config.secureCookies ?? false,
      });
    inLanguage(lang, done);
  });
}

/** The toggle's links: each language named in itself, the current one marked (layout.njk). */
function languageLinks(req: FastifyRequest): { lang: Language; href: string; text: string; current: boolean }[] {
  return LANGUAGES.map((l) => ({
    lang: l,
    href: languageHref(req.url, l),
    text: l === 'cy' ? 'Cymraeg' : 'English',
    current: l === req.lang,
  }));
}

/** Nunjucks pages: renderPage (PDFs, previews) and reply.page with the layout's shared context. */
function views(app: FastifyInstance) {
  const env = nunjucksEnvironment();
  app.decorate('renderPage', (template: string, context: Record<string, unknown>) =>
    env.render(template, { serviceName: SERVICE_NAME, currentPath: '', user: null, csrfToken: () => '', ...context }),
  );
  app.decorateReply(
    'page',
    function (this: FastifyReply, template: string, context: Record<string, unknown>, status = 200) {
      // csrfToken() is called by templates that render a form, so only those pages set the CSRF cookie.
      // One token per page, however many forms it has: each call would otherwise check the signed
      // cookie and make a token again (the panel has a form per standard), and, for a browser with
      // no CSRF cookie yet, set a new secret each time so only the last form's token would verify.
      let token: string | undefined;
      const csrfToken = () => (token ??= this.generateCsrf());
      const req = this.request;
      const html = inLanguage(req.lang, () =>
        env.render(template, {
          serviceName: req.lang === 'cy' ? t('serviceName') : SERVICE_NAME,
          currentPath: req.url.split('?')[0],
          user: req.user,
          csrfToken,
          lang: req.lang,
          languageLinks: req.routeOptions.config?.welsh === true ? languageLinks(req) : null,
          ...context,
        }),
      );
      if (req.routeOptions.config?.welsh === true) this.header('content-language', HTML_LANG[req.lang]);
      return this.status(status).type('text/html; charset=utf-8').send(html);
    },
  );
}

function reportPdfPrinting(app: FastifyInstance, deps: AppDeps, full: Required<AppDeps>) {
  const reportPdfs = createReportPdfs(
    {
      db: () => full.database.db,
      now: full.now,
      html: (d) => reportHtml(app, d),
      info: (d) => reportInfo(app, d),
      log: { error: (e) => app.log.error(e) },
    },
    { headTtlMs: deps.config.pageCacheTtlMs ?? 0, ...full.pdf },
  );
  app.decorate('reportPdfs', reportPdfs);
  // Waits for prints in progress, then closes the shared browser: no Chromium outlives the app.
  app.addHook('onClose', async () => reportPdfs.close());
}

/** Error handlers come before the routes: Fastify plugins inherit the handler in force when they are registered. */
function errorHandlers(app: FastifyInstance) {
  app.setNotFoundHandler((req, reply) => reply.page('errors/error.njk', { ...notFoundPage(), path: req.url }, 404));
  app.setErrorHandler(pageErrorHandler);
  // PostgreSQL cannot store a NUL character in text; refuse it at the door, for every route and
  // every input (address, query, form, JSON), rather than fail deep inside a query (found by fuzzing).
  app.addHook('preValidation', async (req) => {
    if (/%00/.test(req.url) || hasNul(req.body))
      throw new InputError([
        'The request contains a NUL character (%00): binary or unreadable characters are not allowed in any field.',
      ]);
  });
}

async function routes(app: FastifyInstance, deps: AppDeps) {
  await app.register(healthRoutes);
  await app.register(statusRoutes);
  await app.register(homeRoutes);
  await app.register(servicesRoutes);
  await app.register(serviceRoutes);
  await app.register(inspectionRoutes);
  await app.register(frameworksRoutes);
  await app.register(signInRoutes, { secureCookies: deps.config.secureCookies ?? false });
  await app.register(workspaceRoutes);
  await app.register(taskRoutes);
  await app.register(caseRoutes);
  await app.register(sampleRoutes);
  await app.register(panelRoutes);
  await app.register(reportContentRoutes);
  await app.register(reportRoutes);
  await app.register(factualAccuracyRoutes);
  await app.register(userRoutes);
  await app.register(outboxRoutes);
  await app.register(subscriptionRoutes);
  await app.register(scheduleRoutes);
  await app.register(publicationRoutes);
  await app.register(feedRoutes);
  await app.register(apiRoutes, { prefix: '/api/v1' });
  await app.register(downloadRoutes);
  await app.register(apiDocsRoutes);
  await app.register(statisticsRoutes);
  await app.register(coverageRoutes);
  await app.register(thematicRoutes);
  await app.register(importRoutes);
  await app.register(claimsRoutes);
  await app.register(planRoutes, { evidenceMaxBytes: deps.config.evidenceMaxBytes });
}

/** The app, set up in order: each step may rely on the ones before it (hooks run in the order they are added). */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const full: Required<AppDeps> = { now: () => new Date(), pdf: {}, frameworks: frameworkRegistry, ...deps };
  const { app, pageCache } = createFastify(deps, full);
  await securityHeaders(app);
  await forms(app);
  await rateLimits(app, deps);
  await authentication(app, deps, pageCache);
  languages(app, deps, full);
  await staticFiles(app);
  views(app);
  reportPdfPrinting(app, deps, full);
  errorHandlers(app);
  await routes(app, deps);
  return app;
}
