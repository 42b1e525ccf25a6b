import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { applyImport, ImportFormatError, planImport, summarise, type ImportPlan } from '../../import/importer.ts';
import { audit } from '../../store/workflow-repo.ts';
import { singleError, type FormErrors } from '../forms.ts';
import { actorOf } from '../workspace/context.ts';

const MAX_BYTES = 20 * 1024 * 1024;

/** Admin upload: the same planner as the command line, so the page and `import --dry-run` agree. */
export async function importRoutes(app: FastifyInstance): Promise<void> {
  await app.register(fastifyMultipart, { attachFieldsToBody: 'keyValues', limits: { fileSize: MAX_BYTES, files: 1, fields: 10 } });
  const render = (reply: FastifyReply, ctx: { plan?: ImportPlan; applied?: boolean; errors?: FormErrors; summary?: string }, status = 200) =>
    reply.page('import/import.njk', { title: 'Import inspections', breadcrumbs: [{ text: 'Workspace', href: '/workspace' }], ...ctx }, status);

  app.get('/workspace/import', { config: { auth: ['admin'] } }, async (_req, reply) => render(reply, {}));
  app.post('/workspace/import', { config: { auth: ['admin'] } }, async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const file = body.file;
    const text = Buffer.isBuffer(file) ? file.toString('utf8') : typeof file === 'string' ? file : '';
    if (!text.trim()) return render(reply, { errors: singleError('file', 'Choose a CSV or JSON file to import') }, 400);
    if (text.includes('\u0000')) return render(reply, { errors: singleError('file', 'The file is not text: choose a CSV or JSON file') }, 400);
    let plan: ImportPlan;
    try {
      plan = await planImport(app.deps.database.db, text, app.deps.now());
    } catch (e) {
      if (e instanceof ImportFormatError || (e as { code?: string }).code?.startsWith('CSV_')) return render(reply, { errors: singleError('file', (e as Error).message) }, 400);
      throw e;
    }
    const apply = body.mode === 'import';
    if (apply && plan.records.length) {
      await applyImport(app.deps.database.db, plan);
      await audit(app.deps.database.db, actorOf(req), 'import', 'register', null, null, null, { format: plan.format, summary: summarise(plan) });
    }
    return render(reply, { plan, applied: apply, summary: summarise(plan) });
  });
}
