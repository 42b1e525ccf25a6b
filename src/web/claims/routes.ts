import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { checkText, ClaimsInputError, MAX_CLAIMS_TEXT, type ClaimsReport } from '../../services/claims.ts';
import { formBody, singleError, type FormErrors } from '../forms.ts';

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
  figure: 'Figure',
};
const TAGS = {
  supported: 'govuk-tag--green',
  consistent: 'govuk-tag--blue',
  contradicted: 'govuk-tag--red',
  unverifiable: 'govuk-tag--grey',
};

/** A public page where anyone can paste a press release or article and see each claim checked. */
export async function claimsRoutes(app: FastifyInstance): Promise<void> {
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
  const checkOpts = { config: { auth: 'public' as const }, bodyLimit: 512 * 1024, onRequest: rationed };
  app.post('/claims', checkOpts, async (req, reply) => {
    const body = formBody(req.body);
    const values = {
      text: typeof body.text === 'string' ? body.text : '',
      asAt: typeof body.asAt === 'string' ? body.asAt.trim() : '',
    };
    try {
      const report = await checkText(app.deps.database.db, values.text, {
        asAt: values.asAt || undefined,
        now: app.deps.now(),
      });
      return render(reply, values, report);
    } catch (e) {
      if (e instanceof ClaimsInputError)
        return render(
          reply,
          { ...values, text: values.text.slice(0, MAX_CLAIMS_TEXT) },
          undefined,
          singleError(/date/i.test(e.message) ? 'asAt' : 'text', e.message),
          400,
        );
      throw e;
    }
  });
}
