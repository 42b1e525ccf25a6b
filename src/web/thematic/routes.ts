import type { ThematicListing } from '../../domain/thematic-inspection.ts';
import { currentLanguage, t } from '../i18n.ts';
import type { RoutesPlugin } from '../validation.ts';
import { escapeHtml, partialDate, placeName } from '../view-helpers.ts';

/** The register's words for a thematic inspection, as a summary list's rows (escaped here: built as HTML). */
function rows(x: ThematicListing) {
  const welsh = currentLanguage() === 'cy';
  // The sources' words (what was sampled, notes, titles) are English: marked so on a Welsh page.
  const english = (s: string) => (welsh ? `<span lang="en">${escapeHtml(s)}</span>` : escapeHtml(s));
  const sourceLink = (s: ThematicListing['sources'][number]) =>
    `<a class="govuk-link app-break-words" href="${escapeHtml(s.url)}" rel="external">` +
    `${english(s.title ?? s.url)}</a>` +
    ` <span class="app-muted">(${english(s.publisher)}${s.date ? `, ${escapeHtml(s.date)}` : ''})</span>`;
  return [
    { key: { text: t('thematic:published') }, value: { text: partialDate(x.publication) } },
    { key: { text: t('thematic:publisher') }, value: { html: english(x.publisher) } },
    {
      key: { text: t('thematic:partners') },
      value: x.partnerInspectorates.length
        ? { html: x.partnerInspectorates.map(english).join(', ') }
        : { text: t('thematic:noPartners') },
    },
    { key: { text: t('thematic:sampled') }, value: { html: english(x.sampled) } },
    {
      key: { text: t('thematic:visited') },
      value: x.visited.length
        ? {
            html: x.visited
              .map(
                (v) =>
                  `<a class="govuk-link" href="/services/${escapeHtml(v.slug)}">${escapeHtml(placeName(v.name))}</a>`,
              )
              .join('<br>'),
          }
        : { text: t('thematic:noneNamed') },
    },
    { key: { text: t('thematic:sources') }, value: { html: x.sources.map(sourceLink).join('<br>') } },
    ...(x.notes ? [{ key: { text: t('thematic:notes') }, value: { html: english(x.notes) } }] : []),
  ];
}

/**
 * Thematic inspections: a subject inspected across services, listed with their sources. Public,
 * cached and in Welsh too; nothing here is a rating, and no count on this page or elsewhere
 * includes them.
 */
export const thematicRoutes: RoutesPlugin = async (app) => {
  app.get(
    '/thematic-inspections',
    { config: { auth: 'public', cache: true, cacheQuery: [], welsh: true } },
    async (_req, reply) => {
      const list = await app.services.thematic.listPublic();
      const welsh = currentLanguage() === 'cy';
      return reply.page('thematic/thematic.njk', {
        title: t('thematic:title'),
        items: list.map((x) => ({
          ref: x.ref,
          title: x.title,
          titleKnown: x.titleKnown,
          titleLang: welsh ? 'en' : null,
          summary: rows(x),
        })),
      });
    },
  );
};
