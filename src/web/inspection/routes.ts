import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { getInspectionByRef } from '../../store/register-repo.ts';
import { ensureStylesheet } from '../assets.ts';
import { etagMatches } from '../page-cache.ts';
import { Slug, type RoutesPlugin } from '../validation.ts';
import { t } from '../i18n.ts';
import { SERVICE_NAME } from '../view-helpers.ts';
import { RenderBusyError } from './pdf.ts';
import type { PdfInfo } from './pdf-info.ts';
import type { InspectionData } from './report-pdfs.ts';
import { inspectionViewModel } from './view-model.ts';

/**
 * The HTML report as one self-contained document (styles inline), for printing to PDF. A draft
 * carries a watermark on every page, so a copy of the factual-accuracy draft is never mistaken for
 * the published report.
 */
export function reportHtml(app: FastifyInstance, d: InspectionData, opts: { watermark?: string } = {}): string {
  const vm = inspectionViewModel(d, app.deps.frameworks().get(d.inspection.frameworkId));
  const inlineCss = readFileSync(ensureStylesheet(), 'utf8');
  return app.renderPage('inspection/report.njk', {
    ...vm,
    title: reportInfo(app, d).title,
    inlineCss,
    print: true,
    watermark: opts.watermark,
    // A draft has no publication yet: its watermark stands where the date would.
    draft: !!opts.watermark,
  });
}

/**
 * The PDF's title and author: an inspection run here is the inspectorate's report (its configured
 * name); a record taken from published sources is the register's summary, not the inspectorate's words.
 */
export function reportInfo(app: FastifyInstance, d: InspectionData): PdfInfo {
  return d.inspection.origin === 'workflow'
    ? { title: `An inspection of youth justice services in ${d.service.name}`, author: app.inspectorateName }
    : { title: `${d.service.name}: the register’s summary of a published inspection`, author: SERVICE_NAME };
}

/** "<ref>-report.pdf"; anything but letters, digits, dot, dash or underscore becomes a dash (imported refs). */
const pdfFileName = (ref: string) => `${ref.replace(/[^A-Za-z0-9._-]/g, '-')}-report.pdf`;

const RefParams = z.object({ ref: Slug });

/**
 * Public, cached and in Welsh too; the page reads nothing from the query string but the language
 * (`?lng=`, never cached: it sets the cookie), so every query shares one entry per language.
 */
const cached = {
  schema: { params: RefParams },
  config: { auth: 'public', cache: true, cacheQuery: [], welsh: true },
} as const;

export const inspectionRoutes: RoutesPlugin = async (app) => {
  const load = async (ref: string) => {
    // Embargoed and unknown look the same from outside: 404 either way.
    const d = await getInspectionByRef(app.deps.database.db, ref, app.deps.now());
    return d ? inspectionViewModel(d, app.deps.frameworks().get(d.inspection.frameworkId)) : null;
  };

  // The inspection page, its report and its press release have a Welsh version; the PDFs are English
  // only (printed outside a request, once per version, and shared by every reader).
  app.get('/inspections/:ref', cached, async (req, reply) => {
    const vm = await load(req.params.ref);
    return vm ? reply.page('inspection/inspection.njk', vm) : reply.callNotFound();
  });

  app.get('/inspections/:ref/report', cached, async (req, reply) => {
    const vm = await load(req.params.ref);
    return vm
      ? reply.page('inspection/report.njk', {
          ...vm,
          title: t('pages:report.title', { service: vm.serviceNameShown }),
          print: false,
        })
      : reply.callNotFound();
  });

  // The press release goes public with the report, by the same read: before the embargo, or for a
  // record with no release, exactly the answer for an unknown address.
  app.get('/inspections/:ref/press-release', cached, async (req, reply) => {
    const vm = await load(req.params.ref);
    return vm?.pressRelease
      ? reply.page('inspection/press-release.njk', {
          ...vm,
          title: t('pages:press.title', { headline: vm.pressRelease.headline }),
          breadcrumbs: [
            ...vm.breadcrumbs,
            { text: vm.i.title ?? t('pages:press.inspection'), href: `/inspections/${vm.i.ref}` },
          ],
        })
      : reply.callNotFound();
  });

  app.get(
    '/inspections/:ref/report.pdf',
    { schema: { params: RefParams }, config: { auth: 'public' } },
    async (req, reply) => {
      const now = app.deps.now();
      // The embargo rule of every public read: before it, exactly the answer for an unknown ref.
      const head = await app.reportPdfs.head(req.params.ref, now);
      if (!head) return reply.callNotFound();
      const htmlReport = `/inspections/${head.ref}/report`;
      let sha256 = head.sha256;
      let bytes: Buffer | null = null;
      if (!sha256) {
        if (!app.reportPdfs.available()) {
          const message =
            `This server has no Chromium to print the report. ` +
            `Read the HTML report at ${htmlReport} and use your browser's "Print to PDF".`;
          return reply.page('errors/error.njk', { title: 'The PDF is not available on this server', message }, 503);
        }
        try {
          const pdf = await app.reportPdfs.ensure(head, now);
          if (!pdf) return reply.callNotFound();
          ({ sha256, bytes } = pdf);
        } catch (e) {
          if (!(e instanceof RenderBusyError)) throw e;
          const message =
            `Many reports are being printed at once. ` +
            `Try again in a few seconds, or read the HTML report at ${htmlReport}.`;
          return reply
            .header('retry-after', String(app.reportPdfs.retryAfterSeconds))
            .page('errors/error.njk', { title: 'Sorry, the PDF cannot be made right now', message }, 503);
        }
      }
      const etag = `"${sha256}"`;
      // Revalidated after a minute, so a correction reaches caches soon; a 304 costs one small query.
      reply.header('etag', etag).header('cache-control', 'public, max-age=60');
      if (etagMatches(req.headers['if-none-match'], etag)) return reply.code(304).send();
      bytes ??= await app.reportPdfs.bytes(head.id, head.version, sha256);
      if (!bytes) throw new Error(`The stored PDF of ${head.ref} version ${head.version} has gone.`);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${pdfFileName(head.ref)}"`)
        .send(bytes);
    },
  );
};
