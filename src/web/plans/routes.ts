import fastifyMultipart from '@fastify/multipart';
import { stringify } from 'csv-stringify/sync';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  ACTION_STATES,
  EVIDENCE_TYPES_TEXT,
  RAG_LABELS,
  RAG_RULE,
  STATUS_LABELS,
  type ActionState,
} from '../../domain/action-plan.ts';
import { CSV_CELL_OPTIONS } from '../../domain/csv-cells.ts';
import { isRecordId } from '../../domain/ids.ts';
import { isValidIsoDate } from '../../domain/partial-date.ts';
import { DEFAULT_EVIDENCE_MAX_BYTES, RAG_TAGS, type UploadedFile } from '../../services/plans.ts';
import type { FormErrors } from '../forms.ts';
import { Id, Slug, Version, type RoutesPlugin } from '../validation.ts';
import { partialDate, shorten, ukDate, ukDateTime } from '../view-helpers.ts';
import { actorOf } from '../workspace/context.ts';

const READERS = ['service_user', 'board_member', 'inspector', 'lead_inspector', 'admin'] as const;
const EDITORS = ['service_user'] as const;
const BOARD = ['board_member'] as const;

const PlanParams = z.object({ slug: Slug });
const ActionParams = z.object({ slug: Slug, actionId: Id });
const RecParams = z.object({ slug: Slug, recommendationId: Id });
const FileParams = z.object({ slug: Slug, fileId: Id });

/**
 * A required GOV.UK date input (day, month, year fields) as one ISO date. Each way it can be
 * wrong has its own message, as the design system asks.
 */
function requiredDate(what: string) {
  return z
    .object({ day: z.string().default(''), month: z.string().default(''), year: z.string().default('') })
    .transform((d, ctx) => {
      const [day, month, year] = [d.day.trim(), d.month.trim(), d.year.trim()];
      const fail = (message: string) => {
        ctx.addIssue({ code: 'custom', message, path: [] });
        return z.NEVER;
      };
      if (!day && !month && !year) return fail(`Enter the ${what}`);
      const missing = [!day && 'day', !month && 'month', !year && 'year'].filter(Boolean);
      if (missing.length) return fail(`The ${what} must include a ${missing.join(' and a ')}`);
      if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year))
        return fail(`The ${what} must be a real date, for example 31 1 2027`);
      const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
      if (!isValidIsoDate(iso)) return fail(`The ${what} must be a real date, for example 31 1 2027`);
      return iso;
    });
}
/** A date input's three fields (dueDate-day, -month, -year) as one object, so it is checked as one date. */
const withDateParts = (b: unknown, prefix: string) => {
  const body = (b && typeof b === 'object' ? b : {}) as Record<string, unknown>;
  return {
    ...body,
    [prefix]: { day: body[`${prefix}-day`], month: body[`${prefix}-month`], year: body[`${prefix}-year`] },
  };
};

const Owner = z
  .string({ message: 'Enter who owns the action' })
  .trim()
  .min(1, 'Enter who owns the action')
  .max(200, 'The owner must be 200 characters or fewer');

const NewAction = z.preprocess(
  (b) => withDateParts(b, 'dueDate'),
  z.object({
    recommendationId: z.string().refine(isRecordId, 'Choose the recommendation this action answers'),
    description: z
      .string({ message: 'Describe the action' })
      .trim()
      .min(1, 'Describe the action')
      .max(2000, 'The action must be 2000 characters or fewer'),
    owner: Owner,
    dueDate: requiredDate('due date'),
  }),
);
const EditAction = z.preprocess(
  (b) => withDateParts(b, 'dueDate'),
  z.object({
    version: Version,
    owner: Owner,
    dueDate: requiredDate('due date'),
    reason: z
      .string()
      .trim()
      .max(2000, 'The reason must be 2000 characters or fewer')
      .optional()
      .transform((v) => v || null),
  }),
);
const Update = z.object({
  version: Version,
  state: z.enum(ACTION_STATES, { message: 'Select the status of the action' }),
  note: z
    .string({ message: 'Describe the progress made' })
    .trim()
    .min(1, 'Describe the progress made')
    .max(4000, 'The note must be 4000 characters or fewer'),
  evidence: z
    .string()
    .trim()
    .max(4000, 'The evidence must be 4000 characters or fewer')
    .optional()
    .transform((v) => v || null),
  // The files themselves are read by multipart (see onFile below); here they are only tolerated.
  files: z.unknown().optional(),
});
const SignOff = z.object({
  note: z
    .string({ message: 'Enter the board’s note, for example the meeting and minute' })
    .trim()
    .min(1, 'Enter the board’s note, for example the meeting and minute')
    .max(2000, 'The note must be 2000 characters or fewer'),
});

const planUrl = (slug: string) => `/workspace/services/${slug}/plan`;
const typed = (req: FastifyRequest) => (req.body ?? {}) as Record<string, unknown>;
const readerOf = (req: FastifyRequest) => ({ ...actorOf(req), serviceId: req.user!.serviceId });
/** A date input's error links to its day field, as the GOV.UK date input expects. */
const toDayField = (errors: FormErrors, field: string, id: string): FormErrors => ({
  ...errors,
  errorList: errors.errorList.map((e) => (e.href === `#${field}` ? { ...e, href: `#${id}-day` } : e)),
});
const megabytes = (n: number) => `${Math.floor(n / (1024 * 1024))} MB`;

/** One change to the plan in words, from its audit event (what it was before and after). */
function historyText(e: {
  action: string;
  before: unknown;
  after: unknown;
  actionDescription?: string | null;
}): string {
  const after = (e.after ?? {}) as Record<string, unknown>;
  const before = (e.before ?? {}) as Record<string, unknown>;
  const s = (v: unknown) => String(v ?? '');
  const day = (v: unknown) => (typeof v === 'string' && v ? ukDate(v) : '');
  switch (e.action) {
    case 'create':
      return (
        `Action added to recommendation ${s(after.recommendation)}: ${s(after.description)} ` +
        `(owner ${s(after.owner)}, due ${day(after.dueDate)})`
      );
    case 'update': {
      const files = Array.isArray(after.files) ? (after.files as { filename: string }[]) : [];
      const state = STATUS_LABELS[after.state as ActionState] ?? s(after.state);
      const attached = files.length ? ` Files: ${files.map((f) => f.filename).join(', ')}.` : '';
      return `Progress on “${s(e.actionDescription)}”: ${state}. ${s(after.note)}${attached}`;
    }
    case 'rebaseline': {
      const first = after.baselineDueDate ?? before.baselineDueDate ?? before.dueDate;
      const why = after.rebaselineReason ? `Reason: ${s(after.rebaselineReason)}` : 'Back to the date first agreed';
      return (
        `“${s(e.actionDescription)}”: due date moved from ${day(before.dueDate)} to ${day(after.dueDate)} ` +
        `(first agreed ${day(first)}). ${why}` +
        (before.owner !== after.owner ? `. Owner changed from ${s(before.owner)} to ${s(after.owner)}` : '')
      );
    }
    case 'edit':
      return `“${s(e.actionDescription)}”: owner changed from ${s(before.owner)} to ${s(after.owner)}`;
    case 'sign_off':
      return `Recommendation ${s(after.recommendation)} agreed as met by the board: ${s(after.note)}`;
    default:
      return e.action;
  }
}

/** The files of one multipart upload, as multipart read them (name, bytes, and whether cut off at the limit). */
const uploads = new WeakMap<FastifyRequest, (UploadedFile & { tooLarge: boolean })[]>();

/**
 * Action plans, progress with evidence files, the board view (page, print and CSV), board
 * sign-off and the plan's history. Who may see which plan, and what an action may answer, are
 * the plan service's rules; these routes read forms and show pages.
 */
export const planRoutes: RoutesPlugin<{ evidenceMaxBytes?: number }> = async (app, opts) => {
  const plans = app.services.plans;
  const maxBytes = opts.evidenceMaxBytes ?? DEFAULT_EVIDENCE_MAX_BYTES;

  // Progress updates may carry files. A file over the limit is cut off there (not read further)
  // and refused with a message beside the field, rather than a bare 413.
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { fileSize: maxBytes, files: 5, fields: 10, fieldSize: 64 * 1024 },
    async onFile(part) {
      const bytes = await part.toBuffer();
      if (!part.filename && !bytes.length) return; // the file field left empty
      const list = uploads.get(this) ?? [];
      list.push({ filename: part.filename || 'evidence', bytes, tooLarge: part.file.truncated });
      uploads.set(this, list);
    },
  });

  const renderPlan = async (req: FastifyRequest, reply: FastifyReply, errors?: FormErrors, status = 200) => {
    const { slug } = req.params as z.infer<typeof PlanParams>;
    const { service, inspection, recs, summary } = await plans.plan(readerOf(req), slug);
    const values = errors ? typed(req) : {};
    // Each recommendation has its own add-an-action form: a message goes beside that form's field.
    const formOf = String(values.recommendationId ?? '');
    const fieldId = (href: string) =>
      href === '#recommendationId' || href === '#recommendations'
        ? href
        : href === '#dueDate'
          ? `#dueDate-${formOf}-day`
          : `${href}-${formOf}`;
    return reply.page(
      'plans/plan.njk',
      {
        title: `Action plan: ${service.name}`,
        service,
        inspection: inspection && {
          ref: inspection.ref,
          published: partialDate(
            inspection.publicationPrecision
              ? {
                  precision: inspection.publicationPrecision,
                  earliest: inspection.publicationEarliest!,
                  latest: inspection.publicationLatest!,
                }
              : null,
          ),
        },
        recs,
        summary,
        ragRule: RAG_RULE,
        canEdit: req.user!.role === 'service_user',
        values,
        errors: errors && { ...errors, errorList: errors.errorList.map((e) => ({ ...e, href: fieldId(e.href) })) },
        breadcrumbs: [{ text: 'Workspace', href: '/workspace' }],
      },
      status,
    );
  };

  app.get(
    '/workspace/services/:slug/plan',
    { schema: { params: PlanParams }, config: { auth: READERS } },
    async (req, reply) => renderPlan(req, reply),
  );
  app.post(
    '/workspace/services/:slug/plan/actions',
    { schema: { params: PlanParams, body: NewAction }, config: { auth: EDITORS, form: renderPlan } },
    async (req, reply) => {
      const { service } = await plans.addAction(readerOf(req), req.params.slug, req.body);
      return reply.redirect(`${planUrl(service.slug)}#rec-${req.body.recommendationId}`, 303);
    },
  );

  /** The action page, with its two forms: progress (with files) and owner and due date. */
  const renderAction = async (req: FastifyRequest, reply: FastifyReply, errors?: FormErrors, httpStatus = 200) => {
    const { slug, actionId } = req.params as z.infer<typeof ActionParams>;
    const a = await plans.action(readerOf(req), slug, actionId);
    const values = errors ? typed(req) : {};
    // Which form the errors belong to: the edit form posts to .../edit.
    const editing = Boolean(errors) && req.url.endsWith('/edit');
    const [y, m, d] = a.action.dueDate.split('-');
    const editValues = editing
      ? values
      : {
          owner: a.action.owner,
          'dueDate-day': String(Number(d)),
          'dueDate-month': String(Number(m)),
          'dueDate-year': y,
        };
    return reply.page(
      'plans/action.njk',
      {
        // Each action's page has its own title: the action, shortened, and its recommendation.
        title: `${shorten(a.action.description, 60)} (recommendation ${a.recommendation.position})`,
        service: a.service,
        a: a.action,
        recommendation: a.recommendation,
        signedOff: a.signedOff,
        inspectionRef: a.actionInspection.ref,
        statusLabel: STATUS_LABELS[a.status],
        rag: a.rag,
        ragTags: RAG_TAGS,
        ragLabels: RAG_LABELS,
        updates: a.updates.map(({ u, author, files }) => ({
          ...u,
          author,
          when: ukDateTime(u.createdAt),
          stateLabel: STATUS_LABELS[u.state as ActionState],
          files: files.map((f) => ({ ...f, href: a.fileHref(f.id) })),
        })),
        stateItems: ACTION_STATES.map((s) => ({
          value: s,
          text: STATUS_LABELS[s],
          checked: ((editing ? undefined : values.state) ?? a.action.state) === s,
        })),
        canEdit: req.user!.role === 'service_user' && !a.signedOff,
        values: editing ? {} : values,
        errors: editing ? undefined : errors,
        editValues,
        editErrors: editing && errors ? toDayField(errors, 'dueDate', 'dueDate') : undefined,
        allErrors: errors && toDayField(errors, 'dueDate', 'dueDate'),
        maxSize: megabytes(maxBytes),
        fileTypes: EVIDENCE_TYPES_TEXT,
        breadcrumbs: [
          { text: 'Workspace', href: '/workspace' },
          { text: `Action plan: ${a.service.name}`, href: planUrl(a.service.slug) },
        ],
      },
      httpStatus,
    );
  };
  app.get(
    '/workspace/services/:slug/plan/actions/:actionId',
    { schema: { params: ActionParams }, config: { auth: READERS } },
    async (req, reply) => renderAction(req, reply),
  );
  app.post(
    '/workspace/services/:slug/plan/actions/:actionId',
    {
      schema: { params: ActionParams, body: Update },
      // The form is multipart (it carries files), whose fields, the CSRF token among them, are read
      // in multipart's own preValidation hook after the app-wide CSRF check: so this route checks
      // the token here, once read (a plain form post is checked the same way).
      config: { auth: EDITORS, csrf: false, form: renderAction },
      preValidation: (req, reply, done) => app.csrfProtection(req, reply, done),
    },
    async (req, reply) => {
      const { version, files: _files, ...update } = req.body;
      const files = uploads.get(req) ?? [];
      const big = files.find((f) => f.tooLarge);
      if (big)
        return renderAction(
          req,
          reply,
          {
            errorList: [{ text: `${big.filename} is larger than ${megabytes(maxBytes)}`, href: '#files' }],
            fields: { files: { text: `${big.filename} is larger than ${megabytes(maxBytes)}` } },
          },
          413,
        );
      const a = await plans.updateAction(
        readerOf(req),
        req.params.slug,
        req.params.actionId,
        version,
        update,
        files,
        maxBytes,
      );
      return reply.redirect(`${planUrl(a.service.slug)}/actions/${a.action.id}`, 303);
    },
  );
  app.post(
    '/workspace/services/:slug/plan/actions/:actionId/edit',
    { schema: { params: ActionParams, body: EditAction }, config: { auth: EDITORS, form: renderAction } },
    async (req, reply) => {
      const { version, ...v } = req.body;
      const a = await plans.editAction(readerOf(req), req.params.slug, req.params.actionId, version, v);
      return reply.redirect(`${planUrl(a.service.slug)}/actions/${a.action.id}`, 303);
    },
  );

  app.get(
    '/workspace/services/:slug/plan/files/:fileId',
    { schema: { params: FileParams }, config: { auth: READERS } },
    async (req, reply) => {
      const f = await plans.file(readerOf(req), req.params.slug, req.params.fileId);
      // The stored name has only letters, digits, spaces, dots, dashes and underscores.
      return reply
        .type(f.mediaType)
        .header('content-disposition', `attachment; filename="${f.filename}"`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(f.bytes);
    },
  );

  app.get(
    '/workspace/services/:slug/plan/history',
    { schema: { params: PlanParams }, config: { auth: READERS } },
    async (req, reply) => {
      const h = await plans.history(readerOf(req), req.params.slug);
      return reply.page('plans/history.njk', {
        title: `Action plan history: ${h.service.name}`,
        service: h.service,
        events: h.events.map((e) => ({ when: ukDateTime(e.at), who: e.actorName, text: historyText(e) })),
        breadcrumbs: [
          { text: 'Workspace', href: '/workspace' },
          { text: `Action plan: ${h.service.name}`, href: planUrl(h.service.slug) },
        ],
      });
    },
  );

  const renderBoard = async (req: FastifyRequest, reply: FastifyReply, errors?: FormErrors, status = 200) => {
    const { slug } = req.params as z.infer<typeof PlanParams>;
    const b = await plans.board(readerOf(req), slug);
    const values = errors ? typed(req) : {};
    const formOf = (req.params as { recommendationId?: string }).recommendationId ?? '';
    return reply.page(
      'plans/board.njk',
      {
        title: `Board view: ${b.service.name}`,
        service: b.service,
        inspection: b.inspection,
        recs: b.recs,
        summary: b.summary,
        ragRule: RAG_RULE,
        today: b.today,
        canSignOff: req.user!.role === 'board_member',
        values,
        formOf,
        errors: errors && {
          ...errors,
          errorList: errors.errorList.map((e) => ({ ...e, href: `${e.href}-${formOf}` })),
        },
        breadcrumbs: [{ text: 'Workspace', href: '/workspace' }],
      },
      status,
    );
  };
  app.get(
    '/workspace/services/:slug/board',
    { schema: { params: PlanParams }, config: { auth: READERS } },
    async (req, reply) => renderBoard(req, reply),
  );
  app.post(
    '/workspace/services/:slug/plan/recommendations/:recommendationId/sign-off',
    { schema: { params: RecParams, body: SignOff }, config: { auth: BOARD, form: renderBoard } },
    async (req, reply) => {
      const { service } = await plans.signOff(
        readerOf(req),
        req.params.slug,
        req.params.recommendationId,
        req.body.note,
      );
      return reply.redirect(`/workspace/services/${service.slug}/board#rec-${req.params.recommendationId}`, 303);
    },
  );

  app.get(
    '/workspace/services/:slug/board.csv',
    { schema: { params: PlanParams }, config: { auth: READERS } },
    async (req, reply) => {
      const b = await plans.board(readerOf(req), req.params.slug);
      const rows = b.recs.flatMap((r) => {
        const rec = {
          inspection: r.inspectionRef,
          recommendation: r.position,
          addressee: r.addressee,
          recommendation_text: r.text,
          recommendation_status: r.statusLabel,
          board_sign_off: r.signOff ? `${r.signOff.on}: ${r.signOff.note}` : '',
        };
        if (!r.actions.length) return [rec];
        return r.actions.map((a) => ({
          ...rec,
          action: a.description,
          owner: a.owner,
          due_date: a.dueDate,
          original_due_date: a.baselineDueDate ?? '',
          due_date_change_reason: a.rebaselineReason ?? '',
          status: a.status,
          rag: a.rag,
          latest_progress_date: a.latest?.on ?? '',
          latest_progress: a.latest?.note ?? '',
          evidence: a.latest?.evidence ?? '',
          evidence_files: (a.latest?.files ?? []).map((f) => f.filename).join('; '),
        }));
      });
      const csv = stringify(rows, {
        ...CSV_CELL_OPTIONS,
        // Board papers open in a spreadsheet: the byte order mark tells Excel the file is UTF-8.
        bom: true,
        header: true,
        columns: [
          'inspection',
          'recommendation',
          'addressee',
          'recommendation_text',
          'recommendation_status',
          'board_sign_off',
          'action',
          'owner',
          'due_date',
          'original_due_date',
          'due_date_change_reason',
          'status',
          'rag',
          'latest_progress_date',
          'latest_progress',
          'evidence',
          'evidence_files',
        ],
      });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${b.service.slug}-board-${b.today}.csv"`)
        .header('cache-control', 'no-store')
        .send(csv);
    },
  );
};
