import { ConflictError, ForbiddenError, NotFoundError, RuleError } from '../domain/errors.ts';
import type { Framework } from '../domain/framework.ts';
import { fieldworkInWindow, fieldworkWindowText } from '../domain/framework-selection.ts';
import {
  checkTransition,
  mayActAsLead,
  NOT_THE_LEAD,
  panelDateEditable,
  planEditable,
  type InspectionState,
  type TransitionContext,
} from '../domain/lifecycle.ts';
import { isServiceRole, type Role } from '../domain/roles.ts';
import { londonInstant } from '../domain/embargo.ts';
import { ukDateTime } from '../domain/partial-date.ts';
import {
  deadlineText,
  DEFAULT_FA_WORKING_DAYS,
  factualAccuracyDeadline,
  reminderDate,
} from '../domain/factual-accuracy.ts';
import {
  closeCheck,
  commentCounts,
  listComments,
  lockCheck,
  openCheck,
  recordApproval,
} from '../store/factual-accuracy-repo.ts';
import type { Actor } from '../store/audit.ts';
import { planFor, previousPublished } from '../store/plans-repo.ts';
import { inspectionChecks } from '../store/publication-repo.ts';
import {
  assignLead,
  createInspection,
  findService,
  getWorkflowInspection,
  isActiveLead,
  isOnTeam,
  listAudit,
  listCases,
  listFindings,
  listLeadInspectors,
  listRecommendations,
  listServiceChoices,
  listTeam,
  listTeamChoices,
  listWorkflowInspections,
  lockInspection,
  rateStored,
  serviceHeading,
  setPlannedDetails,
  setRatingPanelAt,
  setScheduled,
  setStatus,
  setTeam,
  setWithdrawn,
  snapshotRatings,
  userNames,
} from '../store/workflow-repo.ts';
import type { ServiceContext } from './context.ts';
import { notificationService } from './notifications.ts';

/** States in which the inspected service may see its draft report and ratings. */
export const SERVICE_VISIBLE: readonly InspectionState[] = ['factual_accuracy', 'approved', 'scheduled', 'published'];

/** Who is asking: enough to decide what they may see and do. */
export interface Asker {
  id: string;
  role: Role;
  serviceId?: string | null;
}

export type InspectionWork = NonNullable<Awaited<ReturnType<typeof getWorkflowInspection>>> & {
  framework: Framework;
  state: InspectionState;
};

/** Inspectorate roles that work on an inspection only when they lead it or are on its team. */
const TEAM_SCOPED: readonly Role[] = ['inspector', 'lead_inspector'];

/** The planned details a lead or administrator chooses, checked against the frameworks loaded. */
export interface PlannedDetails {
  frameworkId: string;
  title: string;
  fieldworkStart: string | null;
  fieldworkEnd: string | null;
}

/** The facts a transition's guards need besides the ratings, which are computed inside the write. */
export type TransitionFacts = Omit<TransitionContext, 'overallRated' | 'caseCount' | 'unansweredComments'>;

/** "…; this inspection is rating panel." — the end of every message refusing a change in the wrong state. */
export const inState = (what: string, state: InspectionState) =>
  `${what}; this inspection is ${state.replace(/_/g, ' ')}.`;

/**
 * The inspection workflow: planning, who leads, the lifecycle's transitions and scheduling, and
 * who may see or change an inspection. Each change of state locks the inspection's row FOR UPDATE
 * and rates the answers inside its own transaction, so it snapshots exactly what was committed.
 */
export function workflowService(ctx: ServiceContext) {
  const { database, now, frameworks } = ctx;
  const db = () => database.db;
  const notify = notificationService(ctx);
  const faWorkingDays = ctx.factualAccuracyWorkingDays ?? DEFAULT_FA_WORKING_DAYS;
  const frameworkOf = (id: string) => {
    const f = frameworks().get(id);
    if (!f) throw new Error(`Framework ${id} is not loaded`);
    return f;
  };

  /**
   * The framework chosen for planned fieldwork: it must be loaded, and a fieldwork start outside
   * its window is refused (an inspection is rated under the standards in force when it is done).
   */
  const checkedFramework = (v: PlannedDetails) => {
    const f = frameworks().get(v.frameworkId);
    if (!f) throw new RuleError('Select a framework', 'frameworkId');
    if (v.fieldworkStart && !fieldworkInWindow(f, v.fieldworkStart))
      throw new RuleError(
        `${f.name} is for ${fieldworkWindowText(f)}; fieldwork starting ${v.fieldworkStart} is outside it. ` +
          'Choose the framework in force when fieldwork starts.',
        'frameworkId',
        422,
      );
    return f;
  };
  /** Every member must be an active inspector; the lead is never also a team row. */
  const checkedTeam = async (team: string[], leadId: string | null) => {
    const choices = new Set((await listTeamChoices(db())).map((u) => u.id));
    const members = [...new Set(team)].filter((id) => id !== leadId);
    if (members.some((id) => !choices.has(id))) throw new RuleError('Choose team members from the list.', 'team', 422);
    return members;
  };

  return {
    /**
     * An inspection for one person: 404 if it does not exist, and 404 too for an inspector or lead
     * inspector who neither leads it nor is on its team (so its existence is not disclosed to
     * people outside the team); 403 if a service user or board member
     * asks for another service's inspection or one not yet shared with them, and 403 if a lead
     * inspector asks to change (`change`) an inspection someone else leads. Every workspace route on
     * one inspection opens it here, so this is the one place the assigned lead is enforced.
     */
    async open(user: Asker, inspectionId: string, change: boolean): Promise<InspectionWork> {
      const row = await getWorkflowInspection(db(), inspectionId);
      if (!row) throw new NotFoundError('No such inspection.');
      const shared = SERVICE_VISIBLE.includes(row.inspection.status);
      if (isServiceRole(user.role) && (row.inspection.serviceId !== user.serviceId || !shared))
        throw new ForbiddenError('This inspection is not shared with your service.');
      if (
        TEAM_SCOPED.includes(user.role) &&
        row.inspection.leadInspectorId !== user.id &&
        !(await isOnTeam(db(), inspectionId, user.id))
      )
        throw new NotFoundError('No such inspection.');
      if (change && !mayActAsLead(user, row.inspection.leadInspectorId)) throw new ForbiddenError(NOT_THE_LEAD);
      return { ...row, framework: frameworkOf(row.inspection.frameworkId), state: row.inspection.status };
    },

    /** The workspace's list: every workflow inspection, or a service's own once shared with it. */
    async dashboard(user: Asker) {
      if (TEAM_SCOPED.includes(user.role))
        return { list: await listWorkflowInspections(db(), { workedOnBy: user.id }), own: null, caseListsAsked: [] };
      if (!isServiceRole(user.role))
        return { list: await listWorkflowInspections(db()), own: null, caseListsAsked: [] };
      if (!user.serviceId) return { list: [], own: null, caseListsAsked: [] };
      const [list, own, asked] = await Promise.all([
        listWorkflowInspections(db(), { serviceId: user.serviceId, states: [...SERVICE_VISIBLE] }),
        serviceHeading(db(), user.serviceId),
        // Inspections coming up, for the case list the service sends (its users, not its board).
        user.role === 'service_user'
          ? listWorkflowInspections(db(), { serviceId: user.serviceId, states: ['planned', 'fieldwork'] })
          : Promise.resolve([]),
      ]);
      return { list, own, caseListsAsked: asked };
    },

    /** What planning an inspection chooses from: services and active lead inspectors. */
    planChoices: async () => {
      const [services, leads, inspectors] = await Promise.all([
        listServiceChoices(db()),
        listLeadInspectors(db()),
        listTeamChoices(db()),
      ]);
      return { services, leads, inspectors };
    },
    leads: () => listLeadInspectors(db()),
    teamChoices: () => listTeamChoices(db()),
    team: (work: InspectionWork) => listTeam(db(), work.inspection.id),

    /** Plans an inspection. It is led by the planner when a lead inspector plans it, else by the lead chosen. */
    async plan(
      actor: Actor,
      v: {
        serviceId: string;
        frameworkId: string;
        title: string;
        fieldworkStart: string | null;
        fieldworkEnd: string | null;
        leadInspectorId?: string;
        team?: string[];
      },
    ) {
      const f = checkedFramework(v);
      if (!(await findService(db(), v.serviceId))) throw new RuleError('Choose a service from the list.', 'serviceId');
      const leadInspectorId = v.leadInspectorId ?? (actor.role === 'lead_inspector' ? actor.id : null);
      if (!leadInspectorId || !(await isActiveLead(db(), leadInspectorId)))
        throw new RuleError('Choose the lead inspector from the list.', 'leadInspectorId');
      const team = await checkedTeam(v.team ?? [], leadInspectorId);
      return createInspection(db(), actor, { ...v, frameworkVersion: f.version, leadInspectorId, team }, now());
    },

    /**
     * Changes the planned title, dates and framework. Refused once fieldwork has started: from then
     * the record is evidence gathered under those details.
     */
    async editPlan(actor: Actor, work: InspectionWork, expectedVersion: number, v: PlannedDetails) {
      const f = checkedFramework(v);
      return db().transaction(async (tx) => {
        const current = await lockInspection(tx, work.inspection.id, 'update');
        // The state first: a form left open since before fieldwork started is refused for that reason.
        if (!planEditable(current.status))
          throw new RuleError(
            inState('The planned details can be changed only until fieldwork starts', current.status),
            'title',
            422,
          );
        if (current.version !== expectedVersion)
          throw new ConflictError('inspection', { title: current.title, version: current.version }, { ...v });
        return setPlannedDetails(tx, actor, current, expectedVersion, { ...v, frameworkVersion: f.version }, now());
      });
    },

    /**
     * Replaces the team (an administrator's decision, or the lead's until fieldwork starts; the
     * route decides who). A published or withdrawn inspection keeps the team it had.
     */
    async assignTeam(actor: Actor, work: InspectionWork, expectedVersion: number, team: string[]) {
      const members = await checkedTeam(team, work.inspection.leadInspectorId);
      return db().transaction(async (tx) => {
        const current = await lockInspection(tx, work.inspection.id, 'update');
        if (current.status === 'published' || current.status === 'withdrawn')
          throw new RuleError(inState('The team can no longer be changed', current.status), 'team', 422);
        if (current.version !== expectedVersion)
          throw new ConflictError('inspection', { version: current.version }, { team: members });
        return setTeam(tx, actor, current, expectedVersion, members, now());
      });
    },

    /**
     * Sets or moves when the rating panel sits (a UK date and time), and tells the lead and the team
     * in the same transaction. The panel sits after fieldwork: not in the past, and not on or before
     * the last day of fieldwork (or its first day, when no end is planned). The same date again
     * changes nothing and tells no one ('unchanged').
     */
    async setPanelDate(
      actor: Actor,
      work: InspectionWork,
      expectedVersion: number,
      when: { date: string; time: string },
    ): Promise<'set' | 'changed' | 'unchanged'> {
      const at = londonInstant(when.date, when.time);
      const moment = now();
      if (at <= moment) throw new RuleError('The panel date must be in the future', 'date-day', 422);
      return db().transaction(async (tx) => {
        const current = await lockInspection(tx, work.inspection.id, 'update');
        if (!panelDateEditable(current.status))
          throw new RuleError(
            inState('The panel date can be set only until the draft goes to the service', current.status),
            'date-day',
            422,
          );
        if (current.version !== expectedVersion)
          throw new ConflictError(
            'inspection',
            { panelDate: current.ratingPanelAt ? ukDateTime(current.ratingPanelAt) : null, version: current.version },
            { panelDate: ukDateTime(at) },
          );
        const lastFieldworkDay = current.fieldworkEnd ?? current.fieldworkStart;
        const which = current.fieldworkEnd ? 'fieldwork ends' : 'fieldwork starts';
        if (lastFieldworkDay && when.date <= lastFieldworkDay)
          throw new RuleError(
            `The panel date must be after fieldwork ends (${which} on ${deadlineText(lastFieldworkDay)}): ` +
              'the panel sits once the evidence is in',
            'date-day',
            422,
          );
        if (current.ratingPanelAt?.getTime() === at.getTime()) return 'unchanged';
        const row = await setRatingPanelAt(tx, actor, current, expectedVersion, at, moment);
        await notify.panelDateSet(tx, current.id, row.version, at, current.ratingPanelAt);
        return current.ratingPanelAt ? 'changed' : 'set';
      });
    },

    /** Withdraws the inspection with a reason: terminal, audited, and never public. */
    async withdraw(actor: Actor, work: InspectionWork, expectedVersion: number, reason: string) {
      return db().transaction(async (tx) => {
        const current = await lockInspection(tx, work.inspection.id, 'update');
        if (current.version !== expectedVersion)
          throw new ConflictError(
            'inspection',
            { status: current.status, version: current.version },
            { status: 'withdrawn' },
          );
        const check = checkTransition(current.status, 'withdrawn', actor.role, {
          overallRated: false,
          blockingProblems: [],
          publicationSet: false,
          embargoPassed: false,
          caseCount: 0,
        });
        if (!check.ok) throw new RuleError(check.reason, 'reason', 422);
        return setWithdrawn(tx, actor, current, expectedVersion, reason, now());
      });
    },

    /**
     * Hands the inspection to another lead (an administrator's decision). 'unchanged' when the lead
     * chosen already leads it, so the page can say nothing changed rather than claim a change.
     */
    async assignLead(actor: Actor, work: InspectionWork, expectedVersion: number, leadId: string) {
      if (work.state === 'published')
        throw new RuleError('A published inspection keeps the lead who led it.', 'leadInspectorId');
      if (leadId === work.inspection.leadInspectorId) return 'unchanged' as const;
      if (!(await isActiveLead(db(), leadId)))
        throw new RuleError('Choose the lead inspector from the list.', 'leadInspectorId');
      await assignLead(db(), actor, work.inspection.id, expectedVersion, leadId, now());
      return 'changed' as const;
    },

    /**
     * Moves the inspection through the lifecycle. Without `facts`, the guards are given the record's
     * own consistency errors (not the press release's, which comms may not have drafted yet) and
     * whether a publication time is set and has passed.
     */
    async transition(
      actor: Actor,
      inspectionId: string,
      expectedVersion: number,
      to: InspectionState,
      facts?: TransitionFacts,
    ) {
      if (to === 'withdrawn') throw new RuleError('Withdrawing an inspection needs a reason: use the withdrawal form.');
      const found = await getWorkflowInspection(db(), inspectionId);
      if (!found) throw new NotFoundError('No such inspection.');
      const f = frameworkOf(found.inspection.frameworkId);
      const at = now();
      const given =
        facts ??
        (await (async () => {
          const checks = await inspectionChecks(db(), f, inspectionId);
          const publishedAt = found.inspection.publishedAt;
          return {
            blockingProblems: checks
              .filter((c) => c.severity === 'error' && !c.where.startsWith('press release'))
              .map((c) => `${c.where}: ${c.message}`),
            publicationSet: !!publishedAt,
            embargoPassed: !!publishedAt && publishedAt <= at,
          };
        })());
      return db().transaction(async (tx) => {
        // Locked first, then rated inside the same transaction: the ratings snapshotted are exactly
        // the answers and decisions committed before the change of state, and none can slip in after.
        const current = await lockInspection(tx, inspectionId, 'update');
        const { input, result } = await rateStored(tx, f, inspectionId);
        if (current.version !== expectedVersion)
          throw new ConflictError('inspection', { status: current.status, version: current.version }, { status: to });
        const overallRated = result.overall.status === 'rated' && !result.problems.some((p) => p.severity === 'error');
        // Counted under the inspection's lock: a comment or answer being written is committed first.
        const comments = to === 'approved' ? await commentCounts(tx, inspectionId) : null;
        const check = checkTransition(current.status, to, actor.role, {
          ...given,
          overallRated,
          caseCount: input.cases.length,
          unansweredComments: comments?.unanswered ?? 0,
        });
        if (!check.ok) throw new RuleError(check.reason, undefined, check.status ?? 409);
        const row = await setStatus(tx, actor, current, expectedVersion, to, at);
        if (to === 'factual_accuracy') {
          // The draft goes to the service with its deadline, counted in working days from today (UK).
          const deadline = factualAccuracyDeadline(at, faWorkingDays);
          await openCheck(tx, actor, inspectionId, {
            sentAt: at,
            deadline,
            remindOn: reminderDate(deadline),
            workingDays: faWorkingDays,
            draftVersion: row.version,
          });
          // The service is told its draft is ready, and by when, in the same transaction that shares it.
          await notify.draftShared(tx, inspectionId, row.version, deadline);
        }
        if (to === 'approved' && comments) {
          // Approval is a named decision on the record, and ends the check if the lead had not closed it.
          const fa = await lockCheck(tx, inspectionId, 'update');
          if (fa && !fa.closedAt) await closeCheck(tx, actor, fa, fa.version, at, comments, 'approved');
          await recordApproval(tx, actor, {
            inspectionId,
            approvedAt: at,
            inspectionVersion: expectedVersion,
            draftVersion: fa?.draftVersion ?? null,
            commentCount: comments.total,
            acceptedCount: comments.accepted,
          });
        }
        // The panel's overall rationale goes into the record with its rating (published with it).
        if (to === 'factual_accuracy' || to === 'approved')
          await snapshotRatings(tx, inspectionId, result, input.overall?.rationale ?? null);
        return row;
      });
    },

    /**
     * Sets the embargo time and schedules publication (approved → scheduled). Publication comes
     * after fieldwork started: a report cannot be published about fieldwork that has not begun.
     */
    async schedulePublication(
      actor: Actor,
      inspectionId: string,
      expectedVersion: number,
      publishedAt: Date,
      isoDate: string,
    ) {
      return db().transaction(async (tx) => {
        const current = await lockInspection(tx, inspectionId, 'update');
        if (current.version !== expectedVersion)
          throw new ConflictError(
            'inspection',
            { status: current.status, publishedAt: current.publishedAt, version: current.version },
            { status: 'scheduled', publishedAt },
          );
        const check = checkTransition(current.status, 'scheduled', actor.role, {
          overallRated: true,
          blockingProblems: [],
          publicationSet: true,
          embargoPassed: false,
          caseCount: 0,
        });
        if (!check.ok) throw new RuleError(check.reason);
        if (current.fieldworkStart && isoDate < current.fieldworkStart)
          throw new RuleError(`The publication date must be after the fieldwork started (${current.fieldworkStart}).`);
        return setScheduled(tx, actor, current, expectedVersion, publishedAt, isoDate, now());
      });
    },

    /** What the task list shows: the evidence so far, the engine's view, and the previous inspection's plan. */
    async tasks(work: InspectionWork) {
      const id = work.inspection.id;
      const [cases, findings, recs, comments, { result }, prev] = await Promise.all([
        listCases(db(), id),
        listFindings(db(), id),
        listRecommendations(db(), id),
        listComments(db(), id),
        rateStored(db(), work.framework, id),
        previousPublished(db(), work.inspection.serviceId, id, now()),
      ]);
      const prevPlan = prev ? await planFor(db(), [prev.id]) : [];
      return { cases, findings, recs, comments, result, prev, prevPlan };
    },

    /**
     * The inspection's audit trail, newest first, optionally only one person's events, with the
     * names of everyone its events refer to by id (the sentences name people, not ids).
     */
    async auditTrail(work: InspectionWork, personId?: string, viewer?: Role) {
      // Comms see what they answer for, the preview links of this inspection (made, withdrawn,
      // opened), and not the inspection's working record.
      const all = (await listAudit(db(), work.inspection.id)).filter(
        (e) => viewer !== 'publisher' || e.entityType === 'preview_link',
      );
      const ids = all.flatMap((e) => {
        const refs = [
          e.actorId,
          ...[e.before, e.after].flatMap((v) => {
            const f = (v && typeof v === 'object' ? v : {}) as Record<string, unknown>;
            return [f.leadInspectorId, ...(Array.isArray(f.team) ? f.team : [])];
          }),
        ];
        return refs.filter((x): x is string => typeof x === 'string');
      });
      const names = await userNames(db(), ids);
      const people = new Map<string, string>();
      for (const e of all) if (e.actorId) people.set(e.actorId, e.actorName ?? names.get(e.actorId) ?? 'unknown');
      return { events: personId ? all.filter((e) => e.actorId === personId) : all, names, people };
    },
  };
}
export type WorkflowService = ReturnType<typeof workflowService>;
