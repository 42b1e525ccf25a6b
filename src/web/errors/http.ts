import type { FastifyError, FastifyRequest } from 'fastify';
import { ConflictError, ForbiddenError, InputError, NotFoundError, RuleError } from '../../domain/errors.ts';

/**
 * The HTTP status each of the service's own errors means, for the page and API error handlers
 * alike; undefined for anything else, which is a fault (500).
 */
export function httpStatusOf(e: unknown): number | undefined {
  if (e instanceof NotFoundError) return 404;
  if (e instanceof ForbiddenError) return 403;
  if (e instanceof RuleError) return e.status;
  if (e instanceof ConflictError) return 409;
  if (e instanceof InputError) return 400;
  return undefined;
}

/** The status an error is answered with: ours by their class, Fastify's 4xx as they are, anything else 500. */
export function statusOf(err: unknown): number {
  const ours = httpStatusOf(err);
  if (ours) return ours;
  const code = (err as Partial<FastifyError>).statusCode;
  return code && code >= 400 && code < 500 ? code : 500;
}

/**
 * Logs a refused or failed request once, with structured fields. A fault is an error; a refusal
 * the person could not have caused by using the pages as offered (a forbidden address, a forged
 * or missing CSRF token) is a warning worth a look; other refusals (a stale form, a bad date) are
 * the service working as intended and are logged at info.
 */
export function logRefusal(req: FastifyRequest, err: unknown, status: number): void {
  const e = err as Error & { code?: string };
  if (status >= 500) req.log.error({ err: e, statusCode: status }, 'request failed');
  else if (status === 403 || /CSRF/i.test(e.code ?? ''))
    req.log.warn({ err: { name: e.name, code: e.code, message: e.message }, statusCode: status }, 'request refused');
  else req.log.info({ err: { name: e.name, message: e.message }, statusCode: status }, 'request refused');
}
