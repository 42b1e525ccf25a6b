import { z } from 'zod';
import { getServiceBySlug } from '../../store/register-repo.ts';
import { Slug, type RoutesPlugin } from '../validation.ts';
import { serviceViewModel } from './view-model.ts';
import { t } from '../i18n.ts';
import { partialDate } from '../view-helpers.ts';

const ServiceParams = z.object({ slug: Slug });

export const serviceRoutes: RoutesPlugin = async (app) => {
  app.get(
    '/services/:slug',
    {
      schema: { params: ServiceParams },
      // Public and cached; the page reads nothing from the query string, so every query shares one entry.
      config: { auth: 'public', cache: true, cacheQuery: [], welsh: true },
    },
    async (req, reply) => {
      const d = await getServiceBySlug(app.deps.database.db, req.params.slug, app.deps.now());
      if (!d) return reply.callNotFound();
      // Thematic inspections that sampled this service's work: linked, never counted or rated.
      const thematic = await app.services.thematic.forService(req.params.slug);
      return reply.page('service/service.njk', {
        ...serviceViewModel(d, app.deps.frameworks()),
        thematic: thematic.map((x) => ({
          ref: x.ref,
          text: t(x.titleKnown ? 'thematic:alsoVisited' : 'thematic:alsoVisitedDescribed', {
            title: x.title,
            date: partialDate(x.publication),
          }),
        })),
      });
    },
  );
};
