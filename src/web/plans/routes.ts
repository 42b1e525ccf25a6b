import { stringify } from 'csv-stringify/sync';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ACTION_STATES, RAG_LABELS, STATUS_LABELS, type ActionState } from '../../domain/action-plan.ts';
import { CSV_CELL_OPTIONS } from '../../domain/csv-cells.ts';
import { isRecordId } from '../../domain/ids.ts';
import { isValidIsoDate } from '../../domain/partial-date.ts';
import { RAG_TAGS } from '../../services/plans.ts';
import type { FormErrors } from '../forms.ts';
import { Id, Version, type RoutesPlugin } from '../validation.ts';
import { partialDate, ukDateTime } from '../view-helpers.ts';
import { actorOf } from '../workspace/context.ts';

const READERS = ['service_user', 'board_member', 'inspector', 'lead_inspector', 'admin'] as const;
const EDITORS = ['service_user'] as const;

const Slug = z.string().min(1).max(200);
const PlanParams = z.object({ slug: Slug });
const ActionParams = z.object({ slug: Slug, actionId: Id });

const NewAction = z.object({
  recommendationId: z.string().refine(isRecordId, 'Choose the recommendation this action answers'),
  description: z
    .string({ message: 'Describe the action' })
    .trim()
    .min(1, 'Describe the action')
    .max(2000, 'The action must be 2000 characters or fewer'),
  owner: z
    .string({ message: 'Enter who owns the action' })
    .trim()
    .min(1, 'Enter who owns the action')
    .max(200, 'The owner must be 200 characters or fewer'),
  dueDate: z
    .string({ message: 'Enter the due date as YYYY-MM-DD, for example 2025-06-30' })
    .trim()
    .refine(isValidIsoDate, 'Enter the due date as YYYY-MM-DD, for example 2025-06-30'),
});
const Update = z.object({
  version: Version,
  state: z.enum(ACTION_STATES, { message: 'Select the status of the action' }),
  note: z
    .string({ message: 'Describe the progress made' })
    .trim()
    .min(1, 'Describe the progress made')
    .max(4000, 'The note must be 4000 characters or fewer'),
  evidence: z
    .string()
    .trim()
    .max(4000, 'The evidence must be 4000 characters or fewer')
    .optional()
    .transform((v) => v || null),
});

const planUrl = (slug: string) => `/workspace/services/${slug}/plan`;
const typed = (req: FastifyRequest) => (req.body ?? {}) as Record<string, unknown>;
const readerOf = (req: FastifyRequest) => ({ ...actorOf(req), serviceId: req.user!.serviceId });

/**
 * Action plans and the board view. Who may see which plan, and what an action may answer, are
 * the plan service's rules; these routes read forms and show pages.
 */
export const planRoutes: RoutesPlugin = async (app) => {
  const plans = app.services.plans;

  const renderPlan = async (req: FastifyRequest, reply: FastifyReply, errors?: FormErrors, status = 200) => {
    const { slug } = req.params as z.infer<typeof PlanParams>;
    const { service, inspection, recs } = await plans.plan(readerOf(req), slug);
    const values = errors ? typed(req) : {};
    // Each recommendation has its own add-an-action form: a message goes beside that form's field.
    const formOf = String(values.recommendationId ?? '');
    const fieldId = (href: string) =>
      href === '#recommendationId' || href === '#recommendations' ? href : `${href}-${formOf}`;
    return reply.page(
      'plans/plan.njk',
      {
        title: `Action plan: ${service.name}`,
        service,
        inspection: inspection && {
          ref: inspection.ref,
          published: partialDate(
            inspection.publicationPrecision
              ? {
                  precision: inspection.publicationPrecision as 'day',
                  earliest: inspection.publicationEarliest!,
                  latest: inspection.publicationLatest!,
                }
              : null,
          ),
        },
        recs,
        canEdit: req.user!.role === 'service_user',
        values,
        errors: errors && { ...errors, errorList: errors.errorList.map((e) => ({ ...e, href: fieldId(e.href) })) },
        breadcrumbs: [{ text: 'Workspace', href: '/workspace' }],
      },
      status,
    );
  };

  app.get(
    '/workspace/services/:slug/plan',
    { schema: { params: PlanParams }, config: { auth: READERS } },
    async (req, reply) => renderPlan(req, reply),
  );
  app.post(
    '/workspace/services/:slug/plan/actions',
    { schema: { params: PlanParams, body: NewAction }, config: { auth: EDITORS, form: renderPlan } },
    async (req, reply) => {
      const { service } = await plans.addAction(readerOf(req), req.params.slug, req.body);
      return reply.redirect(`${planUrl(service.slug)}#rec-${req.body.recommendationId}`, 303);
    },
  );

  const renderAction = async (req: FastifyRequest, reply: FastifyReply, errors?: FormErrors, httpStatus = 200) => {
    const { slug, actionId } = req.params as z.infer<typeof ActionParams>;
    const a = await plans.action(readerOf(req), slug, actionId);
    const values = errors ? typed(req) : {};
    return reply.page(
      'plans/action.njk',
      {
        title: 'Action',
        service: a.service,
        a: a.action,
        recommendation: a.recommendation,
        statusLabel: STATUS_LABELS[a.status],
        rag: a.rag,
        ragTags: RAG_TAGS,
        ragLabels: RAG_LABELS,
        updates: a.updates.map(({ u, author }) => ({
          ...u,
          author,
          when: ukDateTime(u.createdAt),
          stateLabel: STATUS_LABELS[u.state as ActionState],
        })),
        stateItems: ACTION_STATES.map((s) => ({
          value: s,
          text: STATUS_LABELS[s],
          checked: (values.state ?? a.action.state) === s,
        })),
        canEdit: req.user!.role === 'service_user',
        values,
        errors,
        breadcrumbs: [
          { text: 'Workspace', href: '/workspace' },
          { text: `Action plan: ${a.service.name}`, href: planUrl(a.service.slug) },
        ],
      },
      httpStatus,
    );
  };
  app.get(
    '/workspace/services/:slug/plan/actions/:actionId',
    { schema: { params: ActionParams }, config: { auth: READERS } },
    async (req, reply) => renderAction(req, reply),
  );
  app.post(
    '/workspace/services/:slug/plan/actions/:actionId',
    { schema: { params: ActionParams, body: Update }, config: { auth: EDITORS, form: renderAction } },
    async (req, reply) => {
      const { version, ...update } = req.body;
      const a = await plans.updateAction(readerOf(req), req.params.slug, req.params.actionId, version, update);
      return reply.redirect(`${planUrl(a.service.slug)}/actions/${a.action.id}`, 303);
    },
  );

  app.get(
    '/workspace/services/:slug/board',
    { schema: { params: PlanParams }, config: { auth: READERS } },
    async (req, reply) => {
      const b = await plans.board(readerOf(req), req.params.slug);
      return reply.page('plans/board.njk', {
        title: `Board view: ${b.service.name}`,
        service: b.service,
        inspection: b.inspection,
        items: b.items,
        openCount: b.openCount,
        metCount: b.metCount,
        today: b.today,
        breadcrumbs: [{ text: 'Workspace', href: '/workspace' }],
      });
    },
  );

  app.get(
    '/workspace/services/:slug/board.csv',
    { schema: { params: PlanParams }, config: { auth: READERS } },
    async (req, reply) => {
      const b = await plans.board(readerOf(req), req.params.slug);
      const csv = stringify(
        b.items.map((i) => ({
          recommendation: i.rec.position,
          addressee: i.rec.addressee,
          recommendation_text: i.rec.text,
          action: i.description,
          owner: i.owner,
          due_date: i.dueDate,
          status: i.status,
          rag: i.rag,
        })),
        {
          ...CSV_CELL_OPTIONS,
          header: true,
          columns: [
            'recommendation',
            'addressee',
            'recommendation_text',
            'action',
            'owner',
            'due_date',
            'status',
            'rag',
          ],
        },
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${b.service.slug}-board-${b.today}.csv"`)
        .header('cache-control', 'no-store')
        .send(csv);
    },
  );
};
