import { unansweredMessage } from './factual-accuracy.ts';
import type { Role } from './roles.ts';

/**
 * The inspection lifecycle as an explicit state machine. The server asks `checkTransition` before
 * every change of status; nothing else moves an inspection between states.
 */
export const STATES = [
  'planned',
  'fieldwork',
  'rating_panel',
  'factual_accuracy',
  'approved',
  'scheduled',
  'published',
  // Terminal: the inspection will not go ahead (the reason is in the audit trail). Never public.
  'withdrawn',
] as const;
export type InspectionState = (typeof STATES)[number];

export const STATE_LABELS: Record<InspectionState, string> = {
  planned: 'Planned',
  fieldwork: 'Fieldwork',
  rating_panel: 'Rating panel',
  factual_accuracy: 'Factual-accuracy check',
  approved: 'Approved',
  scheduled: 'Scheduled for publication',
  published: 'Published',
  withdrawn: 'Withdrawn',
};

export type Actor = Role | 'system';

/**
 * What a member of an inspection's team is on it (the lead is the inspection's own lead, not a
 * team row): one of the inspectorate's inspectors, or a partner inspectorate's on a joint inspection.
 */
export const TEAM_ROLES = ['inspector', 'partner_inspector'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

interface TransitionRule {
  from: InspectionState;
  to: InspectionState;
  label: string;
  roles: readonly Actor[];
}

export const TRANSITIONS: readonly TransitionRule[] = [
  { from: 'planned', to: 'fieldwork', label: 'Start fieldwork', roles: ['lead_inspector', 'admin'] },
  { from: 'fieldwork', to: 'rating_panel', label: 'Send to the rating panel', roles: ['lead_inspector'] },
  { from: 'rating_panel', to: 'fieldwork', label: 'Return to fieldwork', roles: ['lead_inspector'] },
  {
    from: 'rating_panel',
    to: 'factual_accuracy',
    label: 'Send to the service for a factual-accuracy check',
    roles: ['lead_inspector'],
  },
  { from: 'factual_accuracy', to: 'rating_panel', label: 'Return to the rating panel', roles: ['lead_inspector'] },
  { from: 'factual_accuracy', to: 'approved', label: 'Approve the ratings and report', roles: ['lead_inspector'] },
  { from: 'approved', to: 'scheduled', label: 'Schedule publication', roles: ['publisher'] },
  { from: 'scheduled', to: 'approved', label: 'Cancel the scheduled publication', roles: ['publisher'] },
  { from: 'scheduled', to: 'published', label: 'Publish', roles: ['system'] },
  // Withdrawal needs a reason, so it has its own form (workflowService.withdraw), not the step buttons.
  ...(['planned', 'fieldwork', 'rating_panel', 'factual_accuracy', 'approved'] as const).map((from) => ({
    from,
    to: 'withdrawn' as const,
    label: 'Withdraw the inspection',
    roles: ['lead_inspector', 'admin'] as const,
  })),
];

/** Planned details (title, dates, framework, team) can change only before fieldwork starts. */
export const planEditable = (s: InspectionState) => s === 'planned';

/** Facts the guards need; the caller computes them from the record. */
export interface TransitionContext {
  /** The engine gives an overall rating with no errors. */
  overallRated: boolean;
  /** Problems that block approval (e.g. consistency check errors). */
  blockingProblems: string[];
  /** A publication date and time is set. */
  publicationSet: boolean;
  /** The embargo time has passed (for publishing). */
  embargoPassed: boolean;
  /** How many case assessments the inspection holds. */
  caseCount: number;
  /** The service's factual-accuracy comments the lead has not answered yet (approval needs none). */
  unansweredComments?: number;
}

/** Refused moves carry 422 where the request was understood but the record does not allow it yet. */
export type TransitionCheck = { ok: true; rule: TransitionRule } | { ok: false; reason: string; status?: 422 };

export const NO_CASES =
  'An inspection cannot go to the rating panel with no cases: add the assessments of the sampled cases first.';

export function checkTransition(
  from: InspectionState,
  to: InspectionState,
  actor: Actor,
  ctx: TransitionContext,
): TransitionCheck {
  const rule = TRANSITIONS.find((t) => t.from === from && t.to === to);
  if (!rule)
    return { ok: false, reason: `An inspection cannot move from ${STATE_LABELS[from]} to ${STATE_LABELS[to]}.` };
  if (!rule.roles.includes(actor))
    return { ok: false, reason: `Only ${rule.roles.join(' or ').replace(/_/g, ' ')} can ${rule.label.toLowerCase()}.` };
  // A panel rates from the cases; with none, every case standard would be "not rated" and the
  // panel would be judging nothing.
  if (to === 'rating_panel' && ctx.caseCount === 0) return { ok: false, reason: NO_CASES, status: 422 };
  if (to === 'factual_accuracy' && !ctx.overallRated)
    return {
      ok: false,
      reason: 'Every standard must be rated and the overall rating computed before the service sees the draft.',
    };
  if (to === 'approved' && !ctx.overallRated)
    return { ok: false, reason: 'The overall rating must be computed before approval.' };
  // The service's comments are part of the report's evidence: every one is answered, accepted or
  // not with the reason, before the report is approved.
  if (to === 'approved' && (ctx.unansweredComments ?? 0) > 0)
    return { ok: false, reason: unansweredMessage(ctx.unansweredComments!), status: 422 };
  if (to === 'approved' && ctx.blockingProblems.length)
    return { ok: false, reason: `Approval is blocked: ${ctx.blockingProblems.join('; ')}` };
  if (to === 'scheduled' && !ctx.publicationSet)
    return { ok: false, reason: 'Set the publication date and time before scheduling.' };
  if (to === 'published' && !ctx.embargoPassed) return { ok: false, reason: 'The embargo time has not passed.' };
  return { ok: true, rule };
}

/** What this actor may do next, forward steps first. */
export function transitionsFrom(from: InspectionState, actor: Actor): TransitionRule[] {
  const forward = (t: TransitionRule) => (STATES.indexOf(t.to) > STATES.indexOf(t.from) ? 0 : 1);
  return TRANSITIONS.filter((t) => t.from === from && t.roles.includes(actor)).sort((a, b) => forward(a) - forward(b));
}

/** Case answers can change only while evidence is being gathered or weighed. */
export const casesEditable = (s: InspectionState) => s === 'fieldwork' || s === 'rating_panel';
/**
 * The day the rating panel sits can be set or moved until the draft goes to the service: the panel
 * sits after fieldwork and before the report is drafted, so once the draft is out it has sat.
 */
export const panelDateEditable = (s: InspectionState) => s === 'planned' || casesEditable(s);
/** Panel decisions, findings and recommendations can change until approval. */
export const panelEditable = (s: InspectionState) =>
  s === 'rating_panel' || s === 'factual_accuracy' || s === 'fieldwork';

/**
 * A lead inspector's rights beyond an inspector's (the lead's transitions, panel judgements and
 * overrides, corrections) are for the inspections they lead, not every inspection: true when this
 * user may take the lead's part on an inspection led by `leadInspectorId`. Other roles are not
 * limited here; their route policy and the transition table decide for them.
 */
export function mayActAsLead(user: { id: string; role: Actor }, leadInspectorId: string | null): boolean {
  return user.role !== 'lead_inspector' || (leadInspectorId !== null && leadInspectorId === user.id);
}

export const NOT_THE_LEAD =
  'Only the lead inspector assigned to this inspection can do this. An administrator can change who leads it.';
