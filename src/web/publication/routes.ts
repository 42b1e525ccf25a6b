import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PREVIEW_RECIPIENT_KINDS } from '../../domain/embargo.ts';
import { MAX_PREVIEW_DAYS } from '../../store/publication-repo.ts';
import { inspectionViewModel } from '../inspection/view-model.ts';
import type { FormErrors } from '../forms.ts';
import { Id, IdParams, Version, type RoutesPlugin } from '../validation.ts';
import { ukDateTime } from '../view-helpers.ts';
import {
  actorOf,
  base,
  openInspectionFirst,
  work as openWork,
  workspaceCrumbs,
  type InspectionWork,
} from '../workspace/context.ts';

const COMMS_READERS = ['publisher', 'lead_inspector', 'admin'] as const;
const PUBLISHER = ['publisher'] as const;

const text = (message: string) => z.string({ message }).trim();
/** "Regenerate" asks for a fresh draft and saves nothing; "save" (the default) needs both fields. */
const ReleaseBody = z
  .object({
    action: z.enum(['save', 'regenerate']).catch('save'),
    version: Version,
    headline: text('Enter a headline').max(300, 'The headline must be 300 characters or fewer').catch(''),
    body: text('Enter the text of the release').max(20000, 'The release must be 20,000 characters or fewer').catch(''),
  })
  .superRefine((v, ctx) => {
    if (v.action === 'regenerate') return;
    if (!v.headline) ctx.addIssue({ code: 'custom', path: ['headline'], message: 'Enter a headline' });
    if (!v.body) ctx.addIssue({ code: 'custom', path: ['body'], message: 'Enter the text of the release' });
  });
const PreviewBody = z.object({
  recipient: text('Enter who the preview is for')
    .min(1, 'Enter who the preview is for')
    .max(200, 'The recipient must be 200 characters or fewer'),
  recipientKind: z.enum(PREVIEW_RECIPIENT_KINDS, { message: 'Select the kind of recipient' }),
  days: z.coerce
    .number({ message: 'Enter the number of days the link works for' })
    .int('Enter a whole number of days')
    .min(1, 'The link must work for at least 1 day')
    .max(MAX_PREVIEW_DAYS, `The link can work for at most ${MAX_PREVIEW_DAYS} days`),
  /** Where to email the link, once; left empty, the link is only shown here. */
  email: z
    .string()
    .trim()
    .max(254, 'The email address must be 254 characters or fewer')
    .optional()
    .transform((v) => v || undefined)
    .pipe(z.email({ message: 'Enter an email address in the correct format, like name@example.com' }).optional()),
});
const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .optional()
    .transform((v) => v || undefined);
const CorrectionBody = z.object({
  version: Version,
  note: text('Enter the public correction note')
    .min(1, 'Enter the public correction note')
    .max(2000, 'The note must be 2000 characters or fewer'),
  title: optionalText(200, 'The title must be 200 characters or fewer'),
  fieldworkText: optionalText(200, 'Fieldwork must be 200 characters or fewer'),
});
const LinkParams = z.object({ id: Id, linkId: Id });
const TokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/) });

/** The short form of a preview link's id, in its watermark and in the list of links, to match one to the other. */
export const linkReference = (linkId: string) => linkId.slice(0, 8).toUpperCase();

/**
 * Names the recipient and the link on every embargoed preview, so a screenshot or print that
 * leaks can be traced to the link it came from (the list of links shows the same reference).
 */
export function previewWatermark(until: string, link: { id: string; recipient: string }): string {
  return `EMBARGOED UNTIL ${until.toUpperCase()} · Shared with ${link.recipient} · Link ${linkReference(link.id)}`;
}

const typed = (req: FastifyRequest) => (req.body ?? {}) as Record<string, unknown>;
const NO_PREVIEW = {
  title: 'This preview link does not work',
  message: 'It may have expired or been withdrawn. Ask the person who sent it for a new one.',
};

/** The press release, checks, embargoed previews and corrections; the rules are the publication service's. */
export const publicationRoutes: RoutesPlugin = async (app) => {
  openInspectionFirst(app);
  const publication = app.services.publication;
  /** The inspection of a form route, loaded again to show the form with its errors. */
  const withWork =
    (render: (req: FastifyRequest, reply: FastifyReply, work: InspectionWork, e: FormErrors, s: number) => unknown) =>
    async (req: FastifyRequest, reply: FastifyReply, errors: FormErrors, status: number) => {
      const work = await openWork(app, req, (req.params as IdParams).id);
      return render(req, reply, work, errors, status);
    };

  // ---- press release ----
  const renderRelease = async (
    req: FastifyRequest,
    reply: FastifyReply,
    work: InspectionWork,
    values?: Record<string, unknown>,
    errors?: FormErrors,
    status = 200,
  ) => {
    const release = await publication.pressRelease(work);
    return reply.page(
      'publication/press-release.njk',
      {
        title: 'Press release',
        work,
        saved: release.saved,
        version: release.version,
        values: values ?? release.text,
        checks: release.checks,
        editable: req.user!.role === 'publisher' && work.state !== 'published',
        errors,
        breadcrumbs: workspaceCrumbs(work),
      },
      status,
    );
  };
  app.get(
    '/workspace/inspections/:id/press-release',
    { schema: { params: IdParams }, config: { auth: COMMS_READERS } },
    async (req, reply) => {
      const work = await openWork(app, req, req.params.id);
      return renderRelease(req, reply, work);
    },
  );
  app.post(
    '/workspace/inspections/:id/press-release',
    {
      schema: { params: IdParams, body: ReleaseBody },
      config: {
        auth: PUBLISHER,
        form: withWork((req, reply, work, errors, status) =>
          renderRelease(req, reply, work, typed(req), errors, status),
        ),
      },
    },
    async (req, reply) => {
      const work = await openWork(app, req, req.params.id);
      const { action, version, headline, body } = req.body;
      if (action === 'regenerate') return renderRelease(req, reply, work, await publication.draftRelease(work));
      await publication.saveRelease(actorOf(req), work, version, { headline, body });
      // Saved; the page shows the facts re-checked against the record.
      return reply.redirect(`${base(work.inspection.id)}/press-release#checks`, 303);
    },
  );

  // ---- checks ----
  app.get(
    '/workspace/inspections/:id/checks',
    { schema: { params: IdParams }, config: { auth: ['inspector', 'lead_inspector', 'publisher', 'admin'] } },
    async (req, reply) => {
      const work = await openWork(app, req, req.params.id);
      const checks = await publication.checks(work);
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
    emailedTo?: string,
  ) => {
    const links = await publication.previewLinks(work);
    return reply.page(
      'publication/previews.njk',
      {
        title: 'Embargoed previews',
        work,
        links: links.map((x) => ({ ...x, reference: linkReference(x.id), expires: ukDateTime(x.expiresAt) })),
        kindItems: [
          { value: 'press', text: 'Press' },
          { value: 'minister', text: 'Minister or official' },
          { value: 'service', text: 'The inspected service' },
          { value: 'other', text: 'Other' },
        ].map((k) => ({ ...k, checked: values.recipientKind === k.value })),
        values: { days: '7', ...values },
        errors,
        newLink,
        emailedTo,
        // Previews exist to share an approved report before it is public; the form is offered only then.
        canShare: publication.mayShare(work),
        breadcrumbs: workspaceCrumbs(work),
      },
      status,
    );
  };
  app.get(
    '/workspace/inspections/:id/previews',
    { schema: { params: IdParams }, config: { auth: ['publisher', 'admin'] } },
    async (req, reply) => {
      const work = await openWork(app, req, req.params.id);
      return renderPreviews(reply, work);
    },
  );
  app.post(
    '/workspace/inspections/:id/previews',
    {
      schema: { params: IdParams, body: PreviewBody },
      config: {
        auth: PUBLISHER,
        form: withWork((req, reply, work, errors, status) => renderPreviews(reply, work, typed(req), errors, status)),
      },
    },
    async (req, reply) => {
      const work = await openWork(app, req, req.params.id);
      const token = await publication.sharePreview(actorOf(req), work, req.body);
      // The token is shown once; only its hash is kept (and the email queued with it forgets it once sent).
      return renderPreviews(reply, work, {}, undefined, 201, `${app.publicBaseUrl}/preview/${token}`, req.body.email);
    },
  );
  app.post(
    '/workspace/inspections/:id/previews/:linkId/revoke',
    { schema: { params: LinkParams }, config: { auth: PUBLISHER } },
    async (req, reply) => {
      const work = await openWork(app, req, req.params.id);
      await publication.revokePreview(actorOf(req), work, req.params.linkId);
      return reply.redirect(`${base(work.inspection.id)}/previews`, 303);
    },
  );

  // Not a params schema: a malformed token gets the same page as a link that has stopped working.
  app.get('/preview/:token', { config: { auth: 'public' } }, async (req, reply) => {
    reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex, nofollow');
    const params = TokenParams.safeParse(req.params);
    const view = params.success
      ? await publication.openPreview(params.data.token, {
          ip: req.ip,
          userAgent: String(req.headers['user-agent'] ?? ''),
        })
      : null;
    if (!view) return reply.page('errors/error.njk', NO_PREVIEW, 404);
    // Published: the embargo is over and the public page is the report (its release linked from it).
    if (!view.embargoed) return reply.redirect(`/inspections/${view.detail.inspection.ref}`, 303);
    const vm = inspectionViewModel(view.detail, app.deps.frameworks().get(view.detail.inspection.frameworkId));
    const until = view.publishedAt ? ukDateTime(view.publishedAt) : 'a date to be confirmed';
    return reply.page('inspection/report.njk', {
      ...vm,
      title: `Embargoed preview: ${vm.service.name}`,
      watermark: previewWatermark(until, view.link),
      published: `under embargo until ${until}`,
      previewRelease: vm.pressRelease,
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
  app.get(
    '/workspace/inspections/:id/corrections',
    { schema: { params: IdParams }, config: { auth: ['publisher', 'lead_inspector'] } },
    async (req, reply) => {
      const work = await openWork(app, req, req.params.id);
      return renderCorrections(reply, work, {
        title: work.inspection.title,
        fieldworkText: work.inspection.fieldworkText,
      });
    },
  );
  app.post(
    '/workspace/inspections/:id/corrections',
    {
      schema: { params: IdParams, body: CorrectionBody },
      config: {
        auth: ['publisher', 'lead_inspector'],
        form: withWork((req, reply, work, errors, status) =>
          renderCorrections(reply, work, typed(req), errors, status),
        ),
      },
    },
    async (req, reply) => {
      const work = await openWork(app, req, req.params.id);
      const { version, ...correction } = req.body;
      const corrected = await publication.correct(actorOf(req), work, version, correction);
      // The corrected record's PDF, printed now so the public's first request finds it stored.
      app.reportPdfs.corrected(corrected);
      return reply.redirect(`/inspections/${work.inspection.ref}#corrections`, 303);
    },
  );
};
