import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RecordId } from '../domain/ids.ts';
import type { FormErrors } from './forms.ts';

/**
 * Every route declares what it accepts in Fastify's route `schema` (params, querystring, body) as
 * Zod schemas; `validatorCompiler` from fastify-type-provider-zod checks them before the handler
 * runs and the type provider gives the handler the parsed types. A failure never reaches the
 * handler: the page error handler answers it (web/errors/handler.ts) — a bad id is a 404, a bad
 * query string a 400 listing each problem, and a bad form body re-renders the route's form (the
 * route's `config.form`) with the GOV.UK error summary and a message beside each field.
 */
export type RoutesPlugin<Options extends Record<string, unknown> = Record<never, never>> =
  FastifyPluginAsyncZod<Options>;

/** Re-renders a form page with its errors; the request still holds what was typed (`req.body`). */
export type RenderForm = (req: FastifyRequest, reply: FastifyReply, errors: FormErrors, status: number) => unknown;

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The form this route receives: how to show it again with errors. A body that fails the route's
     * schema, or a RuleError naming a field, is answered with this page (400 or 409) and nothing changes.
     */
    form?: RenderForm;
    /**
     * Where "Open the latest version" on a conflict page leads, when it is not the address posted
     * to (a form posted to an action address, such as a transition or one panel decision).
     */
    latest?: (req: FastifyRequest) => string;
  }
}

/** The one id schema for record ids in addresses and forms (strict RFC 9562 UUID). */
export const Id = RecordId;
export const IdParams = z.object({ id: Id });
export type IdParams = z.infer<typeof IdParams>;

/**
 * A public address's name for a record: a service slug, an inspection reference, a framework id
 * (letters, digits, dots, dashes, underscores). Anything else names nothing: a 404 as a params schema.
 */
export const Slug = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/, 'Not an address this site gives');

/** A form's version field (optimistic concurrency): a whole number, 0 when the record is new. */
export const Version = z.coerce.number().int().min(0).catch(0);

/** Which part of the request failed its schema, or undefined when the error is not a validation failure. */
export function validationContext(err: unknown): 'params' | 'querystring' | 'body' | 'headers' | undefined {
  const e = err as Partial<FastifyError> & { validationContext?: string };
  if (!Array.isArray(e.validation)) return undefined;
  return e.validationContext as 'params' | 'querystring' | 'body' | 'headers';
}

interface Failure {
  instancePath: string;
  message?: string;
}

/** The GOV.UK error summary and field messages for a body that failed its schema: the first per field. */
export function formErrorsOfValidation(
  err: unknown,
  idOf: (path: string) => string = (p) => p.replace(/\./g, '-'),
): FormErrors {
  const failures = ((err as { validation?: Failure[] }).validation ?? []) as Failure[];
  const fields: FormErrors['fields'] = {};
  const errorList: FormErrors['errorList'] = [];
  for (const f of failures) {
    const path = f.instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.') || 'form';
    if (fields[path]) continue;
    const text = f.message ?? 'Check this answer';
    fields[path] = { text };
    errorList.push({ text, href: `#${idOf(path)}` });
  }
  return { errorList, fields };
}

/** Each failure of a query string or body: the field's path (dotted, empty for the whole input) and its message. */
export function problemsOf(err: unknown): { path: string; message: string }[] {
  const failures = ((err as { validation?: Failure[] }).validation ?? []) as Failure[];
  return failures.map((f) => ({
    path: f.instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.'),
    message: f.message ?? 'Invalid input',
  }));
}

/** Problems of a failed query string or JSON body, one line each ("asAt: Enter a real date …"). */
export function problemsOfValidation(err: unknown): string[] {
  return problemsOf(err).map(({ path, message }) => (path ? `${path}: ${message}` : message));
}
