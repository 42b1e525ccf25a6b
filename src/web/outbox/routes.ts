import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { OUTBOX_STATES, type OutboxState } from '../../domain/mail.ts';
import type { FormErrors } from '../forms.ts';
import { Id, type RoutesPlugin } from '../validation.ts';
import { ukDateTime } from '../view-helpers.ts';
import { actorOf } from '../workspace/context.ts';

const ADMIN = ['admin'] as const;
/** A state filter that is not one of the states shows every message, as no filter does. */
const OutboxQuery = z.object({
  state: z.enum(OUTBOX_STATES).optional().catch(undefined),
  done: z.literal('retried').optional().catch(undefined),
});
const MessageParams = z.object({ messageId: Id });

const STATE_LABEL: Record<OutboxState, { text: string; tag: string }> = {
  queued: { text: 'Queued', tag: 'govuk-tag--blue' },
  sending: { text: 'Sending', tag: 'govuk-tag--yellow' },
  sent: { text: 'Sent', tag: 'govuk-tag--green' },
  dead: { text: 'Not sent', tag: 'govuk-tag--red' },
};

/**
 * The email outbox, for administrators: what is queued, sent and could not be sent, with the last
 * error; a message that could not be sent can be queued again. With no mail server configured,
 * this is where the mail the service would have sent can be read.
 */
export const outboxRoutes: RoutesPlugin = async (app) => {
  const notifications = app.services.notifications;
  const render = async (req: FastifyRequest, reply: FastifyReply, errors?: FormErrors, status = 200) => {
    const { state, done } = OutboxQuery.parse(req.query ?? {});
    const { messages, counts } = await notifications.outbox(state);
    const dead = state === 'dead';
    return reply.page(
      'outbox/outbox.njk',
      {
        title: dead ? 'Email that could not be sent' : 'Email outbox',
        state,
        dead,
        counts,
        filters: [
          {
            href: '/workspace/outbox',
            text: `All (${Object.values(counts).reduce((a, b) => a + b, 0)})`,
            current: !state,
          },
          ...OUTBOX_STATES.map((s) => ({
            href: `/workspace/outbox?state=${s}`,
            text: `${STATE_LABEL[s].text} (${counts[s]})`,
            current: state === s,
          })),
        ],
        messages: messages.map((m) => ({
          ...m,
          stateText: STATE_LABEL[m.state].text,
          stateTag: STATE_LABEL[m.state].tag,
          created: ukDateTime(m.createdAt),
          sent: m.sentAt ? ukDateTime(m.sentAt) : null,
          next: m.state === 'queued' ? ukDateTime(m.nextAttemptAt) : null,
        })),
        smtpConfigured: !!app.deps.config.smtpUrl,
        retried: !errors && done === 'retried',
        errors,
        breadcrumbs: [{ text: 'Workspace', href: '/workspace' }],
      },
      status,
    );
  };

  app.get('/workspace/outbox', { schema: { querystring: OutboxQuery }, config: { auth: ADMIN } }, async (req, reply) =>
    render(req, reply),
  );
  app.post(
    '/workspace/outbox/:messageId/retry',
    {
      schema: { params: MessageParams },
      config: { auth: ADMIN, form: (req, reply, errors, status) => render(req, reply, errors, status) },
    },
    async (req, reply) => {
      await notifications.retry(actorOf(req), req.params.messageId);
      return reply.redirect('/workspace/outbox?state=dead&done=retried', 303);
    },
  );
};
