import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { standardsOf } from '../../domain/framework.ts';
import { ADDRESSEE_LABELS, ADDRESSEES } from '../../domain/inspection-record.ts';
import { panelEditable } from '../../domain/lifecycle.ts';
import {
  addFinding,
  addRecommendation,
  editText,
  listFindings,
  listRecommendations,
} from '../../store/workflow-repo.ts';
import { ConflictError, NotFoundError } from '../../domain/errors.ts';
import { formBody, formErrors, singleError, type FormErrors } from '../forms.ts';
import { renderConflict } from '../workspace/conflict.ts';
import {
  actorOf,
  base,
  INSPECTORS,
  loadInspection,
  versionOf,
  workspaceCrumbs,
  type InspectionWork,
  mayAddEvidence,
} from '../workspace/context.ts';

/** Findings (strengths, areas for improvement) per standard, and recommendations to named bodies. */
type Params = { Params: { id: string } };
type ItemParams = { Params: { id: string; itemId: string } };
const READERS = ['inspector', 'lead_inspector', 'admin'] as const;
const text = (what: string) =>
  z.string().trim().min(1, `Enter the ${what}`).max(4000, `The ${what} must be 4000 characters or fewer`);

const FindingSchema = z.object({
  standardId: z
    .string()
    .optional()
    .transform((v) => v || null),
  kind: z.enum(['strength', 'improvement'], {
    message: 'Select whether this is a strength or an area for improvement',
  }),
  text: text('finding'),
});
const RecommendationSchema = z.object({
  addressee: z.enum(ADDRESSEES, { message: 'Select who the recommendation is for' }),
  addresseeName: z
    .string()
    .trim()
    .max(200, 'The name must be 200 characters or fewer')
    .optional()
    .transform((v) => v || null),
  text: text('recommendation'),
});

export async function reportContentRoutes(app: FastifyInstance): Promise<void> {
  for (const kind of ['finding', 'recommendation'] as const) {
    const plural = `${kind}s`;
    const schema = kind === 'finding' ? FindingSchema : RecommendationSchema;

    const render = async (
      req: FastifyRequest,
      reply: FastifyReply,
      work: InspectionWork,
      values: Record<string, unknown> = {},
      errors?: FormErrors,
      status = 200,
      editing?: Record<string, unknown>,
    ) => {
      const db = app.deps.database.db;
      const items =
        kind === 'finding'
          ? await listFindings(db, work.inspection.id)
          : await listRecommendations(db, work.inspection.id);
      const stds = standardsOf(work.framework);
      const current = editing ?? values;
      return reply.page(
        'report-content/items.njk',
        {
          title: kind === 'finding' ? 'Findings' : 'Recommendations',
          kind,
          plural,
          work,
          editable: panelEditable(work.state) && mayAddEvidence(req, work),
          editing: editing ?? null,
          items: items.map((x) => {
            const r = x as Record<string, unknown>;
            const findingLabel = () => {
              const what = r.kind === 'strength' ? 'Strength' : 'Area for improvement';
              const standardName = stds.find((s) => s.id === r.standardId)?.name ?? '';
              return `${what}${r.standardId ? ` · ${r.standardId} ${standardName}` : ' · across the service'}`;
            };
            const addressee =
              (r.addresseeName as string) ?? ADDRESSEE_LABELS[r.addressee as keyof typeof ADDRESSEE_LABELS];
            return {
              id: r.id,
              version: r.version,
              text: r.text,
              label: kind === 'finding' ? findingLabel() : `For the ${addressee}`,
            };
          }),
          standardItems: [
            { value: '', text: 'Across the service' },
            ...stds.map((s) => ({ value: s.id, text: `${s.id} ${s.name}`, selected: s.id === current.standardId })),
          ],
          kindItems: [
            { value: 'strength', text: 'Strength', checked: current.kind === 'strength' },
            { value: 'improvement', text: 'Area for improvement', checked: current.kind === 'improvement' },
          ],
          addresseeItems: ADDRESSEES.map((a) => ({
            value: a,
            text: ADDRESSEE_LABELS[a],
            checked: current.addressee === a,
          })),
          values: current,
          errors,
          breadcrumbs: workspaceCrumbs(work),
        },
        status,
      );
    };

    app.get<Params>(`/workspace/inspections/:id/${plural}`, { config: { auth: READERS } }, async (req, reply) => {
      const work = await loadInspection(app, req, reply, req.params.id);
      return work ? render(req, reply, work) : reply;
    });

    app.post<Params>(`/workspace/inspections/:id/${plural}`, { config: { auth: INSPECTORS } }, async (req, reply) => {
      const work = await loadInspection(app, req, reply, req.params.id);
      if (!work) return reply;
      const body = formBody(req.body);
      if (!panelEditable(work.state))
        return render(
          req,
          reply,
          work,
          body,
          singleError(
            'text',
            `The report can only change before approval; this inspection is ${work.state.replace(/_/g, ' ')}.`,
          ),
          409,
        );
      const parsed = schema.safeParse(body);
      if (!parsed.success) return render(req, reply, work, body, formErrors(parsed.error.issues), 400);
      if (
        kind === 'finding' &&
        (parsed.data as z.infer<typeof FindingSchema>).standardId &&
        !standardsOf(work.framework).some((s) => s.id === (parsed.data as z.infer<typeof FindingSchema>).standardId)
      ) {
        return render(req, reply, work, body, singleError('standardId', 'Select a standard from the list'), 400);
      }
      const db = app.deps.database.db;
      if (kind === 'finding')
        await addFinding(db, actorOf(req), work.inspection.id, parsed.data as z.infer<typeof FindingSchema>);
      else
        await addRecommendation(
          db,
          actorOf(req),
          work.inspection.id,
          parsed.data as z.infer<typeof RecommendationSchema>,
        );
      return reply.redirect(`${base(work.inspection.id)}/${plural}`, 303);
    });

    app.get<ItemParams>(
      `/workspace/inspections/:id/${plural}/:itemId`,
      { config: { auth: INSPECTORS } },
      async (req, reply) => {
        const work = await loadInspection(app, req, reply, req.params.id);
        if (!work) return reply;
        const db = app.deps.database.db;
        const items = (
          kind === 'finding'
            ? await listFindings(db, work.inspection.id)
            : await listRecommendations(db, work.inspection.id)
        ) as Record<string, unknown>[];
        const item = items.find((x) => x.id === req.params.itemId);
        if (!item) return reply.callNotFound();
        return render(req, reply, work, {}, undefined, 200, item);
      },
    );

    app.post<ItemParams>(
      `/workspace/inspections/:id/${plural}/:itemId`,
      { config: { auth: INSPECTORS } },
      async (req, reply) => {
        const work = await loadInspection(app, req, reply, req.params.id);
        if (!work) return reply;
        const body = formBody(req.body);
        const editing = { ...body, id: req.params.itemId };
        if (!panelEditable(work.state))
          return render(
            req,
            reply,
            work,
            {},
            singleError(
              'text',
              `The report can only change before approval; this inspection is ${work.state.replace(/_/g, ' ')}.`,
            ),
            409,
            editing,
          );
        const remove = body.action === 'remove';
        const parsed = remove ? null : schema.safeParse(body);
        if (parsed && !parsed.success)
          return render(req, reply, work, {}, formErrors(parsed.error.issues), 400, editing);
        try {
          await editText(
            app.deps.database.db,
            actorOf(req),
            kind,
            work.inspection.id,
            req.params.itemId,
            versionOf(body),
            remove ? 'remove' : (parsed!.data as Record<string, unknown>),
          );
          return reply.redirect(`${base(work.inspection.id)}/${plural}`, 303);
        } catch (e) {
          if (e instanceof ConflictError) return renderConflict(reply, e, `${base(work.inspection.id)}/${plural}`);
          if (e instanceof NotFoundError) return reply.callNotFound();
          throw e;
        }
      },
    );
  }
}
