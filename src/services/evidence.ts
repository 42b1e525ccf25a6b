import { assertOverallWithinBounds, assertOverrideWithinSteps } from '../domain/engine.ts';
import { NotFoundError, RuleError } from '../domain/errors.ts';
import { standardsOf, type Framework } from '../domain/framework.ts';
import type { Addressee } from '../domain/inspection-record.ts';
import { ADDRESSEE_NAME_MISSING, addresseeNeedsName } from '../domain/report-text.ts';
import { casesEditable, panelEditable, type InspectionState } from '../domain/lifecycle.ts';
import type { Actor } from '../store/audit.ts';
import type { Tx } from '../store/db.ts';
import {
  addCase,
  addFinding,
  addRecommendation,
  caseRefTaken,
  editText,
  getCase,
  listCaseSummaries,
  listFindings,
  listPanelDecisions,
  listRecommendations,
  listStandardRatings,
  lockInspection,
  rateRows,
  rateStored,
  saveCaseAnswers,
  savePanelDecision,
} from '../store/workflow-repo.ts';
import type { ServiceContext } from './context.ts';
import { inState, type InspectionWork } from './workflow.ts';

/** The panel's decision on the overall rating is stored under this standard id. */
export const OVERALL = '_overall';
/** A rationale is published with its rating; this is as long as one may be. */
export const RATIONALE_MAX = 4000;

type TextKind = 'finding' | 'recommendation';
export type FindingInput = { standardId: string | null; kind: 'strength' | 'improvement'; text: string };
export type RecommendationInput = { addressee: Addressee; addresseeName: string | null; text: string };

/** A recommendation is to a body by its real name where its addressee code names no one body. */
function checkAddressee(v: RecommendationInput) {
  if (addresseeNeedsName(v.addressee) && !v.addresseeName?.trim())
    throw new RuleError(ADDRESSEE_NAME_MISSING, 'addresseeName', 400);
}

/** The standards rated from a case of this type (lowest key question), in framework order. */
export function caseStandards(f: Framework, caseType: string) {
  return standardsOf(f).filter((s) => s.caseType === caseType && s.method === 'case_lowest_key_question');
}

/**
 * An inspection's evidence and report: the case sample and its answers, the panel's decisions,
 * findings and recommendations, and the draft the service checks (services/factual-accuracy.ts). Every write locks the
 * inspection's row FOR SHARE and checks its state inside its transaction, so writes run side by
 * side but never after a change of state that closes them.
 */
export function evidenceService(ctx: ServiceContext) {
  const { database, now } = ctx;
  const db = () => database.db;
  /** Runs `write` holding the inspection FOR SHARE, once its state allows the change. */
  const whileOpen = <T>(
    inspectionId: string,
    open: (s: InspectionState) => boolean,
    refusal: (s: InspectionState) => RuleError,
    write: (tx: Tx) => Promise<T>,
  ) =>
    db().transaction(async (tx) => {
      const row = await lockInspection(tx, inspectionId, 'share');
      if (!open(row.status)) throw refusal(row.status);
      return write(tx);
    });
  const reportOpen = (id: string) => ({
    id,
    when: panelEditable,
    refusal: (s: InspectionState) => new RuleError(inState('The report can only change before approval', s), 'text'),
  });

  return {
    // ---- cases ----
    cases: (work: InspectionWork) => listCaseSummaries(db(), work.inspection.id),
    async getCase(work: InspectionWork, caseId: string) {
      const c = await getCase(db(), work.inspection.id, caseId);
      if (!c) throw new NotFoundError('No such case.');
      return c;
    },
    /** Adds a case to the sample, during fieldwork or the rating panel; a reference names one case. */
    async addCase(actor: Actor, work: InspectionWork, v: { ref: string; caseType: string; disposal: string | null }) {
      if (!work.framework.caseTypes.some((t) => t.id === v.caseType))
        throw new RuleError('Select the case type', 'caseType');
      const id = work.inspection.id;
      const refusal = (s: InspectionState) =>
        new RuleError(inState('Cases can only be added during fieldwork or the rating panel', s), 'ref');
      return whileOpen(id, casesEditable, refusal, async (tx) => {
        if (await caseRefTaken(tx, id, v.ref))
          throw new RuleError(`A case with reference ${v.ref} is already in this sample.`, 'ref');
        return addCase(tx, actor, id, { ...v, inspectorId: actor.id });
      });
    },
    /** Saves a case's answers at the version the inspector saw, during fieldwork or the rating panel. */
    async saveAnswers(
      actor: Actor,
      inspectionId: string,
      caseId: string,
      expectedVersion: number,
      answers: Record<string, 'yes' | 'no' | 'na'>,
      notes: Record<string, string>,
    ) {
      const refusal = (s: InspectionState) =>
        new RuleError(inState('Answers can only change during fieldwork or the rating panel', s));
      return whileOpen(inspectionId, casesEditable, refusal, (tx) =>
        saveCaseAnswers(tx, actor, inspectionId, caseId, expectedVersion, answers, notes, now()),
      );
    },

    // ---- the ratings panel ----
    /**
     * The panel's ratings and decisions; with `casesAnsweredNo` (only for those who may read cases),
     * also each key question's cases answered "no", by reference, so the panel can open them.
     */
    async panel(work: InspectionWork, opts: { casesAnsweredNo?: boolean } = {}) {
      // The cases and decisions are read once each and rated here (the engine rates the same case
      // rows, in the same order, that the "answered no" lists are made from).
      const [rows, decisions] = await Promise.all([
        listCaseSummaries(db(), work.inspection.id),
        listPanelDecisions(db(), work.inspection.id),
      ]);
      const { result } = rateRows(
        work.framework,
        rows.map((r) => r.c),
        decisions,
        work.inspection.fieldworkStart,
      );
      const answeredNo = new Map<string, { id: string; ref: string }[]>();
      if (opts.casesAnsweredNo)
        for (const { c } of rows)
          for (const [kq, answer] of Object.entries(c.answers))
            if (answer === 'no') {
              const list = answeredNo.get(kq);
              if (list) list.push({ id: c.id, ref: c.ref });
              else answeredNo.set(kq, [{ id: c.id, ref: c.ref }]);
            }
      return { result, decisions, answeredNo };
    },
    /**
     * Records, replaces or (rating null) clears the panel's decision on a standard or, under
     * OVERALL, the overall rating. A judgement needs only its rating; an override of a computed
     * rating and an overall decision need a rationale, which is published with the rating.
     */
    async decide(
      actor: Actor,
      work: InspectionWork,
      standardId: string,
      rating: string | null,
      rationale: string,
      expectedVersion: number,
    ) {
      const std = standardsOf(work.framework).find((s) => s.id === standardId);
      if (!std && standardId !== OVERALL) throw new NotFoundError('No such standard.');
      if (rating && !work.framework.ratingScale.some((r) => r.id === rating))
        throw new RuleError('Select a rating from the list', 'rating');
      const kind = !std ? 'overall' : std.method === 'judgement' ? 'judgement' : 'override';
      if (rating && kind !== 'judgement' && !rationale)
        throw new RuleError(
          `Give the rationale for the ${kind === 'overall' ? 'overall decision' : 'override'}; ` +
            'it is published with the rating',
          'rationale',
        );
      if (rationale.length > RATIONALE_MAX)
        throw new RuleError(`The rationale must be ${RATIONALE_MAX} characters or fewer`, 'rationale');
      const id = work.inspection.id;
      const refusal = (s: InspectionState) =>
        new RuleError(inState('Panel decisions can only change before approval', s), 'rating');
      return whileOpen(id, panelEditable, refusal, async (tx) => {
        // The framework may bound the panel's overall rating by the standards' (rated inside the
        // transaction, so the bounds are checked against the answers this decision is made on).
        if (kind === 'overall' && rating)
          assertOverallWithinBounds(work.framework, (await rateStored(tx, work.framework, id)).result, rating);
        // An override may move the computed rating only as far as the framework allows: refused
        // here, when it is entered, rather than saved and found later when the draft cannot be sent.
        if (kind === 'override' && rating) {
          const rated = (await rateStored(tx, work.framework, id)).result.standards.find(
            (s) => s.standardId === standardId,
          );
          if (rated) assertOverrideWithinSteps(work.framework, rated, rating);
        }
        return savePanelDecision(tx, actor, id, standardId, kind, rating, rationale || null, expectedVersion, now());
      });
    },

    // ---- findings and recommendations ----
    texts: (work: InspectionWork, kind: TextKind) =>
      kind === 'finding' ? listFindings(db(), work.inspection.id) : listRecommendations(db(), work.inspection.id),
    async text(work: InspectionWork, kind: TextKind, itemId: string) {
      const items = await (kind === 'finding'
        ? listFindings(db(), work.inspection.id)
        : listRecommendations(db(), work.inspection.id));
      const item = items.find((x) => x.id === itemId);
      if (!item) throw new NotFoundError(`No such ${kind}.`);
      return item as Record<string, unknown>;
    },
    async addFinding(actor: Actor, work: InspectionWork, v: FindingInput) {
      if (v.standardId && !standardsOf(work.framework).some((s) => s.id === v.standardId))
        throw new RuleError('Select a standard from the list', 'standardId');
      const o = reportOpen(work.inspection.id);
      return whileOpen(o.id, o.when, o.refusal, (tx) => addFinding(tx, actor, o.id, v));
    },
    async addRecommendation(actor: Actor, work: InspectionWork, v: RecommendationInput) {
      checkAddressee(v);
      const o = reportOpen(work.inspection.id);
      return whileOpen(o.id, o.when, o.refusal, (tx) => addRecommendation(tx, actor, o.id, v));
    },
    /** Edits (or, with 'remove', deletes) a finding or recommendation at the version the editor saw. */
    async editText(
      actor: Actor,
      work: InspectionWork,
      kind: TextKind,
      itemId: string,
      expectedVersion: number,
      values: FindingInput | RecommendationInput | 'remove',
    ) {
      if (values !== 'remove' && 'standardId' in values && values.standardId)
        if (!standardsOf(work.framework).some((s) => s.id === values.standardId))
          throw new RuleError('Select a standard from the list', 'standardId');
      if (kind === 'recommendation' && values !== 'remove') checkAddressee(values as RecommendationInput);
      const o = reportOpen(work.inspection.id);
      return whileOpen(o.id, o.when, o.refusal, (tx) =>
        editText(tx, actor, kind, o.id, itemId, expectedVersion, values),
      );
    },

    // ---- the factual-accuracy check ----
    async draft(work: InspectionWork) {
      const id = work.inspection.id;
      const [ratings, findings, recs] = await Promise.all([
        listStandardRatings(db(), id),
        listFindings(db(), id),
        listRecommendations(db(), id),
      ]);
      return { ratings, findings, recs };
    },
  };
}
export type EvidenceService = ReturnType<typeof evidenceService>;
