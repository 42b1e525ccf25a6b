import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { shareShown } from '../../domain/engine.ts';
import { panelEditable } from '../../domain/lifecycle.ts';
import { describePersonalData, findPersonalData } from '../../domain/personal-data.ts';
import { reportSections, SECTION_MAX, sectionField, sectionText, type ReportText } from '../../domain/report-text.ts';
import type { FormErrors } from '../forms.ts';
import { RenderBusyError } from '../inspection/pdf.ts';
import { reportHtml, reportInfo } from '../inspection/routes.ts';
import { ratingLabel, ukDateTime } from '../view-helpers.ts';
import { IdParams, Version, type RoutesPlugin } from '../validation.ts';
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

/** Who reads the report's drafts and versions: the team, the lead, administrators (as the findings). */
const READERS = ['inspector', 'lead_inspector', 'admin'] as const;
/** Who downloads the draft PDF: the team and lead, and the service's own users, during the factual-accuracy check. */
const DRAFT_READERS = ['inspector', 'lead_inspector', 'service_user'] as const;
/** Printed across every page of a draft, so a copy is never mistaken for the published report. */
export const DRAFT_WATERMARK = 'Draft for the factual-accuracy check: not for publication';

const FIELD_LABELS: Record<string, string> = { foreword: 'foreword', overview: 'overview' };

/**
 * The report text form: foreword, overview and one narrative per standard (`narrative-<id>`), with
 * the version the writer opened. Sections may be empty while the report is being written.
 */
const ReportBody = z.looseObject({ version: Version }).transform((b, ctx) => {
  const raw = b as Record<string, unknown>;
  const read = (field: string, label: string) => {
    const v = raw[field];
    if (v !== undefined && typeof v !== 'string') {
      ctx.addIssue({ code: 'custom', message: `Enter the ${label} as text`, path: [field] });
      return '';
    }
    const s = (v ?? '').replace(/\r\n?/g, '\n').trim();
    // A published report must not identify a child: the checks case notes have (minimisation).
    const found = findPersonalData(s);
    if (found.length)
      ctx.addIssue({ code: 'custom', message: `The ${label} ${describePersonalData(found)}`, path: [field] });
    if (s.length > SECTION_MAX)
      ctx.addIssue({
        code: 'custom',
        message: `The ${label} must be ${SECTION_MAX.toLocaleString('en-GB')} characters or fewer`,
        path: [field],
      });
    return s;
  };
  const narratives: Record<string, string> = {};
  for (const key of Object.keys(raw)) {
    if (!key.startsWith('narrative-')) continue;
    const id = key.slice('narrative-'.length);
    const s = read(key, `narrative for standard ${id}`);
    if (s) narratives[id] = s;
  }
  const text: ReportText = {
    foreword: read('foreword', FIELD_LABELS.foreword!),
    overview: read('overview', FIELD_LABELS.overview!),
    narratives,
  };
  return { version: b.version, text };
});

const CompareQuery = z.object({
  from: z.coerce.number({ error: 'Choose the older version' }).int().min(1, 'Choose the older version'),
  to: z.coerce.number({ error: 'Choose the newer version' }).int().min(1, 'Choose the newer version'),
});

/** "<ref>-draft-report.pdf", as the public PDF's name is made. */
const draftFileName = (ref: string) => `${ref.replace(/[^A-Za-z0-9._-]/g, '-')}-draft-report.pdf`;

async function renderEditor(
  app: FastifyInstance,
  req: FastifyRequest,
  reply: FastifyReply,
  work: InspectionWork,
  submitted?: { version: number; values: Record<string, unknown> },
  errors?: FormErrors,
  status = 200,
) {
  const [current, { result }, items] = await Promise.all([
    app.services.report.get(work),
    app.services.evidence.panel(work),
    app.services.evidence.texts(work, 'finding'),
  ]);
  const findings = items as { standardId: string | null; kind: 'strength' | 'improvement' }[];
  const rated = new Map(result.standards.map((s) => [s.standardId, s]));
  const scoring = work.framework.scoring;
  const sections = reportSections(work.framework).map((s) => {
    const field = sectionField(s);
    const r = s.standardId ? rated.get(s.standardId) : undefined;
    const own = s.standardId ? findings.filter((x) => x.standardId === s.standardId) : [];
    return {
      ...s,
      field,
      // Ids as the error summary links to them (forms.ts: a dot in a field's path becomes a dash).
      id: field.replace(/\./g, '-'),
      value: submitted ? ((submitted.values[field] as string | undefined) ?? '') : sectionText(current.text, s),
      // What the report places beside the narrative from the record, shown so the writer does not retype it.
      rating: r ? (r.rating ? ratingLabel(r.rating) : r.status.replace(/_/g, ' ')) : null,
      keyQuestions: (r?.keyQuestions ?? []).map((k) => ({
        id: k.id,
        text: k.text,
        share: k.applicable ? shareShown(scoring, k.yes, k.applicable) : 'Not applicable to any case yet',
      })),
      strengths: own.filter((x) => x.kind === 'strength').length,
      improvements: own.filter((x) => x.kind === 'improvement').length,
    };
  });
  return reply.page(
    'report/report-text.njk',
    {
      title: 'Report text',
      work,
      sections,
      version: submitted?.version ?? current.version,
      savedByName: current.savedByName,
      savedAt: current.savedAt ? ukDateTime(current.savedAt) : null,
      editable: panelEditable(work.state) && mayAddEvidence(req, work),
      errors,
      breadcrumbs: workspaceCrumbs(work),
    },
    status,
  );
}

export const reportRoutes: RoutesPlugin = async (app) => {
  openInspectionFirst(app);
  const report = app.services.report;

  app.get(
    '/workspace/inspections/:id/report',
    { schema: { params: IdParams }, config: { auth: READERS } },
    async (req, reply) => renderEditor(app, req, reply, await open(app, req, req.params.id)),
  );

  app.post(
    '/workspace/inspections/:id/report',
    {
      schema: { params: IdParams, body: ReportBody },
      config: {
        auth: INSPECTORS,
        latest: (req) => `${base((req.params as IdParams).id)}/report`,
        form: async (req, reply, errors, status) => {
          const values = (req.body ?? {}) as Record<string, unknown>;
          const version = Version.parse(values.version);
          const work = await open(app, req, (req.params as IdParams).id);
          return renderEditor(app, req, reply, work, { version, values }, errors, status);
        },
      },
    },
    async (req, reply) => {
      const work = await open(app, req, req.params.id);
      const saved = await report.save(actorOf(req), work, req.body.version, req.body.text);
      return reply.redirect(`${base(work.inspection.id)}/report/versions?saved=${saved.version}`, 303);
    },
  );

  app.get(
    '/workspace/inspections/:id/report/versions',
    {
      schema: {
        params: IdParams,
        querystring: z.object({ saved: z.coerce.number().int().min(1).optional().catch(undefined) }),
      },
      config: { auth: READERS },
    },
    async (req, reply) => {
      const work = await open(app, req, req.params.id);
      const versions = await report.versions(work);
      return reply.page('report/versions.njk', {
        title: 'Versions of the report text',
        work,
        saved: req.query.saved ?? null,
        versions: versions.map((v) => ({ ...v, when: ukDateTime(v.savedAt) })),
        fromItems: versions.map((v, i) => ({ value: v.version, text: `Version ${v.version}`, selected: i === 1 })),
        toItems: versions.map((v, i) => ({ value: v.version, text: `Version ${v.version}`, selected: i === 0 })),
        breadcrumbs: [...workspaceCrumbs(work), { text: 'Report text', href: `${base(work.inspection.id)}/report` }],
      });
    },
  );

  app.get(
    '/workspace/inspections/:id/report/compare',
    { schema: { params: IdParams, querystring: CompareQuery }, config: { auth: READERS } },
    async (req, reply) => {
      const work = await open(app, req, req.params.id);
      const { from, to, sections } = await report.compare(work, req.query.from, req.query.to);
      return reply.page('report/compare.njk', {
        title: `Report text: version ${from.version} and version ${to.version}`,
        work,
        from: { ...from, when: ukDateTime(from.savedAt) },
        to: { ...to, when: ukDateTime(to.savedAt) },
        sections,
        changedCount: sections.filter((s) => s.changed).length,
        breadcrumbs: [
          ...workspaceCrumbs(work),
          { text: 'Report text', href: `${base(work.inspection.id)}/report` },
          { text: 'Versions', href: `${base(work.inspection.id)}/report/versions` },
        ],
      });
    },
  );

  app.get(
    '/workspace/inspections/:id/report/draft.pdf',
    { schema: { params: IdParams }, config: { auth: DRAFT_READERS } },
    async (req, reply) => {
      const work = await open(app, req, req.params.id);
      const d = await report.draft(work);
      if (!app.reportPdfs.available())
        return reply.page(
          'errors/error.njk',
          {
            title: 'The PDF is not available on this server',
            message: 'This server has no Chromium to print the draft.',
          },
          503,
        );
      let bytes: Buffer;
      try {
        const info = reportInfo(app, d);
        bytes = await app.reportPdfs.draft(reportHtml(app, d, { watermark: DRAFT_WATERMARK }), {
          ...info,
          title: `Draft: ${info.title}`,
        });
      } catch (e) {
        if (!(e instanceof RenderBusyError)) throw e;
        return reply.header('retry-after', String(app.reportPdfs.retryAfterSeconds)).page(
          'errors/error.njk',
          {
            title: 'Sorry, the PDF cannot be made right now',
            message: 'Many reports are being printed. Try again in a few seconds.',
          },
          503,
        );
      }
      return reply
        .type('application/pdf')
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `attachment; filename="${draftFileName(work.inspection.ref)}"`)
        .send(bytes);
    },
  );
};
