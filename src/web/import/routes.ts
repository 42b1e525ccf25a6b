import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { applyImport, ImportFormatError, planImport, summarise, type ImportPlan } from '../../import/importer.ts';
import { singleError, type FormErrors } from '../forms.ts';
import { actorOf } from '../workspace/context.ts';

const MAX_BYTES = 20 * 1024 * 1024;
const ADMIN_ONLY = ['admin'] as const;

/** The name the browser gave the uploaded file, for the audit entry. */
const uploadNames = new WeakMap<FastifyRequest, string>();

/**
 * Multipart reads the whole upload in its preValidation hook: the upload route decides who may
 * send it here, in onRequest, before a byte of the body is read, whatever the order of hooks.
 * The session is already known (the auth plugin reads it in its own onRequest hook, which runs
 * first). The connection is closed rather than kept, so a refused client cannot go on sending.
 */
async function adminBeforeBody(req: FastifyRequest, reply: FastifyReply) {
  if (req.user?.role === 'admin') return;
  reply.header('connection', 'close');
  if (!req.user) return reply.redirect('/sign-in', 303);
  return reply.page(
    'errors/error.njk',
    {
      title: 'You do not have permission to see this page',
      message: 'Your role does not allow this. If you think it should, ask an administrator.',
    },
    403,
  );
}

/** Admin upload: the same planner as the command line, so the page and `import --dry-run` agree. */
export async function importRoutes(app: FastifyInstance): Promise<void> {
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: MAX_BYTES, files: 1, fields: 10 },
    async onFile(part) {
      uploadNames.set(this, part.filename);
      await part.toBuffer();
    },
  });
  const render = (
    reply: FastifyReply,
    ctx: { plan?: ImportPlan; applied?: boolean; errors?: FormErrors; summary?: string },
    status = 200,
  ) =>
    reply.page(
      'import/import.njk',
      { title: 'Import inspections', breadcrumbs: [{ text: 'Workspace', href: '/workspace' }], ...ctx },
      status,
    );

  app.get('/workspace/import', { config: { auth: ADMIN_ONLY } }, async (_req, reply) => render(reply, {}));
  app.post(
    '/workspace/import',
    { config: { auth: ADMIN_ONLY, csrf: 'after-upload' }, onRequest: adminBeforeBody },
    async (req, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const file = body.file;
      const text = Buffer.isBuffer(file) ? file.toString('utf8') : typeof file === 'string' ? file : '';
      if (!text.trim())
        return render(reply, { errors: singleError('file', 'Choose a CSV or JSON file to import') }, 400);
      if (text.includes('\u0000'))
        return render(reply, { errors: singleError('file', 'The file is not text: choose a CSV or JSON file') }, 400);
      let plan: ImportPlan;
      try {
        plan = await planImport(app.deps.database.db, text, app.deps.now());
      } catch (e) {
        if (e instanceof ImportFormatError || (e as { code?: string }).code?.startsWith('CSV_'))
          return render(reply, { errors: singleError('file', (e as Error).message) }, 400);
        throw e;
      }
      const apply = body.mode === 'import';
      if (apply)
        await applyImport(app.deps.database.db, plan, {
          file: uploadNames.get(req) ?? '(no file name)',
          actor: actorOf(req),
        });
      return render(reply, { plan, applied: apply, summary: summarise(plan) });
    },
  );
}
