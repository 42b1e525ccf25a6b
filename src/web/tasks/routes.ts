import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { RECOMMENDATION_STATUS_LABELS, recommendationStatus, type ActionState } from '../../domain/action-plan.ts';
import { londonToday } from '../../domain/embargo.ts';
import { auditSentence } from '../../domain/audit-text.ts';
import { deadlineText, FA_STATE_LABELS, unansweredMessage } from '../../domain/factual-accuracy.ts';
import { labelOf } from '../../domain/framework.ts';
import { ForbiddenError } from '../../domain/errors.ts';
import {
  mayActAsLead,
  NOT_THE_LEAD,
  panelDateEditable,
  planEditable,
  STATE_LABELS,
  STATES,
  transitionsFrom,
} from '../../domain/lifecycle.ts';
import { ROLE_LABELS, type Role } from '../../domain/roles.ts';
import { singleError, type FormErrors } from '../forms.ts';
import { IdParams, Version, type RoutesPlugin } from '../validation.ts';
import { ukDateTime } from '../view-helpers.ts';
import {
  actorOf,
  base,
  INSPECTORATE,
  openInspectionFirst,
  work as open,
  workspaceCrumbs,
  type InspectionWork,
} from '../workspace/context.ts';
import { frameworkItems, plannedDetailsForm, TeamField, toDayField } from '../workspace/routes.ts';

const TeamBody = z.object({ team: TeamField, version: Version });
const WithdrawBody = z.object({
  reason: z
    .string({ error: 'Enter why the inspection is being withdrawn' })
    .trim()
    .min(1, 'Enter why the inspection is being withdrawn')
    .max(2000, 'The reason must be 2000 characters or fewer'),
  version: Version,
});
const PlanBody = plannedDetailsForm({}, { version: Version });

/** The day, month and year fields of an ISO date, to fill a GOV.UK date input. */
const dateValues = (prefix: string, iso: string | null) => {
  const [year = '', month = '', day = ''] = iso ? iso.split('-') : [];
  return {
    [`${prefix}-day`]: day.replace(/^0/, ''),
    [`${prefix}-month`]: month.replace(/^0/, ''),
    [`${prefix}-year`]: year,
  };
};

/** A lead inspector changes the plan and team only of the inspection they lead (an administrator, any). */
const requireOwnLead = (req: FastifyRequest, w: InspectionWork) => {
  if (!mayActAsLead(req.user!, w.inspection.leadInspectorId)) throw new ForbiddenError(NOT_THE_LEAD);
};

const LeadQuery = z.object({ lead: z.enum(['changed', 'unchanged']).optional().catch(undefined) });

async function taskList(
  app: FastifyInstance,
  req: FastifyRequest,
  reply: FastifyReply,
  work: InspectionWork,
  error?: string,
) {
  const id = work.inspection.id;
  const [{ cases, findings, recs, comments, result, prev, prevPlan }, team, fa] = await Promise.all([
    app.services.workflow.tasks(work),
    app.services.workflow.team(work),
    app.services.factualAccuracy.overview(work),
  ]);
  const unanswered = comments.filter((c) => !c.response).length;
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
  const { lead } = LeadQuery.parse(req.query ?? {});
  return reply.page(
    'tasks/task-list.njk',
    {
      title: `${work.service.name}: ${work.inspection.title ?? 'inspection'}`,
      work,
      stateLabel: STATE_LABELS[work.state],
      team: team.map((m) => ({
        name: m.name,
        label:
          m.role === 'partner_inspector'
            ? `inspector from ${m.partnerInspectorate ?? 'a partner inspectorate'}`
            : 'inspector',
      })),
      fieldworkStart: work.inspection.fieldworkStart,
      fieldworkEnd: work.inspection.fieldworkEnd,
      isLead: mayActAsLead(req.user!, work.inspection.leadInspectorId),
      panelDate: work.inspection.ratingPanelAt ? ukDateTime(work.inspection.ratingPanelAt) : null,
      canSetPanelDate:
        panelDateEditable(work.state) &&
        ['lead_inspector', 'admin'].includes(role) &&
        mayActAsLead(req.user!, work.inspection.leadInspectorId),
      canEditPlan:
        planEditable(work.state) &&
        ['lead_inspector', 'admin'].includes(role) &&
        mayActAsLead(req.user!, work.inspection.leadInspectorId),
      canEditTeam:
        (role === 'admin' && work.state !== 'published' && work.state !== 'withdrawn') ||
        (role === 'lead_inspector' &&
          planEditable(work.state) &&
          mayActAsLead(req.user!, work.inspection.leadInspectorId)),
      canWithdraw:
        ['lead_inspector', 'admin'].includes(role) &&
        mayActAsLead(req.user!, work.inspection.leadInspectorId) &&
        transitionsFrom(work.state, role as Role).some((t) => t.to === 'withdrawn'),
      // Withdrawn is where an inspection ends instead, not a stage it passes through.
      states: STATES.filter((s) => s !== 'withdrawn' || work.state === 'withdrawn').map((s) => ({
        label: STATE_LABELS[s],
        current: s === work.state,
        done: STATES.indexOf(s) < STATES.indexOf(work.state),
      })),
      tasks: [
        ...(['inspector', 'lead_inspector'].includes(role)
          ? [
              {
                title: { text: 'Case list and sample' },
                href: `${base(id)}/sample`,
                hint: { text: 'The service’s case list and the sample drawn from it by the framework’s rule' },
                status: { text: 'Drawn by the lead' },
              },
            ]
          : []),
        // Case-level data is for the team and lead only; others see the counts in the panel's figures.
        ...(['inspector', 'lead_inspector'].includes(role)
          ? [
              {
                title: { text: 'Case sample' },
                href: `${base(id)}/cases`,
                hint: { text: `${cases.length} cases; ${complete} fully answered` },
                status: status(
                  cases.length > 0 && complete === cases.length,
                  cases.length ? `${complete} of ${cases.length} complete` : 'Not started',
                ),
              },
            ]
          : []),
        {
          title: { text: 'Ratings panel' },
          href: `${base(id)}/panel`,
          hint: { text: result.overall.reason },
          status: status(result.overall.status === 'rated', overall),
        },
        ...(['inspector', 'lead_inspector', 'admin'].includes(role)
          ? [
              {
                title: { text: 'Report text' },
                href: `${base(id)}/report`,
                hint: { text: 'The foreword, overview and each standard’s narrative, saved as versions' },
                status: { text: 'Figures placed from the record' },
              },
            ]
          : []),
        ...(work.state === 'factual_accuracy' && ['inspector', 'lead_inspector'].includes(role)
          ? [
              {
                title: { text: 'Draft report (PDF)' },
                href: `${base(id)}/report/draft.pdf`,
                hint: { text: 'The draft as the service checks it' },
                status: { text: 'Watermarked, not stored' },
              },
            ]
          : []),
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
          hint: fa.check
            ? { text: `Comments due by ${deadlineText(fa.check.deadline)}` }
            : { text: 'The draft goes to the service when the rating panel sends it' },
          status: fa.state
            ? status(
                fa.state === 'closed' || fa.state === 'responded',
                `${FA_STATE_LABELS[fa.state]}: ${comments.length} comment${comments.length === 1 ? '' : 's'}` +
                  (unanswered ? `, ${unanswered} to answer` : ''),
              )
            : { text: 'Not sent' },
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
        role === 'publisher'
          ? {
              title: { text: 'Preview audit' },
              href: `${base(id)}/audit`,
              status: { text: 'Preview links made, withdrawn and opened' },
            }
          : {
              title: { text: 'Audit trail' },
              href: `${base(id)}/audit`,
              status: { text: 'Every change, newest first' },
            },
      ],
      // Scheduling needs a date and time, so it has its own page rather than a one-click button.
      // A lead inspector sees the lead's steps only on the inspections they lead.
      // Approval is offered only once every factual-accuracy comment is answered (the server refuses it too).
      transitions: mayActAsLead(req.user!, work.inspection.leadInspectorId)
        ? transitionsFrom(work.state, role as Role)
            .filter((t) => t.to !== 'scheduled' && t.to !== 'withdrawn')
            .filter((t) => t.to !== 'approved' || unanswered === 0)
            .map((t) => ({ to: t.to, label: t.label }))
        : [],
      approvalWaits:
        work.state === 'factual_accuracy' && unanswered > 0 && mayActAsLead(req.user!, work.inspection.leadInspectorId)
          ? unansweredMessage(unanswered)
          : null,
      approval: fa.approval && {
        by: fa.approval.approvedBy,
        at: ukDateTime(fa.approval.approvedAt),
        comments: fa.approval.commentCount,
        accepted: fa.approval.acceptedCount,
        version: fa.approval.inspectionVersion,
        draftVersion: fa.approval.draftVersion,
      },
      lead: work.lead?.name ?? null,
      canReassign: role === 'admin' && work.state !== 'published' && work.state !== 'withdrawn',
      leadChanged: !error && lead === 'changed',
      leadUnchanged: !error && lead === 'unchanged',
      canSchedule: work.state === 'approved' && role === 'publisher',
      publishedAt: work.inspection.publishedAt ? ukDateTime(work.inspection.publishedAt) : null,
      error,
      // The step that cannot be taken, as the form errors every error page has ("Error: " in the title).
      errors: error ? singleError('next-steps', error) : undefined,
      previous: prev && {
        ref: prev.ref,
        planHref: `/workspace/services/${work.service.slug}/plan`,
        historyHref: `/workspace/services/${work.service.slug}/plan/history`,
        recs: prevPlan.map(({ recommendation: r, actions, signOff }) => {
          const status = recommendationStatus(
            actions.map((a) => ({
              state: a.state as ActionState,
              dueDate: a.dueDate,
              lastProgress: londonToday(a.latestUpdate?.createdAt ?? a.createdAt),
            })),
            Boolean(signOff),
            app.services.plans.today(),
          );
          return {
            position: r.position,
            text: r.text,
            met: status === 'met',
            statusLabel: RECOMMENDATION_STATUS_LABELS[status],
            actions: actions.length,
            // The latest progress on each action, with its evidence, as the board sees it.
            evidence: actions.flatMap((a) =>
              a.latestUpdate
                ? [
                    {
                      action: a.description,
                      note: a.latestUpdate.note,
                      evidence: a.latestUpdate.evidence,
                      files: a.files.map((f) => ({
                        filename: f.filename,
                        href: `/workspace/services/${work.service.slug}/plan/files/${f.id}`,
                      })),
                    },
                  ]
                : [],
            ),
          };
        }),
      },
      breadcrumbs: workspaceCrumbs(),
    },
    error ? 422 : 200,
  );
}

const Transition = z.object({ to: z.enum(STATES, { message: 'Choose a valid next step' }), version: Version });
const LeadBody = z.object({ leadInspectorId: z.string().default(''), version: Version });
/** A step that cannot be taken is shown on the task list, beside the steps, as it always was (422). */
const firstError = (errors: FormErrors) => errors.errorList[0]?.text ?? 'Choose a valid next step';

export const taskRoutes: RoutesPlugin = async (app) => {
  openInspectionFirst(app);
  const workflow = app.services.workflow;
  app.get(
    '/workspace/inspections/:id',
    { schema: { params: IdParams, querystring: LeadQuery }, config: { auth: INSPECTORATE } },
    async (req, reply) => taskList(app, req, reply, await open(app, req, req.params.id)),
  );

  app.post(
    '/workspace/inspections/:id/transition',
    {
      schema: { params: IdParams, body: Transition },
      config: {
        auth: ['lead_inspector', 'publisher', 'admin'],
        latest: (req) => base((req.params as IdParams).id),
        form: async (req, reply, errors) =>
          taskList(app, req, reply, await open(app, req, (req.params as IdParams).id), firstError(errors)),
      },
    },
    async (req, reply) => {
      const w = await open(app, req, req.params.id);
      await workflow.transition(actorOf(req), w.inspection.id, req.body.version, req.body.to);
      return reply.redirect(base(w.inspection.id), 303);
    },
  );

  // ---- who leads the inspection (an administrator's decision) ----
  const renderLead = async (reply: FastifyReply, w: InspectionWork, errors?: FormErrors, status = 200) => {
    const leads = await workflow.leads();
    return reply.page(
      'tasks/lead.njk',
      {
        title: 'Change the lead inspector',
        work: w,
        items: [
          { value: '', text: 'Choose the lead inspector' },
          ...leads.map((u) => ({ value: u.id, text: u.name, selected: u.id === w.inspection.leadInspectorId })),
        ],
        errors,
        breadcrumbs: workspaceCrumbs(w),
      },
      status,
    );
  };
  app.get(
    '/workspace/inspections/:id/lead',
    { schema: { params: IdParams }, config: { auth: ['admin'] } },
    async (req, reply) => renderLead(reply, await open(app, req, req.params.id)),
  );
  app.post(
    '/workspace/inspections/:id/lead',
    {
      schema: { params: IdParams, body: LeadBody },
      config: {
        auth: ['admin'],
        form: async (req, reply, errors, status) =>
          renderLead(reply, await open(app, req, (req.params as IdParams).id), errors, status),
      },
    },
    async (req, reply) => {
      const w = await open(app, req, req.params.id);
      const done = await workflow.assignLead(actorOf(req), w, req.body.version, req.body.leadInspectorId);
      return reply.redirect(`${base(w.inspection.id)}?lead=${done}`, 303);
    },
  );

  // ---- the team (chosen at planning; the lead changes it until fieldwork, an administrator at any time) ----
  const renderTeam = async (
    reply: FastifyReply,
    w: InspectionWork,
    chosen?: string[],
    errors?: FormErrors,
    status = 200,
  ) => {
    const [choices, team] = await Promise.all([workflow.teamChoices(), workflow.team(w)]);
    const ticked = new Set(chosen ?? team.map((m) => m.id));
    return reply.page(
      'tasks/team.njk',
      {
        title: 'Change the inspection team',
        work: w,
        items: choices
          .filter((u) => u.id !== w.inspection.leadInspectorId)
          .map((u) => ({ value: u.id, text: u.name, checked: ticked.has(u.id) })),
        errors,
        breadcrumbs: workspaceCrumbs(w),
      },
      status,
    );
  };
  const TEAM_EDITORS: Role[] = ['lead_inspector', 'admin'];
  app.get(
    '/workspace/inspections/:id/team',
    { schema: { params: IdParams }, config: { auth: TEAM_EDITORS } },
    async (req, reply) => {
      const w = await open(app, req, req.params.id);
      requireOwnLead(req, w);
      return renderTeam(reply, w);
    },
  );
  app.post(
    '/workspace/inspections/:id/team',
    {
      schema: { params: IdParams, body: TeamBody },
      config: {
        auth: TEAM_EDITORS,
        form: async (req, reply, errors, status) =>
          renderTeam(reply, await open(app, req, (req.params as IdParams).id), undefined, errors, status),
      },
    },
    async (req, reply) => {
      const w = await open(app, req, req.params.id);
      if (req.user!.role !== 'admin' && !planEditable(w.state))
        return renderTeam(
          reply,
          w,
          req.body.team,
          singleError('team', 'Once fieldwork has started only an administrator can change the team.'),
          422,
        );
      await workflow.assignTeam(actorOf(req), w, req.body.version, req.body.team);
      return reply.redirect(`${base(w.inspection.id)}#team`, 303);
    },
  );

  // ---- planned details, until fieldwork starts ----
  const renderPlan = async (
    reply: FastifyReply,
    w: InspectionWork,
    values?: Record<string, unknown>,
    errors?: FormErrors,
    status = 200,
  ) => {
    const i = w.inspection;
    const shown = values ?? {
      title: i.title,
      frameworkId: i.frameworkId,
      ...dateValues('fieldworkStart', i.fieldworkStart),
      ...dateValues('fieldworkEnd', i.fieldworkEnd),
    };
    return reply.page(
      'tasks/plan.njk',
      {
        title: 'Change the planned details',
        work: w,
        editable: planEditable(w.state),
        values: shown,
        frameworkItems: frameworkItems(
          app.deps.frameworks().values(),
          shown.frameworkId,
          i.fieldworkStart,
          app.deps.now().toISOString().slice(0, 10),
        ),
        errors: errors && toDayField(errors),
        breadcrumbs: workspaceCrumbs(w),
      },
      status,
    );
  };
  app.get(
    '/workspace/inspections/:id/plan',
    { schema: { params: IdParams }, config: { auth: TEAM_EDITORS } },
    async (req, reply) => {
      const w = await open(app, req, req.params.id);
      requireOwnLead(req, w);
      return renderPlan(reply, w);
    },
  );
  app.post(
    '/workspace/inspections/:id/plan',
    {
      schema: { params: IdParams, body: PlanBody },
      config: {
        auth: TEAM_EDITORS,
        form: async (req, reply, errors, status) =>
          renderPlan(
            reply,
            await open(app, req, (req.params as IdParams).id),
            req.body as Record<string, unknown>,
            errors,
            status,
          ),
      },
    },
    async (req, reply) => {
      const w = await open(app, req, req.params.id);
      const { version, ...details } = req.body;
      await workflow.editPlan(actorOf(req), w, version, details);
      return reply.redirect(base(w.inspection.id), 303);
    },
  );

  // ---- withdrawal, with a reason ----
  const renderWithdraw = async (
    reply: FastifyReply,
    w: InspectionWork,
    values: Record<string, unknown> = {},
    errors?: FormErrors,
    status = 200,
  ) =>
    reply.page(
      'tasks/withdraw.njk',
      { title: 'Withdraw the inspection', work: w, values, errors, breadcrumbs: workspaceCrumbs(w) },
      status,
    );
  app.get(
    '/workspace/inspections/:id/withdraw',
    { schema: { params: IdParams }, config: { auth: TEAM_EDITORS } },
    async (req, reply) => {
      const w = await open(app, req, req.params.id);
      requireOwnLead(req, w);
      return renderWithdraw(reply, w);
    },
  );
  app.post(
    '/workspace/inspections/:id/withdraw',
    {
      schema: { params: IdParams, body: WithdrawBody },
      config: {
        auth: TEAM_EDITORS,
        form: async (req, reply, errors, status) =>
          renderWithdraw(
            reply,
            await open(app, req, (req.params as IdParams).id),
            req.body as Record<string, unknown>,
            errors,
            status,
          ),
      },
    },
    async (req, reply) => {
      const w = await open(app, req, req.params.id);
      await workflow.withdraw(actorOf(req), w, req.body.version, req.body.reason);
      return reply.redirect(base(w.inspection.id), 303);
    },
  );

  const AuditQuery = z.object({ person: z.string().optional().catch(undefined) });
  app.get(
    '/workspace/inspections/:id/audit',
    {
      schema: { params: IdParams, querystring: AuditQuery },
      // Publishers see the preview links' part of the trail only (the workflow service decides).
      config: { auth: ['inspector', 'lead_inspector', 'publisher', 'admin'] },
    },
    async (req, reply) => {
      const w = await open(app, req, req.params.id);
      const person = req.query.person || undefined;
      const role = req.user!.role as Role;
      const { events, names, people } = await workflow.auditTrail(w, person, role);
      const describe = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v, null, 1));
      const words = {
        rating: (id: string) => labelOf(w.framework, id),
        state: (id: string) => STATE_LABELS[id as keyof typeof STATE_LABELS] ?? id,
        person: (id: string) => names.get(id) ?? 'an account no longer known',
      };
      return reply.page('tasks/audit.njk', {
        title: role === 'publisher' ? 'Preview audit' : 'Audit trail',
        previewsOnly: role === 'publisher',
        work: w,
        personItems: [
          { value: '', text: 'Everyone' },
          ...[...people].map(([id, name]) => ({ value: id, text: name, selected: id === person })),
        ],
        filtered: !!person,
        items: events.map((e) => ({
          sentence: auditSentence(e, words),
          byline: { text: `${e.actorName ?? 'system'} (${ROLE_LABELS[e.actorRole as Role] ?? e.actorRole})` },
          datetime: { timestamp: e.at.toISOString() },
          when: ukDateTime(e.at),
          raw: `${e.action} ${e.entityType}${e.entityId ? ` ${e.entityId}` : ''}`,
          before: describe(e.before),
          after: describe(e.after),
        })),
        breadcrumbs: workspaceCrumbs(w),
      });
    },
  );
};
