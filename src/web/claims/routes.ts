import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { claimsDateProblem, claimsTextProblem, MAX_CLAIMS_TEXT, type ClaimsReport } from '../../services/claims.ts';
import type { FormErrors } from '../forms.ts';
import { asAtParam } from '../query.ts';
import type { RoutesPlugin } from '../validation.ts';

const KIND_LABELS: Record<string, string> = {
  service: 'Service',
  overall: 'Overall rating',
  score: 'Score',
  standard: 'Standard rating',
  resettlement: 'Resettlement rating',
  recommendations: 'Recommendations',
  publication: 'Publication date',
  fieldwork: 'Fieldwork',
  chief_inspector: 'Chief Inspector',
  aggregate: 'Count of services',
  standards_count: 'Count of standards',
  nth_since: 'Rating in a series',
  figure: 'Figure',
};
const TAGS = {
  supported: 'govuk-tag--green',
  consistent: 'govuk-tag--blue',
  contradicted: 'govuk-tag--red',
  unverifiable: 'govuk-tag--grey',
};

/** A public page where anyone can paste a press release or article and see each claim checked. */
export const claimsRoutes: RoutesPlugin = async (app) => {
  // What the service would refuse is refused here first, so the form shows it beside its field.
  const ClaimsForm = z.object({
    text: z
      .string()
      .optional()
      .default('')
      .superRefine((text, ctx) => {
        const problem = claimsTextProblem(text);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    asAt: asAtParam(app.deps.now, { invalid: claimsDateProblem, future: claimsDateProblem }),
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
        title: 'Check claims about an inspection',
        values,
        errors,
        max: MAX_CLAIMS_TEXT.toLocaleString('en-GB'),
        report: report && {
          ...report,
          rows: report.verdicts.map((v) => {
            const c = v.claim as { kind: string; start: number; end: number; sentence: string };
            const text = String(values.text ?? '');
            return {
              kind: KIND_LABELS[c.kind] ?? c.kind,
              quote: text.slice(c.start, c.end),
              sentence: c.sentence,
              start: c.start,
              end: c.end,
              verdict: v.verdict,
              tag: TAGS[v.verdict],
              explanation: v.explanation,
              basis: v.basis,
              correct: v.correct,
              record: v.record,
            };
          }),
        },
      },
      status,
    );
  app.get('/claims', { config: { auth: 'public' } }, async (_req, reply) => render(reply, {}));
  // Counted before the body is read, so a client over its allowance costs next to nothing.
  const rationed = async (req: FastifyRequest, reply: FastifyReply) => {
    const wait = await app.claimsRateLimit(req);
    if (wait === null) return;
    const seconds = `${wait} second${wait === 1 ? '' : 's'}`;
    const message = `You can check up to ${app.claimsPerMinute} texts a minute. Wait ${seconds}, then try again.`;
    reply.header('retry-after', String(wait));
    const back = { href: '/claims', text: 'Back to the claims checker' };
    return reply.page('errors/error.njk', { title: 'You have checked too many texts', message, back }, 429);
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
