import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { labelOf, standardsOf } from '../../domain/framework.ts';
import { mayActAsLead, panelEditable } from '../../domain/lifecycle.ts';
import { listPanelDecisions, rateStored, savePanelDecision } from '../../store/workflow-repo.ts';
import { ConflictError } from '../../domain/errors.ts';
import { overallBoundsViolation } from '../../domain/engine.ts';
import { formBody, singleError, type FormErrors } from '../forms.ts';
import { renderConflict } from '../workspace/conflict.ts';
import {
  actorOf,
  base,
  loadInspection,
  versionOf,
  workspaceCrumbs,
  type InspectionWork,
} from '../workspace/context.ts';

type Params = { Params: { id: string } };
type StdParams = { Params: { id: string; standardId: string } };
const READERS = ['inspector', 'lead_inspector', 'admin'] as const;
const pct = (p: number | null) => (p === null ? 'n/a' : `${Math.round(p)}%`);
const OVERALL = '_overall';

async function renderPanel(
  app: FastifyInstance,
  req: FastifyRequest,
  reply: FastifyReply,
  work: InspectionWork,
  errors?: FormErrors,
  kept: Record<string, Record<string, string>> = {},
  status = 200,
) {
  const db = app.deps.database.db;
  const [{ result }, decisions] = await Promise.all([
    rateStored(db, work.framework, work.inspection.id),
    listPanelDecisions(db, work.inspection.id),
  ]);
  const byStd = new Map(decisions.map((d) => [d.standardId, d]));
  const leads = req.user!.role === 'lead_inspector' && mayActAsLead(req.user!, work.inspection.leadInspectorId);
  const canDecide = leads && panelEditable(work.state);
  const ratingItems = (selected: string | undefined, blank: string) => [
    { value: '', text: blank },
    ...work.framework.ratingScale.map((r) => ({ value: r.id, text: r.label, selected: r.id === selected })),
  ];
  const rows = result.standards.map((s) => {
    const d = byStd.get(s.standardId);
    const k = kept[s.standardId];
    return {
      ...s,
      ratingLabel: s.rating ? labelOf(work.framework, s.rating) : null,
      computedLabel: s.computedRating ? labelOf(work.framework, s.computedRating) : null,
      kqs: s.keyQuestions.map((kq) => ({
        id: kq.id,
        pct: pct(kq.percent),
        detail:
          `${kq.yes} of ${kq.applicable}${kq.na ? `, ${kq.na} n/a` : ''}` +
          `${kq.unanswered ? `, ${kq.unanswered} unanswered` : ''}`,
        deciding: kq.id === s.decidingKeyQuestion,
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
      // A sample below the framework's minimum is its own warning: those standards need a judgement.
      sampleWarnings: result.problems.filter((p) => p.severity === 'warning' && p.path.startsWith('sampling.')),
      warnings: result.problems.filter((p) => p.severity === 'warning' && !p.path.startsWith('sampling.')),
      canDecide,
      needsOverall,
      overall: {
        version: overallDecision?.version ?? 0,
        items: ratingItems(kept[OVERALL]?.rating ?? overallDecision?.rating, 'No panel decision'),
        rationale: kept[OVERALL]?.rationale ?? overallDecision?.rationale ?? '',
      },
      errors,
      breadcrumbs: workspaceCrumbs(work),
    },
    status,
  );
}

export async function panelRoutes(app: FastifyInstance): Promise<void> {
  app.get<Params>('/workspace/inspections/:id/panel', { config: { auth: READERS } }, async (req, reply) => {
    const work = await loadInspection(app, req, reply, req.params.id);
    return work ? renderPanel(app, req, reply, work) : reply;
  });

  app.post<StdParams>(
    '/workspace/inspections/:id/panel/:standardId',
    { config: { auth: ['lead_inspector'] } },
    async (req, reply) => {
      const work = await loadInspection(app, req, reply, req.params.id);
      if (!work) return reply;
      const sid = req.params.standardId;
      const std = standardsOf(work.framework).find((s) => s.id === sid);
      if (!std && sid !== OVERALL) return reply.callNotFound();
      const body = formBody(req.body);
      const rating = typeof body.rating === 'string' && body.rating ? body.rating : null;
      const rationale = typeof body.rationale === 'string' ? body.rationale.trim() : '';
      const field = sid === OVERALL ? 'overall-rating' : `std-${sid.replace(/\./g, '-')}-rating`;
      const keep = { [sid]: { rating: rating ?? '', rationale } };
      const fail = (msg: string, status = 400) =>
        renderPanel(app, req, reply, work, singleError(field, msg), keep, status);
      if (!panelEditable(work.state))
        return fail(
          `Panel decisions can only change before approval; this inspection is ${work.state.replace(/_/g, ' ')}.`,
          409,
        );
      if (rating && !work.framework.ratingScale.some((r) => r.id === rating))
        return fail('Select a rating from the list');
      const kind = sid === OVERALL ? 'overall' : std!.method === 'judgement' ? 'judgement' : 'override';
      if (rating && kind !== 'judgement' && !rationale)
        return fail(
          `Give the rationale for the ${kind === 'overall' ? 'overall decision' : 'override'}; ` +
            'it is published with the rating',
        );
      if (rationale.length > 4000) return fail('The rationale must be 4000 characters or fewer');
      if (kind === 'overall' && rating) {
        const { result } = await rateStored(app.deps.database.db, work.framework, work.inspection.id);
        const outside = overallBoundsViolation(work.framework, result.standards, rating);
        if (outside) return fail(`The overall rating cannot be recorded: ${outside}.`, 409);
      }
      try {
        await savePanelDecision(
          app.deps.database.db,
          actorOf(req),
          work.inspection.id,
          sid,
          kind,
          rating,
          rationale || null,
          versionOf(body),
        );
        return reply.redirect(`${base(work.inspection.id)}/panel#${field}`, 303);
      } catch (e) {
        if (e instanceof ConflictError) return renderConflict(reply, e, `${base(work.inspection.id)}/panel`);
        throw e;
      }
    },
  );
}
