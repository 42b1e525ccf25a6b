import type { FastifyInstance } from 'fastify';
import { londonToday, visibleAsAt } from '../../domain/embargo.ts';
import { isValidIsoDate } from '../../domain/partial-date.ts';
import { listPublicEntries } from '../../store/register-repo.ts';
import { homeViewModel } from './view-model.ts';

/** Public and cached, one entry per asAt: the only query parameter the page reads. */
const cached = { config: { auth: 'public', cache: true, cacheQuery: ['asAt'] } } as const;

export async function homeRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { asAt?: unknown } }>('/', cached, async (req, reply) => {
    const now = app.deps.now();
    const today = londonToday(now);
    const raw = typeof req.query.asAt === 'string' ? req.query.asAt.trim() : '';
    const asAt = raw || today;
    const error = Array.isArray(req.query.asAt)
      ? 'Enter one date'
      : !isValidIsoDate(asAt)
        ? 'Enter a real date in the form YYYY-MM-DD, for example 2025-01-07'
        : asAt > today
          ? `The date must be today (${today}) or earlier`
          : null;
    if (error) {
      return reply.page(
        'home/home.njk',
        { title: 'Youth justice service ratings', asAt: raw, errors: [{ text: error, href: '#asAt' }] },
        400,
      );
    }
    const visibleAt = visibleAsAt(asAt, now);
    const entries = await listPublicEntries(app.deps.database.db, visibleAt);
    return reply.page('home/home.njk', { ...homeViewModel(entries, asAt, asAt === today), showData: true });
  });
}
