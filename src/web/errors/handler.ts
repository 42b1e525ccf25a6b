import type { FastifyReply, FastifyRequest } from 'fastify';
import { ConflictError, InputError, RuleError } from '../../domain/errors.ts';
import { fieldErrors, singleError } from '../forms.ts';
import { formErrorsOfValidation, problemsOfValidation, validationContext } from '../validation.ts';
import { renderConflict } from '../workspace/conflict.ts';
import { t } from '../i18n.ts';
import { logRefusal, statusOf } from './http.ts';

/** The not-found page's words, in the request's language. */
export const notFoundPage = () => ({ title: t('errors.notFoundTitle'), message: t('errors.notFoundMessage') });

/** Requests whose form could not be shown again: their next error is answered without it. */
const formFailed = new WeakSet<FastifyRequest>();

/** The one error handler for pages: every error a page route throws ends here. */
export function pageErrorHandler(err: Error, req: FastifyRequest, reply: FastifyReply): unknown {
  const failed = validationContext(err);
  // An id that is not a well-formed id cannot name a record: not found, as for any other unknown id.
  const status = failed === 'params' ? 404 : statusOf(err);
  logRefusal(req, err, status);
  const path = req.url.split('?')[0]!;
  // A form shown again with its errors; if showing it fails (the record it is about refuses this
  // person, say), that failure is answered instead, as a page like any other.
  const configured = formFailed.has(req) ? undefined : req.routeOptions.config?.form;
  const form: typeof configured =
    configured &&
    (async (q, r, e, s): Promise<unknown> => {
      try {
        return await configured(q, r, e, s);
      } catch (again) {
        formFailed.add(q);
        return pageErrorHandler(again as Error, q, r);
      }
    });
  // A GET form (filters, a date) is in its query string; a POST form is its body.
  if (form && (failed === 'body' || failed === 'querystring'))
    return form(req, reply, formErrorsOfValidation(err), 400);
  if (form && err instanceof InputError && err.field)
    return form(req, reply, fieldErrors(err.field, err.problems), 400);
  if (form && err instanceof RuleError) return form(req, reply, singleError(err.field ?? 'form', err.message), status);
  if (err instanceof ConflictError) return renderConflict(reply, err, req.routeOptions.config?.latest?.(req) ?? path);
  if (status === 404) return reply.page('errors/error.njk', { ...notFoundPage(), path: req.url }, 404);
  if (status === 403) {
    return reply.page(
      'errors/error.njk',
      { title: 'You do not have permission to do this', message: err.message || 'Your role does not allow this.' },
      403,
    );
  }
  if (status >= 500)
    return reply.page(
      'errors/error.njk',
      { title: t('errors.serverTitle'), message: t('errors.serverMessage') },
      status,
    );
  return reply.page(
    'errors/error.njk',
    {
      title: t('errors.requestTitle'),
      message: err.message,
      problems: err instanceof InputError ? err.problems : failed ? problemsOfValidation(err) : [],
    },
    status,
  );
}
