import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { futureAsAtProblem, londonToday, visibleAsAt } from '../domain/embargo.ts';
import { areasFor, latestFor, listInspections, listServicesPage } from '../store/api-repo.ts';
import { findServiceBySlug, getInspectionByRef } from '../store/register-repo.ts';
import type { services } from '../store/schema.ts';
import { openApiDocument } from './openapi.ts';
import { frameworkOut, inspectionDetail, inspectionSummary, partialOut } from './present.ts';
import {
  ClaimsCheckBody,
  FrameworkParams,
  InspectionParams,
  InspectionsQuery,
  ServiceParams,
  ServicesQuery,
  StatisticsQuery,
  ThematicQuery,
} from './schemas.ts';
import { directoryCoverage } from '../store/directory-repo.ts';
import { loadAreaNames } from '../import/directory.ts';
import type { PartialDate } from '../domain/partial-date.ts';
import { InputError } from '../domain/errors.ts';
import { logRefusal, statusOf } from '../web/errors/http.ts';
import { ClaimsInputError, englishReport } from '../services/claims.ts';
import { problemsOf, validationContext, type RoutesPlugin } from '../web/validation.ts';

/** ONS code → area name, read once: the directory's codes are matched to the register's areas by name. */
let areaNamesCache: Map<string, string> | null = null;
const areaNames = () => (areaNamesCache ??= loadAreaNames());

/** An error the API reports as JSON: { error: { code, message, details? } }. */
const API_CODES: Record<number, string> = { 403: 'forbidden', 404: 'not_found', 409: 'conflict' };

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: { path: string; message: string }[],
  ) {
    super(message);
  }
}

/** A request that failed its route schema, as the API's error shape: a bad path is not found, else a 400. */
function validationError(err: unknown): ApiError | undefined {
  const failed = validationContext(err);
  if (!failed) return undefined;
  if (failed === 'params') return new ApiError(404, 'not_found', 'Nothing at this address.');
  const details = problemsOf(err).map(({ path, message }) => ({ path: path || `(${failed})`, message }));
  return failed === 'body'
    ? new ApiError(400, 'invalid_body', 'The request body is not valid; see details.', details)
    : new ApiError(400, 'invalid_query', 'The query string is not valid; see details.', details);
}

const encodeCursor = (key: string) => Buffer.from(JSON.stringify({ k: key })).toString('base64url');
function decodeCursor(cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { k?: unknown };
    if (typeof v.k === 'string' && v.k.length <= 200) return v.k;
  } catch {
    /* fall through */
  }
  throw new ApiError(400, 'invalid_cursor', 'The cursor is not one this API issued; start again without it.');
}

/** The moment reads are taken at: now, or the end of the asAt day if earlier. Never later than now. */
function visibleAt(app: FastifyInstance, asAt?: string): Date {
  const now = app.deps.now();
  const future = futureAsAtProblem(asAt, now);
  if (future) {
    throw new ApiError(400, 'invalid_query', `${future}.`, [{ path: 'asAt', message: 'must be today or earlier' }]);
  }
  return visibleAsAt(asAt, now);
}

function nextLink(req: FastifyRequest, cursor: string | null): string | null {
  if (!cursor) return null;
  // A relative link: the base only lets URL parse the path and query, and is dropped.
  const u = new URL(req.url, 'http://relative.invalid');
  u.searchParams.set('cursor', cursor);
  return `${u.pathname}${u.search}`;
}

export const apiRoutes: RoutesPlugin = async (app) => {
  const pub = { config: { auth: 'public' as const, cache: true, cacheQuery: [] as readonly string[] } };
  // A page that reads a query is cached per the parameters its schema names, and no others.
  const reads = <T extends z.ZodObject>(schema: T) => ({
    schema: { querystring: schema },
    config: { ...pub.config, cacheQuery: Object.keys(schema.shape) },
  });
  const db = () => app.deps.database.db;

  // The API's one error handler: its own errors carry their code; the service's errors are mapped
  // by class (web/errors/http.ts), anything else is a fault.
  app.setErrorHandler((thrown: Error, req, reply) => {
    const err =
      validationError(thrown) ??
      (thrown instanceof ClaimsInputError ? new ApiError(400, 'invalid_text', thrown.message) : thrown);
    const status = err instanceof ApiError ? err.statusCode : statusOf(err);
    logRefusal(req, err, status);
    if (err instanceof ApiError)
      return reply
        .status(status)
        .send({ error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } });
    if (status >= 500)
      return reply
        .status(status)
        .send({ error: { code: 'internal_error', message: 'Something went wrong; try again later.' } });
    const details = err instanceof InputError ? err.problems.map((message) => ({ path: '', message })) : undefined;
    return reply.status(status).send({
      error: { code: API_CODES[status] ?? 'bad_request', message: err.message, ...(details ? { details } : {}) },
    });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.status(404).send({ error: { code: 'not_found', message: `Nothing at ${req.url.split('?')[0]}` } }),
  );

  // Public JSON may be read from any origin, and a GET may be cached by anyone for a minute; the
  // ETag and 304s come from the page cache, which owns validators for every public response.
  app.addHook('preSerialization', async (req, reply: FastifyReply, payload) => {
    if (reply.statusCode !== 200) return payload;
    reply.header('access-control-allow-origin', '*');
    if (req.method === 'GET') reply.header('cache-control', 'public, max-age=60');
    return payload;
  });

  app.get('/frameworks', pub, async () => ({ data: [...app.deps.frameworks().values()].map(frameworkOut) }));
  app.get('/frameworks/:id', { ...pub, schema: { params: FrameworkParams } }, async (req) => {
    const f = app.deps.frameworks().get(req.params.id);
    if (!f) throw new ApiError(404, 'not_found', `No framework "${req.params.id}".`);
    return { data: frameworkOut(f) };
  });

  app.get('/inspections', reads(InspectionsQuery), async (req) => {
    const q = req.query;
    const at = visibleAt(app, q.asAt);
    const rows = await listInspections(
      db(),
      at,
      {
        service: q.service,
        regions: q.region,
        nations: q.nation,
        frameworks: q.framework,
        ratings: q.rating,
        publishedFrom: q.publishedFrom,
        publishedTo: q.publishedTo,
        asAt: q.asAt,
      },
      q.limit + 1,
      decodeCursor(q.cursor),
    );
    const pageRows = rows.slice(0, q.limit);
    const next = rows.length > q.limit ? encodeCursor(pageRows.at(-1)!.inspection.ref) : null;
    const data = pageRows.map((r) => inspectionSummary(r.inspection, r.service, app.publicBaseUrl));
    return { data, links: { self: req.url, next: nextLink(req, next) }, meta: { count: pageRows.length } };
  });

  app.get('/inspections/:ref', { ...pub, schema: { params: InspectionParams } }, async (req) => {
    const d = await getInspectionByRef(db(), req.params.ref, app.deps.now());
    if (!d) throw new ApiError(404, 'not_found', `No published inspection "${req.params.ref}".`);
    return { data: inspectionDetail(d, app.deps.frameworks().get(d.inspection.frameworkId), app.publicBaseUrl) };
  });

  const serviceOut = async (req: FastifyRequest, list: (typeof services.$inferSelect)[], at: Date) => {
    const ids = list.map((s) => s.id);
    const [areas, latest] = await Promise.all([areasFor(db(), ids), latestFor(db(), at, ids)]);
    return list.map((s) => ({
      slug: s.slug,
      name: s.name,
      formerNames: s.formerNames,
      region: s.region,
      nation: s.nation,
      localAuthorities: areas.get(s.id) ?? [],
      latest: latest.has(s.id) ? inspectionSummary(latest.get(s.id)!, s, app.publicBaseUrl) : null,
    }));
  };

  app.get('/services', reads(ServicesQuery), async (req) => {
    const q = req.query;
    const at = app.deps.now();
    const rows = await listServicesPage(
      db(),
      at,
      { regions: q.region, nations: q.nation, q: q.q },
      q.limit + 1,
      decodeCursor(q.cursor),
    );
    const pageRows = rows.slice(0, q.limit);
    const next = rows.length > q.limit ? encodeCursor(pageRows.at(-1)!.slug) : null;
    return {
      data: await serviceOut(req, pageRows, at),
      links: { self: req.url, next: nextLink(req, next) },
      meta: { count: pageRows.length },
    };
  });

  app.get('/services/:slug', { ...pub, schema: { params: ServiceParams } }, async (req) => {
    const at = app.deps.now();
    const s = await findServiceBySlug(db(), req.params.slug);
    const [out] = s ? await serviceOut(req, [s], at) : [];
    if (!out?.latest)
      throw new ApiError(404, 'not_found', `No service "${req.params.slug}" with a published inspection.`);
    return { data: out };
  });

  // Listed, never counted: no rating, no figure reads them (services/thematic.ts).
  app.get('/thematic-inspections', reads(ThematicQuery), async (req) => {
    visibleAt(app, req.query.asAt); // refuses a date after today
    const list = await app.services.thematic.listPublic(req.query.asAt);
    return {
      data: list.map((x) => ({
        ref: x.ref,
        title: x.title,
        titleKnown: x.titleKnown,
        publication: partialOut(x.publication)!,
        publisher: x.publisher,
        partnerInspectorates: x.partnerInspectorates,
        sampled: x.sampled,
        visitedServices: x.visited,
        sources: x.sources,
        notes: x.notes,
      })),
      meta: { count: list.length, counted: false as const },
    };
  });

  app.get('/directory', pub, async () => {
    const rows = await directoryCoverage(db(), areaNames(), app.deps.now());
    const current = rows.filter((r) => !r.former);
    const partial = (p: PartialDate | null) => (p ? partialOut(p)!.value : null);
    return {
      data: rows.map((r) => ({
        name: r.entry.name,
        nameSourced: r.entry.nameSourced,
        formerNames: r.entry.formerNames,
        onsCodes: r.entry.onsCodes,
        nation: r.entry.nation,
        region: r.entry.region,
        existedFrom: partial(r.entry.existedFrom),
        existedTo: partial(r.entry.existedTo),
        endedNotBefore: r.entry.endedNotBefore,
        current: !r.former,
        source: r.entry.source,
        notes: r.entry.notes,
        register: r.service
          ? { ...r.service, publicInspections: r.publicInspections, latestRating: r.latestRating }
          : null,
      })),
      meta: {
        count: rows.length,
        current: current.length,
        currentWithRecord: current.filter((r) => r.service).length,
        currentWithLatestRating: current.filter((r) => r.latestRating).length,
      },
    };
  });

  app.get('/statistics', reads(StatisticsQuery), async (req) => {
    const q = req.query;
    visibleAt(app, q.asAt); // refuses a date after today, in the API's words
    const asAt = q.asAt ?? londonToday(app.deps.now());
    // The cursor is the place in the lists, which are fixed for the figures' snapshot.
    const offset = Number(decodeCursor(q.cursor) ?? 0);
    if (!Number.isSafeInteger(offset) || offset < 0)
      throw new ApiError(400, 'invalid_cursor', 'The cursor is not one this API issued; start again without it.');
    // Counts from the register's figures, computed once per change; the lists behind them a page at a time.
    const f = await app.services.figures.figures(asAt);
    const [counted, uncertain, couldChange] = await Promise.all([
      app.services.figures.list(f.key, 'counted', offset, q.limit),
      app.services.figures.list(f.key, 'uncertain', offset, q.limit),
      app.services.figures.list(f.key, 'couldChange', offset, q.limit),
    ]);
    const longest = Math.max(f.services, f.uncertain.total, f.couldChange.total);
    const next = offset + q.limit < longest ? encodeCursor(String(offset + q.limit)) : null;
    return {
      data: {
        asAt,
        services: f.services,
        national: f.byOverall,
        byNation: f.byNation,
        byRegion: f.byRegion.map(({ ranges, ...r }) => ({
          ...r,
          range: Object.fromEntries(ranges.map((x) => [x.rating, { min: x.min, max: x.max }])),
        })),
        basis: { counted, uncertain: uncertain.map((u) => u.possiblyNewer), undated: f.undated },
        nationalRange: Object.fromEntries(f.ranges.map((r) => [r.rating, { min: r.min, max: r.max }])),
        couldChange: couldChange.map((u) => ({ service: u.service, reason: u.reason, candidates: u.candidates })),
      },
      links: { self: req.url, next: nextLink(req, next) },
      meta: {
        limit: q.limit,
        offset,
        totals: { counted: f.services, uncertain: f.uncertain.total, couldChange: f.couldChange.total },
      },
    };
  });

  app.get('/openapi.json', pub, async () => openApiDocument(app.publicBaseUrl));

  // A JSON body only: an HTML form on another site can post form-encoded, multipart or plain text
  // without asking, but JSON from another origin needs a preflight this API does not answer. Checked
  // before the allowance is counted and before the body is read.
  const claimsGate = async (req: FastifyRequest, reply: FastifyReply) => {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') {
      const how = 'Send the text as JSON with Content-Type: application/json, for example {"text": "…"}.';
      throw new ApiError(415, 'unsupported_media_type', how);
    }
    const wait = await app.claimsRateLimit(req);
    if (wait !== null) {
      reply.header('retry-after', String(wait));
      const limit = `the limit is ${app.claimsPerMinute} a minute`;
      const seconds = `${wait} second${wait === 1 ? '' : 's'}`;
      throw new ApiError(429, 'rate_limited', `Too many checks from your address (${limit}). Try again in ${seconds}.`);
    }
  };
  const checkOpts = { config: { auth: 'public' as const, csrf: false }, bodyLimit: 256 * 1024, onRequest: claimsGate };
  app.post('/claims/check', { ...checkOpts, schema: { body: ClaimsCheckBody } }, async (req) => ({
    data: englishReport(await app.services.claims.check(req.body.text, { asAt: req.body.asAt })),
  }));
};
