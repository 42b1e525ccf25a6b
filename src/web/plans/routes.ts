import { stringify } from 'csv-stringify/sync';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  ACTION_STATES,
  actionRag,
  actionStatus,
  boardOrder,
  RAG_LABELS,
  recommendationMet,
  recommendationRag,
  STATUS_LABELS,
  type ActionState,
} from '../../domain/action-plan.ts';
import { CSV_CELL_OPTIONS } from '../../domain/csv-cells.ts';
import { londonToday } from '../../domain/embargo.ts';
import { ADDRESSEE_LABELS } from '../../domain/inspection-record.ts';
import { isValidIsoDate } from '../../domain/partial-date.ts';
import { isServiceRole } from '../../domain/roles.ts';
import { addAction, getAction, latestPublished, planFor, serviceBySlug, updateAction } from '../../store/plans-repo.ts';
import { ConflictError, NotFoundError } from '../../domain/errors.ts';
import { formBody, formErrors, type FormErrors } from '../forms.ts';
import { partialDate, ukDateTime } from '../view-helpers.ts';
import { renderConflict } from '../workspace/conflict.ts';
import { actorOf, versionOf } from '../workspace/context.ts';

type Params = { Params: { slug: string } };
const READERS = ['service_user', 'board_member', 'inspector', 'lead_inspector', 'admin'] as const;
const RAG_TAGS = { red: 'govuk-tag--red', amber: 'govuk-tag--orange', green: 'govuk-tag--green' } as const;

const NewAction = z.object({
  recommendationId: z.string().uuid('Choose the recommendation this action answers'),
  description: z.string().trim().min(1, 'Describe the action').max(2000, 'The action must be 2000 characters or fewer'),
  owner: z.string().trim().min(1, 'Enter who owns the action').max(200, 'The owner must be 200 characters or fewer'),
  dueDate: z.string().trim().refine(isValidIsoDate, 'Enter the due date as YYYY-MM-DD, for example 2025-06-30'),
});
const Update = z.object({
  state: z.enum(ACTION_STATES, { message: 'Select the status of the action' }),
  note: z.string().trim().min(1, 'Describe the progress made').max(4000, 'The note must be 4000 characters or fewer'),
  evidence: z
    .string()
    .trim()
    .max(4000, 'The evidence must be 4000 characters or fewer')
    .optional()
    .transform((v) => v || null),
});

/**
 * Action plans and the board view. Service users see and edit only their own service's plan, and
 * its board members only read it; the inspectorate can read every plan (it informs the next inspection).
 */
export async function planRoutes(app: FastifyInstance): Promise<void> {
  const db = () => app.deps.database.db;

  const load = async (req: FastifyRequest, reply: FastifyReply, slug: string) => {
    const service = await serviceBySlug(db(), slug);
    if (!service) {
      reply.callNotFound();
      return null;
    }
    const user = req.user!;
    if (isServiceRole(user.role) && user.serviceId !== service.id) {
      reply.page(
        'errors/error.njk',
        {
          title: 'You do not have permission to see this page',
          message: 'This action plan belongs to another service.',
        },
        403,
      );
      return null;
    }
    const inspection = await latestPublished(db(), service.id, app.deps.now());
    return { service, inspection };
  };

  const planView = async (
    service: { slug: string; name: string },
    inspection: NonNullable<Awaited<ReturnType<typeof latestPublished>>>,
  ) => {
    const today = londonToday(app.deps.now());
    const plan = await planFor(db(), inspection.id);
    return plan.map(({ recommendation: r, actions }) => ({
      id: r.id,
      position: r.position,
      text: r.text,
      addressee: r.addresseeName ?? ADDRESSEE_LABELS[r.addressee] ?? r.addressee,
      rag: recommendationRag(
        actions.map((a) => ({ state: a.state as ActionState, dueDate: a.dueDate })),
        today,
      ),
      met: recommendationMet(actions.map((a) => ({ state: a.state as ActionState }))),
      actions: actions.map((a) => {
        const status = actionStatus(a.state as ActionState, a.dueDate, today);
        const rag = actionRag(a.state as ActionState, a.dueDate, today);
        return {
          id: a.id,
          description: a.description,
          owner: a.owner,
          dueDate: a.dueDate,
          status,
          statusLabel: STATUS_LABELS[status],
          rag,
          ragLabel: RAG_LABELS[rag],
          ragTag: RAG_TAGS[rag],
          href: `/workspace/services/${service.slug}/plan/actions/${a.id}`,
        };
      }),
    }));
  };

  const renderPlan = async (
    req: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    values: Record<string, unknown> = {},
    errors?: FormErrors,
    status = 200,
  ) => {
    const latest = await load(req, reply, slug);
    if (!latest) return reply;
    const recs = latest.inspection ? await planView(latest.service, latest.inspection) : [];
    return reply.page(
      'plans/plan.njk',
      {
        title: `Action plan: ${latest.service.name}`,
        service: latest.service,
        inspection: latest.inspection && {
          ref: latest.inspection.ref,
          published: partialDate(
            latest.inspection.publicationPrecision
              ? {
                  precision: latest.inspection.publicationPrecision as 'day',
                  earliest: latest.inspection.publicationEarliest!,
                  latest: latest.inspection.publicationLatest!,
                }
              : null,
          ),
        },
        recs,
        canEdit: req.user!.role === 'service_user',
        values,
        errors,
        breadcrumbs: [{ text: 'Workspace', href: '/workspace' }],
      },
      status,
    );
  };

  app.get<Params>('/workspace/services/:slug/plan', { config: { auth: READERS } }, async (req, reply) =>
    renderPlan(req, reply, req.params.slug),
  );

  app.post<Params>(
    '/workspace/services/:slug/plan/actions',
    { config: { auth: ['service_user'] } },
    async (req, reply) => {
      const latest = await load(req, reply, req.params.slug);
      if (!latest) return reply;
      const body = formBody(req.body);
      const parsed = NewAction.safeParse(body);
      if (!parsed.success || !latest.inspection)
        return renderPlan(
          req,
          reply,
          req.params.slug,
          body,
          parsed.success
            ? undefined
            : formErrors(parsed.error.issues, (p) =>
                p === 'recommendationId' ? 'recommendationId' : `${p}-${String(body.recommendationId ?? '')}`,
              ),
          400,
        );
      try {
        await addAction(db(), actorOf(req), { inspectionId: latest.inspection.id, ...parsed.data });
      } catch (e) {
        if (e instanceof NotFoundError)
          return renderPlan(
            req,
            reply,
            req.params.slug,
            body,
            { errorList: [{ text: e.message, href: '#recommendations' }], fields: {} },
            400,
          );
        throw e;
      }
      return reply.redirect(`/workspace/services/${latest.service.slug}/plan#rec-${parsed.data.recommendationId}`, 303);
    },
  );

  type ActionParams = { Params: { slug: string; actionId: string } };
  const renderAction = async (
    req: FastifyRequest<ActionParams>,
    reply: FastifyReply,
    values: Record<string, unknown> = {},
    errors?: FormErrors,
    httpStatus = 200,
  ) => {
    const latest = await load(req, reply, req.params.slug);
    if (!latest) return reply;
    const a = await getAction(db(), req.params.actionId);
    if (!a || a.action.inspectionId !== latest.inspection?.id) return reply.callNotFound();
    const today = londonToday(app.deps.now());
    const status = actionStatus(a.action.state as ActionState, a.action.dueDate, today);
    return reply.page(
      'plans/action.njk',
      {
        title: 'Action',
        service: latest.service,
        a: a.action,
        recommendation: a.recommendation,
        statusLabel: STATUS_LABELS[status],
        rag: actionRag(a.action.state as ActionState, a.action.dueDate, today),
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
          { text: `Action plan: ${latest.service.name}`, href: `/workspace/services/${latest.service.slug}/plan` },
        ],
      },
      httpStatus,
    );
  };
  app.get<ActionParams>(
    '/workspace/services/:slug/plan/actions/:actionId',
    { config: { auth: READERS } },
    async (req, reply) => renderAction(req, reply),
  );
  app.post<ActionParams>(
    '/workspace/services/:slug/plan/actions/:actionId',
    { config: { auth: ['service_user'] } },
    async (req, reply) => {
      const latest = await load(req, reply, req.params.slug);
      if (!latest) return reply;
      const a = await getAction(db(), req.params.actionId);
      if (!a || a.action.inspectionId !== latest.inspection?.id) return reply.callNotFound();
      const body = formBody(req.body);
      const parsed = Update.safeParse(body);
      if (!parsed.success) return renderAction(req, reply, body, formErrors(parsed.error.issues), 400);
      try {
        await updateAction(db(), actorOf(req), a.action.id, versionOf(body), parsed.data);
      } catch (e) {
        if (e instanceof ConflictError)
          return renderConflict(reply, e, `/workspace/services/${latest.service.slug}/plan/actions/${a.action.id}`);
        throw e;
      }
      return reply.redirect(`/workspace/services/${latest.service.slug}/plan/actions/${a.action.id}`, 303);
    },
  );

  const boardRows = async (slug: string, req: FastifyRequest, reply: FastifyReply) => {
    const latest = await load(req, reply, slug);
    if (!latest) return null;
    const recs = latest.inspection ? await planView(latest.service, latest.inspection) : [];
    const open = recs.filter((r) => !r.met);
    type Item = {
      id: string | null;
      description: string;
      owner: string;
      dueDate: string;
      status: string;
      statusLabel: string;
      rag: 'red' | 'amber' | 'green';
      ragTag: string;
      href: string | null;
      rec: (typeof open)[number];
    };
    const items = boardOrder<Item>(
      open.flatMap((r): Item[] =>
        r.actions.length
          ? r.actions.map((a) => ({ ...a, rec: r }))
          : [
              {
                id: null,
                description: 'No action planned yet',
                owner: '–',
                dueDate: '',
                status: 'not_started',
                statusLabel: 'No plan',
                rag: 'red',
                ragTag: RAG_TAGS.red,
                href: null,
                rec: r,
              },
            ],
      ),
    );
    return { latest, items, openCount: open.length, metCount: recs.length - open.length };
  };

  app.get<Params>('/workspace/services/:slug/board', { config: { auth: READERS } }, async (req, reply) => {
    const b = await boardRows(req.params.slug, req, reply);
    if (!b) return reply;
    return reply.page('plans/board.njk', {
      title: `Board view: ${b.latest.service.name}`,
      service: b.latest.service,
      inspection: b.latest.inspection,
      items: b.items,
      openCount: b.openCount,
      metCount: b.metCount,
      today: londonToday(app.deps.now()),
      breadcrumbs: [{ text: 'Workspace', href: '/workspace' }],
    });
  });

  app.get<Params>('/workspace/services/:slug/board.csv', { config: { auth: READERS } }, async (req, reply) => {
    const b = await boardRows(req.params.slug, req, reply);
    if (!b) return reply;
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
        columns: ['recommendation', 'addressee', 'recommendation_text', 'action', 'owner', 'due_date', 'status', 'rag'],
      },
    );
    return reply
      .type('text/csv; charset=utf-8')
      .header(
        'content-disposition',
        `attachment; filename="${b.latest.service.slug}-board-${londonToday(app.deps.now())}.csv"`,
      )
      .header('cache-control', 'no-store')
      .send(csv);
  });
}
