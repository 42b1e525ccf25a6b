import { z } from 'zod';
import { maxScore, standardsOf } from '../../domain/framework.ts';
import { Slug, type RoutesPlugin } from '../validation.ts';
import { escapeHtml, ratingLabel } from '../view-helpers.ts';

const METHOD = {
  case_lowest_key_question: 'From cases: the lowest key question decides',
  judgement: 'Ratings panel judgement',
} as const;

/** Public and cached; the page reads nothing from the query string, so every query shares one entry. */
const cached = { config: { auth: 'public', cache: true, cacheQuery: [] } } as const;

const FrameworkParams = z.object({ id: Slug });

export const frameworksRoutes: RoutesPlugin = async (app) => {
  app.get('/frameworks', cached, async (_req, reply) => {
    const list = [...app.deps.frameworks().values()].sort((a, b) =>
      b.effective.fieldworkFrom.localeCompare(a.effective.fieldworkFrom),
    );
    return reply.page('frameworks/frameworks.njk', {
      title: 'Inspection frameworks',
      rows: list.map((f) => [
        { html: `<a class="govuk-link" href="/frameworks/${escapeHtml(f.id)}">${escapeHtml(f.name)}</a>` },
        { text: f.version },
        { text: `${f.effective.fieldworkFrom} to ${f.effective.fieldworkTo ?? 'now'}` },
        { text: String(standardsOf(f).length), format: 'numeric' },
        { text: f.ratingScale.map((r) => r.label).join(', ') },
      ]),
    });
  });
  app.get('/frameworks/:id', { ...cached, schema: { params: FrameworkParams } }, async (req, reply) => {
    const f = app.deps.frameworks().get(req.params.id);
    if (!f) return reply.callNotFound();
    const sc = f.scoring;
    return reply.page('frameworks/framework.njk', {
      title: f.name,
      f,
      methods: METHOD,
      max: maxScore(f),
      caseBands:
        sc?.caseBands.map((b, i) => ({
          rating: ratingLabel(b.rating),
          range:
            i === 0
              ? `${b.atLeastPercent}% or more`
              : `${b.atLeastPercent}% to under ${sc.caseBands[i - 1]!.atLeastPercent}%`,
          descriptor: b.descriptor ?? '',
        })) ?? [],
      overallBands:
        sc?.overall.bands.map((b) => ({ rating: ratingLabel(b.rating), range: `${b.from} to ${b.to}` })) ?? [],
      points: sc?.points ? Object.entries(sc.points).map(([k, v]) => ({ rating: ratingLabel(k), points: v })) : [],
      breadcrumbs: [
        { text: 'Overview', href: '/' },
        { text: 'Frameworks', href: '/frameworks' },
      ],
    });
  });
};
