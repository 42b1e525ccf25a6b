import type { RoutesPlugin } from '../validation.ts';
import { openApiDocument } from '../../api/openapi.ts';
import { API_ERROR_CODES } from '../../api/schemas.ts';

/** A browsable page for the API, rendered on the server from the OpenAPI document. */
export const apiDocsRoutes: RoutesPlugin = async (app) => {
  app.get('/api/docs', { config: { auth: 'public' } }, async (_req, reply) =>
    reply.page('api-docs/docs.njk', {
      title: 'Open data API',
      doc: openApiDocument(app.publicBaseUrl),
      errorCodes: API_ERROR_CODES,
    }),
  );
};
