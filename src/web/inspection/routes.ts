import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { frameworkRegistry } from '../../frameworks.ts';
import { getInspectionByRef } from '../../store/register-repo.ts';
import { ensureStylesheet } from '../assets.ts';
import { htmlToPdf, pdfAvailable } from './pdf.ts';
import { inspectionViewModel } from './view-model.ts';

type Params = { Params: { ref: string } };

/** Public and cached; the page reads nothing from the query string, so every query shares one entry. */
const cached = { config: { auth: 'public', cache: true, cacheQuery: [] } } as const;

export async function inspectionRoutes(app: FastifyInstance): Promise<void> {
  const load = async (ref: string) => {
    // Embargoed and unknown look the same from outside: 404 either way.
    const d = await getInspectionByRef(app.deps.database.db, ref, app.deps.now());
    return d ? inspectionViewModel(d, frameworkRegistry().get(d.inspection.frameworkId)) : null;
  };

  app.get<Params>('/inspections/:ref', cached, async (req, reply) => {
    const vm = await load(req.params.ref);
    return vm ? reply.page('inspection/inspection.njk', vm) : reply.callNotFound();
  });

  app.get<Params>('/inspections/:ref/report', cached, async (req, reply) => {
    const vm = await load(req.params.ref);
    return vm ? reply.page('inspection/report.njk', { ...vm, title: `Report: ${vm.service.name}` }) : reply.callNotFound();
  });

  app.get<Params>('/inspections/:ref/report.pdf', { config: { auth: 'public' } }, async (req, reply) => {
    const vm = await load(req.params.ref);
    if (!vm) return reply.callNotFound();
    if (!pdfAvailable()) {
      return reply.page(
        'errors/error.njk',
        { title: 'The PDF is not available on this server', message: `This server has no Chromium to print the report. Read the HTML report at /inspections/${vm.i.ref}/report and use your browser's "Print to PDF".` },
        503,
      );
    }
    const html = app.renderPage('inspection/report.njk', { ...vm, title: `Report: ${vm.service.name}`, inlineCss: readFileSync(ensureStylesheet(), 'utf8') });
    const pdf = await htmlToPdf(html);
    return reply.type('application/pdf').header('content-disposition', `inline; filename="${vm.i.ref}-report.pdf"`).send(pdf);
  });
}
