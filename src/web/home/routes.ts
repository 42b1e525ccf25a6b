import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { londonToday } from '../../domain/embargo.ts';
import type { FormErrors } from '../forms.ts';
import { asAtParam } from '../query.ts';
import type { RoutesPlugin } from '../validation.ts';
import { englandAndWalesHexes } from '../../store/hexmaps.ts';
import { hexMapViewModel } from '../map/view-model.ts';
import { t } from '../i18n.ts';
import { homeViewModel } from './view-model.ts';

export const homeRoutes: RoutesPlugin = async (app) => {
  const HomeQuery = z.object({
    asAt: asAtParam(app.deps.now, {
      invalid: () => t('home.asAtInvalid'),
      future: (today) => t('home.asAtFuture', { today }),
    }),
  });
  // The "as at" box is a GET form: a bad date shows the page again with the message beside it.
  const form = (req: FastifyRequest, reply: FastifyReply, errors: FormErrors, status: number) => {
    const raw = (req.query as { asAt?: unknown }).asAt;
    return reply.page(
      'home/home.njk',
      { title: t('home.title'), asAt: typeof raw === 'string' ? raw : '', errors },
      status,
    );
  };
  app.get(
    '/',
    {
      schema: { querystring: HomeQuery },
      // Public and cached, one entry per asAt (the only query parameter the page reads) and language.
      config: { auth: 'public', cache: true, cacheQuery: ['asAt'], form, welsh: true },
    },
    async (req, reply) => {
      const today = londonToday(app.deps.now());
      const asAt = req.query.asAt ?? today;
      // Read from the register's figures, computed once per change (services/register-figures.ts).
      const figures = await app.services.figures.figures(asAt);
      // The map is drawn from the same latest inspections the counts are made from.
      const map = hexMapViewModel(englandAndWalesHexes(), figures.map.latest, new Map(figures.map.codes), asAt);
      return reply.page('home/home.njk', { ...homeViewModel(figures, asAt === today), map, showData: true });
    },
  );
};
