import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { labelOf } from '../../domain/framework.ts';
import { isServiceRole } from '../../domain/roles.ts';
import { standardRatings } from '../../store/schema.ts';
import {
  addServiceComment,
  listFindings,
  listRecommendations,
  listServiceComments,
} from '../../store/workflow-repo.ts';
import { formBody, formErrors, singleError, type FormErrors } from '../forms.ts';
import {
  actorOf,
  base,
  loadInspection,
  SERVICE_VISIBLE,
  workspaceCrumbs,
  type InspectionWork,
} from '../workspace/context.ts';

type Params = { Params: { id: string } };
const VIEWERS = ['service_user', 'board_member', 'inspector', 'lead_inspector', 'admin'] as const;
const Comment = z.object({
  text: z.string().trim().min(1, 'Enter your comment').max(4000, 'Your comment must be 4000 characters or fewer'),
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
  const db = app.deps.database.db;
  const [ratings, findings, recs, comments] = await Promise.all([
    db.select().from(standardRatings).where(eq(standardRatings.inspectionId, work.inspection.id)),
    listFindings(db, work.inspection.id),
    listRecommendations(db, work.inspection.id),
    listServiceComments(db, work.inspection.id),
  ]);
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

export async function factualAccuracyRoutes(app: FastifyInstance): Promise<void> {
  app.get<Params>('/workspace/inspections/:id/factual-accuracy', { config: { auth: VIEWERS } }, async (req, reply) => {
    const work = await loadInspection(app, req, reply, req.params.id);
    return work ? render(app, req, reply, work) : reply;
  });
  app.post<Params>(
    '/workspace/inspections/:id/factual-accuracy',
    { config: { auth: ['service_user'] } },
    async (req, reply) => {
      const work = await loadInspection(app, req, reply, req.params.id);
      if (!work) return reply;
      const body = formBody(req.body);
      if (work.state !== 'factual_accuracy')
        return render(
          app,
          req,
          reply,
          work,
          body,
          singleError('text', 'Comments can only be made during the factual-accuracy check.'),
          409,
        );
      const parsed = Comment.safeParse(body);
      if (!parsed.success) return render(app, req, reply, work, body, formErrors(parsed.error.issues), 400);
      await addServiceComment(app.deps.database.db, actorOf(req), work.inspection.id, parsed.data.text);
      return reply.redirect(`${base(work.inspection.id)}/factual-accuracy#comments`, 303);
    },
  );
}
