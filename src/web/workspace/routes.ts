import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { STATE_LABELS } from '../../domain/lifecycle.ts';
import { isServiceRole } from '../../domain/roles.ts';
import { isValidIsoDate } from '../../domain/partial-date.ts';
import { frameworkRegistry } from '../../store/frameworks.ts';
import { services } from '../../store/schema.ts';
import { createInspection, listLeadInspectors, listWorkflowInspections } from '../../store/workflow-repo.ts';
import { RuleError } from '../../domain/errors.ts';
import { formBody, formErrors, singleError, type FormErrors } from '../forms.ts';
import { actorOf, base, LEADS, SERVICE_VISIBLE } from './context.ts';

const pad = (n: string) => n.trim().padStart(2, '0');
/** GOV.UK date input: three fields; empty is allowed (null), part-filled or impossible is an error. */
function dateField(prefix: string, label: string) {
  return z
    .object({ day: z.string().default(''), month: z.string().default(''), year: z.string().default('') })
    .transform((d, ctx) => {
      if (!d.day.trim() && !d.month.trim() && !d.year.trim()) return null;
      const iso = `${d.year.trim()}-${pad(d.month)}-${pad(d.day)}`;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || !isValidIsoDate(iso)) {
        ctx.addIssue({ code: 'custom', message: `${label} must be a real date`, path: [] });
        return z.NEVER;
      }
      return iso;
    })
    .describe(prefix);
}

const NewInspection = z
  .object({
    serviceId: z.string().uuid('Select the service to inspect'),
    frameworkId: z.string().refine((id) => frameworkRegistry().has(id), 'Select a framework'),
    title: z
      .string()
      .trim()
      .min(1, 'Enter a title for the inspection')
      .max(200, 'Title must be 200 characters or fewer'),
    fieldworkStart: dateField('fieldworkStart', 'Fieldwork start date'),
    fieldworkEnd: dateField('fieldworkEnd', 'Fieldwork end date'),
    // Empty means the planner, when the planner is a lead inspector; the store refuses anyone else.
    leadInspectorId: z
      .string()
      .optional()
      .transform((v) => v || undefined),
  })
  .refine((v) => !v.fieldworkStart || !v.fieldworkEnd || v.fieldworkEnd >= v.fieldworkStart, {
    message: 'Fieldwork end date must be the same as or after the start date',
    path: ['fieldworkEnd'],
  });

export async function workspaceRoutes(app: FastifyInstance): Promise<void> {
  app.get('/workspace', { config: { auth: 'signed-in' } }, async (req, reply) => {
    const user = req.user!;
    const db = app.deps.database.db;
    const list = isServiceRole(user.role)
      ? user.serviceId
        ? await listWorkflowInspections(db, { serviceId: user.serviceId, states: [...SERVICE_VISIBLE] })
        : []
      : await listWorkflowInspections(db);
    const own = user.serviceId
      ? (
          await db
            .select({ slug: services.slug, name: services.name })
            .from(services)
            .where(eq(services.id, user.serviceId))
        )[0]
      : undefined;
    return reply.page('workspace/dashboard.njk', {
      title: 'Workspace',
      ownService: own ?? null,
      canPlan: LEADS.includes(user.role),
      isAdmin: user.role === 'admin',
      rows: list.map(({ inspection: i, service }) => ({
        href: isServiceRole(user.role) ? `${base(i.id)}/factual-accuracy` : base(i.id),
        service: service.name,
        ref: i.ref,
        title: i.title,
        status: STATE_LABELS[i.status] ?? i.status,
        framework: frameworkRegistry().get(i.frameworkId)?.name ?? i.frameworkId,
      })),
    });
  });

  type Values = Record<string, unknown>;
  const renderNew = async (
    req: FastifyRequest,
    reply: FastifyReply,
    values: Values,
    errors?: FormErrors,
    status = 200,
  ) => {
    const db = app.deps.database.db;
    const [svc, leads] = await Promise.all([
      db.select({ id: services.id, name: services.name }).from(services).orderBy(asc(services.name)),
      listLeadInspectors(db),
    ]);
    const chosenLead = values.leadInspectorId ?? (req.user!.role === 'lead_inspector' ? req.user!.id : '');
    const fws = [...frameworkRegistry().values()].filter(
      (f) => f.scoring?.points !== undefined && f.id !== 'hmip-youth-fji',
    );
    return reply.page(
      'workspace/new-inspection.njk',
      {
        title: 'Plan an inspection',
        values,
        errors,
        serviceItems: [
          { value: '', text: 'Choose a service' },
          ...svc.map((s) => ({ value: s.id, text: s.name, selected: s.id === values.serviceId })),
        ],
        leadItems: [
          { value: '', text: 'Choose the lead inspector' },
          ...leads.map((u) => ({ value: u.id, text: u.name, selected: u.id === chosenLead })),
        ],
        frameworkItems: fws.map((f) => ({
          value: f.id,
          text: `${f.name} (${f.version})`,
          checked: f.id === (values.frameworkId ?? 'hmip-youth-2021'),
        })),
        breadcrumbs: [{ text: 'Workspace', href: '/workspace' }],
      },
      status,
    );
  };

  app.get('/workspace/inspections/new', { config: { auth: LEADS } }, async (req, reply) =>
    renderNew(req, reply, { title: 'Inspection of youth justice services' }),
  );

  app.post('/workspace/inspections/new', { config: { auth: LEADS } }, async (req, reply) => {
    const body = formBody(req.body);
    const shaped = {
      serviceId: body.serviceId,
      frameworkId: body.frameworkId,
      title: body.title,
      fieldworkStart: {
        day: body['fieldworkStart-day'],
        month: body['fieldworkStart-month'],
        year: body['fieldworkStart-year'],
      },
      fieldworkEnd: {
        day: body['fieldworkEnd-day'],
        month: body['fieldworkEnd-month'],
        year: body['fieldworkEnd-year'],
      },
      leadInspectorId: body.leadInspectorId,
    };
    const parsed = NewInspection.safeParse(shaped);
    const fieldOf = (p: string) => (p.startsWith('fieldwork') ? `${p}-day` : p);
    if (!parsed.success) return renderNew(req, reply, body, formErrors(parsed.error.issues, fieldOf), 400);
    const f = frameworkRegistry().get(parsed.data.frameworkId)!;
    try {
      const row = await createInspection(
        app.deps.database.db,
        actorOf(req),
        {
          ...parsed.data,
          frameworkVersion: f.version,
        },
        app.deps.now(),
      );
      return reply.redirect(base(row.id), 303);
    } catch (e) {
      if (e instanceof RuleError)
        return renderNew(req, reply, body, singleError(e.field ?? 'serviceId', e.message), 400);
      throw e;
    }
  });
}
