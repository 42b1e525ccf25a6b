import { z } from 'zod';
import { oneLine, OUTBOX_STATES, type OutboxState } from '../domain/mail.ts';
import {
  commentReceivedText,
  confirmSubscriptionText,
  deadlineReminderText,
  draftSharedText,
  MAIL_SENDER,
  panelDateText,
  previewLinkText,
  reportPublishedText,
  type MailText,
} from '../domain/mail-text.ts';
import type { Actor } from '../store/audit.ts';
import type { Tx } from '../store/db.ts';
import { enqueueMail, listOutbox, outboxCounts, retryDead, type NewMessage } from '../store/outbox-repo.ts';
import {
  activeLeadAndTeam,
  activeServiceUsers,
  activeUser,
  inspectionForMail,
  serviceById,
  serviceBySlug,
} from '../store/recipients-repo.ts';
import {
  confirmedSubscribers,
  confirmSubscription,
  dropToken,
  issueToken,
  pendingOrExisting,
  subscriptionForToken,
  unsubscribe,
} from '../store/subscriptions-repo.ts';
import { deadlineText } from '../domain/factual-accuracy.ts';
import { ukDateTime } from '../domain/partial-date.ts';
import type { ServiceContext } from './context.ts';

/** How long a confirmation link works. */
export const CONFIRM_LINK_DAYS = 7;
/** At most one confirmation email per address and service in this long, however often the form is sent. */
export const CONFIRM_EMAIL_EVERY_MS = 60 * 60 * 1000;

/** An email address as a subscription keeps it: trimmed, lower-cased, checked. */
/** What is wrong with an address, by kind: the page words each in the visitor's language. */
export const EMAIL_PROBLEMS = {
  required: 'Enter your email address',
  tooLong: 'The email address must be 254 characters or fewer',
  format: 'Enter an email address in the correct format, like name@example.com',
} as const;

export const SubscriberEmail = z
  .string({ message: EMAIL_PROBLEMS.required })
  .trim()
  .min(1, EMAIL_PROBLEMS.required)
  .max(254, EMAIL_PROBLEMS.tooLong)
  .pipe(z.email({ message: EMAIL_PROBLEMS.format }))
  .transform((v) => v.toLowerCase());

/**
 * Who is told what, at each handover, and the subscriptions of the public. Every notification is
 * queued in the transaction of the event it is about (the caller passes its `tx`), so an event is
 * never without its email and a rolled-back event sends nothing; each has a dedupe key naming the
 * event and the person, so it is queued at most once. The sender job (jobs/mail.ts) delivers them.
 */
export function notificationService({ database, now, publicBaseUrl }: ServiceContext) {
  const db = () => database.db;
  const origin = publicBaseUrl ?? 'http://127.0.0.1';
  const link = (path: string) => `${origin}${path}`;
  const queue = (tx: Tx, m: Omit<NewMessage, 'subject' | 'text'> & MailText) =>
    enqueueMail(tx, { ...m, subject: oneLine(m.subject) }, now());

  return {
    /** The service's users, when the draft is shared with them for the factual-accuracy check. */
    async draftShared(tx: Tx, inspectionId: string, version: number, deadline: string) {
      const i = await inspectionForMail(tx, inspectionId);
      if (!i) return;
      for (const u of await activeServiceUsers(tx, i.serviceId))
        await queue(tx, {
          kind: 'draft_shared',
          recipient: u.email,
          inspectionId,
          serviceId: i.serviceId,
          // The version the inspection reached by being shared: shared again later, it is told again.
          dedupeKey: `draft_shared:${inspectionId}:${version}:${u.id}`,
          ...draftSharedText({
            sender: MAIL_SENDER,
            serviceName: i.serviceName,
            title: i.title ?? 'Inspection of youth justice services',
            ref: i.ref,
            deadline: deadlineText(deadline),
            link: link(`/workspace/inspections/${inspectionId}/factual-accuracy`),
          }),
        });
    },

    /**
     * The service's users, two working days before the deadline (the reminder job, once per
     * sending: the key names the round, so a draft sent again is reminded again).
     */
    async deadlineReminder(tx: Tx, inspectionId: string, round: number, deadline: string) {
      const i = await inspectionForMail(tx, inspectionId);
      if (!i) return;
      for (const u of await activeServiceUsers(tx, i.serviceId))
        await queue(tx, {
          kind: 'factual_accuracy_reminder',
          recipient: u.email,
          inspectionId,
          serviceId: i.serviceId,
          dedupeKey: `factual_accuracy_reminder:${inspectionId}:${round}:${u.id}`,
          ...deadlineReminderText({
            sender: MAIL_SENDER,
            serviceName: i.serviceName,
            ref: i.ref,
            deadline: deadlineText(deadline),
            link: link(`/workspace/inspections/${inspectionId}/factual-accuracy`),
          }),
        });
    },

    /** The lead, when the service comments on the draft (one email per comment). */
    async commentReceived(tx: Tx, inspectionId: string, commentId: string, author: string, section: string) {
      const i = await inspectionForMail(tx, inspectionId);
      const lead = i?.leadInspectorId ? await activeUser(tx, i.leadInspectorId) : null;
      if (!i || !lead) return;
      await queue(tx, {
        kind: 'factual_accuracy_comment',
        recipient: lead.email,
        inspectionId,
        serviceId: i.serviceId,
        dedupeKey: `factual_accuracy_comment:${commentId}:${lead.id}`,
        ...commentReceivedText({
          sender: MAIL_SENDER,
          serviceName: i.serviceName,
          ref: i.ref,
          author,
          section,
          link: link(`/workspace/inspections/${inspectionId}/factual-accuracy`),
        }),
      });
    },

    /**
     * The lead and every member of the team, when the lead sets or changes the rating panel's date.
     * The key names the inspection's row version the change made, so each change is told once, and
     * a change back to an earlier date is told again (it is a change).
     */
    async panelDateSet(tx: Tx, inspectionId: string, version: number, at: Date, previous: Date | null) {
      const i = await inspectionForMail(tx, inspectionId);
      if (!i) return;
      for (const u of await activeLeadAndTeam(tx, inspectionId))
        await queue(tx, {
          kind: 'panel_date_set',
          recipient: u.email,
          inspectionId,
          serviceId: i.serviceId,
          dedupeKey: `panel_date_set:${inspectionId}:${version}:${u.id}`,
          ...panelDateText({
            sender: MAIL_SENDER,
            serviceName: i.serviceName,
            title: i.title ?? 'Inspection of youth justice services',
            ref: i.ref,
            when: ukDateTime(at),
            previous: previous ? ukDateTime(previous) : null,
            link: link(`/workspace/inspections/${inspectionId}/panel`),
          }),
        });
    },

    /**
     * The recipient of an embargoed preview link gets the link itself, once. The body holds the
     * token until it is sent, and not after (the outbox marks it sensitive).
     */
    async previewLink(
      tx: Tx,
      v: {
        inspectionId: string;
        linkId: string;
        token: string;
        email: string;
        recipient: string;
        expiresAt: Date;
        publishedAt: Date | null;
      },
    ) {
      const i = await inspectionForMail(tx, v.inspectionId);
      if (!i) return;
      await queue(tx, {
        kind: 'preview_link',
        recipient: v.email,
        inspectionId: v.inspectionId,
        serviceId: i.serviceId,
        dedupeKey: `preview_link:${v.linkId}`,
        sensitive: true,
        ...previewLinkText({
          sender: MAIL_SENDER,
          serviceName: i.serviceName,
          recipient: v.recipient,
          link: link(`/preview/${v.token}`),
          embargo: v.publishedAt ? ukDateTime(v.publishedAt) : null,
          expires: ukDateTime(v.expiresAt),
        }),
      });
    },

    /**
     * The confirmed subscribers of each service whose report the publication job has just
     * published, in the job's transaction. Each email carries its own unsubscribe link.
     */
    async published(tx: Tx, done: { id: string }[]) {
      const at = now();
      for (const d of done) {
        const i = await inspectionForMail(tx, d.id);
        if (!i) continue;
        for (const s of await confirmedSubscribers(tx, i.serviceId)) {
          const dedupeKey = `report_published:${d.id}:${s.id}`;
          const token = await issueToken(tx, s.id, 'unsubscribe', at, null);
          const queued = await queue(tx, {
            kind: 'report_published',
            recipient: s.email,
            inspectionId: d.id,
            serviceId: i.serviceId,
            dedupeKey,
            ...reportPublishedText({
              sender: MAIL_SENDER,
              serviceName: i.serviceName,
              title: i.title ?? 'Inspection of youth justice services',
              link: link(`/inspections/${encodeURIComponent(i.ref)}`),
              unsubscribe: link(`/subscriptions/${token}/unsubscribe`),
            }),
          });
          // Already told about this publication: the token made for this email is not kept.
          if (!queued) await dropToken(tx, token);
        }
      }
    },

    // ---- subscriptions (public) ----

    /** The service a subscription page is about, or null for an unknown slug. */
    service: (slug: string) => serviceBySlug(db(), slug),
    serviceName: async (serviceId: string) => (await serviceById(db(), serviceId))?.name ?? null,

    /**
     * Asks for emails about a service. The answer is the same whatever the address's state, so the
     * form never tells anyone whether an address is subscribed: a new or pending address is sent a
     * confirmation link (at most one an hour), a confirmed one is sent nothing.
     */
    async subscribe(serviceId: string, serviceName: string, email: string): Promise<void> {
      const at = now();
      await db().transaction(async (tx) => {
        const sub = await pendingOrExisting(tx, serviceId, email, at);
        if (sub.state === 'confirmed') return;
        const window = Math.floor(at.getTime() / CONFIRM_EMAIL_EVERY_MS);
        const token = await issueToken(
          tx,
          sub.id,
          'confirm',
          at,
          new Date(at.getTime() + CONFIRM_LINK_DAYS * 86_400_000),
        );
        const queued = await queue(tx, {
          kind: 'subscription_confirm',
          recipient: email,
          serviceId,
          dedupeKey: `subscription_confirm:${sub.id}:${window}`,
          ...confirmSubscriptionText({
            sender: MAIL_SENDER,
            serviceName,
            link: link(`/subscriptions/${token}/confirm`),
            days: CONFIRM_LINK_DAYS,
          }),
        });
        // One confirmation an hour: the token of an email not sent is not kept (the earlier one works).
        if (!queued) await dropToken(tx, token);
      });
    },
    /** The subscription a confirmation link is for (to show the confirm button), or null. */
    pendingFor: async (token: string) => subscriptionForToken(db(), token, 'confirm', now()),
    confirm: (token: string) => confirmSubscription(db(), token, now()),
    /** The subscription an unsubscribe link ends (to show the button), or null. */
    subscribedFor: async (token: string) => subscriptionForToken(db(), token, 'unsubscribe', now()),
    unsubscribe: (token: string) => unsubscribe(db(), token, now()),

    // ---- the outbox (administrators) ----

    async outbox(state: OutboxState | undefined) {
      const [messages, counts] = await Promise.all([listOutbox(db(), state, 200), outboxCounts(db())]);
      return { messages, counts };
    },
    async retry(actor: Actor, messageId: string) {
      await retryDead(db(), actor, messageId, now());
    },
    states: OUTBOX_STATES,
  };
}
export type NotificationService = ReturnType<typeof notificationService>;

/** A token as it arrives in a link: anything else is a link that does not work. */
export const isLinkToken = (v: string) => /^[A-Za-z0-9_-]{40,60}$/.test(v);
