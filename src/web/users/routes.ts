import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { asc } from 'drizzle-orm';
import { NewUser } from '../../accounts/user-schema.ts';
import { ROLE_LABELS, ROLES } from '../../domain/roles.ts';
import {
  createUser,
  endAllSessions,
  findUserByEmail,
  getUser,
  listUsers,
  setUserActive,
} from '../../store/auth-repo.ts';
import { services } from '../../store/schema.ts';
import { ConflictError, NotFoundError, RuleError } from '../../domain/errors.ts';
import { audit } from '../../store/audit.ts';
import { formBody, formErrors, singleError, type FormErrors } from '../forms.ts';
import { escapeHtml } from '../view-helpers.ts';
import { renderConflict } from '../workspace/conflict.ts';
import { actorOf, versionOf } from '../workspace/context.ts';

type UserParams = { Params: { userId: string } };
const ACTIVE_TAG = '<strong class="govuk-tag govuk-tag--green">Active</strong>';
const DEACTIVATED_TAG = '<strong class="govuk-tag govuk-tag--grey">Deactivated</strong>';
/** What the banner says after each change to an account (the query names one of these, never free text). */
const DONE = {
  deactivated: 'Account deactivated. The person has been signed out and cannot sign in.',
  reactivated: 'Account reactivated. The person can sign in again.',
  'signed-out': 'The person has been signed out on every device.',
  'no-sessions': 'The person was not signed in anywhere, so there was nothing to end.',
} as const;

export async function userRoutes(app: FastifyInstance): Promise<void> {
  const render = async (
    reply: FastifyReply,
    values: Record<string, unknown> = {},
    errors?: FormErrors,
    status = 200,
  ) => {
    const db = app.deps.database.db;
    const [list, svc] = await Promise.all([
      listUsers(db),
      db.select({ id: services.id, name: services.name }).from(services).orderBy(asc(services.name)),
    ]);
    return reply.page(
      'users/users.njk',
      {
        title: 'User accounts',
        rows: list.map((u) => [
          { html: `<a class="govuk-link" href="/workspace/users/${u.id}">${escapeHtml(u.name)}</a>` },
          { text: u.email },
          { text: ROLE_LABELS[u.role as keyof typeof ROLE_LABELS] ?? u.role },
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
  app.get('/workspace/users', { config: { auth: ['admin'] } }, async (_req, reply) => render(reply));
  app.post('/workspace/users', { config: { auth: ['admin'] } }, async (req, reply) => {
    const body = formBody(req.body);
    const values = { ...body, password: '' };
    const parsed = NewUser.safeParse(body);
    if (!parsed.success) return render(reply, values, formErrors(parsed.error.issues), 400);
    const db = app.deps.database.db;
    if (await findUserByEmail(db, parsed.data.email))
      return render(reply, values, singleError('email', 'An account with this email address already exists'), 400);
    const u = await createUser(db, parsed.data);
    await audit(db, actorOf(req), 'create', 'user', u.id, null, null, {
      email: u.email,
      name: u.name,
      role: u.role,
      serviceId: u.serviceId,
    });
    return reply.redirect('/workspace/users', 303);
  });

  // ---- one account: deactivate, reactivate, sign out everywhere ----
  const loadUser = async (req: FastifyRequest<UserParams>, reply: FastifyReply) => {
    const u = await getUser(app.deps.database.db, req.params.userId, app.deps.now());
    if (!u) reply.callNotFound();
    return u;
  };
  const crumbs = [
    { text: 'Workspace', href: '/workspace' },
    { text: 'User accounts', href: '/workspace/users' },
  ];
  const renderAccount = async (req: FastifyRequest<UserParams>, reply: FastifyReply, error?: string, status = 200) => {
    const u = await loadUser(req, reply);
    if (!u) return reply;
    const done = (req.query as { done?: string }).done;
    return reply.page(
      'users/user.njk',
      {
        title: u.name,
        u,
        roleLabel: ROLE_LABELS[u.role] ?? u.role,
        self: u.id === req.user!.id,
        done: error ? null : (DONE[done as keyof typeof DONE] ?? null),
        error,
        breadcrumbs: crumbs,
      },
      status,
    );
  };
  type Done = keyof typeof DONE;
  type Req = FastifyRequest<UserParams>;
  const change = async (
    req: Req,
    reply: FastifyReply,
    act: () => Promise<unknown>,
    done: Done | ((r: unknown) => Done),
  ) => {
    let result: unknown;
    try {
      result = await act();
    } catch (e) {
      if (e instanceof NotFoundError) return reply.callNotFound();
      if (e instanceof ConflictError) return renderConflict(reply, e, `/workspace/users/${req.params.userId}`);
      if (e instanceof RuleError) return renderAccount(req, reply, e.message, 409);
      throw e;
    }
    return reply.redirect(
      `/workspace/users/${req.params.userId}?done=${typeof done === 'function' ? done(result) : done}`,
      303,
    );
  };
  const admin = { config: { auth: ['admin'] as const } };
  app.get<UserParams>('/workspace/users/:userId', admin, async (req, reply) => renderAccount(req, reply));
  // Deactivation has a confirmation step: it signs the person out at once and locks them out.
  app.get<UserParams>('/workspace/users/:userId/deactivate', admin, async (req, reply) => {
    const u = await loadUser(req, reply);
    if (!u) return reply;
    if (!u.active) return reply.redirect(`/workspace/users/${u.id}`, 303);
    const self = u.id === req.user!.id;
    const title = self
      ? 'You cannot deactivate your own account'
      : `Are you sure you want to deactivate ${u.name}’s account?`;
    return reply.page('users/deactivate.njk', { title, u, self, breadcrumbs: crumbs });
  });
  const setActive = (req: FastifyRequest<UserParams>, active: boolean) => () =>
    setUserActive(app.deps.database.db, actorOf(req), req.params.userId, versionOf(formBody(req.body)), active);
  app.post<UserParams>('/workspace/users/:userId/deactivate', admin, async (req, reply) =>
    change(req, reply, setActive(req, false), 'deactivated'),
  );
  app.post<UserParams>('/workspace/users/:userId/reactivate', admin, async (req, reply) =>
    change(req, reply, setActive(req, true), 'reactivated'),
  );
  app.post<UserParams>('/workspace/users/:userId/sign-out-everywhere', admin, async (req, reply) =>
    change(
      req,
      reply,
      () => endAllSessions(app.deps.database.db, actorOf(req), req.params.userId),
      (ended) => (ended ? 'signed-out' : 'no-sessions'),
    ),
  );
}
