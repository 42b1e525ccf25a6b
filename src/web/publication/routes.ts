import { PREVIEW_RECIPIENT_KINDS } from '../../domain/embargo.ts';
import type { InspectionState } from '../../domain/lifecycle.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { draftPressRelease } from '../../domain/press-release.ts';
import { checkRelease } from '../../domain/release-check.ts';
import { frameworkRegistry } from '../../store/frameworks.ts';
import {
  createPreviewLink,
  getPressRelease,
  inspectionChecks,
  issueCorrection,
  listPreviewLinks,
  MAX_PREVIEW_DAYS,
  openPreview,
  revokePreviewLink,
  savePressRelease,
} from '../../store/publication-repo.ts';
import { getInspectionById } from '../../store/register-repo.ts';
import { listFindings, listRecommendations } from '../../store/workflow-repo.ts';
import { ConflictError, NotFoundError, RuleError } from '../../domain/errors.ts';
import { inspectionViewModel } from '../inspection/view-model.ts';
import { formBody, formErrors, singleError, type FormErrors } from '../forms.ts';
import { ukDateTime } from '../view-helpers.ts';
import { renderConflict } from '../workspace/conflict.ts';
import {
  actorOf,
  base,
  loadInspection,
  versionOf,
  workspaceCrumbs,
  type InspectionWork,
} from '../workspace/context.ts';

type Params = { Params: { id: string } };
const COMMS_READERS = ['publisher', 'lead_inspector', 'admin'] as const;

const Release = z.object({
  headline: z.string().trim().min(1, 'Enter a headline').max(300, 'The headline must be 300 characters or fewer'),
  body: z
    .string()
    .trim()
    .min(1, 'Enter the text of the release')
    .max(20000, 'The release must be 20,000 characters or fewer'),
});
const Preview = z.object({
  recipient: z
    .string()
    .trim()
    .min(1, 'Enter who the preview is for')
    .max(200, 'The recipient must be 200 characters or fewer'),
  recipientKind: z.enum(PREVIEW_RECIPIENT_KINDS, { message: 'Select the kind of recipient' }),
  days: z.coerce
    .number({ message: 'Enter the number of days the link works for' })
    .int('Enter a whole number of days')
    .min(1, 'The link must work for at least 1 day')
    .max(MAX_PREVIEW_DAYS, `The link can work for at most ${MAX_PREVIEW_DAYS} days`),
});
const Correction = z.object({
  note: z
    .string()
    .trim()
    .min(1, 'Enter the public correction note')
    .max(2000, 'The note must be 2000 characters or fewer'),
  title: z
    .string()
    .trim()
    .max(200, 'The title must be 200 characters or fewer')
    .optional()
    .transform((v) => v || undefined),
  fieldworkText: z
    .string()
    .trim()
    .max(200, 'Fieldwork must be 200 characters or fewer')
    .optional()
    .transform((v) => v || undefined),
});

/** The short form of a preview link's id, in its watermark and in the list of links, to match one to the other. */
export const linkReference = (linkId: string) => linkId.slice(0, 8).toUpperCase();

/**
 * Names the recipient and the link on every embargoed preview, so a screenshot or print that
 * leaks can be traced to the link it came from (the list of links shows the same reference).
 */
export function previewWatermark(until: string, link: { id: string; recipient: string }): string {
  return `EMBARGOED UNTIL ${until.toUpperCase()} · Shared with ${link.recipient} · Link ${linkReference(link.id)}`;
}

/** The states in which an embargoed preview may be shared: approved, and not yet published. */
const PREVIEWABLE: readonly InspectionState[] = ['approved', 'scheduled'];
const NOT_PREVIEWABLE = 'Previews can be shared once the inspection is approved and before it is published.';

export async function publicationRoutes(app: FastifyInstance): Promise<void> {
  const db = () => app.deps.database.db;

  // ---- press release ----
  const draftFor = async (work: InspectionWork) => {
    const [findings, recs] = await Promise.all([
      listFindings(db(), work.inspection.id),
      listRecommendations(db(), work.inspection.id),
    ]);
    const i = work.inspection;
    return draftPressRelease({
      serviceName: work.service.name,
      framework: work.framework,
      overall: i.overallRating,
      score: i.score,
      scoreMax: i.scoreMax,
      chiefInspector: i.chiefInspector,
      quote: null,
      findings: findings.map((f) => ({ kind: f.kind as 'strength', text: f.text })),
      recommendations: recs.map((r) => ({ addressee: r.addressee, addresseeName: r.addresseeName })),
      publicationDate: i.publicationPrecision === 'day' ? i.publicationEarliest : null,
      publicationTime: i.publishedAt ? ukDateTime(i.publishedAt).slice(-5) : null,
      fieldworkStart: i.fieldworkStart,
    });
  };
  const renderRelease = async (
    req: FastifyRequest,
    reply: FastifyReply,
    work: InspectionWork,
    values?: Record<string, unknown>,
    errors?: FormErrors,
    status = 200,
  ) => {
    const saved = await getPressRelease(db(), work.inspection.id);
    const current = values ?? (saved ? { headline: saved.headline, body: saved.body } : await draftFor(work));
    const checks = (await inspectionChecks(db(), work.framework, work.inspection.id)).filter((c) =>
      c.where.startsWith('press release'),
    );
    return reply.page(
      'publication/press-release.njk',
      {
        title: 'Press release',
        work,
        saved: !!saved,
        version: saved?.version ?? 0,
        values: current,
        checks,
        editable: req.user!.role === 'publisher' && work.state !== 'published',
        errors,
        breadcrumbs: workspaceCrumbs(work),
      },
      status,
    );
  };
  app.get<Params>(
    '/workspace/inspections/:id/press-release',
    { config: { auth: COMMS_READERS } },
    async (req, reply) => {
      const work = await loadInspection(app, req, reply, req.params.id);
      return work ? renderRelease(req, reply, work) : reply;
    },
  );
  app.post<Params>(
    '/workspace/inspections/:id/press-release',
    { config: { auth: ['publisher'] } },
    async (req, reply) => {
      const work = await loadInspection(app, req, reply, req.params.id);
      if (!work) return reply;
      const body = formBody(req.body);
      if (body.action === 'regenerate') return renderRelease(req, reply, work, await draftFor(work));
      if (work.state === 'published')
        return renderRelease(
          req,
          reply,
          work,
          body,
          singleError('headline', 'A published release is not edited; issue a correction instead.'),
          409,
        );
      const parsed = Release.safeParse(body);
      if (!parsed.success) return renderRelease(req, reply, work, body, formErrors(parsed.error.issues), 400);
      if (work.state === 'scheduled') {
        // Once scheduled, a release goes out as it stands: a change that breaks a fact is refused, not saved.
        const i = work.inspection;
        const recs = await listRecommendations(db(), i.id);
        const problems = checkRelease(`${parsed.data.headline}\n\n${parsed.data.body}`, {
          publicationDate: i.publicationEarliest,
          fieldworkStart: i.fieldworkStart,
          score: i.score,
          scoreMax: i.scoreMax,
          overall: i.overallRating,
          recommendations: recs,
          recommendationsStated: i.recommendationsStated,
        }).filter((p) => p.severity === 'error');
        if (problems.length)
          return renderRelease(
            req,
            reply,
            work,
            body,
            singleError(
              'body',
              'This inspection is scheduled, so the release cannot be saved with errors: ' +
                problems.map((p) => p.message).join(' '),
            ),
            422,
          );
      }
      try {
        await savePressRelease(db(), actorOf(req), work.inspection.id, versionOf(body), parsed.data);
        // Saved; the page shows the facts re-checked against the record.
        return reply.redirect(`${base(work.inspection.id)}/press-release#checks`, 303);
      } catch (e) {
        if (e instanceof ConflictError) return renderConflict(reply, e, `${base(work.inspection.id)}/press-release`);
        throw e;
      }
    },
  );

  // ---- checks ----
  app.get<Params>(
    '/workspace/inspections/:id/checks',
    { config: { auth: ['inspector', 'lead_inspector', 'publisher', 'admin'] } },
    async (req, reply) => {
      const work = await loadInspection(app, req, reply, req.params.id);
      if (!work) return reply;
      const checks = await inspectionChecks(db(), work.framework, work.inspection.id);
      return reply.page('publication/checks.njk', {
        title: 'Consistency checks',
        work,
        checks,
        errorsCount: checks.filter((c) => c.severity === 'error').length,
        breadcrumbs: workspaceCrumbs(work),
      });
    },
  );

  // ---- embargoed previews ----
  const renderPreviews = async (
    reply: FastifyReply,
    work: InspectionWork,
    values: Record<string, unknown> = {},
    errors?: FormErrors,
    status = 200,
    newLink?: string,
  ) => {
    const links = await listPreviewLinks(db(), work.inspection.id);
    const now = app.deps.now();
    return reply.page(
      'publication/previews.njk',
      {
        title: 'Embargoed previews',
        work,
        links: links.map((x) => ({
          ...x,
          reference: linkReference(x.id),
          expires: ukDateTime(x.expiresAt),
          state: x.revokedAt ? 'Revoked' : x.expiresAt <= now ? 'Expired' : 'Live',
        })),
        kindItems: [
          { value: 'press', text: 'Press' },
          { value: 'minister', text: 'Minister or official' },
          { value: 'service', text: 'The inspected service' },
          { value: 'other', text: 'Other' },
        ].map((k) => ({ ...k, checked: values.recipientKind === k.value })),
        values: { days: '7', ...values },
        errors,
        newLink,
        // Previews exist to share an approved report before it is public; the form is offered only then.
        canShare: PREVIEWABLE.includes(work.state),
        breadcrumbs: workspaceCrumbs(work),
      },
      status,
    );
  };
  app.get<Params>(
    '/workspace/inspections/:id/previews',
    { config: { auth: ['publisher', 'admin'] } },
    async (req, reply) => {
      const work = await loadInspection(app, req, reply, req.params.id);
      return work ? renderPreviews(reply, work) : reply;
    },
  );
  app.post<Params>('/workspace/inspections/:id/previews', { config: { auth: ['publisher'] } }, async (req, reply) => {
    const work = await loadInspection(app, req, reply, req.params.id);
    if (!work) return reply;
    const body = formBody(req.body);
    if (!PREVIEWABLE.includes(work.state))
      return renderPreviews(reply, work, body, singleError('recipient', NOT_PREVIEWABLE), 409);
    const parsed = Preview.safeParse(body);
    if (!parsed.success) return renderPreviews(reply, work, body, formErrors(parsed.error.issues), 400);
    const expiresAt = new Date(app.deps.now().getTime() + parsed.data.days * 86_400_000);
    const token = await createPreviewLink(db(), actorOf(req), work.inspection.id, {
      recipient: parsed.data.recipient,
      recipientKind: parsed.data.recipientKind,
      expiresAt,
    });
    // The token is shown once; only its hash is kept.
    return renderPreviews(reply, work, {}, undefined, 201, `${app.publicBaseUrl}/preview/${token}`);
  });
  app.post<{ Params: { id: string; linkId: string } }>(
    '/workspace/inspections/:id/previews/:linkId/revoke',
    { config: { auth: ['publisher'] } },
    async (req, reply) => {
      const work = await loadInspection(app, req, reply, req.params.id);
      if (!work) return reply;
      try {
        await revokePreviewLink(db(), actorOf(req), work.inspection.id, req.params.linkId, app.deps.now());
      } catch (e) {
        if (e instanceof NotFoundError) return reply.callNotFound();
        throw e;
      }
      return reply.redirect(`${base(work.inspection.id)}/previews`, 303);
    },
  );
  app.get<{ Params: { token: string } }>('/preview/:token', { config: { auth: 'public' } }, async (req, reply) => {
    reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex, nofollow');
    const now = app.deps.now();
    const link = /^[A-Za-z0-9_-]{20,100}$/.test(req.params.token)
      ? await openPreview(db(), req.params.token, now, {
          ip: req.ip,
          userAgent: String(req.headers['user-agent'] ?? ''),
        })
      : null;
    if (!link)
      return reply.page(
        'errors/error.njk',
        {
          title: 'This preview link does not work',
          message: 'It may have expired or been withdrawn. Ask the person who sent it for a new one.',
        },
        404,
      );
    const d = await getInspectionById(db(), link.inspectionId);
    if (!d) return reply.callNotFound();
    const vm = inspectionViewModel(d, frameworkRegistry().get(d.inspection.frameworkId));
    const until = d.inspection.publishedAt ? ukDateTime(d.inspection.publishedAt) : 'a date to be confirmed';
    const embargoed = !d.inspection.publishedAt || d.inspection.publishedAt > now;
    return reply.page('inspection/report.njk', {
      ...vm,
      title: `Embargoed preview: ${vm.service.name}`,
      watermark: embargoed ? previewWatermark(until, link) : null,
      published: embargoed ? `under embargo until ${until}` : vm.published,
    });
  });

  // ---- corrections ----
  const renderCorrections = (
    reply: FastifyReply,
    work: InspectionWork,
    values: Record<string, unknown> = {},
    errors?: FormErrors,
    status = 200,
  ) =>
    reply.page(
      'publication/corrections.njk',
      {
        title: 'Issue a correction',
        work,
        values,
        errors,
        published: work.state === 'published',
        breadcrumbs: workspaceCrumbs(work),
      },
      status,
    );
  app.get<Params>(
    '/workspace/inspections/:id/corrections',
    { config: { auth: ['publisher', 'lead_inspector'] } },
    async (req, reply) => {
      const work = await loadInspection(app, req, reply, req.params.id);
      return work
        ? renderCorrections(reply, work, { title: work.inspection.title, fieldworkText: work.inspection.fieldworkText })
        : reply;
    },
  );
  app.post<Params>(
    '/workspace/inspections/:id/corrections',
    { config: { auth: ['publisher', 'lead_inspector'] } },
    async (req, reply) => {
      const work = await loadInspection(app, req, reply, req.params.id);
      if (!work) return reply;
      const body = formBody(req.body);
      const parsed = Correction.safeParse(body);
      if (!parsed.success) return renderCorrections(reply, work, body, formErrors(parsed.error.issues), 400);
      const changes: Record<string, string> = {};
      if (parsed.data.title && parsed.data.title !== work.inspection.title) changes.title = parsed.data.title;
      if (parsed.data.fieldworkText && parsed.data.fieldworkText !== work.inspection.fieldworkText)
        changes.fieldworkText = parsed.data.fieldworkText;
      try {
        const corrected = await issueCorrection(
          db(),
          actorOf(req),
          work.inspection.id,
          versionOf(body),
          parsed.data.note,
          changes,
        );
        // The corrected record's PDF, printed now so the public's first request finds it stored.
        app.reportPdfs.corrected(corrected);
        return reply.redirect(`/inspections/${work.inspection.ref}#corrections`, 303);
      } catch (e) {
        if (e instanceof ConflictError) return renderConflict(reply, e, `${base(work.inspection.id)}/corrections`);
        if (e instanceof RuleError) return renderCorrections(reply, work, body, singleError('note', e.message), 409);
        throw e;
      }
    },
  );
}
