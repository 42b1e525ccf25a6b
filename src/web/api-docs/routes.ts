import type { FastifyInstance } from 'fastify';
import { openApiDocument } from '../../api/openapi.ts';

/** A browsable page for the API, rendered on the server from the OpenAPI document. */
export async function apiDocsRoutes(app: FastifyInstance): Promise<void> {
  app.get('/api/docs', { config: { auth: 'public' } }, async (_req, reply) =>
    reply.page('api-docs/docs.njk', { title: 'Open data API', doc: openApiDocument(app.publicBaseUrl) }),
  );
}
