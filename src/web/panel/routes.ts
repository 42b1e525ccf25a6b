import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { shareShown } from '../../domain/engine.ts';
import { labelOf } from '../../domain/framework.ts';
import { londonTime, londonToday } from '../../domain/embargo.ts';
import { ForbiddenError } from '../../domain/errors.ts';
import { isValidIsoDate } from '../../domain/partial-date.ts';
import { mayActAsLead, NOT_THE_LEAD, panelDateEditable, panelEditable } from '../../domain/lifecycle.ts';
import { OVERALL } from '../../services/evidence.ts';
import { CASE_READERS } from '../cases/routes.ts';
import { dateFormValues, singleError, type FormErrors } from '../forms.ts';
import { Id, IdParams, Version, type RoutesPlugin } from '../validation.ts';
import { escapeHtml, ukDateTime } from '../view-helpers.ts';
import {
  actorOf,
  base,
  openInspectionFirst,
  work as open,
  workspaceCrumbs,
  type InspectionWork,
} from '../workspace/context.ts';

/** A standard's id (1.1) or the overall decision (_overall): checked against the framework by the service. */
const StdParams = z.object({ id: Id, standardId: z.string().regex(/^(_overall|[0-9A-Za-z.]{1,20})$/) });
type StdParams = z.infer<typeof StdParams>;
/**
 * What was just saved: a decision (or its removal) or the panel date, for the page to say so
 * (anything else is ignored).
 */
const PanelQuery = z.object({
  saved: StdParams.shape.standardId.optional().catch(undefined),
  panelDate: z.enum(['set', 'changed', 'unchanged']).optional().catch(undefined),
});

const part = z.string().trim().catch('');
/**
 * When the rating panel sits: a GOV.UK date input (three boxes) and a UK time on the 24-hour clock
 * ("10:00", "9.30"). Whether it is in the future and after fieldwork is the workflow service's to say.
 */
const PanelDateBody = z
  .object({ version: Version, 'date-day': part, 'date-month': part, 'date-year': part, time: part })
  .transform((b) => {
    const t = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/.exec(b.time);
    return {
      version: b.version,
      blank: !b['date-day'] && !b['date-month'] && !b['date-year'],
      date: `${b['date-year']}-${b['date-month'].padStart(2, '0')}-${b['date-day'].padStart(2, '0')}`,
      time: t ? `${t[1]!.padStart(2, '0')}:${t[2]}` : b.time,
      timeOk: !!t,
    };
  })
  .superRefine((b, ctx) => {
    if (b.blank) ctx.addIssue({ code: 'custom', path: ['date-day'], message: 'Enter the date the panel sits' });
    else if (!/^\d{4}-\d{2}-\d{2}$/.test(b.date) || !isValidIsoDate(b.date))
      ctx.addIssue({ code: 'custom', path: ['date-day'], message: 'The panel date must be a real date' });
    if (!b.time) ctx.addIssue({ code: 'custom', path: ['time'], message: 'Enter the time the panel sits' });
    else if (!b.timeOk)
      ctx.addIssue({
        code: 'custom',
        path: ['time'],
        message: 'Enter the time as hours and minutes on the 24-hour clock, for example 10:00',
      });
  });
/** Who may set the panel date: the inspection's own lead, or an administrator. */
const mayDate = (req: FastifyRequest, work: InspectionWork) =>
  ['lead_inspector', 'admin'].includes(req.user!.role) && mayActAsLead(req.user!, work.inspection.leadInspectorId);
const PANEL_DATE_DONE = {
  set: 'Panel date set: the lead and the team have been emailed',
  changed: 'Panel date changed: the lead and the team have been emailed',
  unchanged: 'The panel date is unchanged: nobody has been emailed',
} as const;
const Decision = z.object({
  rating: z
    .string()
    .optional()
    .transform((v) => v || null),
  rationale: z
    .string()
    .optional()
    .transform((v) => (v ?? '').trim()),
  version: Version,
});
const READERS = ['inspector', 'lead_inspector', 'admin'] as const;
/** The rating field of a standard's decision on the panel page (its error is shown there). */
const ratingField = (sid: string) => (sid === OVERALL ? 'overall-rating' : `std-${sid.replace(/\./g, '-')}-rating`);
const rationaleField = (sid: string) =>
  sid === OVERALL ? 'overall-rationale' : `std-${sid.replace(/\./g, '-')}-rationale`;

async function renderPanel(
  app: FastifyInstance,
  req: FastifyRequest,
  reply: FastifyReply,
  work: InspectionWork,
  errors?: FormErrors,
  kept: Record<string, Record<string, string>> = {},
  status = 200,
  saved?: string,
  panelDate?: keyof typeof PANEL_DATE_DONE,
) {
  // Case answers are read only by those the case pages let in (the team and its lead; `open` has
  // already kept out anyone not on this inspection), so only they are offered the cases answered "no".
  const readsCases = (CASE_READERS as readonly string[]).includes(req.user!.role);
  const { result, decisions, answeredNo } = await app.services.evidence.panel(work, { casesAnsweredNo: readsCases });
  const byStd = new Map(decisions.map((d) => [d.standardId, d]));
  const leads = req.user!.role === 'lead_inspector' && mayActAsLead(req.user!, work.inspection.leadInspectorId);
  const canDecide = leads && panelEditable(work.state);
  const ratingItems = (selected: string | undefined, blank: string) => [
    { value: '', text: blank },
    ...work.framework.ratingScale.map((r) => ({ value: r.id, text: r.label, selected: r.id === selected })),
  ];
  const kqText = new Map(
    work.framework.domains.flatMap((d) =>
      d.standards.flatMap((s) => s.keyQuestions.map((k) => [k.id, k.text] as const)),
    ),
  );
  // The cases answered "no" to a key question, a link each, made here as one piece of markup per key
  // question: a panel lists hundreds (every "no" of every case), and a template loop costs nunjucks a
  // scope and eight loop variables per link. Each case's link is made once, though it is listed
  // under every key question it answered "no" to.
  const caseLinks = new Map<string, string>();
  const caseLink = (c: { id: string; ref: string }) => {
    let link = caseLinks.get(c.id);
    if (link === undefined) {
      const href = escapeHtml(`${base(work.inspection.id)}/cases/${c.id}`);
      link = `<li><a class="govuk-link" href="${href}">Case ${escapeHtml(c.ref)}</a></li>`;
      caseLinks.set(c.id, link);
    }
    return link;
  };
  const rows = result.standards.map((s) => {
    const d = byStd.get(s.standardId);
    const k = kept[s.standardId];
    return {
      ...s,
      ratingLabel: s.rating ? labelOf(work.framework, s.rating) : null,
      computedLabel: s.computedRating ? labelOf(work.framework, s.computedRating) : null,
      kqs: s.keyQuestions.map((kq) => ({
        id: kq.id,
        text: kqText.get(kq.id) ?? '',
        // The fraction and its share by the framework's rule, the one its band was chosen by.
        share: shareShown(work.framework.scoring, kq.yes, kq.applicable),
        detail: [kq.na ? `${kq.na} n/a` : '', kq.unanswered ? `${kq.unanswered} unanswered` : '']
          .filter(Boolean)
          .join(', '),
        deciding: kq.id === s.decidingKeyQuestion,
        answeredNoCount: answeredNo.get(kq.id)?.length ?? 0,
        answeredNoHtml: (answeredNo.get(kq.id) ?? []).map(caseLink).join(''),
      })),
      decision: d ? { rating: d.rating, rationale: d.rationale, version: d.version } : null,
      version: d?.version ?? 0,
      kind: s.method === 'judgement' ? 'judgement' : 'override',
      field: `std-${s.standardId.replace(/\./g, '-')}`,
      items: ratingItems(
        k?.rating ?? d?.rating,
        s.method === 'judgement' ? 'Not yet judged' : 'No override (use the computed rating)',
      ),
      rationale: k?.rationale ?? d?.rationale ?? '',
    };
  });
  const overallDecision = byStd.get(OVERALL);
  // After a decision is saved or removed, say which and what the standard now rests on: removing a
  // decision is a choice in the same list as making one, so it must not pass silently.
  const savedRow = saved ? rows.find((r) => r.standardId === saved) : undefined;
  const named = savedRow ? `${savedRow.standardId} ${savedRow.name}` : '';
  const done = savedRow
    ? savedRow.decision
      ? `Panel decision on ${named} saved: ${labelOf(work.framework, savedRow.decision.rating)}`
      : savedRow.kind === 'judgement'
        ? `Panel decision on ${named} removed: the standard is not yet judged`
        : `Override of ${named} removed: the rating is computed from the cases`
    : saved === OVERALL
      ? overallDecision
        ? `Overall panel decision saved: ${labelOf(work.framework, overallDecision.rating)}`
        : 'Overall panel decision removed'
      : null;
  const needsOverall =
    result.overall.status === 'panel_decision_required' ||
    work.framework.scoring?.overall.method === 'judgement' ||
    !!overallDecision;
  return reply.page(
    'panel/panel.njk',
    {
      title: 'Ratings panel',
      work,
      rows,
      result,
      overallLabel: result.overall.rating ? labelOf(work.framework, result.overall.rating) : null,
      errorsList: result.problems.filter((p) => p.severity === 'error'),
      warnings: result.problems.filter((p) => p.severity === 'warning'),
      canDecide,
      needsOverall,
      overall: {
        version: overallDecision?.version ?? 0,
        items: ratingItems(kept[OVERALL]?.rating ?? overallDecision?.rating, 'No panel decision'),
        rationale: kept[OVERALL]?.rationale ?? overallDecision?.rationale ?? '',
      },
      maxOverrideSteps: work.framework.scoring?.maxOverrideSteps ?? null,
      errors,
      done: errors ? null : panelDate ? PANEL_DATE_DONE[panelDate] : done,
      panelDate: {
        when: work.inspection.ratingPanelAt ? ukDateTime(work.inspection.ratingPanelAt) : null,
        canSet: mayDate(req, work) && panelDateEditable(work.state),
      },
      breadcrumbs: workspaceCrumbs(work),
    },
    status,
  );
}

export const panelRoutes: RoutesPlugin = async (app) => {
  openInspectionFirst(app);
  app.get(
    '/workspace/inspections/:id/panel',
    { schema: { params: IdParams, querystring: PanelQuery }, config: { auth: READERS } },
    async (req, reply) =>
      renderPanel(
        app,
        req,
        reply,
        await open(app, req, req.params.id),
        undefined,
        {},
        200,
        req.query.saved,
        req.query.panelDate,
      ),
  );

  // ---- when the panel sits (the lead of this inspection, or an administrator) ----
  const renderDate = (
    reply: FastifyReply,
    work: InspectionWork,
    values: Record<string, unknown>,
    errors?: FormErrors,
    status = 200,
  ) =>
    reply.page(
      'panel/panel-date.njk',
      {
        title: work.inspection.ratingPanelAt ? 'Change the rating panel date' : 'Set the rating panel date',
        work,
        values,
        current: work.inspection.ratingPanelAt ? ukDateTime(work.inspection.ratingPanelAt) : null,
        editable: panelDateEditable(work.state),
        fieldworkEnd: work.inspection.fieldworkEnd ?? work.inspection.fieldworkStart,
        errors,
        breadcrumbs: workspaceCrumbs(work),
      },
      status,
    );
  app.get(
    '/workspace/inspections/:id/panel-date',
    { schema: { params: IdParams }, config: { auth: ['lead_inspector', 'admin'] } },
    async (req, reply) => {
      const work = await open(app, req, req.params.id);
      // Reading the form is no change, so `open` has not asked whether this is the inspection's lead.
      if (!mayDate(req, work)) throw new ForbiddenError(NOT_THE_LEAD);
      const at = work.inspection.ratingPanelAt;
      const [y = '', m = '', d = ''] = at ? londonToday(at).split('-') : [];
      return renderDate(reply, work, {
        'date-day': d.replace(/^0/, ''),
        'date-month': m.replace(/^0/, ''),
        'date-year': y,
        time: at ? londonTime(at) : '',
      });
    },
  );
  app.post(
    '/workspace/inspections/:id/panel-date',
    {
      schema: { params: IdParams, body: PanelDateBody },
      config: {
        auth: ['lead_inspector', 'admin'],
        form: async (req, reply, errors, status) => {
          const work = await open(app, req, (req.params as IdParams).id);
          return renderDate(reply, work, dateFormValues(req.body), errors, status);
        },
      },
    },
    async (req, reply) => {
      const work = await open(app, req, req.params.id);
      const { version, date, time } = req.body;
      const done = await app.services.workflow.setPanelDate(actorOf(req), work, version, { date, time });
      return reply.redirect(`${base(work.inspection.id)}/panel?panelDate=${done}`, 303);
    },
  );

  app.post(
    '/workspace/inspections/:id/panel/:standardId',
    {
      schema: { params: StdParams, body: Decision },
      config: {
        auth: ['lead_inspector'],
        latest: (req) => `${base((req.params as StdParams).id)}/panel`,
        // Whatever the problem, it is shown beside the decision's rating, with what was typed kept.
        form: async (req, reply, errors, status) => {
          const { id, standardId } = req.params as StdParams;
          const body = (req.body ?? {}) as Record<string, unknown>;
          const keep = {
            [standardId]: {
              rating: typeof body.rating === 'string' ? body.rating : '',
              rationale: typeof body.rationale === 'string' ? body.rationale.trim() : '',
            },
          };
          const text = errors.errorList[0]?.text ?? 'Check the decision';
          // The message goes beside the field it is about: the rationale, or else the rating.
          const field = errors.fields.rationale ? rationaleField(standardId) : ratingField(standardId);
          const work = await open(app, req, id);
          return renderPanel(app, req, reply, work, singleError(field, text), keep, status);
        },
      },
    },
    async (req, reply) => {
      const work = await open(app, req, req.params.id);
      const sid = req.params.standardId;
      const { rating, rationale, version } = req.body;
      await app.services.evidence.decide(actorOf(req), work, sid, rating, rationale, version);
      // No rating at version 0 removed nothing (a decision made meanwhile would have been a 409): no banner.
      const said = rating === null && version === 0 ? '' : `?saved=${encodeURIComponent(sid)}`;
      return reply.redirect(`${base(work.inspection.id)}/panel${said}#${ratingField(sid)}`, 303);
    },
  );
};
