import { isCountedKind } from '../../domain/inspection-record.ts';
import type { Framework } from '../../domain/framework.ts';
import type { getServiceBySlug } from '../../store/register-repo.ts';
import { currentLanguage, t } from '../i18n.ts';
import { escapeHtml, partialDate, placeName, ratingLabel } from '../view-helpers.ts';

type ServiceData = NonNullable<Awaited<ReturnType<typeof getServiceBySlug>>>;

// A date known only between bounds has no one machine-readable value (<time datetime> takes no interval).
const isoPartial = (p: { precision: string; earliest: string } | null) =>
  !p || p.precision === 'range'
    ? ''
    : p.precision === 'year'
      ? p.earliest.slice(0, 4)
      : p.precision === 'month'
        ? p.earliest.slice(0, 7)
        : p.earliest;

export function serviceViewModel(d: ServiceData, frameworks: ReadonlyMap<string, Framework>) {
  // The latest whose rating counts as the service's (not a pilot or thematic inspection), if there is one.
  const latest = d.inspections.find((i) => isCountedKind(i.kind)) ?? d.inspections[0]!;
  const welsh = currentLanguage() === 'cy';
  // Words the register holds only in English (report titles) keep their own language on a Welsh page.
  const english = (s: string) => (welsh ? `<span lang="en">${escapeHtml(s)}</span>` : escapeHtml(s));
  return {
    title: placeName(d.service.name),
    service: d.service,
    latest: { ref: latest.ref, overall: latest.overallRating, published: partialDate(latest.publication) },
    summary: [
      {
        key: { text: t('service.areas') },
        value: {
          html: d.areas
            .map((a) => {
              const code = a.onsCode ? ` <span class="app-muted">(${escapeHtml(a.onsCode)})</span>` : '';
              return `${escapeHtml(placeName(a.name))}${code}`;
            })
            .join('<br>'),
        },
      },
      // Wales is both a nation and, in the register, its own region: it is said once.
      ...(d.service.region !== d.service.nation
        ? [{ key: { text: t('service.region') }, value: { text: placeName(d.service.region) } }]
        : []),
      { key: { text: t('service.nation') }, value: { text: placeName(d.service.nation) } },
      // On the Welsh page the English name is one of the names it is known by.
      ...(d.service.formerNames.length || welsh
        ? [
            {
              key: { text: t('service.alsoKnownAs') },
              value: { html: [...(welsh ? [d.service.name] : []), ...d.service.formerNames].map(english).join(', ') },
            },
          ]
        : []),
      { key: { text: t('service.inspections') }, value: { text: String(d.inspections.length) } },
    ],
    timeline: d.inspections.map((i) => {
      const f = frameworks.get(i.frameworkId);
      const rating = i.overallRating
        ? t('service.overall', { rating: ratingLabel(i.overallRating) })
        : t('rating.noOverall');
      const frameworkName = (welsh ? f?.nameCy : undefined) ?? f?.name ?? i.frameworkId;
      return {
        label: { html: `${i.title ? english(i.title) : escapeHtml(t('service.inspection'))}: ${escapeHtml(rating)}` },
        datetime: isoPartial(i.publication) ? { timestamp: isoPartial(i.publication) } : undefined,
        undated: !i.publication,
        html: [
          i.score !== null
            ? `<p class="govuk-body">${escapeHtml(t('service.score', { score: i.score, max: i.scoreMax }))}</p>`
            : '',
          `<p class="govuk-body">${escapeHtml(frameworkName)}</p>`,
          `<p class="govuk-body"><a class="govuk-link" href="/inspections/${escapeHtml(i.ref)}">`,
          escapeHtml(t('service.view')),
          `<span class="govuk-visually-hidden"> `,
          escapeHtml(t('service.viewPublished', { date: partialDate(i.publication) })),
          `</span></a></p>`,
        ].join(''),
      };
    }),
    breadcrumbs: [
      { text: t('nav.overview'), href: '/' },
      { text: t('nav.services'), href: '/services' },
    ],
  };
}
