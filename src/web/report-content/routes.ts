import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { standardsOf } from '../../domain/framework.ts';
import { ADDRESSEE_LABELS, ADDRESSEES } from '../../domain/inspection-record.ts';
import { panelEditable } from '../../domain/lifecycle.ts';
import { addresseeDisplayName } from '../../domain/report-text.ts';
import type { FindingInput, RecommendationInput } from '../../services/evidence.ts';
import type { FormErrors } from '../forms.ts';
import { Id, IdParams, Version, type RoutesPlugin } from '../validation.ts';
import {
  actorOf,
  base,
  INSPECTORS,
  mayAddEvidence,
  openInspectionFirst,
  work as open,
  workspaceCrumbs,
  type InspectionWork,
} from '../workspace/context.ts';

/** Findings (strengths, areas for improvement) per standard, and recommendations to named bodies. */
const ItemParams = z.object({ id: Id, itemId: Id });
type ItemParams = z.infer<typeof ItemParams>;
const READERS = ['inspector', 'lead_inspector', 'admin'] as const;
const text = (what: string) =>
  z
    .string({ error: `Enter the ${what}` })
    .trim()
    .min(1, `Enter the ${what}`)
    .max(4000, `The ${what} must be 4000 characters or fewer`);

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

/** An edit saves the item as the add form would, or (action=remove) deletes it; a removal needs no text. */
const editOf = <T>(schema: z.ZodType<T>) =>
  z.looseObject({ action: z.string().optional(), version: Version }).transform((b, ctx) => {
    if (b.action === 'remove') return { version: b.version, change: 'remove' as const };
    const parsed = schema.safeParse(b);
    if (parsed.success) return { version: b.version, change: parsed.data };
    for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    return z.NEVER;
  });

export const reportContentRoutes: RoutesPlugin = async (app) => {
  openInspectionFirst(app);
  const evidence = app.services.evidence;
  for (const kind of ['finding', 'recommendation'] as const) {
    const plural = `${kind}s`;
    const schema: z.ZodType<FindingInput | RecommendationInput> =
      kind === 'finding' ? FindingSchema : RecommendationSchema;

    const render = async (
      req: FastifyRequest,
      reply: FastifyReply,
      work: InspectionWork,
      values: Record<string, unknown> = {},
      errors?: FormErrors,
      status = 200,
      editing?: Record<string, unknown>,
    ) => {
      const items = await evidence.texts(work, kind);
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
            const addressee = () =>
              addresseeDisplayName(
                {
                  addressee: r.addressee as keyof typeof ADDRESSEE_LABELS,
                  addresseeName: (r.addresseeName as string | null) ?? null,
                },
                work.service.name,
              );
            return {
              id: r.id,
              version: r.version,
              text: r.text,
              label: kind === 'finding' ? findingLabel() : `For ${addressee()}`,
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

    const typed = (req: FastifyRequest) => (req.body ?? {}) as Record<string, unknown>;
    app.get(
      `/workspace/inspections/:id/${plural}`,
      { schema: { params: IdParams }, config: { auth: READERS } },
      async (req, reply) => render(req, reply, await open(app, req, req.params.id)),
    );

    app.post(
      `/workspace/inspections/:id/${plural}`,
      {
        schema: { params: IdParams, body: schema },
        config: {
          auth: INSPECTORS,
          form: async (req, reply, errors, status) =>
            render(req, reply, await open(app, req, (req.params as IdParams).id), typed(req), errors, status),
        },
      },
      async (req, reply) => {
        const work = await open(app, req, req.params.id);
        if (kind === 'finding') await evidence.addFinding(actorOf(req), work, req.body as FindingInput);
        else await evidence.addRecommendation(actorOf(req), work, req.body as RecommendationInput);
        return reply.redirect(`${base(work.inspection.id)}/${plural}`, 303);
      },
    );

    app.get(
      `/workspace/inspections/:id/${plural}/:itemId`,
      { schema: { params: ItemParams }, config: { auth: INSPECTORS } },
      async (req, reply) => {
        const work = await open(app, req, req.params.id);
        const item = await evidence.text(work, kind, req.params.itemId);
        return render(req, reply, work, {}, undefined, 200, item);
      },
    );

    app.post(
      `/workspace/inspections/:id/${plural}/:itemId`,
      {
        schema: { params: ItemParams, body: editOf(schema) },
        config: {
          auth: INSPECTORS,
          latest: (req) => `${base((req.params as ItemParams).id)}/${plural}`,
          form: async (req, reply, errors, status) => {
            const { id, itemId } = req.params as ItemParams;
            const editing = { ...typed(req), id: itemId };
            return render(req, reply, await open(app, req, id), {}, errors, status, editing);
          },
        },
      },
      async (req, reply) => {
        const work = await open(app, req, req.params.id);
        const { version, change } = req.body;
        const values = change as FindingInput | RecommendationInput | 'remove';
        await evidence.editText(actorOf(req), work, kind, req.params.itemId, version, values);
        return reply.redirect(`${base(work.inspection.id)}/${plural}`, 303);
      },
    );
  }
};
