import fastifyMultipart from '@fastify/multipart';
import { stringify } from 'csv-stringify/sync';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CASE_LIST_MAX_BYTES, caseListColumns } from '../../domain/case-list.ts';
import { CSV_CELL_OPTIONS } from '../../domain/csv-cells.ts';
import { isRecordId } from '../../domain/ids.ts';
import { mayActAsLead } from '../../domain/lifecycle.ts';
import type { Role } from '../../domain/roles.ts';
import { caseListOpen, type InspectionSampleRule } from '../../services/sample.ts';
import type { FormErrors } from '../forms.ts';
import { IdParams, Version, type RoutesPlugin } from '../validation.ts';
import {
  actorOf,
  base,
  openInspectionFirst,
  work as open,
  workspaceCrumbs,
  type InspectionWork,
} from '../workspace/context.ts';

/** Who sends the case list: the inspected service's users, or the inspection's lead. */
const UPLOADERS: readonly Role[] = ['service_user', 'lead_inspector'];
/** Case-level data (which cases were drawn) is for the inspection's team and lead only. */
const TEAM: readonly Role[] = ['inspector', 'lead_inspector'];
const LEAD: readonly Role[] = ['lead_inspector'];

const Upload = z.object({
  file: z
    .unknown()
    .optional()
    .transform((f) => (Buffer.isBuffer(f) ? f.toString('utf8') : typeof f === 'string' ? f : '')),
  version: Version,
});
const Draw = z.object({ version: Version });
const Replace = z.object({
  caseId: z
    .string({ error: 'Choose the case that cannot be used' })
    .trim()
    .min(1, 'Choose the case that cannot be used'),
  reason: z
    .string({ error: 'Say why the case cannot be used' })
    .trim()
    .min(1, 'Say why the case cannot be used')
    .max(500, 'The reason must be 500 characters or fewer'),
});
const CaseAuditQuery = z.object({
  ref: z
    .string()
    .trim()
    .max(40)
    .regex(/^[A-Za-z0-9][A-Za-z0-9 _./-]*$|^$/)
    .optional()
    .catch(undefined),
});

const labelOf = (rule: InspectionSampleRule | null, field: string, v: string) =>
  rule?.stratifyBy.find((s) => s.field === field)?.values.find((x) => x.id === v)?.label ?? v;

/** The rule in words, as the sample page and the audit show it. */
function ruleText(rule: InspectionSampleRule, caseload: number, size: number) {
  const row = rule.sizeByCaseload.find((r) => r.caseloadUpTo === null || caseload <= r.caseloadUpTo)!;
  const step =
    row.size === 'all'
      ? `every case when there are ${row.caseloadUpTo} or fewer`
      : `${row.size} cases for a caseload ${
          row.caseloadUpTo === null ? 'above the table' : `of up to ${row.caseloadUpTo}`
        }`;
  return (
    `${size} of ${caseload} cases: ${step} (${rule.framework}, sampling from ${rule.from}), ` +
    `shared in proportion by ${rule.stratifyBy.map((s) => s.label.toLowerCase()).join(' and ')}, ` +
    `at least ${rule.minPerStratum} from each present.`
  );
}

/**
 * The case list and the sample. The list is sent by the service (multipart upload; only the
 * columns sampling needs) or the lead; the sample page is for the team and lead; drawing and
 * replacing are the lead's. Service users reach only the upload page, which shows counts.
 */
export const sampleRoutes: RoutesPlugin = async (app) => {
  const sample = app.services.sample;

  // ---- the case list (its own scope: multipart, and the service's users may open the inspection) ----
  const caseList: RoutesPlugin = async (scope) => {
    const opened = new WeakMap<FastifyRequest, InspectionWork>();
    // Before a byte of the body is read: a person refused the inspection never gets to send a file.
    scope.addHook('onRequest', async (req) => {
      const id = (req.params as { id?: unknown } | undefined)?.id;
      if (!req.user || typeof id !== 'string' || !UPLOADERS.includes(req.user.role)) return;
      // A malformed id is left to the params schema, which answers 404.
      if (!isRecordId(id)) return;
      opened.set(req, await sample.openForCaseList(req.user, id, req.method === 'POST'));
    });
    await scope.register(fastifyMultipart, {
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: CASE_LIST_MAX_BYTES, files: 1, fields: 5 },
      async onFile(part) {
        await part.toBuffer();
      },
    });
    const workOf = async (req: FastifyRequest) =>
      opened.get(req) ?? sample.openForCaseList(req.user!, (req.params as IdParams).id, req.method === 'POST');

    const render = async (req: FastifyRequest, reply: FastifyReply, errors?: FormErrors, status = 200) => {
      const work = await workOf(req);
      const rule = sample.ruleFor(work);
      const { list, counts } = await sample.caseListSummary(work);
      const first = rule?.stratifyBy[0];
      return reply.page(
        'sample/case-list.njk',
        {
          title: 'Send the case list',
          work,
          rule,
          columns: rule ? caseListColumns(rule) : null,
          list,
          drawn: !!list?.seed,
          open: caseListOpen(work.state) && !list?.seed,
          counts: first
            ? counts.map((c) => ({ label: labelOf(rule, first.field, c.strata[first.field] ?? ''), n: c.n }))
            : [],
          isTeam: TEAM.includes(req.user!.role),
          // Back from a successful upload (the redirect's ?sent=1), shown once as a confirmation.
          sent: !errors && (req.query as { sent?: string } | undefined)?.sent === '1' && !!list,
          errors,
          breadcrumbs: TEAM.includes(req.user!.role)
            ? workspaceCrumbs(work)
            : [{ text: 'Workspace', href: '/workspace' }],
        },
        status,
      );
    };

    scope.get(
      '/workspace/inspections/:id/case-list',
      { schema: { params: IdParams }, config: { auth: UPLOADERS } },
      async (req, reply) => render(req, reply),
    );
    scope.post(
      '/workspace/inspections/:id/case-list',
      {
        schema: { params: IdParams, body: Upload },
        // The CSRF token is a field of the multipart body, read only by multipart's own hook.
        config: { auth: UPLOADERS, csrf: false, form: render },
        preValidation: (req, reply, done) => app.csrfProtection(req, reply, done),
      },
      async (req, reply) => {
        const work = await workOf(req);
        await sample.upload(actorOf(req), work, req.body.version, req.body.file);
        return reply.redirect(`${base(work.inspection.id)}/case-list?sent=1`, 303);
      },
    );
  };
  await app.register(caseList);

  // ---- the sample (team and lead) ----
  const drawn: RoutesPlugin = async (scope) => {
    openInspectionFirst(scope);
    const render = async (req: FastifyRequest, reply: FastifyReply, errors?: FormErrors, status = 200) => {
      const work = await open(app, req, (req.params as IdParams).id);
      const { list, entries, rule } = await sample.sample(work);
      const recorded = (list?.rule as InspectionSampleRule | null) ?? null;
      const shown = recorded ?? rule;
      const inSample = entries.filter((e) => e.sampleState === 'sampled' || e.sampleState === 'replacement');
      const row = (e: (typeof entries)[number]) => ({
        caseId: e.caseId,
        strata: (shown?.stratifyBy ?? []).map((s) => labelOf(shown, s.field, e.strata[s.field] ?? '')),
        startDate: e.startDate,
        endDate: e.endDate,
        state: e.sampleState,
        reason: e.unusableReason,
        replacedBy: e.replacedBy,
        position: e.samplePosition ?? 0,
      });
      const isLead = req.user!.role === 'lead_inspector' && mayActAsLead(req.user!, work.inspection.leadInspectorId);
      return reply.page(
        'sample/sample.njk',
        {
          title: 'Case sample drawn',
          work,
          list,
          rule: shown,
          ruleText: recorded && list ? ruleText(recorded, list.rowCount, inSample.length) : null,
          strataHeads: (shown?.stratifyBy ?? []).map((s) => s.label),
          sampled: inSample.map(row).sort((a, b) => a.position - b.position),
          unusable: entries.filter((e) => e.sampleState === 'unusable').map(row),
          isLead,
          canDraw: isLead && !!list && !list.seed && caseListOpen(work.state) && !!rule,
          canReplace: isLead && !!list?.seed && ['planned', 'fieldwork', 'rating_panel'].includes(work.state),
          caseItems: [
            { value: '', text: 'Choose a case' },
            ...inSample.map((e) => ({
              value: e.caseId,
              text: e.caseId,
              selected: e.caseId === (req.body as { caseId?: string } | undefined)?.caseId,
            })),
          ],
          reasonValue: (req.body as { reason?: string } | undefined)?.reason ?? '',
          errors,
          breadcrumbs: workspaceCrumbs(work),
        },
        status,
      );
    };
    scope.get(
      '/workspace/inspections/:id/sample',
      { schema: { params: IdParams }, config: { auth: TEAM } },
      async (req, reply) => render(req, reply),
    );
    scope.post(
      '/workspace/inspections/:id/sample',
      { schema: { params: IdParams, body: Draw }, config: { auth: LEAD, form: render } },
      async (req, reply) => {
        const work = await open(app, req, req.params.id);
        await sample.draw(actorOf(req), work, req.body.version);
        return reply.redirect(`${base(work.inspection.id)}/sample`, 303);
      },
    );
    scope.post(
      '/workspace/inspections/:id/sample/replace',
      { schema: { params: IdParams, body: Replace }, config: { auth: LEAD, form: render } },
      async (req, reply) => {
        const work = await open(app, req, req.params.id);
        await sample.replace(actorOf(req), work, req.body.caseId, req.body.reason);
        return reply.redirect(`${base(work.inspection.id)}/sample#unusable`, 303);
      },
    );
  };
  await app.register(drawn);

  // ---- the audit of one case reference, for a subject access request (administrators) ----
  app.get(
    '/workspace/case-audit',
    { schema: { querystring: CaseAuditQuery }, config: { auth: ['admin'] } },
    async (req, reply) => {
      const ref = req.query.ref;
      const events = ref ? await sample.caseAudit(ref) : [];
      return reply.page('sample/case-audit.njk', {
        title: 'Case audit for a subject access request',
        ref: ref ?? '',
        events: events.map((e) => ({ ...e, at: e.at.toISOString() })),
        csvHref: ref ? `/workspace/case-audit.csv?ref=${encodeURIComponent(ref)}` : null,
        breadcrumbs: [{ text: 'Workspace', href: '/workspace' }],
      });
    },
  );
  app.get(
    '/workspace/case-audit.csv',
    { schema: { querystring: CaseAuditQuery }, config: { auth: ['admin'] } },
    async (req, reply) => {
      const ref = req.query.ref ?? '';
      const events = ref ? await sample.caseAudit(ref) : [];
      const csv = stringify(
        [
          ['when', 'who', 'role', 'action', 'record', 'inspection', 'service', 'case_reference'],
          ...events.map((e) => [
            e.at.toISOString(),
            e.actorName ?? '',
            e.actorRole ?? '',
            e.action,
            e.entityType,
            e.inspectionRef ?? '',
            e.serviceName ?? '',
            ref,
          ]),
        ],
        CSV_CELL_OPTIONS,
      );
      const name = ref.replace(/[^A-Za-z0-9_-]/g, '_') || 'none';
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="case-audit-${name}.csv"`)
        .header('cache-control', 'no-store')
        .send(`\uFEFF${csv}`);
    },
  );
};
