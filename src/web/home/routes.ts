import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { londonToday, visibleAsAt } from '../../domain/embargo.ts';
import { listPublicEntries } from '../../store/register-repo.ts';
import type { FormErrors } from '../forms.ts';
import { asAtParam } from '../query.ts';
import type { RoutesPlugin } from '../validation.ts';
import { areaCodesByService, listedServices } from '../../services/directory.ts';
import { englandAndWalesHexes } from '../../store/hexmaps.ts';
import { hexMapViewModel } from '../map/view-model.ts';
import { latestPerService } from '../../domain/register.ts';
import { homeViewModel } from './view-model.ts';

const TITLE = 'Youth justice service ratings';

export const homeRoutes: RoutesPlugin = async (app) => {
  const HomeQuery = z.object({
    asAt: asAtParam(app.deps.now, {
      invalid: () => 'Enter a real date in the form YYYY-MM-DD, for example 2025-01-07',
      future: (today) => `The date must be today (${today}) or earlier`,
    }),
  });
  // The "as at" box is a GET form: a bad date shows the page again with the message beside it.
  const form = (req: FastifyRequest, reply: FastifyReply, errors: FormErrors, status: number) => {
    const raw = (req.query as { asAt?: unknown }).asAt;
    return reply.page('home/home.njk', { title: TITLE, asAt: typeof raw === 'string' ? raw : '', errors }, status);
  };
  app.get(
    '/',
    {
      schema: { querystring: HomeQuery },
      // Public and cached, one entry per asAt: the only query parameter the page reads.
      config: { auth: 'public', cache: true, cacheQuery: ['asAt'], form },
    },
    async (req, reply) => {
      const now = app.deps.now();
      const today = londonToday(now);
      const asAt = req.query.asAt ?? today;
      const [entries, listed, codes] = await Promise.all([
        listPublicEntries(app.deps.database.db, visibleAsAt(asAt, now)),
        listedServices(app.deps.database.db),
        areaCodesByService(app.deps.database.db),
      ]);
      // The map is drawn from the same latest inspections the counts are made from.
      const map = hexMapViewModel(englandAndWalesHexes(), latestPerService(entries, asAt).latest, codes, asAt);
      return reply.page('home/home.njk', {
        ...homeViewModel(entries, asAt, asAt === today, listed),
        map,
        showData: true,
      });
    },
  );
};
