import type { FastifyInstance, FastifyReply } from 'fastify';
import { asc } from 'drizzle-orm';
import { NewUser } from '../../auth/user-schema.ts';
import { ROLE_LABELS, ROLES } from '../../domain/roles.ts';
import { createUser, findUserByEmail, listUsers } from '../../store/auth-repo.ts';
import { services } from '../../store/schema.ts';
import { audit } from '../../store/workflow-repo.ts';
import { formBody, formErrors, singleError, type FormErrors } from '../forms.ts';
import { actorOf } from '../workspace/context.ts';

export async function userRoutes(app: FastifyInstance): Promise<void> {
  const render = async (reply: FastifyReply, values: Record<string, unknown> = {}, errors?: FormErrors, status = 200) => {
    const db = app.deps.database.db;
    const [list, svc] = await Promise.all([listUsers(db), db.select({ id: services.id, name: services.name }).from(services).orderBy(asc(services.name))]);
    return reply.page(
      'users/users.njk',
      {
        title: 'User accounts',
        rows: list.map((u) => [{ text: u.name }, { text: u.email }, { text: ROLE_LABELS[u.role as keyof typeof ROLE_LABELS] ?? u.role }, { text: svc.find((s) => s.id === u.serviceId)?.name ?? '–' }]),
        roleItems: ROLES.map((r) => ({ value: r, text: ROLE_LABELS[r], checked: values.role === r })),
        serviceItems: [{ value: '', text: 'Not a service user' }, ...svc.map((s) => ({ value: s.id, text: s.name, selected: s.id === values.serviceId }))],
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
    if (await findUserByEmail(db, parsed.data.email)) return render(reply, values, singleError('email', 'An account with this email address already exists'), 400);
    const u = await createUser(db, parsed.data);
    await audit(db, actorOf(req), 'create', 'user', u.id, null, null, { email: u.email, name: u.name, role: u.role, serviceId: u.serviceId });
    return reply.redirect('/workspace/users', 303);
  });
}
