import fastifyMultipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ImportPlan } from '../../import/importer.ts';
import type { FormErrors } from '../forms.ts';
import type { RoutesPlugin } from '../validation.ts';
import { actorOf } from '../workspace/context.ts';

const MAX_BYTES = 20 * 1024 * 1024;
const ADMIN_ONLY = ['admin'] as const;

/** The upload as multipart leaves it: the file's bytes (or text), and what to do with them. */
const Upload = z.object({
  file: z
    .unknown()
    .optional()
    .transform((f) => (Buffer.isBuffer(f) ? f.toString('utf8') : typeof f === 'string' ? f : '')),
  mode: z.enum(['check', 'import']).catch('check'),
});

/** The name the browser gave the uploaded file, for the audit entry. */
const uploadNames = new WeakMap<FastifyRequest, string>();

/**
 * Authorisation runs at preValidation, and multipart reads the whole upload in its own
 * preValidation hook; the route's policy would still be checked before the upload is read, but
 * only once the client has started sending it. So the upload route also decides here, in
 * onRequest, before a byte of the body is read, and closes the connection rather than keeping it,
 * so a refused client cannot go on sending. The session is already known (the auth plugin reads
 * it in its own onRequest hook, which runs first).
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

/** Admin upload: the import service plans it as the command line does, so the page and `import --dry-run` agree. */
export const importRoutes: RoutesPlugin = async (app) => {
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
    {
      schema: { body: Upload },
      // The CSRF token is a field of the multipart body, which is read only in multipart's own
      // preValidation hook, after the app-wide CSRF check: so this route checks it here, once read.
      config: {
        auth: ADMIN_ONLY,
        csrf: false,
        form: (_req, reply, errors, status) => render(reply, { errors }, status),
      },
      onRequest: adminBeforeBody,
      preValidation: (req, reply, done) => app.csrfProtection(req, reply, done),
    },
    async (req, reply) => {
      const upload = { text: req.body.file, file: uploadNames.get(req) ?? '(no file name)' };
      const done = await app.services.imports.run(actorOf(req), upload, req.body.mode === 'import');
      return render(reply, done);
    },
  );
};
