import { isCountedKind } from '../../domain/inspection-record.ts';
import type { Framework } from '../../domain/framework.ts';
import type { getServiceBySlug } from '../../store/register-repo.ts';
import { escapeHtml, partialDate, ratingLabel } from '../view-helpers.ts';

type ServiceData = NonNullable<Awaited<ReturnType<typeof getServiceBySlug>>>;

const isoPartial = (p: { precision: string; earliest: string } | null) =>
  !p
    ? ''
    : p.precision === 'year'
      ? p.earliest.slice(0, 4)
      : p.precision === 'month'
        ? p.earliest.slice(0, 7)
        : p.earliest;

export function serviceViewModel(d: ServiceData, frameworks: ReadonlyMap<string, Framework>) {
  // The latest whose rating counts as the service's (not a pilot or thematic inspection), if there is one.
  const latest = d.inspections.find((i) => isCountedKind(i.kind)) ?? d.inspections[0]!;
  return {
    title: d.service.name,
    service: d.service,
    latest: { ref: latest.ref, overall: latest.overallRating, published: partialDate(latest.publication) },
    summary: [
      {
        key: { text: 'Local authority areas' },
        value: {
          html: d.areas
            .map(
              (a) =>
                `${escapeHtml(a.name)}${a.onsCode ? ` <span class="app-muted">(${escapeHtml(a.onsCode)})</span>` : ''}`,
            )
            .join('<br>'),
        },
      },
      // Wales is both a nation and, in the register, its own region: it is said once.
      ...(d.service.region !== d.service.nation
        ? [{ key: { text: 'Region' }, value: { text: d.service.region } }]
        : []),
      { key: { text: 'Nation' }, value: { text: d.service.nation } },
      ...(d.service.formerNames.length
        ? [{ key: { text: 'Also known as' }, value: { text: d.service.formerNames.join(', ') } }]
        : []),
      { key: { text: 'Published inspections' }, value: { text: String(d.inspections.length) } },
    ],
    timeline: d.inspections.map((i) => {
      const f = frameworks.get(i.frameworkId);
      const rating = i.overallRating ? `Overall: ${ratingLabel(i.overallRating)}` : 'No overall rating';
      return {
        label: { text: `${i.title ?? 'Inspection'}: ${rating}` },
        datetime: isoPartial(i.publication) ? { timestamp: isoPartial(i.publication) } : undefined,
        undated: !i.publication,
        html: [
          i.score !== null ? `<p class="govuk-body">Score ${i.score}/${i.scoreMax}</p>` : '',
          `<p class="govuk-body">${escapeHtml(f?.name ?? i.frameworkId)}</p>`,
          `<p class="govuk-body"><a class="govuk-link" href="/inspections/${escapeHtml(i.ref)}">View inspection`,
          `<span class="govuk-visually-hidden"> published ${escapeHtml(partialDate(i.publication))}</span></a></p>`,
        ].join(''),
      };
    }),
    breadcrumbs: [
      { text: 'Overview', href: '/' },
      { text: 'Services', href: '/services' },
    ],
  };
}
