import { promisify } from 'node:util';
import { gzip as gzipCallback, constants } from 'node:zlib';
import type { onSendAsyncHookHandler } from 'fastify';
import { acceptsGzip } from './page-cache.ts';

const gzip = promisify(gzipCallback);

/**
 * The fastest level: these pages are compressed afresh for every request, so its CPU counts as
 * much as rendering. On the ratings panel (78 KB) level 1 took half the CPU of the default level 6
 * (0.22 against 0.46 ms) for 9.2 KB rather than 7.4 KB; cached pages, compressed once, keep the
 * page cache's own level.
 */
export const DYNAMIC_PAGE_LEVEL = constants.Z_BEST_SPEED;

/** Below this a body is sent as it is: gzip's own framing would eat most of the saving. */
export const COMPRESS_MIN_BYTES = 2048;

/**
 * Gzips the pages that are rendered for each request (signed-in pages, and every page not marked
 * `cache`) for clients that accept it. A ratings panel of 120 cases is about 80 KB of HTML; sent
 * as it is, writing it to the socket cost as much CPU as rendering it, and gzip makes it about a
 * tenth. Cached public pages are left to the page cache, which keeps a gzipped copy of each. The
 * compression runs on libuv's thread pool, so the event loop serves other requests meanwhile.
 * Pages that carry a CSRF token are safe to compress: each token is salted afresh when the page
 * is rendered, so no secret repeats across responses for a compression oracle to find.
 */
export const compressResponse: onSendAsyncHookHandler = async (req, reply, payload) => {
  if (
    typeof payload !== 'string' ||
    payload.length < COMPRESS_MIN_BYTES ||
    reply.statusCode === 304 ||
    req.routeOptions.config?.cache === true ||
    reply.hasHeader('content-encoding') ||
    !/^(?:text\/html|application\/json)\b/.test(String(reply.getHeader('content-type') ?? ''))
  )
    return payload;
  const vary = reply.getHeader('vary');
  if (!vary) reply.header('vary', 'Accept-Encoding');
  else if (!/accept-encoding/i.test(String(vary))) reply.header('vary', `${String(vary)}, Accept-Encoding`);
  if (!acceptsGzip(req.headers['accept-encoding'])) return payload;
  const body = await gzip(payload, { level: DYNAMIC_PAGE_LEVEL });
  reply.header('content-encoding', 'gzip').header('content-length', body.length);
  return body;
};
