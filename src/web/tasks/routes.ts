import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { labelOf } from '../../domain/framework.ts';
import { mayActAsLead, STATE_LABELS, STATES, transitionsFrom, type InspectionState } from '../../domain/lifecycle.ts';
import { ROLE_LABELS, type Role } from '../../domain/roles.ts';
import { inspectionChecks } from '../../store/publication-repo.ts';
import { planFor, previousPublished } from '../../store/plans-repo.ts';
import { recommendationMet, type ActionState } from '../../domain/action-plan.ts';
import {
  assignLead,
  listAudit,
  listLeadInspectors,
  listCases,
  listFindings,
  listRecommendations,
  listServiceComments,
  rateStored,
  transition,
} from '../../store/workflow-repo.ts';
import { ConflictError, RuleError } from '../../domain/errors.ts';
import { formBody, singleError, type FormErrors } from '../forms.ts';
import { ukDateTime } from '../view-helpers.ts';
import { renderConflict } from '../workspace/conflict.ts';
import {
  actorOf,
  base,
  INSPECTORATE,
  loadInspection,
  versionOf,
  workspaceCrumbs,
  type InspectionWork,
} from '../workspace/context.ts';

type Params = { Params: { id: string } };

async function taskList(
  app: FastifyInstance,
  req: FastifyRequest,
  reply: FastifyReply,
  work: InspectionWork,
  error?: string,
) {
  const db = app.deps.database.db;
  const id = work.inspection.id;
  const [cases, findings, recs, comments, { result }] = await Promise.all([
    listCases(db, id),
    listFindings(db, id),
    listRecommendations(db, id),
    listServiceComments(db, id),
    rateStored(db, work.framework, id),
  ]);
  const kqsFor = (type: string) =>
    work.framework.domains
      .flatMap((d) => d.standards)
      .filter((s) => s.caseType === type && s.method === 'case_lowest_key_question')
      .flatMap((s) => s.keyQuestions.map((k) => k.id));
  const complete = cases.filter(({ c }) => kqsFor(c.caseType).every((k) => k in c.answers)).length;
  const status = (done: boolean, text?: string) =>
    done ? { text: text ?? 'Completed' } : { tag: { text: text ?? 'Incomplete', classes: 'govuk-tag--blue' } };
  const overall = result.overall.rating
    ? `Overall: ${labelOf(work.framework, result.overall.rating)}`
    : result.overall.status.replace(/_/g, ' ');
  const role = req.user!.role;
  const prev = await previousPublished(db, work.inspection.serviceId, work.inspection.id, app.deps.now());
  const prevPlan = prev ? await planFor(db, prev.id) : [];
  return reply.page(
    'tasks/task-list.njk',
    {
      title: `${work.service.name}: ${work.inspection.title ?? 'inspection'}`,
      work,
      stateLabel: STATE_LABELS[work.state],
      states: STATES.map((s) => ({
        label: STATE_LABELS[s],
        current: s === work.state,
        done: STATES.indexOf(s) < STATES.indexOf(work.state),
      })),
      tasks: [
        {
          title: { text: 'Case sample' },
          href: `${base(id)}/cases`,
          hint: { text: `${cases.length} cases; ${complete} fully answered` },
          status: status(
            cases.length > 0 && complete === cases.length,
            cases.length ? `${complete} of ${cases.length} complete` : 'Not started',
          ),
        },
        {
          title: { text: 'Ratings panel' },
          href: `${base(id)}/panel`,
          hint: { text: result.overall.reason },
          status: status(result.overall.status === 'rated', overall),
        },
        {
          title: { text: 'Findings' },
          href: `${base(id)}/findings`,
          status: status(findings.length > 0, `${findings.length} recorded`),
        },
        {
          title: { text: 'Recommendations' },
          href: `${base(id)}/recommendations`,
          status: status(recs.length > 0, `${recs.length} recorded`),
        },
        {
          title: { text: 'Factual-accuracy check' },
          href: `${base(id)}/factual-accuracy`,
          status: status(comments.length > 0, `${comments.length} comments from the service`),
        },
        {
          title: { text: 'Consistency checks' },
          href: `${base(id)}/checks`,
          status: { text: 'Run on demand; block publication' },
        },
        ...(['publisher', 'lead_inspector', 'admin'].includes(role)
          ? [
              {
                title: { text: 'Press release' },
                href: `${base(id)}/press-release`,
                status: { text: 'Drafted from the record' },
              },
            ]
          : []),
        ...(['publisher', 'admin'].includes(role)
          ? [
              {
                title: { text: 'Embargoed previews' },
                href: `${base(id)}/previews`,
                status: { text: 'Named, time-limited links' },
              },
            ]
          : []),
        ...(work.state === 'published' && ['publisher', 'lead_inspector'].includes(role)
          ? [
              {
                title: { text: 'Corrections' },
                href: `${base(id)}/corrections`,
                status: { text: 'Public correction notes' },
              },
            ]
          : []),
        { title: { text: 'Audit trail' }, href: `${base(id)}/audit`, status: { text: 'Every change, newest first' } },
      ],
      // Scheduling needs a date and time, so it has its own page rather than a one-click button.
      // A lead inspector sees the lead's steps only on the inspections they lead.
      transitions: mayActAsLead(req.user!, work.inspection.leadInspectorId)
        ? transitionsFrom(work.state, role as Role)
            .filter((t) => t.to !== 'scheduled')
            .map((t) => ({ to: t.to, label: t.label }))
        : [],
      lead: work.lead?.name ?? null,
      canReassign: role === 'admin' && work.state !== 'published',
      leadChanged: !error && (req.query as { lead?: string }).lead === 'changed',
      leadUnchanged: !error && (req.query as { lead?: string }).lead === 'unchanged',
      canSchedule: work.state === 'approved' && role === 'publisher',
      publishedAt: work.inspection.publishedAt ? ukDateTime(work.inspection.publishedAt) : null,
      error,
      previous: prev && {
        ref: prev.ref,
        planHref: `/workspace/services/${work.service.slug}/plan`,
        recs: prevPlan.map(({ recommendation: r, actions }) => ({
          position: r.position,
          text: r.text,
          met: recommendationMet(actions.map((a) => ({ state: a.state as ActionState }))),
          actions: actions.length,
        })),
      },
      breadcrumbs: workspaceCrumbs(),
    },
    error ? 422 : 200,
  );
}

const Transition = z.object({ to: z.enum(STATES, { message: 'Choose a valid next step' }) });

export async function taskRoutes(app: FastifyInstance): Promise<void> {
  app.get<Params>('/workspace/inspections/:id', { config: { auth: INSPECTORATE } }, async (req, reply) => {
    const work = await loadInspection(app, req, reply, req.params.id);
    if (!work) return reply;
    return taskList(app, req, reply, work);
  });

  app.post<Params>(
    '/workspace/inspections/:id/transition',
    { config: { auth: ['lead_inspector', 'publisher', 'admin'] } },
    async (req, reply) => {
      const work = await loadInspection(app, req, reply, req.params.id);
      if (!work) return reply;
      const body = formBody(req.body);
      const parsed = Transition.safeParse(body);
      if (!parsed.success) return taskList(app, req, reply, work, 'Choose a valid next step');
      const now = app.deps.now();
      try {
        // The record's own checks (not the press release, which comms may not have drafted yet).
        const consistency = (await inspectionChecks(app.deps.database.db, work.framework, work.inspection.id)).filter(
          (c) => c.severity === 'error' && !c.where.startsWith('press release'),
        );
        await transition(
          app.deps.database.db,
          actorOf(req),
          work.framework,
          work.inspection.id,
          versionOf(body),
          parsed.data.to as InspectionState,
          {
            blockingProblems: consistency.map((c) => `${c.where}: ${c.message}`),
            publicationSet: !!work.inspection.publishedAt,
            embargoPassed: !!work.inspection.publishedAt && work.inspection.publishedAt <= now,
          },
        );
        return reply.redirect(base(work.inspection.id), 303);
      } catch (e) {
        if (e instanceof ConflictError) return renderConflict(reply, e, base(work.inspection.id));
        if (e instanceof RuleError) return taskList(app, req, reply, work, e.message);
        throw e;
      }
    },
  );

  // ---- who leads the inspection (an administrator's decision) ----
  const renderLead = async (reply: FastifyReply, work: InspectionWork, errors?: FormErrors, status = 200) => {
    const leads = await listLeadInspectors(app.deps.database.db);
    return reply.page(
      'tasks/lead.njk',
      {
        title: 'Change the lead inspector',
        work,
        items: [
          { value: '', text: 'Choose the lead inspector' },
          ...leads.map((u) => ({ value: u.id, text: u.name, selected: u.id === work.inspection.leadInspectorId })),
        ],
        errors,
        breadcrumbs: workspaceCrumbs(work),
      },
      status,
    );
  };
  app.get<Params>('/workspace/inspections/:id/lead', { config: { auth: ['admin'] } }, async (req, reply) => {
    const work = await loadInspection(app, req, reply, req.params.id);
    return work ? renderLead(reply, work) : reply;
  });
  app.post<Params>('/workspace/inspections/:id/lead', { config: { auth: ['admin'] } }, async (req, reply) => {
    const work = await loadInspection(app, req, reply, req.params.id);
    if (!work) return reply;
    const body = formBody(req.body);
    if (work.state === 'published') {
      const kept = singleError('leadInspectorId', 'A published inspection keeps the lead who led it.');
      return renderLead(reply, work, kept, 409);
    }
    const leadId = String(body.leadInspectorId ?? '');
    // Choosing the lead who already leads it changes nothing, and says so rather than claiming a change.
    if (leadId === work.inspection.leadInspectorId)
      return reply.redirect(`${base(work.inspection.id)}?lead=unchanged`, 303);
    try {
      await assignLead(app.deps.database.db, actorOf(req), work.inspection.id, versionOf(body), leadId);
    } catch (e) {
      if (e instanceof ConflictError) return renderConflict(reply, e, `${base(work.inspection.id)}/lead`);
      if (e instanceof RuleError)
        return renderLead(reply, work, singleError(e.field ?? 'leadInspectorId', e.message), 400);
      throw e;
    }
    return reply.redirect(`${base(work.inspection.id)}?lead=changed`, 303);
  });

  app.get<Params>(
    '/workspace/inspections/:id/audit',
    { config: { auth: ['inspector', 'lead_inspector', 'admin'] } },
    async (req, reply) => {
      const work = await loadInspection(app, req, reply, req.params.id);
      if (!work) return reply;
      const events = await listAudit(app.deps.database.db, work.inspection.id);
      const describe = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v, null, 1));
      // A short entity id follows its type; an inspection's id, and a long one such as a UUID, do not.
      const idOf = (e: (typeof events)[number]) =>
        e.entityId && e.entityType !== 'inspection' ? ` ${e.entityId.length > 12 ? '' : e.entityId}` : '';
      return reply.page('tasks/audit.njk', {
        title: 'Audit trail',
        work,
        items: events.map((e) => ({
          label: {
            text: `${e.action} ${e.entityType.replace(/_/g, ' ')}${idOf(e)}`.trim(),
          },
          byline: { text: `${e.actorName ?? 'system'} (${ROLE_LABELS[e.actorRole as Role] ?? e.actorRole})` },
          datetime: { timestamp: e.at.toISOString() },
          when: ukDateTime(e.at),
          before: describe(e.before),
          after: describe(e.after),
        })),
        breadcrumbs: workspaceCrumbs(work),
      });
    },
  );
}
