/**
 * Action plans against recommendations: status and RAG are computed from dates and progress,
 * never typed in, so "overdue" is always true to the calendar.
 */
export const ACTION_STATES = ['not_started', 'in_progress', 'done'] as const;
export type ActionState = (typeof ACTION_STATES)[number];
export type ActionStatus = ActionState | 'overdue';
export type Rag = 'red' | 'amber' | 'green';

export const STATUS_LABELS: Record<ActionStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  done: 'Done',
  overdue: 'Overdue',
};
export const RAG_LABELS: Record<Rag, string> = {
  red: 'Red: overdue',
  amber: 'Amber: due soon or no recent progress',
  green: 'Green: on track or done',
};

export const DUE_SOON_DAYS = 30;
/** An unfinished action with no progress recorded for this long is no longer "on track". */
export const STALE_DAYS = 90;

/** The RAG rule in words, shown on the plan and the board view beside the colours it explains. */
export const RAG_RULE = [
  'Red: the action is not done and its due date has passed.',
  `Amber: the action is not done and is due within ${DUE_SOON_DAYS} days, ` +
    `or no progress has been recorded for ${STALE_DAYS} days.`,
  'Green: the action is done, or is on track (due later, with recent progress).',
  'A recommendation takes the colour of its worst action. With no actions yet it is "Not started"; ' +
    'once every action is done it awaits the board’s agreement that it is met.',
] as const;

const days = (from: string, to: string) =>
  (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;

export function actionStatus(state: ActionState, dueDate: string, today: string): ActionStatus {
  return state !== 'done' && dueDate < today ? 'overdue' : state;
}

/** What the RAG of an action is read from: its state, due date, and the day progress was last recorded. */
export interface ActionFacts {
  state: ActionState;
  dueDate: string;
  /** The day of the latest progress update, or the day the action was added if it has none (YYYY-MM-DD). */
  lastProgress: string;
}

export function actionRag(a: ActionFacts, today: string): Rag {
  if (a.state === 'done') return 'green';
  if (a.dueDate < today) return 'red';
  if (days(today, a.dueDate) <= DUE_SOON_DAYS) return 'amber';
  return days(a.lastProgress, today) >= STALE_DAYS ? 'amber' : 'green';
}

/**
 * Where a recommendation stands: met once the board has agreed it; awaiting sign-off when every
 * action is done; not started with no actions (a new plan on its publication day is not failing);
 * otherwise the colour of its worst action.
 */
export type RecommendationStatus = 'met' | 'awaiting_sign_off' | 'not_started' | Rag;
export const RECOMMENDATION_STATUS_LABELS: Record<RecommendationStatus, string> = {
  met: 'Met',
  awaiting_sign_off: 'Awaiting board sign-off',
  not_started: 'Not started',
  red: 'Red',
  amber: 'Amber',
  green: 'Green',
};

export function recommendationStatus(actions: ActionFacts[], signedOff: boolean, today: string): RecommendationStatus {
  if (signedOff) return 'met';
  if (!actions.length) return 'not_started';
  if (actions.every((a) => a.state === 'done')) return 'awaiting_sign_off';
  const rags = actions.map((a) => actionRag(a, today));
  return rags.includes('red') ? 'red' : rags.includes('amber') ? 'amber' : 'green';
}

/** The board may agree a recommendation as met only once it has actions and every one is done. */
export function signOffProblem(actions: { state: ActionState }[], signedOff: boolean): string | null {
  if (signedOff) return 'The board has already agreed this recommendation as met.';
  if (!actions.length) return 'This recommendation has no actions yet, so it cannot be agreed as met.';
  if (!actions.every((a) => a.state === 'done'))
    return 'Every action must be done before the board can agree the recommendation as met.';
  return null;
}

/** The board view's summary: actions by where they stand, recommendations by whether they are met. */
export interface PlanSummary {
  onTrack: number;
  dueSoon: number;
  overdue: number;
  done: number;
  recommendations: number;
  met: number;
  awaitingSignOff: number;
  notStarted: number;
}

export function planSummary(recs: { actions: ActionFacts[]; signedOff: boolean }[], today: string): PlanSummary {
  const s: PlanSummary = {
    onTrack: 0,
    dueSoon: 0,
    overdue: 0,
    done: 0,
    recommendations: recs.length,
    met: 0,
    awaitingSignOff: 0,
    notStarted: 0,
  };
  for (const r of recs) {
    const status = recommendationStatus(r.actions, r.signedOff, today);
    if (status === 'met') s.met++;
    else if (status === 'awaiting_sign_off') s.awaitingSignOff++;
    else if (status === 'not_started') s.notStarted++;
    for (const a of r.actions) {
      if (a.state === 'done') s.done++;
      else if (a.dueDate < today) s.overdue++;
      else if (actionRag(a, today) === 'amber') s.dueSoon++;
      else s.onTrack++;
    }
  }
  return s;
}

const STATUS_ORDER: Record<RecommendationStatus, number> = {
  red: 0,
  amber: 1,
  not_started: 2,
  green: 3,
  awaiting_sign_off: 4,
  met: 5,
};
/**
 * Board order: each recommendation once, the reddest first, then by its earliest open due date,
 * then as the report numbered them; a recommendation's actions beneath it, overdue and soonest first.
 */
export function boardOrder<
  A extends { rag: Rag; dueDate: string },
  R extends { status: RecommendationStatus; position: number; actions: A[] },
>(recs: R[]): R[] {
  const earliest = (r: R) => r.actions.map((a) => a.dueDate).sort()[0] ?? '9999-12-31';
  const ragOrder: Record<Rag, number> = { red: 0, amber: 1, green: 2 };
  return [...recs]
    .sort(
      (a, b) =>
        STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
        earliest(a).localeCompare(earliest(b)) ||
        a.position - b.position,
    )
    .map((r) => ({
      ...r,
      actions: [...r.actions].sort((a, b) => ragOrder[a.rag] - ragOrder[b.rag] || a.dueDate.localeCompare(b.dueDate)),
    }));
}

const longDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** A due date before the inspection was published cannot be a plan's answer to it. */
export function dueDateProblem(dueDate: string, publishedOn: string | null): string | null {
  if (publishedOn && dueDate < publishedOn) {
    const day = longDate.format(new Date(`${publishedOn}T12:00:00Z`));
    return `The due date must be on or after the day the inspection was published, ${day}`;
  }
  return null;
}

/**
 * Changing an action's owner or due date. A moved due date keeps the first agreed date (the
 * baseline) and needs a reason; a due date moved back to the baseline needs no reason and clears it.
 */
export function rebaseline(
  current: { owner: string; dueDate: string; baselineDueDate: string | null; rebaselineReason: string | null },
  next: { owner: string; dueDate: string; reason: string | null },
):
  | {
      ok: true;
      value: { owner: string; dueDate: string; baselineDueDate: string | null; rebaselineReason: string | null };
    }
  | { ok: false; field: 'reason' | 'dueDate'; message: string } {
  const baseline = current.baselineDueDate ?? current.dueDate;
  if (next.dueDate === current.dueDate)
    return {
      ok: true,
      value: {
        owner: next.owner,
        dueDate: current.dueDate,
        baselineDueDate: current.baselineDueDate,
        rebaselineReason: current.rebaselineReason,
      },
    };
  if (next.dueDate === baseline)
    return { ok: true, value: { owner: next.owner, dueDate: baseline, baselineDueDate: null, rebaselineReason: null } };
  if (!next.reason?.trim()) return { ok: false, field: 'reason', message: 'Enter why the due date is changing' };
  return {
    ok: true,
    value: {
      owner: next.owner,
      dueDate: next.dueDate,
      baselineDueDate: baseline,
      rebaselineReason: next.reason.trim(),
    },
  };
}

/**
 * Evidence files a progress update may carry, by the type read from the file's content (never its
 * name): documents, spreadsheets and pictures. Formats that can hold macros or programs are not here.
 */
export const EVIDENCE_TYPES: Record<string, { ext: string; label: string }> = {
  'application/pdf': { ext: 'pdf', label: 'PDF' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { ext: 'docx', label: 'Word' },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { ext: 'xlsx', label: 'Excel' },
  'application/vnd.oasis.opendocument.text': { ext: 'odt', label: 'OpenDocument text' },
  'application/vnd.oasis.opendocument.spreadsheet': { ext: 'ods', label: 'OpenDocument spreadsheet' },
  'image/png': { ext: 'png', label: 'PNG image' },
  'image/jpeg': { ext: 'jpg', label: 'JPEG image' },
};
export const EVIDENCE_TYPES_TEXT = 'a PDF, Word (.docx), Excel (.xlsx), OpenDocument, PNG or JPEG file';

/**
 * The name a downloaded file is given: the uploaded name's letters, digits, spaces, dots, dashes
 * and underscores (others become "_"), at most 100 characters, ending in the extension of the
 * type its content was read as.
 */
export function safeFilename(uploaded: string, ext: string): string {
  const base = uploaded
    .replace(/\.[^.]*$/, '')
    .replace(/[^A-Za-z0-9 ._-]/g, '_')
    .replace(/^[ .]+/, '')
    .slice(0, 100)
    .trim();
  return `${base || 'evidence'}.${ext}`;
}
