import type { FastifyInstance } from 'fastify';
import { getServiceBySlug } from '../../store/register-repo.ts';
import { serviceViewModel } from './view-model.ts';

export async function serviceRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { slug: string } }>('/services/:slug', { config: { auth: 'public', cache: true, cacheQuery: [] } }, async (req, reply) => {
    const d = await getServiceBySlug(app.deps.database.db, req.params.slug, app.deps.now());
    if (!d) return reply.callNotFound();
    return reply.page('service/service.njk', serviceViewModel(d));
  });
}
