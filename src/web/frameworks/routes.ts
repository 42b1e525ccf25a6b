import { z } from 'zod';
import { maxScore, standardsOf, type Framework } from '../../domain/framework.ts';
import { t } from '../i18n.ts';
import { Slug, type RoutesPlugin } from '../validation.ts';
import { escapeHtml, ratingLabel, ukDate } from '../view-helpers.ts';

/** How each kind of standard is rated: keys of the pages locale file. */
const METHOD = {
  case_lowest_key_question: 'pages:frameworks.methodCases',
  judgement: 'inspection.sourceJudged',
} as const;

/** Public, cached and in Welsh too; the page reads nothing from the query string but the language. */
const cached = { config: { auth: 'public', cache: true, cacheQuery: [], welsh: true } } as const;

const FrameworkParams = z.object({ id: Slug });

/**
 * The fieldwork a framework applies to: its ISO dates as the file gives them in English (as
 * before), in Welsh words on a Welsh page ("1 Mehefin 2018 i 14 Gorffennaf 2021").
 */
function fieldworkText(f: Framework, welsh: boolean): string {
  const day = (d: string) => (welsh ? ukDate(d) : d);
  const { fieldworkFrom, fieldworkTo } = f.effective;
  return fieldworkTo
    ? t('pages:frameworks.fromTo', { from: day(fieldworkFrom), to: day(fieldworkTo) })
    : t('pages:frameworks.fromNow', { from: day(fieldworkFrom) });
}

/** A framework's, domain's or standard's name in the page's language (the files' `nameCy`). */
const named = (x: { name: string; nameCy?: string }, welsh: boolean) => (welsh ? x.nameCy : undefined) ?? x.name;

export const frameworksRoutes: RoutesPlugin = async (app) => {
  app.get('/frameworks', cached, async (req, reply) => {
    const welsh = req.lang === 'cy';
    const list = [...app.deps.frameworks().values()].sort((a, b) =>
      b.effective.fieldworkFrom.localeCompare(a.effective.fieldworkFrom),
    );
    return reply.page('frameworks/frameworks.njk', {
      title: t('footer.frameworks'),
      rows: list.map((f) => [
        { html: `<a class="govuk-link" href="/frameworks/${escapeHtml(f.id)}">${escapeHtml(named(f, welsh))}</a>` },
        { text: f.version },
        { text: fieldworkText(f, welsh) },
        { text: String(standardsOf(f).length), numeric: true },
        { text: f.ratingScale.map((r) => ratingLabel(r.id)).join(', ') },
      ]),
    });
  });
  app.get('/frameworks/:id', { ...cached, schema: { params: FrameworkParams } }, async (req, reply) => {
    const f = app.deps.frameworks().get(req.params.id);
    if (!f) return reply.callNotFound();
    const welsh = req.lang === 'cy';
    const sc = f.scoring;
    return reply.page('frameworks/framework.njk', {
      title: named(f, welsh),
      f,
      name: named(f, welsh),
      inspectorate:
        welsh && f.inspectorate === 'HM Inspectorate of Probation' ? t('pages:frameworks.hmip') : f.inspectorate,
      fieldwork: fieldworkText(f, welsh),
      ratingScale: f.ratingScale.map((r) => ratingLabel(r.id)).join(', '),
      domains: f.domains.map((d) => ({
        ...d,
        name: named(d, welsh),
        standards: d.standards.map((s) => ({
          ...s,
          name: named(s, welsh),
          method: t(METHOD[s.method]),
          cases: s.caseType
            ? t('pages:frameworks.cases', {
                type: t(`pages:frameworks.caseType.${s.caseType}`, { defaultValue: s.caseType.replace(/_/g, ' ') }),
              })
            : null,
        })),
      })),
      max: maxScore(f),
      caseBands:
        sc?.caseBands.map((b, i) => ({
          rating: ratingLabel(b.rating),
          range:
            i === 0
              ? t('pages:frameworks.orMore', { percent: b.atLeastPercent })
              : t('pages:frameworks.toUnder', {
                  percent: b.atLeastPercent,
                  under: sc.caseBands[i - 1]!.atLeastPercent,
                }),
          descriptor: b.descriptor ?? '',
        })) ?? [],
      overallBands:
        sc?.overall.bands.map((b) => ({
          rating: ratingLabel(b.rating),
          range: t('pages:frameworks.scoreRange', { from: b.from, to: b.to }),
        })) ?? [],
      points: sc?.points ? Object.entries(sc.points).map(([k, v]) => ({ rating: ratingLabel(k), points: v })) : [],
      breadcrumbs: [
        { text: t('nav.overview'), href: '/' },
        { text: t('nav.frameworks'), href: '/frameworks' },
      ],
    });
  });
};
