/** What the outbox knows about a message's delivery; see store/outbox-repo.ts for how each is reached. */
export const OUTBOX_STATES = ['queued', 'sending', 'sent', 'dead'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/** The kinds of email the service sends, each at one handover. */
export const MAIL_KINDS = [
  'draft_shared',
  'factual_accuracy_comment',
  'factual_accuracy_reminder',
  'panel_date_set',
  'preview_link',
  'subscription_confirm',
  'report_published',
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/** A subscription to a service's reports: pending until the address confirms, then confirmed, until it unsubscribes. */
export const SUBSCRIPTION_STATES = ['pending', 'confirmed', 'unsubscribed'] as const;
export type SubscriptionState = (typeof SUBSCRIPTION_STATES)[number];

/** What a subscription token lets its holder do. */
export const SUBSCRIPTION_TOKEN_PURPOSES = ['confirm', 'unsubscribe'] as const;

/**
 * The wait before the next attempt after `attempts` failed ones: doubling from `baseMs`, at most
 * `maxMs`, so a mail server that is down for a while is not hammered.
 */
export function retryDelayMs(attempts: number, baseMs: number, maxMs: number): number {
  const n = Math.max(0, Math.min(attempts - 1, 30));
  return Math.min(maxMs, baseMs * 2 ** n);
}

/** A header value on one line: a name or title typed by a person never starts a new header. */
export const oneLine = (s: string) => s.replace(/[\r\n\t]+/g, ' ').trim();
