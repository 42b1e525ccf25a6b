import type { FastifyInstance } from 'fastify';
import { getServiceBySlug } from '../../store/register-repo.ts';
import { serviceViewModel } from './view-model.ts';

/** Public and cached; the page reads nothing from the query string, so every query shares one entry. */
const cached = { config: { auth: 'public', cache: true, cacheQuery: [] } } as const;

export async function serviceRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { slug: string } }>('/services/:slug', cached, async (req, reply) => {
    const d = await getServiceBySlug(app.deps.database.db, req.params.slug, app.deps.now());
    if (!d) return reply.callNotFound();
    return reply.page('service/service.njk', serviceViewModel(d));
  });
}
