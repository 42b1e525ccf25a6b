import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { onRequestHookHandler, onSendAsyncHookHandler } from 'fastify';
import type { Db } from '../store/db.ts';
import { nextScheduledPublication } from '../store/schedule-repo.ts';
import { SESSION_COOKIE } from './auth/plugin.ts';
import { asksForLanguage, rawRequestLanguage } from './i18n.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A public GET: it gets an ETag, and anonymous requests may be served from the page cache. */
    cache?: boolean;
    /**
     * The query parameters a cached page reads. The cache key keeps only these (sorted), so junk
     * parameters can neither fill the cache nor miss it. Undeclared: only the address without a
     * query string is cached, since the key cannot know what the page depends on.
     */
    cacheQuery?: readonly string[];
  }
}

interface Variant {
  body: Buffer;
  /** Every header of the original response (security headers included), ready for writeHead. */
  headers: OutgoingHttpHeaders;
  notModified: OutgoingHttpHeaders;
}
interface Entry {
  identity: Variant;
  /** Compressed once when stored, for the clients that accept it (every browser does). */
  gzip: Variant;
  etag: string;
  storedAt: number;
  expiresAt: number;
}

/** A strong validator from the body alone, so it can only change when what is shown changes. */
export const etagOf = (body: string | Buffer) =>
  `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;

const matches = (ifNoneMatch: string | undefined, etag: string) =>
  ifNoneMatch !== undefined &&
  (ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag));
/** If-None-Match against a strong ETag, for routes that set their own validators (the report PDF). */
export { matches as etagMatches };

/** Percent-escapes of letters, digits and -._~ mean the letters themselves (RFC 3986, 6.2.2.2). */
const normalisePath = (path: string) =>
  !path.includes('%')
    ? path
    : path.replace(/%([0-9a-f]{2})/gi, (m, hex: string) => {
        const c = String.fromCharCode(parseInt(hex, 16));
        return /[A-Za-z0-9\-._~]/.test(c) ? c : m.toUpperCase();
      });

/**
 * The key of a request to a page that reads `reads` from its query: the path, and those
 * parameters only, sorted by name (values of one name keep their order). `complete` is false when
 * the query had other parameters: such a request may be answered from the entry, but its own
 * rendering is not stored (an API page's self link repeats the query it was asked with).
 * Request headers are no part of the key: absolute links come from configuration, never from
 * Host or X-Forwarded-Host, so every header-variant of a page is the same page.
 */
export function cacheKey(url: string, reads: readonly string[] | undefined): { key: string; complete: boolean } | null {
  const q = url.indexOf('?');
  const path = normalisePath(q === -1 ? url : url.slice(0, q));
  const query = q === -1 ? '' : url.slice(q + 1);
  if (!query) return { key: path, complete: true };
  if (!reads) return null;
  const params = new URLSearchParams(query);
  const kept = [...params].filter(([k]) => reads.includes(k)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const complete = kept.length === [...params.keys()].length;
  return { key: kept.length ? `${path}?${new URLSearchParams(kept).toString()}` : path, complete };
}
const pathOf = (url: string) => normalisePath(url.split('?', 1)[0]!);
/**
 * A page in Welsh and the same page in English are two entries: the key names the language the
 * visitor's `lng` cookie asks for (English keeps the bare key). A request that asks for a
 * language in its address sets the cookie, so it is neither answered from nor stored in the cache.
 */
const inLanguageOf = (key: string, raw: IncomingMessage) =>
  rawRequestLanguage('', raw.headers.cookie) === 'cy' ? `cy|${key}` : key;
const anonymous = (raw: IncomingMessage) => !raw.headers.cookie?.includes(`${SESSION_COOKIE}=`);

/** Whether Accept-Encoding allows gzip (present, or via *, and not refused with q=0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let star = false;
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const ok = q === undefined || Number(q.slice(2)) > 0;
    if (name === 'gzip') return ok;
    if (name === '*') star = ok;
  }
  return star;
}

function variant(body: Buffer, headers: OutgoingHttpHeaders): Variant {
  const all: OutgoingHttpHeaders = { ...headers, 'content-length': body.length };
  const notModified = { ...all };
  for (const h of ['content-type', 'content-length', 'content-encoding']) delete notModified[h];
  return { body, headers: all, notModified };
}

/**
 * Public responses (routes with `config.cache`): an ETag on every 200, with 304 for a matching
 * If-None-Match, and an in-process cache of anonymous GETs. An entry lives for the TTL but never
 * past the next embargo time, so a publication appears on time; writes in another instance appear
 * within the TTL. Pages carry no per-request nonce (CSP uses a hash), so one rendering serves
 * every anonymous visitor. Hits are sent gzipped to clients that accept it (compressed once, when
 * stored); misses are sent as rendered.
 *
 * `serve` answers a hit straight from the HTTP server's request listener, before Fastify does
 * any work (routing, cookies, sessions, CSRF, rendering), with the headers the original response
 * had, security headers included: that is what lets a page approach a bare node:http server's
 * throughput. Only routes marked `cache` (all public: the auth plugin insists) ever store an
 * entry, so a key found is a cacheable public GET. `lookup` does the same as the app's first
 * onRequest hook, for requests that do not come through the server (inject, in tests). `store`
 * must be added after the cookie plugin, so a response that sets a cookie is seen as one and
 * never cached.
 */
export function createPageCache(opts: {
  ttlMs: number;
  maxEntries?: number;
  /** The most the stored bodies may take (both encodings); oldest and expired entries go first. */
  maxBytes?: number;
  now: () => Date;
  db: () => Db;
}) {
  const entries = new Map<string, Entry>();
  const max = opts.maxEntries ?? 2000;
  const maxBytes = opts.maxBytes ?? 32 * 1024 * 1024;
  // What the stored bodies take: distinct valid addresses (every search, every as-at date) each
  // make an entry, so the cache is bounded by bytes as well as by count.
  let bytes = 0;
  const sizeOf = (e: Entry) => e.identity.body.length + e.gzip.body.length;
  const remove = (key: string) => {
    const e = entries.get(key);
    if (!e) return;
    bytes -= sizeOf(e);
    entries.delete(key);
  };
  const makeRoom = (need: number, now: number) => {
    const full = () => entries.size >= max || bytes + need > maxBytes;
    if (!full()) return;
    for (const [key, e] of entries) if (now >= e.expiresAt || e.storedAt > now) remove(key);
    while (entries.size && full()) remove(entries.keys().next().value!);
  };
  // The server answers hits before routing, so it learns which parameters a path's page reads
  // when that page is first stored; bounded like the entries.
  const readsByPath = new Map<string, readonly string[] | undefined>();

  /** Answers from the cache if it can; false when the request must go on to the app. */
  const serve = (req: IncomingMessage, res: ServerResponse, reads?: readonly string[]): boolean => {
    if (opts.ttlMs <= 0 || req.method !== 'GET' || !anonymous(req)) return false;
    const url = req.url ?? '/';
    if (asksForLanguage(url)) return false;
    const k = cacheKey(url, reads ?? readsByPath.get(pathOf(url)));
    const e = k && entries.get(inLanguageOf(k.key, req));
    if (!e) return false;
    const now = opts.now().getTime();
    // A clock that moved backwards (tests, or a corrected server clock) never sees a later page.
    if (e.storedAt > now || now >= e.expiresAt) return false;
    const v = acceptsGzip(req.headers['accept-encoding']) ? e.gzip : e.identity;
    if (matches(req.headers['if-none-match'], e.etag)) res.writeHead(304, v.notModified).end();
    else res.writeHead(200, v.headers).end(v.body);
    return true;
  };

  // Renders in progress, by entry key: a request that misses while the same page is being rendered
  // waits for that render and is answered from what it stores, instead of rendering the page again.
  // At an embargo instant every entry ends at once, and several renders of each page at once on
  // each instance were what held up the first requests after it.
  const flights = new Map<string, Promise<void>>();
  // For each request that renders a page to store: how it ends its flight, and when its entry
  // ends, asked as it arrives. A page shows the register as it was when its render began, so its
  // entry ends at the first embargo instant after that; asked at the end of the render instead,
  // an inspection published meanwhile would be missed, and the page before it kept for the TTL.
  const rendering = new WeakMap<IncomingMessage, { land: () => void; at: number; ends: Promise<number> }>();

  /** The key this request's rendering would be stored under, or null if it would not be stored. */
  const storableKey = (raw: IncomingMessage, url: string, reads: readonly string[] | undefined) => {
    if (opts.ttlMs <= 0 || raw.method !== 'GET' || !anonymous(raw) || asksForLanguage(url)) return null;
    const k = cacheKey(url, reads);
    return k?.complete ? inLanguageOf(k.key, raw) : null;
  };

  const lookup: onRequestHookHandler = function (req, reply, done) {
    const config = req.routeOptions.config;
    if (config?.cache !== true) return done();
    if (serve(req.raw, reply.raw, config.cacheQuery)) return void reply.hijack();
    const key = storableKey(req.raw, req.url, config.cacheQuery);
    if (key === null) return done();
    const flight = flights.get(key);
    if (flight) {
      // Answered from what the render in flight stores, if `serve` accepts it now (an entry that
      // ended at an embargo instant since is refused); otherwise this request starts or joins the next.
      void flight.then(() => lookup.call(this, req, reply, done));
      return;
    }
    const at = opts.now();
    const ends = nextScheduledPublication(opts.db(), at);
    ends.catch(() => {}); // awaited by `store`; a response that never gets there must not leave it unhandled
    let land!: () => void;
    const landed = new Promise<void>((r) => (land = r));
    flights.set(key, landed);
    // The flight ends when the entry is stored or the response ends without one (an error, a page
    // that is not stored, a client gone), whichever comes first.
    const end = () => {
      if (flights.get(key) === landed) flights.delete(key);
      land();
    };
    rendering.set(req.raw, { land: end, at: at.getTime(), ends });
    reply.raw.once('close', end);
    done();
  };

  const store: onSendAsyncHookHandler = async (req, reply, payload) => {
    if (reply.statusCode !== 200 || typeof payload !== 'string' || req.routeOptions.config?.cache !== true)
      return payload;
    const etag = etagOf(payload);
    // A page with a Welsh version differs by the `lng` cookie, so a shared cache must keep them apart.
    reply
      .header('etag', etag)
      .header('vary', req.routeOptions.config.welsh ? 'Accept-Encoding, Cookie' : 'Accept-Encoding');
    const k = cacheKey(req.url, req.routeOptions.config.cacheQuery);
    if (
      k?.complete &&
      opts.ttlMs > 0 &&
      req.method === 'GET' &&
      anonymous(req.raw) &&
      !reply.hasHeader('set-cookie') &&
      !asksForLanguage(req.url)
    ) {
      const flight = rendering.get(req.raw);
      const now = flight ? new Date(flight.at) : opts.now();
      const expiresAt = Math.min(
        now.getTime() + opts.ttlMs,
        await (flight?.ends ?? nextScheduledPublication(opts.db(), now)),
      );
      const body = Buffer.from(payload);
      const headers = { ...reply.getHeaders(), 'x-page-cache': 'hit' } as OutgoingHttpHeaders;
      // One ETag for both encodings: it names the content, which is what a 304 confirms.
      const gzip = variant(gzipSync(body), { ...headers, 'content-encoding': 'gzip' });
      const entry: Entry = { identity: variant(body, headers), gzip, etag, storedAt: now.getTime(), expiresAt };
      const key = inLanguageOf(k.key, req.raw);
      remove(key);
      if (sizeOf(entry) <= maxBytes) {
        makeRoom(sizeOf(entry), now.getTime());
        entries.set(key, entry);
        bytes += sizeOf(entry);
      }
      const path = pathOf(req.url);
      if (!readsByPath.has(path) && readsByPath.size >= max) readsByPath.delete(readsByPath.keys().next().value!);
      readsByPath.set(path, req.routeOptions.config.cacheQuery);
      reply.header('x-page-cache', 'miss');
      flight?.land();
    }
    if (matches(req.headers['if-none-match'], etag)) {
      reply.code(304);
      return '';
    }
    return payload;
  };

  const clear = () => {
    entries.clear();
    readsByPath.clear();
    bytes = 0;
  };
  return { serve, lookup, store, clear, size: () => entries.size, bytes: () => bytes };
}
