/**
 * An audit event told as a sentence a person can follow ("Lee Lead overrode 2.1 from Requires
 * improvement to Good: …"). The event's own before and after stay the record; the sentence is
 * only a reading of them, so an action it does not know is still shown, plainly.
 */
import { ukDateTime } from './partial-date.ts';
import { RETENTION_KINDS, RETENTION_RULES } from './retention.ts';

export interface AuditEventLike {
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

export interface AuditWords {
  /** A rating id as the framework names it ("good" → "Good"). */
  rating: (id: string) => string;
  /** A lifecycle state as the workflow names it ("rating_panel" → "Rating panel"). */
  state: (id: string) => string;
  /** A person by account id, where known. */
  person: (id: string) => string;
}

type Fields = Record<string, unknown>;
const fields = (v: unknown): Fields => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Fields) : {});
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const list = (ids: unknown, w: AuditWords) => {
  const names = (Array.isArray(ids) ? ids : []).filter((x): x is string => typeof x === 'string').map(w.person);
  return names.length ? names.join(', ') : 'nobody';
};
/** The standard a panel decision is for: "_overall" is the overall rating. */
const standard = (id: string | null) => (id === '_overall' ? 'the overall rating' : (id ?? 'a standard'));
const because = (text: unknown) => (str(text) ? `: ${str(text)}` : '');
const onSection = (label: unknown) => (str(label) ? ` on ${str(label)}` : '');
const answerWord = (r: unknown) => (r === 'accepted' ? 'accepted' : 'not accepted');

export function auditSentence(e: AuditEventLike, w: AuditWords): string {
  const who = e.actorName ?? 'The system';
  const b = fields(e.before);
  const a = fields(e.after);
  const subject = `${e.entityType.replace(/_/g, ' ')}${e.entityId && e.entityId.length <= 12 ? ` ${e.entityId}` : ''}`;
  switch (`${e.action} ${e.entityType}`) {
    case 'create inspection':
      return `${who} planned the inspection "${str(a.title) ?? ''}" led by ${w.person(String(a.leadInspectorId))}.`;
    case 'transition inspection':
      return `${who} moved the inspection from ${w.state(String(b.status))} to ${w.state(String(a.status))}.`;
    case 'withdraw inspection':
      return `${who} withdrew the inspection${because(a.reason)}.`;
    case 'reassign-lead inspection':
      return (
        `${who} handed the lead from ${w.person(String(b.leadInspectorId))} ` +
        `to ${w.person(String(a.leadInspectorId))}.`
      );
    case 'reassign-team inspection':
      return `${who} changed the team from ${list(b.team, w)} to ${list(a.team, w)}.`;
    case 'edit-plan inspection': {
      const changed = Object.keys(a).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
      const words = changed.map(
        (k) => `${k.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)} to ${str(a[k]) ?? 'none'}`,
      );
      return `${who} changed the planned ${words.length ? words.join(', ') : 'details (nothing differed)'}.`;
    }
    case 'set-panel-date inspection': {
      // Stored as ISO instants; read in UK time, as the form and the emails give them.
      const uk = (v: unknown) =>
        str(v) && !Number.isNaN(Date.parse(String(v))) ? ukDateTime(new Date(String(v))) : null;
      const to = uk(a.ratingPanelAt) ?? 'an unknown date';
      const from = uk(b.ratingPanelAt);
      return from
        ? `${who} moved the rating panel from ${from} to ${to} (UK time).`
        : `${who} set the rating panel for ${to} (UK time).`;
    }
    case 'create case':
      return `${who} added case ${str(a.ref) ?? ''} to the sample.`;
    case 'update case':
      return `${who} recorded answers for a case in the sample.`;
    case 'view case':
      return `${who} read case ${str(a.ref) ?? ''}.`;
    case 'create case_list':
      return `${who} sent the case list (${String(a.cases)} cases).`;
    case 'replace case_list':
      return `${who} replaced the case list (${String(b.cases)} cases) with one of ${String(a.cases)} cases.`;
    case 'draw case_sample':
      return `${who} drew a sample of ${String(a.size)} from ${String(a.caseload)} cases (seed ${str(a.seed) ?? ''}).`;
    case 'replace case_sample':
      return (
        `${who} set case ${str(a.unusable) ?? ''} aside${because(a.reason)}; ` +
        (str(a.replacement) ? `${String(a.replacement)} was drawn in its place.` : 'no case of its kind was left.')
      );
    case 'create panel_decision':
    case 'update panel_decision': {
      const to = w.rating(String(a.rating));
      const from = str(b.rating) ? ` from ${w.rating(String(b.rating))}` : '';
      if (a.kind === 'override')
        return `${who} overrode ${standard(e.entityId)}${from} to ${to}${because(a.rationale)}`;
      return `${who} decided ${standard(e.entityId)}${from} as ${to}${because(a.rationale)}`;
    }
    case 'delete panel_decision':
      return `${who} withdrew the panel's decision on ${standard(e.entityId)} (it was ${w.rating(String(b.rating))}).`;
    case 'create finding':
      return `${who} recorded a finding${str(a.standardId) ? ` on ${String(a.standardId)}` : ''}${because(a.text)}`;
    case 'create recommendation':
      return `${who} recorded a recommendation${because(a.text)}`;
    case 'create service_comment':
      return `${who} sent a factual-accuracy comment${onSection(a.sectionLabel)}${because(a.text)}`;
    case 'create preview_link':
      return `${who} shared an embargoed preview link with ${str(a.recipient) ?? 'a recipient'}.`;
    case 'revoke preview_link':
      return `${who} withdrew an embargoed preview link.`;
    // A view is made by whoever holds the link, not an account: the recipient it was shared with is named.
    case 'view preview_link': {
      const from = str(a.ip) ? ` from ${str(a.ip)}` : '';
      return `The preview link shared with ${str(a.recipient) ?? 'a recipient'} was opened${from}.`;
    }
    case 'set-chief-inspector inspection': {
      const name = str(a.chiefInspector) ?? 'nobody';
      return `${who} named ${name} as the Chief Inspector, from the press release’s quote.`;
    }
    case 'retention inspection': {
      const n = fields(a.counts);
      const counts = RETENTION_KINDS.filter((k) => typeof n[k] === 'number' && n[k] > 0).map(
        (k) => `${RETENTION_RULES[k].what} (${String(n[k])})`,
      );
      // The run is the system's, whoever started it: the policy decides what goes, not a person.
      return `The retention policy's run deleted ${counts.length ? counts.join(', ') : 'nothing'}.`;
    }
    case 'respond service_comment':
    case 'update-response service_comment': {
      const verb = e.action === 'respond' ? 'answered' : 'changed the answer to';
      const was = str(b.response) ? ` (it was ${answerWord(b.response)})` : '';
      const answer =
        a.response === 'accepted'
          ? `accepted, changed the report${because(a.responseText)}`
          : `not accepted, because ${str(a.responseText) ?? 'no reason recorded'}`;
      return `${who} ${verb} a factual-accuracy comment${onSection(a.sectionLabel)}: ${answer}${was}`;
    }
    case 'send factual_accuracy_check':
      return (
        `${who} sent the draft to the service for its factual-accuracy check` +
        `${Number(a.round) > 1 ? ` (round ${String(a.round)})` : ''}, comments due by ${str(a.deadline) ?? 'no date'}` +
        ` (${String(a.workingDays)} working days).`
      );
    case 'remind factual_accuracy_check':
      return (
        `${who} reminded the service that its factual-accuracy comments are due by ` +
        `${str(a.deadline) ?? 'no date'}.`
      );
    case 'close factual_accuracy_check':
      return (
        `${who} closed the factual-accuracy check${a.by === 'approved' ? ' on approving the report' : ''}: ` +
        `${String(a.comments)} comment${a.comments === 1 ? '' : 's'}, ${String(a.accepted)} accepted.`
      );
    case 'approve inspection':
      return (
        `${who} approved the ratings and report at record version ${String(a.inspectionVersion)}` +
        `${a.draftVersion != null ? ` (draft version ${String(a.draftVersion)} checked by the service)` : ''}, ` +
        `with ${String(a.comments)} factual-accuracy comment${a.comments === 1 ? '' : 's'} answered, ` +
        `${String(a.accepted)} accepted.`
      );
    default:
      return `${who}: ${e.action.replace(/-/g, ' ')} ${subject}.`;
  }
}
