import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { STATE_LABELS } from '../../domain/lifecycle.ts';
import { isValidIsoDate } from '../../domain/partial-date.ts';
import { isServiceRole } from '../../domain/roles.ts';
import type { Framework } from '../../domain/framework.ts';
import { frameworkForFieldwork, fieldworkWindowText } from '../../domain/framework-selection.ts';
import type { FormErrors } from '../forms.ts';
import type { RoutesPlugin } from '../validation.ts';
import { ukDateTime } from '../view-helpers.ts';
import { actorOf, base, LEADS } from './context.ts';

const pad = (n: string) => n.trim().padStart(2, '0');
/** GOV.UK date input: three fields; empty is allowed (null), part-filled or impossible is an error. */
export function dateField(label: string) {
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
    });
}

/** A date input's three fields (fieldworkStart-day, -month, -year) as one object, so it is checked as one date. */
export const dateParts = (b: Record<string, unknown>, prefix: string) => ({
  day: b[`${prefix}-day`],
  month: b[`${prefix}-month`],
  year: b[`${prefix}-year`],
});

/** Checkboxes: absent when none is ticked, a string for one, an array for several. */
export const TeamField = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter((x) => x !== ''));

/** The frameworks an inspection can be planned under: those the engine scores (not the legacy joint one). */
export const plannable = (all: Iterable<Framework>) =>
  [...all].filter((f) => f.scoring?.points !== undefined && f.id !== 'hmip-youth-fji');

/**
 * The framework radios: the one chosen, else the one in force on the fieldwork start (or today,
 * with no dates yet), each with its fieldwork window so a planner can see why.
 */
export function frameworkItems(
  all: Iterable<Framework>,
  chosen: unknown,
  fieldworkStart: string | null,
  today: string,
) {
  const fws = plannable(all);
  const preselected =
    typeof chosen === 'string' && chosen ? chosen : frameworkForFieldwork(fws, fieldworkStart ?? today)?.id;
  return fws.map((f) => ({
    value: f.id,
    text: `${f.name} (${f.version})`,
    hint: { text: `For ${fieldworkWindowText(f)}` },
    checked: f.id === preselected,
  }));
}

/**
 * A form with an inspection's planned details (framework, title, fieldwork dates) and `more`
 * fields: planning a new inspection and changing a planned one ask the same questions, with the
 * same messages, and the fieldwork must end on or after its start.
 */
export function plannedDetailsForm<F extends z.ZodRawShape, M extends z.ZodRawShape>(first: F, more: M) {
  return z.preprocess(
    (b) => {
      const body = (b && typeof b === 'object' ? b : {}) as Record<string, unknown>;
      return {
        ...body,
        fieldworkStart: dateParts(body, 'fieldworkStart'),
        fieldworkEnd: dateParts(body, 'fieldworkEnd'),
      };
    },
    z
      .object({
        ...first,
        // Which frameworks exist is the workflow service's to say (it refuses any other).
        frameworkId: z.string({ error: 'Select a framework' }).min(1, 'Select a framework'),
        title: z
          .string({ error: 'Enter a title for the inspection' })
          .trim()
          .min(1, 'Enter a title for the inspection')
          .max(200, 'Title must be 200 characters or fewer'),
        fieldworkStart: dateField('Fieldwork start date'),
        fieldworkEnd: dateField('Fieldwork end date'),
        ...more,
      })
      .refine(
        (v) => {
          const { fieldworkStart: start, fieldworkEnd: end } = v as {
            fieldworkStart: string | null;
            fieldworkEnd: string | null;
          };
          return !start || !end || end >= start;
        },
        { message: 'Fieldwork end date must be the same as or after the start date', path: ['fieldworkEnd'] },
      ),
  );
}

const NewInspection = plannedDetailsForm(
  { serviceId: z.uuid({ error: 'Select the service to inspect' }) },
  {
    // Empty means the planner, when the planner is a lead inspector; the service refuses anyone else.
    leadInspectorId: z
      .string()
      .optional()
      .transform((v) => v || undefined),
    team: TeamField,
  },
);

/** A date's error links to its first field (day), as the GOV.UK date input expects. */
export const toDayField = (errors: FormErrors): FormErrors => ({
  ...errors,
  errorList: errors.errorList.map((e) =>
    /^#fieldwork(Start|End)$/.test(e.href) ? { ...e, href: `${e.href}-day` } : e,
  ),
});

export const workspaceRoutes: RoutesPlugin = async (app) => {
  const workflow = app.services.workflow;

  app.get('/workspace', { config: { auth: 'signed-in' } }, async (req, reply) => {
    const user = req.user!;
    const { list, own, caseListsAsked } = await workflow.dashboard(user);
    return reply.page('workspace/dashboard.njk', {
      title: 'Workspace',
      ownService: own,
      canPlan: LEADS.includes(user.role),
      isAdmin: user.role === 'admin',
      caseLists: caseListsAsked.map(({ inspection: i }) => ({
        href: `${base(i.id)}/case-list`,
        text: `${i.title ?? 'Inspection'} (${i.ref})`,
      })),
      // The service's users download their draft report to check it (board members read the check's page).
      drafts:
        user.role === 'service_user'
          ? list
              .filter(({ inspection: i }) => i.status === 'factual_accuracy')
              .map(({ inspection: i }) => ({
                href: `${base(i.id)}/report/draft.pdf`,
                text: `${i.title ?? 'Inspection'} (${i.ref})`,
              }))
          : [],
      rows: list.map(({ inspection: i, service }) => ({
        href: isServiceRole(user.role) ? `${base(i.id)}/factual-accuracy` : base(i.id),
        service: service.name,
        ref: i.ref,
        title: i.title,
        status: STATE_LABELS[i.status] ?? i.status,
        framework: app.deps.frameworks().get(i.frameworkId)?.name ?? i.frameworkId,
        panelDate: i.ratingPanelAt ? ukDateTime(i.ratingPanelAt) : null,
      })),
      // When the panel sits is the inspectorate's working date: the service is not shown it.
      showPanelDate: !isServiceRole(user.role),
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
    const { services: svc, leads, inspectors } = await workflow.planChoices();
    const chosenLead = values.leadInspectorId ?? (req.user!.role === 'lead_inspector' ? req.user!.id : '');
    const team = new Set(TeamField.catch([]).parse(values.team));
    const start = (values.fieldworkStart as string | null | undefined) ?? null;
    return reply.page(
      'workspace/new-inspection.njk',
      {
        title: 'Plan an inspection',
        values,
        errors: errors && toDayField(errors),
        serviceItems: [
          { value: '', text: 'Choose a service' },
          ...svc.map((s) => ({ value: s.id, text: s.name, selected: s.id === values.serviceId })),
        ],
        leadItems: [
          { value: '', text: 'Choose the lead inspector' },
          ...leads.map((u) => ({ value: u.id, text: u.name, selected: u.id === chosenLead })),
        ],
        frameworkItems: frameworkItems(
          app.deps.frameworks().values(),
          values.frameworkId,
          typeof start === 'string' ? start : null,
          app.deps.now().toISOString().slice(0, 10),
        ),
        teamItems: inspectors.map((u) => ({ value: u.id, text: u.name, checked: team.has(u.id) })),
        breadcrumbs: [{ text: 'Workspace', href: '/workspace' }],
      },
      status,
    );
  };

  app.get('/workspace/inspections/new', { config: { auth: LEADS } }, async (req, reply) =>
    renderNew(req, reply, { title: 'Inspection of youth justice services' }),
  );

  app.post(
    '/workspace/inspections/new',
    {
      schema: { body: NewInspection },
      config: {
        auth: LEADS,
        form: (req, reply, errors, status) => renderNew(req, reply, req.body as Values, errors, status),
      },
    },
    async (req, reply) => {
      const row = await workflow.plan(actorOf(req), req.body);
      return reply.redirect(base(row.id), 303);
    },
  );
};
