/**
 * Action plans against recommendations: status and RAG are computed from dates, never typed in,
 * so "overdue" is always true to the calendar.
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
  amber: 'Amber: due within 30 days',
  green: 'Green: on track or done',
};

export const DUE_SOON_DAYS = 30;

const days = (from: string, to: string) =>
  (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;

export function actionStatus(state: ActionState, dueDate: string, today: string): ActionStatus {
  return state !== 'done' && dueDate < today ? 'overdue' : state;
}

export function actionRag(state: ActionState, dueDate: string, today: string): Rag {
  if (state === 'done') return 'green';
  if (dueDate < today) return 'red';
  return days(today, dueDate) <= DUE_SOON_DAYS ? 'amber' : 'green';
}

/** A recommendation's RAG is its worst action's; with no actions yet it is red (no plan). */
export function recommendationRag(actions: { state: ActionState; dueDate: string }[], today: string): Rag {
  if (!actions.length) return 'red';
  const rags = actions.map((a) => actionRag(a.state, a.dueDate, today));
  return rags.includes('red') ? 'red' : rags.includes('amber') ? 'amber' : 'green';
}

/** Met when every action is done (and there is at least one). */
export const recommendationMet = (actions: { state: ActionState }[]) =>
  actions.length > 0 && actions.every((a) => a.state === 'done');

const RAG_ORDER: Record<Rag, number> = { red: 0, amber: 1, green: 2 };
/** Board order: overdue (red) first, then due soon, then the rest; earliest due first within each. */
export function boardOrder<T extends { rag: Rag; dueDate: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => RAG_ORDER[a.rag] - RAG_ORDER[b.rag] || a.dueDate.localeCompare(b.dueDate));
}
