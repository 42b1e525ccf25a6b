import { z } from 'zod';
import { distinctRegions, SERVICE_SORTS } from '../../store/register-repo.ts';
import { multi } from '../query.ts';
import type { RoutesPlugin } from '../validation.ts';
import { FOUR_POINT_ORDER, RATING_STYLES } from '../view-helpers.ts';
import { PAGE_SIZE, servicesViewModel } from './view-model.ts';
import { findServices, serviceSearch } from '../../services/search.ts';

const ServicesQuery = z.object({
  q: z.string().max(100, 'q: search for at most 100 characters').optional().default(''),
  rating: multi.pipe(
    z.array(
      z.enum(['none', ...Object.keys(RATING_STYLES)] as [string, ...string[]], {
        message: 'rating: choose a rating from the list',
      }),
    ),
  ),
  region: multi,
  nation: multi.pipe(z.array(z.enum(['England', 'Wales'], { message: 'nation: choose England or Wales' }))),
  framework: multi,
  sort: z
    .enum(SERVICE_SORTS, { message: `sort: use one of ${SERVICE_SORTS.join(', ')}` })
    .optional()
    .default('name'),
  page: z.coerce
    .number({ message: 'page: must be a number' })
    .int('page: must be a whole number')
    .min(1, 'page: must be 1 or more')
    .max(100000)
    .optional()
    .default(1),
});

/** Public and cached, keyed on the parameters ServicesQuery reads (any others are ignored). */
const cached = {
  schema: { querystring: ServicesQuery },
  config: { auth: 'public', cache: true, cacheQuery: Object.keys(ServicesQuery.shape) },
} as const;

export const servicesRoutes: RoutesPlugin = async (app) => {
  app.get('/services', cached, async (req, reply) => {
    const q = req.query;
    const filters = {
      ratings: q.rating,
      regions: q.region,
      nations: q.nation,
      frameworks: q.framework,
      q: q.q,
      search: serviceSearch(q.q),
      sort: q.sort,
      page: q.page,
      pageSize: PAGE_SIZE,
    };
    const db = app.deps.database.db;
    const [{ rows, total }, regions] = await Promise.all([
      findServices(db, app.deps.now(), filters),
      distinctRegions(db),
    ]);
    const frameworks = [...app.deps.frameworks().values()].map((f) => ({ id: f.id, name: f.name }));
    const vm = servicesViewModel(filters, rows, total, {
      // A region that is its whole nation (Wales) is offered once, as the nation, not as both;
      // one still chosen as a region (an old link) stays a choice, so it can be removed.
      regions: [
        ...new Set(regions.filter((r) => r.region !== r.nation || q.region.includes(r.region)).map((r) => r.region)),
      ],
      nations: ['England', 'Wales'],
      frameworks,
      ratings: [...FOUR_POINT_ORDER],
    });
    return reply.page('services/services.njk', vm, vm.pageOutOfRange && total > 0 ? 404 : 200);
  });
};
