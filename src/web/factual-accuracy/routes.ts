import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { labelOf } from '../../domain/framework.ts';
import { isServiceRole } from '../../domain/roles.ts';
import type { FormErrors } from '../forms.ts';
import { IdParams, type RoutesPlugin } from '../validation.ts';
import {
  actorOf,
  base,
  openInspectionFirst,
  SERVICE_VISIBLE,
  work as open,
  workspaceCrumbs,
  type InspectionWork,
} from '../workspace/context.ts';

const VIEWERS = ['service_user', 'board_member', 'inspector', 'lead_inspector', 'admin'] as const;
const Comment = z.object({
  text: z
    .string({ error: 'Enter your comment' })
    .trim()
    .min(1, 'Enter your comment')
    .max(4000, 'Your comment must be 4000 characters or fewer'),
});

/** The service's view of its draft: ratings, findings, recommendations, and a place to say what is factually wrong. */
async function render(
  app: FastifyInstance,
  req: FastifyRequest,
  reply: FastifyReply,
  work: InspectionWork,
  values: Record<string, unknown> = {},
  errors?: FormErrors,
  status = 200,
) {
  const { ratings, findings, recs, comments } = await app.services.evidence.draft(work);
  const shared = SERVICE_VISIBLE.includes(work.state);
  return reply.page(
    'factual-accuracy/factual-accuracy.njk',
    {
      title: 'Factual-accuracy check',
      work,
      shared,
      canComment: req.user!.role === 'service_user' && work.state === 'factual_accuracy',
      overall: work.inspection.overallRating,
      score: work.inspection.score !== null ? `${work.inspection.score}/${work.inspection.scoreMax}` : null,
      ratings: work.framework.domains
        .flatMap((d) => d.standards)
        .map((s) => {
          const r = ratings.find((x) => x.standardId === s.id);
          return {
            id: s.id,
            name: s.name,
            rating: r?.rating ?? null,
            label: r?.rating ? labelOf(work.framework, r.rating) : 'Not rated',
          };
        }),
      findings,
      recs,
      comments,
      values,
      errors,
      breadcrumbs: isServiceRole(req.user!.role) ? [{ text: 'Workspace', href: '/workspace' }] : workspaceCrumbs(work),
    },
    status,
  );
}

export const factualAccuracyRoutes: RoutesPlugin = async (app) => {
  openInspectionFirst(app);
  app.get(
    '/workspace/inspections/:id/factual-accuracy',
    { schema: { params: IdParams }, config: { auth: VIEWERS } },
    async (req, reply) => render(app, req, reply, await open(app, req, req.params.id)),
  );
  app.post(
    '/workspace/inspections/:id/factual-accuracy',
    {
      schema: { params: IdParams, body: Comment },
      config: {
        auth: ['service_user'],
        form: async (req, reply, errors, status) => {
          const work = await open(app, req, (req.params as IdParams).id);
          return render(app, req, reply, work, (req.body ?? {}) as Record<string, unknown>, errors, status);
        },
      },
    },
    async (req, reply) => {
      const work = await open(app, req, req.params.id);
      await app.services.evidence.comment(actorOf(req), work, req.body.text);
      return reply.redirect(`${base(work.inspection.id)}/factual-accuracy#comments`, 303);
    },
  );
};
