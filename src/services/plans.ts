import {
  actionRag,
  actionStatus,
  boardOrder,
  RAG_LABELS,
  recommendationMet,
  recommendationRag,
  STATUS_LABELS,
  type ActionState,
  type Rag,
} from '../domain/action-plan.ts';
import { londonToday } from '../domain/embargo.ts';
import { ForbiddenError, NotFoundError, RuleError } from '../domain/errors.ts';
import { ADDRESSEE_LABELS } from '../domain/inspection-record.ts';
import { isServiceRole, type Role } from '../domain/roles.ts';
import type { Actor } from '../store/audit.ts';
import {
  addAction,
  getAction,
  latestPublished,
  planFor,
  recommendationIn,
  serviceBySlug,
  updateAction,
} from '../store/plans-repo.ts';
import type { ServiceContext } from './context.ts';

/** Who is asking: service users and board members see only their own service's plan. */
export interface PlanReader {
  role: Role;
  serviceId: string | null;
}

export const RAG_TAGS = { red: 'govuk-tag--red', amber: 'govuk-tag--orange', green: 'govuk-tag--green' } as const;
const NO_INSPECTION = 'There is no published inspection to plan against yet.';

type Latest = NonNullable<Awaited<ReturnType<typeof latestPublished>>>;

/**
 * Action plans: a service's answer to the recommendations of its latest published inspection,
 * with progress updates and a board view. Service users see and edit only their own service's
 * plan, its board members only read it, and the inspectorate reads every plan (it informs the
 * next inspection).
 */
export function planService({ database, now }: ServiceContext) {
  const db = () => database.db;
  const today = () => londonToday(now());

  /** The service and the inspection its plan answers (null before its first publication). */
  async function open(reader: PlanReader, slug: string) {
    const service = await serviceBySlug(db(), slug);
    if (!service) throw new NotFoundError('No such service.');
    if (isServiceRole(reader.role) && reader.serviceId !== service.id)
      throw new ForbiddenError('This action plan belongs to another service.');
    const inspection = await latestPublished(db(), service.id, now());
    return { service, inspection };
  }

  async function recommendations(service: { slug: string }, inspection: Latest | null) {
    if (!inspection) return [];
    const day = today();
    const plan = await planFor(db(), inspection.id);
    return plan.map(({ recommendation: r, actions }) => ({
      id: r.id,
      position: r.position,
      text: r.text,
      addressee: r.addresseeName ?? ADDRESSEE_LABELS[r.addressee] ?? r.addressee,
      rag: recommendationRag(
        actions.map((a) => ({ state: a.state as ActionState, dueDate: a.dueDate })),
        day,
      ),
      met: recommendationMet(actions.map((a) => ({ state: a.state as ActionState }))),
      actions: actions.map((a) => {
        const status = actionStatus(a.state as ActionState, a.dueDate, day);
        const rag = actionRag(a.state as ActionState, a.dueDate, day);
        return {
          id: a.id as string | null,
          description: a.description,
          owner: a.owner,
          dueDate: a.dueDate,
          status: status as string,
          statusLabel: STATUS_LABELS[status],
          rag,
          ragLabel: RAG_LABELS[rag],
          ragTag: RAG_TAGS[rag] as string,
          href: `/workspace/services/${service.slug}/plan/actions/${a.id}` as string | null,
        };
      }),
    }));
  }

  /** One action of the plan: not found unless it answers the service's latest published inspection. */
  async function action(reader: PlanReader, slug: string, actionId: string) {
    const latest = await open(reader, slug);
    const a = await getAction(db(), actionId);
    if (!a || a.action.inspectionId !== latest.inspection?.id) throw new NotFoundError('No such action.');
    return { ...latest, ...a };
  }

  return {
    today,
    /** The plan: each recommendation with its actions, status and RAG as of today. */
    async plan(reader: PlanReader, slug: string) {
      const latest = await open(reader, slug);
      return { ...latest, recs: await recommendations(latest.service, latest.inspection) };
    },
    async action(reader: PlanReader, slug: string, actionId: string) {
      const a = await action(reader, slug, actionId);
      const day = today();
      const state = a.action.state as ActionState;
      return { ...a, status: actionStatus(state, a.action.dueDate, day), rag: actionRag(state, a.action.dueDate, day) };
    },
    /** Adds an action answering one of the latest inspection's recommendations. */
    async addAction(
      actor: Actor & PlanReader,
      slug: string,
      v: { recommendationId: string; description: string; owner: string; dueDate: string },
    ) {
      const { service, inspection } = await open(actor, slug);
      if (!inspection) throw new RuleError(NO_INSPECTION, 'recommendations', 400);
      const { recommendationId, ...fields } = v;
      await db().transaction(async (tx) => {
        const rec = await recommendationIn(tx, inspection.id, recommendationId);
        if (!rec) throw new RuleError('No such recommendation in this inspection.', 'recommendations', 400);
        await addAction(tx, actor, rec, fields);
      });
      return { service };
    },
    /** A progress update: the note and evidence are kept and the action's state moves with it. */
    async updateAction(
      actor: Actor & PlanReader,
      slug: string,
      actionId: string,
      version: number,
      v: { state: ActionState; note: string; evidence: string | null },
    ) {
      const a = await action(actor, slug, actionId);
      await updateAction(db(), actor, a.action.id, version, v, now());
      return a;
    },
    /**
     * The board view: every action of a recommendation not yet met, reddest and soonest first; a
     * recommendation with no action at all is a red row of its own.
     */
    async board(reader: PlanReader, slug: string) {
      const latest = await open(reader, slug);
      const recs = await recommendations(latest.service, latest.inspection);
      const open_ = recs.filter((r) => !r.met);
      type Row = (typeof recs)[number]['actions'][number] & { rag: Rag; rec: (typeof recs)[number] };
      const items = boardOrder<Row>(
        open_.flatMap((r): Row[] =>
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
                  ragLabel: RAG_LABELS.red,
                  ragTag: RAG_TAGS.red,
                  href: null,
                  rec: r,
                },
              ],
        ),
      );
      return { ...latest, items, openCount: open_.length, metCount: recs.length - open_.length, today: today() };
    },
  };
}
export type PlanService = ReturnType<typeof planService>;
