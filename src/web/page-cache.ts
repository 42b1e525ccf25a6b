import { and, eq, gt, min } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../store/db.ts';
import { inspections } from '../store/schema.ts';
import { SESSION_COOKIE } from './auth/plugin.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Anonymous GETs of this route may be served from the page cache. */
    cache?: boolean;
  }
}

interface Entry {
  body: string;
  type: string;
  storedAt: number;
  expiresAt: number;
}

/** When the next scheduled publication lifts its embargo: no cached page may live past it. */
async function nextEmbargo(db: Db, now: Date): Promise<number> {
  const [r] = await db.select({ t: min(inspections.publishedAt) }).from(inspections).where(and(eq(inspections.status, 'scheduled'), gt(inspections.publishedAt, now)));
  return r?.t ? new Date(r.t).getTime() : Number.POSITIVE_INFINITY;
}

/**
 * A small in-process cache of rendered public responses (Nunjucks, not Fastify, limits page
 * throughput). Only anonymous GETs of routes marked `cache: true`, only 200s. An entry lives for
 * the TTL but never past the next embargo time, so a publication appears on time; writes in
 * another instance appear within the TTL. Pages carry no per-request nonce (CSP uses a hash), so
 * one rendering serves every anonymous visitor.
 */
export const pageCache = fp(async (app: FastifyInstance, opts: { ttlMs: number; maxEntries?: number }) => {
  const entries = new Map<string, Entry>();
  const max = opts.maxEntries ?? 2000;
  const cacheable = (req: { method: string; routeOptions: { config?: { cache?: boolean } }; cookies: Record<string, string | undefined> }) =>
    opts.ttlMs > 0 && req.method === 'GET' && req.routeOptions.config?.cache === true && !req.cookies[SESSION_COOKIE];

  app.decorate('clearPageCache', () => entries.clear());

  app.addHook('preHandler', async (req, reply) => {
    if (!cacheable(req)) return;
    const e = entries.get(req.url);
    const now = app.deps.now().getTime();
    // A clock that moved backwards (tests, or a corrected server clock) never sees a later page.
    if (e && e.storedAt <= now && now < e.expiresAt) {
      reply.header('x-page-cache', 'hit');
      return reply.type(e.type).send(e.body);
    }
  });

  app.addHook('onSend', async (req, reply, payload) => {
    if (!cacheable(req) || reply.statusCode !== 200 || typeof payload !== 'string' || reply.getHeader('x-page-cache') === 'hit') return payload;
    const now = app.deps.now();
    const expiresAt = Math.min(now.getTime() + opts.ttlMs, await nextEmbargo(app.deps.database.db, now));
    if (entries.size >= max) entries.delete(entries.keys().next().value!);
    entries.set(req.url, { body: payload, type: String(reply.getHeader('content-type') ?? 'text/html; charset=utf-8'), storedAt: now.getTime(), expiresAt });
    reply.header('x-page-cache', 'miss');
    return payload;
  });
});

declare module 'fastify' {
  interface FastifyInstance {
    clearPageCache(): void;
  }
}
