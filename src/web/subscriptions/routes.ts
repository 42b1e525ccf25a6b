import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { EMAIL_PROBLEMS, isLinkToken, SubscriberEmail } from '../../services/notifications.ts';
import type { FormErrors } from '../forms.ts';
import { t } from '../i18n.ts';
import { placeName } from '../view-helpers.ts';
import { Slug, type RoutesPlugin } from '../validation.ts';

/** Subscription requests one client address may make in SUBSCRIBE_WINDOW_MS. */
export const SUBSCRIBE_LIMIT = 10;
const SUBSCRIBE_WINDOW_MS = 15 * 60_000;

const ServiceParams = z.object({ slug: Slug });
const SubscribeBody = z.object({ email: SubscriberEmail });
/** Not a params schema: a malformed token gets the same page as a link that has stopped working. */
const TokenParams = z.object({ token: z.string() });

const noStore = (reply: FastifyReply) =>
  reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex, nofollow');

/**
 * The email field's problems in the page's language. The schema (shared with the service) words
 * them in English (`EMAIL_PROBLEMS`); each is looked up by those words to find its kind.
 */
const EMAIL_PROBLEM_KIND = new Map<string, string>(Object.entries(EMAIL_PROBLEMS).map(([kind, text]) => [text, kind]));
const inLanguageOfPage = (errors: FormErrors): FormErrors => {
  const say = (text: string) => {
    const key = EMAIL_PROBLEM_KIND.get(text);
    return key ? t(`pages:subscriptions.errors.${key}`) : text;
  };
  return {
    errorList: errors.errorList.map((e) => ({ ...e, text: say(e.text) })),
    fields: Object.fromEntries(Object.entries(errors.fields).map(([k, v]) => [k, { text: say(v.text) }])),
  };
};

/**
 * Email when a service's report is published, for anyone: a form on a page of its own (the service
 * page is cached and carries no form), double opt-in by a link in a confirmation email, and an
 * unsubscribe link in every email. Confirming and unsubscribing are buttons behind the links, so a
 * mail scanner that opens links does neither. Every request for an address gets the same answer,
 * so the form never tells anyone whether an address is subscribed.
 */
export const subscriptionRoutes: RoutesPlugin = async (app) => {
  const notifications = app.services.notifications;
  const limiter = app.createRateLimit({ max: SUBSCRIBE_LIMIT, timeWindow: SUBSCRIBE_WINDOW_MS });
  // Counted before the body is read, so a client over its allowance costs next to nothing.
  const rationed = async (req: FastifyRequest, reply: FastifyReply) => {
    const r = await limiter(req);
    if (r.isAllowed || !r.isExceeded) return;
    const wait = Math.max(1, r.ttlInSeconds);
    reply.header('retry-after', String(wait));
    return reply.page(
      'errors/error.njk',
      {
        title: t('pages:subscriptions.tooManyTitle'),
        message: t('pages:subscriptions.tooManyText', { count: Math.ceil(wait / 60) }),
      },
      429,
    );
  };

  const serviceOr404 = async (slug: string) => notifications.service(slug);
  const renderForm = async (
    req: FastifyRequest,
    reply: FastifyReply,
    errors?: FormErrors,
    status = 200,
  ): Promise<FastifyReply> => {
    const { slug } = req.params as { slug: string };
    const service = await serviceOr404(slug);
    if (!service) {
      reply.callNotFound();
      return reply;
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    const name = placeName(service.name);
    return noStore(reply).page(
      'subscriptions/subscribe.njk',
      {
        title: t('pages:subscriptions.title', { name }),
        service,
        name,
        values: { email: typeof body.email === 'string' ? body.email.slice(0, 254) : '' },
        errors: errors && inLanguageOfPage(errors),
        breadcrumbs: [
          { text: t('nav.services'), href: '/services' },
          { text: name, href: `/services/${service.slug}` },
        ],
      },
      status,
    );
  };

  app.get(
    '/services/:slug/subscribe',
    { schema: { params: ServiceParams }, config: { auth: 'public', welsh: true } },
    async (req, reply) => renderForm(req, reply),
  );
  app.post(
    '/services/:slug/subscribe',
    {
      schema: { params: ServiceParams, body: SubscribeBody },
      config: { auth: 'public', form: renderForm, welsh: true },
      onRequest: rationed,
    },
    async (req, reply) => {
      const service = await serviceOr404(req.params.slug);
      if (!service) return reply.callNotFound();
      await notifications.subscribe(service.id, service.name, req.body.email);
      return noStore(reply).page('subscriptions/check-email.njk', {
        title: t('pages:subscriptions.checkTitle'),
        service,
        name: placeName(service.name),
        email: req.body.email,
      });
    },
  );

  const linkNotWorking = (reply: FastifyReply) =>
    noStore(reply).page(
      'errors/error.njk',
      {
        title: t('pages:subscriptions.linkTitle'),
        message: t('pages:subscriptions.linkText'),
      },
      404,
    );
  const tokenOf = (req: FastifyRequest) => {
    const p = TokenParams.safeParse(req.params);
    return p.success && isLinkToken(p.data.token) ? p.data.token : null;
  };

  for (const [action, find, act] of [
    ['confirm', notifications.pendingFor, notifications.confirm],
    ['unsubscribe', notifications.subscribedFor, notifications.unsubscribe],
  ] as const) {
    const confirm = action === 'confirm';
    const nameOf = async (serviceId: string) => {
      const english = await app.services.notifications.serviceName(serviceId);
      return english ? placeName(english) : t('pages:subscriptions.thisService');
    };
    app.get(`/subscriptions/:token/${action}`, { config: { auth: 'public', welsh: true } }, async (req, reply) => {
      const token = tokenOf(req);
      const sub = token ? await find(token) : null;
      if (!token || !sub) return linkNotWorking(reply);
      return noStore(reply).page('subscriptions/act.njk', {
        title: t(confirm ? 'pages:subscriptions.confirmTitle' : 'pages:subscriptions.unsubscribeTitle'),
        action,
        token,
        email: sub.email,
        subjectService: await nameOf(sub.serviceId),
      });
    });
    app.post(`/subscriptions/:token/${action}`, { config: { auth: 'public', welsh: true } }, async (req, reply) => {
      const token = tokenOf(req);
      const sub = token ? await act(token) : null;
      if (!token || !sub) return linkNotWorking(reply);
      const name = await nameOf(sub.serviceId);
      return noStore(reply).page('subscriptions/done.njk', {
        title: t(confirm ? 'pages:subscriptions.confirmedTitle' : 'pages:subscriptions.unsubscribedTitle'),
        message: t(confirm ? 'pages:subscriptions.confirmedText' : 'pages:subscriptions.unsubscribedText', {
          email: sub.email,
          name,
        }),
        confirm,
      });
    });
  }
};
