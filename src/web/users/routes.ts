import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { NewUser } from '../../accounts/user-schema.ts';
import { ROLE_LABELS, ROLES } from '../../domain/roles.ts';
import type { FormErrors } from '../forms.ts';
import { Id, Version, type RoutesPlugin } from '../validation.ts';
import { escapeHtml } from '../view-helpers.ts';
import { actorOf } from '../workspace/context.ts';

const UserParams = z.object({ userId: Id });
const ACTIVE_TAG = '<strong class="govuk-tag govuk-tag--green">Active</strong>';
const DEACTIVATED_TAG = '<strong class="govuk-tag govuk-tag--grey">Deactivated</strong>';
/** What the banner says after each change to an account (the query names one of these, never free text). */
const DONE = {
  deactivated: 'Account deactivated. The person has been signed out and cannot sign in.',
  reactivated: 'Account reactivated. The person can sign in again.',
  'signed-out': 'The person has been signed out on every device.',
  'no-sessions': 'The person was not signed in anywhere, so there was nothing to end.',
} as const;
type Done = keyof typeof DONE;
const AccountQuery = z.object({
  done: z
    .enum(Object.keys(DONE) as [Done, ...Done[]])
    .optional()
    .catch(undefined),
});
const VersionBody = z.object({ version: Version });
const ADMIN = ['admin'] as const;
const crumbs = [
  { text: 'Workspace', href: '/workspace' },
  { text: 'User accounts', href: '/workspace/users' },
];

/** Administrators' account pages: the model for a journey's routes (schemas, a service, one error handler). */
export const userRoutes: RoutesPlugin = async (app) => {
  const accounts = app.services.accounts;
  const renderList = async (
    reply: FastifyReply,
    values: Record<string, unknown> = {},
    errors?: FormErrors,
    status = 200,
  ) => {
    const [list, svc] = await Promise.all([accounts.list(), accounts.serviceChoices()]);
    return reply.page(
      'users/users.njk',
      {
        title: 'User accounts',
        rows: list.map((u) => [
          { html: `<a class="govuk-link" href="/workspace/users/${u.id}">${escapeHtml(u.name)}</a>` },
          { text: u.email },
          { text: ROLE_LABELS[u.role] ?? u.role },
          { text: svc.find((s) => s.id === u.serviceId)?.name ?? '–' },
          { html: u.active ? ACTIVE_TAG : DEACTIVATED_TAG },
        ]),
        roleItems: ROLES.map((r) => ({ value: r, text: ROLE_LABELS[r], checked: values.role === r })),
        serviceItems: [
          { value: '', text: 'Not a service user' },
          ...svc.map((s) => ({ value: s.id, text: s.name, selected: s.id === values.serviceId })),
        ],
        values,
        errors,
        breadcrumbs: [{ text: 'Workspace', href: '/workspace' }],
      },
      status,
    );
  };
  // What was typed goes back into the form, except the password.
  const typed = (req: FastifyRequest) => ({ ...(req.body as Record<string, unknown>), password: '' });

  app.get('/workspace/users', { config: { auth: ADMIN } }, async (_req, reply) => renderList(reply));
  app.post(
    '/workspace/users',
    {
      schema: { body: NewUser },
      config: { auth: ADMIN, form: (req, reply, errors, status) => renderList(reply, typed(req), errors, status) },
    },
    async (req, reply) => {
      await accounts.create(actorOf(req), req.body);
      return reply.redirect('/workspace/users', 303);
    },
  );

  // ---- one account: deactivate, reactivate, sign out everywhere ----
  const renderAccount = async (req: FastifyRequest, reply: FastifyReply, errors?: FormErrors, status = 200) => {
    const { userId } = req.params as z.infer<typeof UserParams>;
    const { done } = AccountQuery.parse(req.query);
    const u = await accounts.get(userId);
    return reply.page(
      'users/user.njk',
      {
        title: u.name,
        u,
        roleLabel: ROLE_LABELS[u.role] ?? u.role,
        self: u.id === req.user!.id,
        done: errors || !done ? null : DONE[done],
        // A rule that names no field is about the account's actions: the summary links there.
        errors: errors && {
          ...errors,
          errorList: errors.errorList.map((e) => (e.href === '#form' ? { ...e, href: '#account-actions' } : e)),
        },
        breadcrumbs: crumbs,
      },
      status,
    );
  };
  // A broken rule (deactivating yourself) is shown on the account page, beside its actions.
  const accountForm = { auth: ADMIN, form: renderAccount };
  const done = (userId: string, what: Done) => `/workspace/users/${userId}?done=${what}`;

  app.get(
    '/workspace/users/:userId',
    { schema: { params: UserParams, querystring: AccountQuery }, config: { auth: ADMIN } },
    async (req, reply) => renderAccount(req, reply),
  );
  // Deactivation has a confirmation step: it signs the person out at once and locks them out.
  app.get(
    '/workspace/users/:userId/deactivate',
    { schema: { params: UserParams }, config: { auth: ADMIN } },
    async (req, reply) => {
      const u = await accounts.get(req.params.userId);
      if (!u.active) return reply.redirect(`/workspace/users/${u.id}`, 303);
      const self = u.id === req.user!.id;
      const title = self
        ? 'You cannot deactivate your own account'
        : `Are you sure you want to deactivate ${u.name}’s account?`;
      return reply.page('users/deactivate.njk', { title, u, self, breadcrumbs: crumbs });
    },
  );
  for (const [action, active] of [
    ['deactivate', false],
    ['reactivate', true],
  ] as const) {
    app.post(
      `/workspace/users/:userId/${action}`,
      { schema: { params: UserParams, body: VersionBody }, config: accountForm },
      async (req, reply) => {
        await accounts.setActive(actorOf(req), req.params.userId, req.body.version, active);
        return reply.redirect(done(req.params.userId, active ? 'reactivated' : 'deactivated'), 303);
      },
    );
  }
  app.post(
    '/workspace/users/:userId/sign-out-everywhere',
    { schema: { params: UserParams }, config: accountForm },
    async (req, reply) => {
      const ended = await accounts.signOutEverywhere(actorOf(req), req.params.userId);
      return reply.redirect(done(req.params.userId, ended ? 'signed-out' : 'no-sessions'), 303);
    },
  );
};
