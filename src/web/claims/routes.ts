import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { claimsDateProblem, claimsTextProblem, MAX_CLAIMS_TEXT, type ClaimsReport } from '../../services/claims.ts';
import type { FormErrors } from '../forms.ts';
import { currentLanguage, t } from '../i18n.ts';
import { asAtParam } from '../query.ts';
import type { RoutesPlugin } from '../validation.ts';
import { ukDate } from '../view-helpers.ts';
import { reasonOnPage, welshStandardNames } from './reason.ts';

const TAGS = {
  supported: 'govuk-tag--green',
  consistent: 'govuk-tag--blue',
  contradicted: 'govuk-tag--red',
  unverifiable: 'govuk-tag--grey',
};

const MOST = MAX_CLAIMS_TEXT.toLocaleString('en-GB');

/**
 * Why a text cannot be checked, in the page's language: the service's own English message, or its
 * Welsh (the service decides whether there is a problem; the page only says it).
 */
function textProblem(text: string): string | null {
  const problem = claimsTextProblem(text);
  if (!problem || currentLanguage() === 'en') return problem;
  if (!text.trim()) return t('claims:errors.empty');
  if (text.length > MAX_CLAIMS_TEXT)
    return t('claims:errors.tooLong', { length: text.length.toLocaleString('en-GB'), most: MOST });
  return t('claims:errors.binary');
}
const dateProblem = (today: string) =>
  currentLanguage() === 'en' ? claimsDateProblem(today) : t('claims:errors.date', { today: ukDate(today) });

/**
 * A public page where anyone can paste a press release or article and see each claim checked, in
 * English or Welsh; the API and the CLI give the same verdicts in English.
 */
export const claimsRoutes: RoutesPlugin = async (app) => {
  const standardsCy = welshStandardNames(app.deps.frameworks().values());
  // What the service would refuse is refused here first, so the form shows it beside its field.
  const ClaimsForm = z.object({
    text: z
      .string()
      .optional()
      .default('')
      .superRefine((text, ctx) => {
        const problem = textProblem(text);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    asAt: asAtParam(app.deps.now, { invalid: dateProblem, future: dateProblem }),
  });
  const render = (
    reply: FastifyReply,
    values: Record<string, unknown>,
    report?: ClaimsReport,
    errors?: FormErrors,
    status = 200,
  ) =>
    reply.page(
      'claims/claims.njk',
      {
        title: t('claims:title'),
        values,
        errors,
        max: MOST,
        // Without a cookie, the answer to a Welsh form is Welsh too.
        action: currentLanguage() === 'cy' ? '/claims?lng=cy#results' : '/claims#results',
        report: report && {
          ...report,
          rows: report.verdicts.map((v) => {
            const c = v.claim as { kind: string; start: number; end: number; sentence: string };
            const text = String(values.text ?? '');
            return {
              kind: t(`claims:kind.${c.kind}`),
              quote: text.slice(c.start, c.end),
              sentence: c.sentence,
              start: c.start,
              end: c.end,
              verdict: v.verdict,
              verdictText: t(`claims:verdict.${v.verdict}`),
              tag: TAGS[v.verdict],
              explanation: reasonOnPage(v.reason, standardsCy),
              basis: v.basisReason && reasonOnPage(v.basisReason, standardsCy),
              correct: v.correctValue === undefined ? undefined : reasonOnPage(v.correctValue, standardsCy),
              record: v.record,
            };
          }),
        },
      },
      status,
    );
  app.get('/claims', { config: { auth: 'public', welsh: true } }, async (_req, reply) => render(reply, {}));
  // Counted before the body is read, so a client over its allowance costs next to nothing.
  const rationed = async (req: FastifyRequest, reply: FastifyReply) => {
    const wait = await app.claimsRateLimit(req);
    if (wait === null) return;
    const message = t('claims:errors.tooMany', { limit: app.claimsPerMinute, count: wait });
    reply.header('retry-after', String(wait));
    const back = { href: '/claims', text: t('claims:errors.back') };
    return reply.page('errors/error.njk', { title: t('claims:errors.tooManyTitle'), message, back }, 429);
  };
  // What was typed goes back into the form (the text only up to the most that can be checked).
  const typed = (req: FastifyRequest) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const text = typeof body.text === 'string' ? body.text.slice(0, MAX_CLAIMS_TEXT) : '';
    return { text, asAt: typeof body.asAt === 'string' ? body.asAt.trim() : '' };
  };
  const checkOpts = {
    schema: { body: ClaimsForm },
    config: {
      auth: 'public' as const,
      welsh: true,
      form: (req: FastifyRequest, reply: FastifyReply, errors: FormErrors, status: number) =>
        render(reply, typed(req), undefined, errors, status),
    },
    bodyLimit: 512 * 1024,
    onRequest: rationed,
  };
  app.post('/claims', checkOpts, async (req, reply) => {
    const { text, asAt } = req.body;
    const report = await app.services.claims.check(text, { asAt });
    return render(reply, { text, asAt: asAt ?? '' }, report);
  });
};
