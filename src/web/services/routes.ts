import { z } from 'zod';
import { distinctRegions, SERVICE_SORTS } from '../../store/register-repo.ts';
import { londonToday, visibleAsAt } from '../../domain/embargo.ts';
import { asAtParam, multi } from '../query.ts';
import type { RoutesPlugin } from '../validation.ts';
import { FOUR_POINT_ORDER, RATING_STYLES } from '../view-helpers.ts';
import { PAGE_SIZE, servicesViewModel } from './view-model.ts';
import { findServices, serviceSearch } from '../../services/search.ts';

const ServicesFilters = {
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
};

export const servicesRoutes: RoutesPlugin = async (app) => {
  const ServicesQuery = z.object({
    ...ServicesFilters,
    // Each service by its latest inspection public by the end of that day (the home page's counts link here).
    asAt: asAtParam(app.deps.now, {
      invalid: () => 'asAt: enter a real date in the form YYYY-MM-DD, for example 2025-01-07',
      future: (today) => `asAt: the date must be today (${today}) or earlier`,
    }),
  });
  /** Public and cached, keyed on the parameters ServicesQuery reads (any others are ignored). */
  const cached = {
    schema: { querystring: ServicesQuery },
    config: { auth: 'public', cache: true, cacheQuery: Object.keys(ServicesQuery.shape), welsh: true },
  } as const;
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
      asAt: q.asAt,
    };
    const db = app.deps.database.db;
    const [{ rows, total }, regions] = await Promise.all([
      findServices(db, visibleAsAt(q.asAt ?? londonToday(app.deps.now()), app.deps.now()), filters),
      distinctRegions(db),
    ]);
    const welsh = req.lang === 'cy';
    const frameworks = [...app.deps.frameworks().values()].map((f) => ({
      id: f.id,
      name: (welsh ? f.nameCy : undefined) ?? f.name,
    }));
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
