import type { FastifyReply } from 'fastify';
import type { ConflictError } from '../../domain/errors.ts';

const show = (v: unknown): string =>
  v === undefined || v === null || v === '' ? '–' : typeof v === 'object' ? JSON.stringify(v) : String(v);

/** 409 with both versions side by side, field by field (nested answers flattened). */
export function renderConflict(reply: FastifyReply, e: ConflictError, backHref: string) {
  const flat = (o: Record<string, unknown>) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) {
      if (v && typeof v === 'object' && !Array.isArray(v))
        for (const [k2, v2] of Object.entries(v)) out[`${k} ${k2}`] = v2;
      else out[k] = v;
    }
    return out;
  };
  const current = flat(e.current);
  const attempted = flat(e.attempted);
  const keys = [...new Set([...Object.keys(attempted), ...Object.keys(current)])].filter(
    (k) => !['version', 'createdAt', 'updatedAt'].includes(k),
  );
  const rows = keys.map((k) => ({
    field: k,
    current: show(current[k]),
    attempted: show(attempted[k]),
    differs: show(current[k]) !== show(attempted[k]),
  }));
  return reply.page(
    'errors/conflict.njk',
    { title: 'Someone else has changed this', message: e.message, rows, backHref },
    409,
  );
}
