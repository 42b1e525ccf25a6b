import { londonToday } from './embargo.ts';
import type { Framework } from './framework.ts';

/**
 * The factual-accuracy check: the service reads its draft report and says, by section, what is
 * factually wrong; the lead inspector answers every comment (accepted with the change made, or not
 * accepted with the reason) before the report can be approved. Pure: dates, states and wording.
 */

/** HMIP's practice: the service has ten working days to return its comments (docs/workflow.md). */
export const DEFAULT_FA_WORKING_DAYS = 10;
/** The service is reminded when this many working days are left before the deadline. */
export const REMINDER_WORKING_DAYS = 2;

const DAY_MS = 86_400_000;
const toUtc = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const toIso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** Saturday or Sunday (bank holidays are not counted: the brief leaves them out). */
export const isWeekend = (iso: string) => [0, 6].includes(new Date(toUtc(iso)).getUTCDay());

/** The date `n` working days after `iso` (a day sent on a weekend counts from the next Monday). */
export function addWorkingDays(iso: string, n: number): string {
  let t = toUtc(iso);
  for (let left = n; left > 0;) {
    t += DAY_MS;
    if (!isWeekend(toIso(t))) left--;
  }
  return toIso(t);
}

/** The date `n` working days before `iso`. */
export function subtractWorkingDays(iso: string, n: number): string {
  let t = toUtc(iso);
  for (let left = n; left > 0;) {
    t -= DAY_MS;
    if (!isWeekend(toIso(t))) left--;
  }
  return toIso(t);
}

/** The deadline of a draft sent at `sentAt`: `workingDays` working days after the UK day it was sent. */
export const factualAccuracyDeadline = (sentAt: Date, workingDays: number) =>
  addWorkingDays(londonToday(sentAt), workingDays);

/** The UK day on which the service is reminded that its deadline is near. */
export const reminderDate = (deadline: string) => subtractWorkingDays(deadline, REMINDER_WORKING_DAYS);

// ---- sections of the report a comment is about ----

export const COMMENT_SECTIONS = ['overall', 'standard', 'recommendations', 'other'] as const;
export type CommentSection = (typeof COMMENT_SECTIONS)[number];

export interface SectionChoice {
  value: string;
  text: string;
}

/** What the service chooses from: the foreword, each standard (id and name), recommendations, other. */
export function sectionChoices(f: Framework): SectionChoice[] {
  return [
    { value: 'overall', text: 'Overall findings and foreword' },
    ...f.domains.flatMap((d) => d.standards.map((s) => ({ value: `standard:${s.id}`, text: `${s.id} ${s.name}` }))),
    { value: 'recommendations', text: 'Recommendations' },
    { value: 'other', text: 'Other' },
  ];
}

/** A section as a form sends it ("standard:1.1"), checked against the framework; null if not one of its choices. */
export function parseSection(
  f: Framework,
  value: string,
): { section: CommentSection; standardId: string | null } | null {
  if (!sectionChoices(f).some((c) => c.value === value)) return null;
  if (value.startsWith('standard:')) return { section: 'standard', standardId: value.slice('standard:'.length) };
  return { section: value as CommentSection, standardId: null };
}

/** The section as a person reads it ("1.1 Governance and leadership"). */
export function sectionLabel(f: Framework | null, section: CommentSection, standardId: string | null): string {
  if (section === 'standard') {
    const s = f?.domains.flatMap((d) => d.standards).find((x) => x.id === standardId);
    return s ? `${s.id} ${s.name}` : `Standard ${standardId ?? ''}`.trim();
  }
  return { overall: 'Overall findings and foreword', recommendations: 'Recommendations', other: 'Other' }[section];
}

// ---- answers and the state of the check ----

export const COMMENT_RESPONSES = ['accepted', 'not_accepted'] as const;
export type CommentResponse = (typeof COMMENT_RESPONSES)[number];
export const RESPONSE_LABELS: Record<CommentResponse, string> = {
  accepted: 'Accepted',
  not_accepted: 'Not accepted',
};

export const FA_STATES = ['sent', 'comments_received', 'responded', 'closed'] as const;
export type FactualAccuracyState = (typeof FA_STATES)[number];
export const FA_STATE_LABELS: Record<FactualAccuracyState, string> = {
  sent: 'Sent to the service',
  comments_received: 'Comments received',
  responded: 'Every comment answered',
  closed: 'Closed',
};

/**
 * Derived, never stored: closed once the lead closes it (or approves the report); otherwise
 * "responded" when there are comments and every one is answered, "comments received" when any is
 * waiting for an answer, and "sent" while the service has said nothing.
 */
export function factualAccuracyState(
  check: { closedAt: Date | null },
  comments: readonly { response: CommentResponse | null }[],
): FactualAccuracyState {
  if (check.closedAt) return 'closed';
  if (!comments.length) return 'sent';
  return comments.every((c) => c.response) ? 'responded' : 'comments_received';
}

/** The rule the approval step and closing the check both keep, in the words the lead reads. */
export const unansweredMessage = (n: number) =>
  `${n} factual-accuracy comment${n === 1 ? ' has' : 's have'} not been answered. ` +
  'Answer every comment from the service (accepted, with the change made, or not accepted, with the reason) ' +
  'before approving the report.';

/** Working days from `today` to the deadline (0 on the day itself, negative once it has passed). */
export function workingDaysLeft(today: string, deadline: string): number {
  if (today === deadline) return 0;
  const forward = today < deadline;
  let n = 0;
  let t = toUtc(today);
  const end = toUtc(deadline);
  while (forward ? t < end : t > end) {
    t += forward ? DAY_MS : -DAY_MS;
    if (!isWeekend(toIso(t))) n++;
  }
  return forward ? n : -n;
}

const dayFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
/** A deadline as pages and emails state it: "Friday 18 December 2026". */
export const deadlineText = (iso: string) => dayFormat.format(new Date(toUtc(iso))).replace(',', '');
