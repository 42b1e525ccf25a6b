import { randomBytes } from 'node:crypto';
import { parseCaseList } from '../domain/case-list.ts';
import { drawReplacement, drawSample, stratumKey, type SampleCase } from '../domain/case-sample.ts';
import { ForbiddenError, InputError, NotFoundError, RuleError } from '../domain/errors.ts';
import { samplingFor, type Framework, type SampleRule } from '../domain/framework.ts';
import { casesEditable, type InspectionState } from '../domain/lifecycle.ts';
import { isServiceRole } from '../domain/roles.ts';
import type { Actor } from '../store/audit.ts';
import {
  auditForCaseRef,
  countEntries,
  countReplacements,
  getCaseList,
  IN_SAMPLE,
  listEntries,
  lockCaseList,
  recordCaseRead,
  replaceCaseList,
  saveDraw,
  saveReplacement,
} from '../store/sample-repo.ts';
import { getWorkflowInspection, lockInspection } from '../store/workflow-repo.ts';
import type { ServiceContext } from './context.ts';
import { inState, workflowService, type Asker, type InspectionWork } from './workflow.ts';

/** The case list can be sent, and the sample drawn, before fieldwork and while it runs. */
export const caseListOpen = (s: InspectionState) => s === 'planned' || s === 'fieldwork';
/** An unusable case can be replaced while cases are still being assessed. */
const replaceOpen = (s: InspectionState) => s === 'planned' || casesEditable(s);

/** The framework's rule for drawing this inspection's sample (the sampling version in force at fieldwork). */
export function sampleRuleFor(framework: Framework, fieldworkStart: string | null) {
  const version = samplingFor(framework, fieldworkStart);
  if (!version?.draw) return null;
  const size = version.caseTypes[version.draw.caseType] ?? null;
  return { ...version.draw, from: version.from, framework: framework.id, frameworkVersion: framework.version, size };
}
export type InspectionSampleRule = SampleRule & {
  from: string;
  framework: string;
  frameworkVersion: string;
  size: { min: number; max: number | null } | null;
};

const asSampleCase = (e: { caseId: string; strata: Record<string, string> }): SampleCase => ({
  caseId: e.caseId,
  strata: e.strata,
});

/**
 * The case sample: the service's case list (uploaded by the service or the lead), the sample drawn
 * from it by the framework's rule with a recorded seed, replacements for unusable cases, and the
 * audit of who reads a case.
 */
export function sampleService(ctx: ServiceContext) {
  const { database, now } = ctx;
  const db = () => database.db;
  const workflow = workflowService(ctx);

  const ruleOf = (work: InspectionWork) => {
    const rule = sampleRuleFor(work.framework, work.inspection.fieldworkStart);
    if (!rule)
      throw new RuleError(
        `${work.framework.name} has no published sampling table in this register, so the sample cannot be ` +
          'drawn here: add the cases by hand.',
        undefined,
        422,
      );
    return rule;
  };

  return {
    ruleFor: (work: InspectionWork) => sampleRuleFor(work.framework, work.inspection.fieldworkStart),

    /**
     * The inspection, for sending its case list: the inspected service's own users (not its board)
     * before the draft is shared with them, or the inspection's lead (through the workflow's `open`,
     * which keeps other leads out). Others are refused as `open` refuses them.
     */
    async openForCaseList(user: Asker, inspectionId: string, change: boolean): Promise<InspectionWork> {
      if (!isServiceRole(user.role)) return workflow.open(user, inspectionId, change);
      const row = await getWorkflowInspection(db(), inspectionId);
      if (!row) throw new NotFoundError('No such inspection.');
      if (user.role !== 'service_user' || row.inspection.serviceId !== user.serviceId)
        throw new ForbiddenError('This inspection is not shared with your service.');
      const framework = ctx.frameworks().get(row.inspection.frameworkId);
      if (!framework) throw new Error(`Framework ${row.inspection.frameworkId} is not loaded`);
      return { ...row, framework, state: row.inspection.status };
    },

    /** What the upload page shows: the list's version and its counts by stratum (nothing case-level). */
    async caseListSummary(work: InspectionWork) {
      const [list, counts] = await Promise.all([
        getCaseList(db(), work.inspection.id),
        countEntries(db(), work.inspection.id),
      ]);
      return { list, counts };
    },

    /**
     * Replaces the case list from an uploaded CSV. A file with a refused column or a bad row changes
     * nothing (InputError, listing every problem); a stale version is a conflict; a list whose sample
     * is drawn is fixed, since the sample and its audit entry rest on it.
     */
    async upload(actor: Actor, work: InspectionWork, expectedVersion: number, text: string) {
      const rule = ruleOf(work);
      const parsed = parseCaseList(text, rule);
      if (!parsed.ok) throw new InputError(parsed.problems, 'file');
      return db().transaction(async (tx) => {
        const insp = await lockInspection(tx, work.inspection.id, 'share');
        if (!caseListOpen(insp.status))
          throw new RuleError(
            inState('The case list can be sent only before fieldwork ends', insp.status),
            'file',
            422,
          );
        const current = await lockCaseList(tx, work.inspection.id);
        if (current?.seed)
          throw new RuleError(
            'The sample has been drawn from this case list, so it can no longer be replaced.',
            'file',
            422,
          );
        return replaceCaseList(
          tx,
          actor,
          work.inspection.id,
          current,
          expectedVersion,
          parsed.rows,
          parsed.columns,
          now(),
        );
      });
    },

    /** The list with each case's place in the sample, for the team. */
    async sample(work: InspectionWork) {
      const [list, entries] = await Promise.all([
        getCaseList(db(), work.inspection.id),
        listEntries(db(), work.inspection.id),
      ]);
      return { list, entries, rule: sampleRuleFor(work.framework, work.inspection.fieldworkStart) };
    },

    /**
     * Draws the sample by the framework's rule with a fresh random seed (or the one given, for a
     * redraw someone is checking), once. The seed and the rule go into the record and the audit.
     */
    async draw(actor: Actor, work: InspectionWork, expectedVersion: number, seed = randomBytes(8).toString('hex')) {
      const rule = ruleOf(work);
      return db().transaction(async (tx) => {
        const insp = await lockInspection(tx, work.inspection.id, 'share');
        if (!caseListOpen(insp.status))
          throw new RuleError(
            inState('The sample can be drawn only before fieldwork ends', insp.status),
            undefined,
            422,
          );
        const list = await lockCaseList(tx, work.inspection.id);
        if (!list) throw new RuleError('There is no case list yet: the service sends it first.', undefined, 422);
        if (list.seed) throw new RuleError('The sample has already been drawn.', undefined, 409);
        if (list.version !== expectedVersion)
          throw new RuleError('The case list changed since you opened this page: look at it again before drawing.');
        const entries = await listEntries(tx, work.inspection.id);
        const drawn = drawSample(rule, entries.map(asSampleCase), seed);
        return saveDraw(
          tx,
          actor,
          work.inspection.id,
          {
            seed,
            rule,
            caseIds: drawn.caseIds,
            summary: { caseload: drawn.caseload, size: drawn.size, strata: drawn.strata },
          },
          now(),
        );
      });
    },

    /**
     * Sets a sampled case aside as unusable, with the reason, and draws its replacement from the
     * cases of the same stratum not yet drawn (by the same seed, numbered). When the stratum has
     * none left, the case is set aside and the sample is one smaller, which the page says.
     */
    async replace(actor: Actor, work: InspectionWork, caseId: string, reason: string) {
      return db().transaction(async (tx) => {
        const insp = await lockInspection(tx, work.inspection.id, 'share');
        if (!replaceOpen(insp.status))
          throw new RuleError(
            inState('A case can be replaced only until the rating panel ends', insp.status),
            'reason',
            422,
          );
        const list = await lockCaseList(tx, work.inspection.id);
        if (!list?.seed) throw new RuleError('The sample has not been drawn yet.', 'reason', 422);
        const entries = await listEntries(tx, work.inspection.id);
        const target = entries.find((e) => e.caseId === caseId);
        if (!target || !target.sampleState || !IN_SAMPLE.includes(target.sampleState))
          throw new NotFoundError('No such case in the sample.');
        const rule = list.rule as InspectionSampleRule;
        const excluded = new Set(entries.filter((e) => e.sampleState).map((e) => e.caseId));
        const n = (await countReplacements(tx, work.inspection.id)) + 1;
        const replacement = drawReplacement(
          rule,
          entries.map(asSampleCase),
          asSampleCase(target),
          excluded,
          list.seed,
          n,
        );
        await saveReplacement(tx, actor, work.inspection.id, {
          unusable: caseId,
          replacement,
          reason,
          n,
          seed: list.seed,
          stratum: stratumKey(rule, target.strata),
        });
        return replacement;
      });
    },

    /** Audits one read of a case's assessment (who, when, which case reference). */
    recordRead: (actor: Actor, work: InspectionWork, c: { id: string; ref: string }) =>
      recordCaseRead(db(), actor, work.inspection.id, c.id, c.ref),

    /** The audit trail of one case reference, for a subject access request (administrators). */
    caseAudit: (ref: string) => auditForCaseRef(db(), ref),
  };
}
export type SampleService = ReturnType<typeof sampleService>;
