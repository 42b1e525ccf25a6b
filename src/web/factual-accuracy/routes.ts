import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  COMMENT_RESPONSES,
  deadlineText,
  FA_STATE_LABELS,
  RESPONSE_LABELS,
  type CommentResponse,
} from '../../domain/factual-accuracy.ts';
import { labelOf } from '../../domain/framework.ts';
import { mayActAsLead } from '../../domain/lifecycle.ts';
import { isServiceRole } from '../../domain/roles.ts';
import { FA_TEXT_MAX } from '../../services/factual-accuracy.ts';
import type { FormErrors } from '../forms.ts';
import { Id, IdParams, Version, type RoutesPlugin } from '../validation.ts';
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
  section: z
    .string({ error: 'Select the part of the report your comment is about' })
    .trim()
    .min(1, 'Select the part of the report your comment is about'),
  text: z
    .string({ error: 'Enter your comment' })
    .trim()
    .min(1, 'Enter your comment')
    .max(FA_TEXT_MAX, `Your comment must be ${FA_TEXT_MAX} characters or fewer`),
});
const CommentParams = z.object({ id: Id, commentId: Id });
type CommentParams = z.infer<typeof CommentParams>;
/** The lead's answer: accepted with the change made, or not accepted with the reason (each required). */
const Answer = z
  .object({
    response: z.enum(COMMENT_RESPONSES, { error: 'Select whether the comment is accepted' }),
    responseText: z
      .string()
      .trim()
      .max(FA_TEXT_MAX, `The answer must be ${FA_TEXT_MAX} characters or fewer`)
      .default(''),
    version: Version,
  })
  .superRefine((v, ctx) => {
    if (!v.responseText)
      ctx.addIssue({
        code: 'custom',
        path: ['responseText'],
        message:
          v.response === 'accepted'
            ? 'Describe the change made to the report'
            : 'Give the reason the comment is not accepted',
      });
  });
const Close = z.object({ version: Version });

const page = (id: string) => `${base(id)}/factual-accuracy`;

/**
 * The factual-accuracy page: the draft (ratings, findings, recommendations), the check's state and
 * deadline, every comment with its section and answer (who, when), the service's comment form while
 * the check is open, and the lead's links to answer and button to close.
 */
async function render(
  app: FastifyInstance,
  req: FastifyRequest,
  reply: FastifyReply,
  work: InspectionWork,
  values: Record<string, unknown> = {},
  errors?: FormErrors,
  status = 200,
) {
  const [{ ratings, findings, recs }, fa] = await Promise.all([
    app.services.evidence.draft(work),
    app.services.factualAccuracy.overview(work),
  ]);
  const shared = SERVICE_VISIBLE.includes(work.state);
  const open = work.state === 'factual_accuracy' && !!fa.check && !fa.check.closedAt;
  const isLead = req.user!.role === 'lead_inspector' && mayActAsLead(req.user!, work.inspection.leadInspectorId);
  return reply.page(
    'factual-accuracy/factual-accuracy.njk',
    {
      title: 'Factual-accuracy check',
      work,
      shared,
      fa: fa.check && {
        state: fa.state,
        stateLabel: FA_STATE_LABELS[fa.state!],
        sentAt: fa.check.sentAt,
        round: fa.check.round,
        deadline: deadlineText(fa.check.deadline),
        workingDays: fa.check.workingDays,
        daysLeft: fa.daysLeft,
        closedAt: fa.check.closedAt,
        closedBy: fa.closedBy,
        version: fa.check.version,
      },
      approval: fa.approval,
      unanswered: fa.unanswered,
      canComment: req.user!.role === 'service_user' && open,
      // The draft PDF exists while the draft is at the check; the service's board reads this page only.
      draftPdf:
        work.state === 'factual_accuracy' && req.user!.role !== 'board_member' && req.user!.role !== 'admin'
          ? `${base(work.inspection.id)}/report/draft.pdf`
          : null,
      canAnswer: isLead && open,
      canClose: isLead && open && fa.unanswered === 0,
      sectionItems: [
        { value: '', text: 'Choose a section' },
        ...app.services.factualAccuracy.sections(work).map((s) => ({ ...s, selected: s.value === values.section })),
      ],
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
      comments: fa.comments.map((c) => ({
        ...c,
        responseLabel: c.response ? RESPONSE_LABELS[c.response] : null,
      })),
      values,
      errors,
      breadcrumbs: isServiceRole(req.user!.role) ? [{ text: 'Workspace', href: '/workspace' }] : workspaceCrumbs(work),
    },
    status,
  );
}

/** The lead's form for one comment's answer. */
async function renderAnswer(
  app: FastifyInstance,
  reply: FastifyReply,
  work: InspectionWork,
  commentId: string,
  values?: Record<string, unknown>,
  errors?: FormErrors,
  status = 200,
) {
  const [c, fa] = await Promise.all([
    app.services.factualAccuracy.comment(work, commentId),
    app.services.factualAccuracy.overview(work),
  ]);
  const current = values ?? { response: c.response, responseText: c.responseText, version: c.version };
  return reply.page(
    'factual-accuracy/answer.njk',
    {
      title: c.response ? 'Change the answer to a comment' : 'Answer a comment',
      work,
      comment: c,
      // Once the check is closed (or the stage has passed) the answer stands: the form is not offered.
      editable: work.state === 'factual_accuracy' && !!fa.check && !fa.check.closedAt,
      version: current.version ?? c.version,
      responseItems: COMMENT_RESPONSES.map((r) => ({
        value: r,
        text: RESPONSE_LABELS[r],
        checked: current.response === r,
        hint: {
          text: r === 'accepted' ? 'The report will be changed' : 'The report stays as it is; give the reason',
        },
      })),
      values: current,
      errors,
      breadcrumbs: [...workspaceCrumbs(work), { text: 'Factual-accuracy check', href: page(work.inspection.id) }],
    },
    status,
  );
}

export const factualAccuracyRoutes: RoutesPlugin = async (app) => {
  openInspectionFirst(app);
  const fa = app.services.factualAccuracy;
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
      await fa.addComment(actorOf(req), work, req.body);
      return reply.redirect(`${page(work.inspection.id)}#comments`, 303);
    },
  );

  app.get(
    '/workspace/inspections/:id/factual-accuracy/comments/:commentId',
    { schema: { params: CommentParams }, config: { auth: ['lead_inspector'] } },
    async (req, reply) => renderAnswer(app, reply, await open(app, req, req.params.id), req.params.commentId),
  );
  app.post(
    '/workspace/inspections/:id/factual-accuracy/comments/:commentId',
    {
      schema: { params: CommentParams, body: Answer },
      config: {
        auth: ['lead_inspector'],
        latest: (req) => page((req.params as CommentParams).id),
        form: async (req, reply, errors, status) => {
          const { id, commentId } = req.params as CommentParams;
          const values = (req.body ?? {}) as Record<string, unknown>;
          return renderAnswer(app, reply, await open(app, req, id), commentId, values, errors, status);
        },
      },
    },
    async (req, reply) => {
      const work = await open(app, req, req.params.id);
      const { response, responseText, version } = req.body;
      await fa.answer(actorOf(req), work, req.params.commentId, version, {
        response: response as CommentResponse,
        responseText,
      });
      return reply.redirect(`${page(work.inspection.id)}#comments`, 303);
    },
  );

  app.post(
    '/workspace/inspections/:id/factual-accuracy/close',
    {
      schema: { params: IdParams, body: Close },
      config: {
        auth: ['lead_inspector'],
        latest: (req) => page((req.params as IdParams).id),
        form: async (req, reply, errors, status) =>
          render(app, req, reply, await open(app, req, (req.params as IdParams).id), {}, errors, status),
      },
    },
    async (req, reply) => {
      const work = await open(app, req, req.params.id);
      await fa.close(actorOf(req), work, req.body.version);
      return reply.redirect(page(work.inspection.id), 303);
    },
  );
};
