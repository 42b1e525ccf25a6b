import { shareShown } from '../../domain/engine.ts';
import { isWebUrl } from '../../domain/field-formats.ts';
import { discrepancyFieldLabel } from '../../domain/consistency.ts';
import { SampleRuleSchema, type Framework } from '../../domain/framework.ts';
import { ADDRESSEE_LABELS } from '../../domain/inspection-record.ts';
import { methodologyText, paragraphs } from '../../domain/report-text.ts';
import { parseIsoPartial } from '../../domain/partial-date.ts';
import { sourcesOf, type PublicSource } from '../../domain/public-source.ts';
import type { getInspectionByRef } from '../../store/register-repo.ts';
import { currentLanguage, t } from '../i18n.ts';
import { escapeHtml, partialDate, placeName, ratingLabel, ukDate, ukDateTime } from '../view-helpers.ts';

type InspectionData = NonNullable<Awaited<ReturnType<typeof getInspectionByRef>>>;

/** The basis of a rating, by its source: keys of the locale files (the page has a Welsh version). */
const SOURCE_LABELS: Record<string, string> = {
  computed: 'inspection.sourceComputed',
  judged: 'inspection.sourceJudged',
  published: 'inspection.sourcePublished',
};

/** How a source is named to the public: publisher, title (or that it is not recorded) and date. */
export function sourceLabel(s: PublicSource): string {
  const date = s.date ? parseIsoPartial(s.date) : null;
  const title = s.title ? `‘${s.title}’` : t('inspection.titleNotRecorded');
  return [s.publisher, title, date ? partialDate(date) : t('inspection.dateNotRecorded')].filter(Boolean).join(', ');
}

/** A source as a link only when it is a web address; anything else (older data) is shown as text, never followed. */
const sourceItem = (s: PublicSource) =>
  isWebUrl(s.url)
    ? `<li><a class="govuk-link" href="${escapeHtml(s.url)}" rel="noopener">${escapeHtml(sourceLabel(s))}</a></li>`
    : `<li>${escapeHtml(s.url)}</li>`;

/**
 * A rating's own source as a link, where it is not the inspection's main source (a rating given by
 * that source needs no second mention); null otherwise.
 */
export function ratingSourceHtml(s: PublicSource | null | undefined, mainUrl: string | null): string | null {
  if (!s || s.url === mainUrl) return null;
  return isWebUrl(s.url)
    ? `<a class="govuk-link" href="${escapeHtml(s.url)}" rel="noopener">${escapeHtml(sourceLabel(s))}</a>`
    : escapeHtml(sourceLabel(s));
}

/** What kind of inspection a record is, for the public. */
export function kindText(kind: string, partners: readonly string[]): string {
  if (kind === 'joint')
    return partners.length
      ? t('inspection.kindJoint', { partners: partners.join(', ') })
      : t('inspection.kindJointUnnamed');
  if (kind === 'pilot') return t('inspection.kindPilot');
  if (kind === 'thematic') return t('inspection.kindThematic');
  return t('inspection.kindStandard');
}

/**
 * The press release as written: paragraphs at blank lines, lines kept within them (bullets and the
 * notes to editors are lines), every piece shown as text.
 */
export function pressReleaseView(r: { headline: string; body: string }) {
  return {
    headline: r.headline,
    paragraphs: r.body
      .split(/\n[ \t]*\n/)
      .map((p) => p.split('\n').map((line) => line.trim()))
      .map((lines) => lines.filter(Boolean))
      .filter((lines) => lines.length > 0),
  };
}

/** How a recommendation group is headed: by the body's name, else (older records) by its kind of body. */
function recommendationHeading(
  r: { addressee: keyof typeof ADDRESSEE_LABELS; addresseeName: string | null },
  serviceName: string,
) {
  if (r.addresseeName) return `For ${r.addresseeName}`;
  if (r.addressee === 'yjs') return `For ${serviceName}`;
  if (r.addressee === 'probation') return 'For the Probation Service';
  return `For the ${ADDRESSEE_LABELS[r.addressee] ?? r.addressee}`;
}

export function inspectionViewModel(d: InspectionData, f: Framework | undefined) {
  const i = d.inspection;
  const ratings = new Map(d.ratings.map((r) => [r.standardId, r]));
  const text = d.reportText;
  // Standards and domains by their Welsh names on a Welsh page (the framework files' `nameCy`).
  const welsh = currentLanguage() === 'cy';
  const domains = (f?.domains ?? []).map((dom) => ({
    id: dom.id,
    name: (welsh ? dom.nameCy : undefined) ?? dom.name,
    standards: dom.standards.map((s) => {
      const r = ratings.get(s.id);
      return {
        id: s.id,
        name: (welsh ? s.nameCy : undefined) ?? s.name,
        countsToScore: s.countsToScore,
        rating: r?.rating ?? null,
        status: r ? r.status : 'unknown',
        statusText: !r
          ? t('inspection.notInSources')
          : r.status === 'not_rated'
            ? (r.rationale ?? t('inspection.notRated'))
            : t('inspection.notRated'),
        source: r ? (SOURCE_LABELS[r.source] ? t(SOURCE_LABELS[r.source]!) : r.source) : '',
        rationale: r?.status === 'rated' ? r.rationale : null,
        sourceHtml: ratingSourceHtml(r?.publicSource, i.sourceUrl),
        // A panel override: published as the panel's decision, beside the rating the answers gave.
        panelDecision:
          r?.status === 'rated' && r.source === 'judged' && r.computedRating && r.rating
            ? t('inspection.panelDecided', { rating: ratingLabel(r.rating), computed: ratingLabel(r.computedRating) })
            : null,
        // The fraction and the share by the framework's rule (the one banding uses); a share
        // taken from a published source without its fraction is shown as published.
        keyQuestions: (r?.keyQuestions ?? []).map((k) => ({
          id: k.id,
          percent: k.applicable
            ? shareShown(f?.scoring, k.yes ?? 0, k.applicable)
            : k.percent === null
              ? t('pages:report.na')
              : `${k.percent}%`,
        })),
        findings: d.findings.filter((x) => x.standardId === s.id),
        strengths: d.findings.filter((x) => x.standardId === s.id && x.kind === 'strength'),
        improvements: d.findings.filter((x) => x.standardId === s.id && x.kind === 'improvement'),
        ratingText: r?.status === 'rated' && r.rating ? ratingLabel(r.rating) : null,
        // The standard's section of the report: the inspectors' narrative, and beside it each key
        // question's share of cases from the record (never typed into the narrative).
        narrative: paragraphs(text?.narratives[s.id] ?? ''),
        keyQuestionRows: (r?.keyQuestions ?? []).map((k) => ({
          id: k.id,
          text: s.keyQuestions.find((q) => q.id === k.id)?.text ?? k.id,
          share: k.applicable
            ? shareShown(f?.scoring, k.yes ?? 0, k.applicable)
            : k.percent === null
              ? t('pages:report.notApplicable')
              : `${k.percent}%`,
        })),
      };
    }),
  }));
  const hasResettlement = domains.some((dm) => dm.standards.some((s) => !s.countsToScore)) && !!f?.scoring?.points;
  const byAddressee = new Map<string, { label: string; heading: string; items: typeof d.recommendations }>();
  for (const r of d.recommendations) {
    const key = r.addresseeName ?? ADDRESSEE_LABELS[r.addressee] ?? r.addressee;
    const entry = byAddressee.get(key) ?? { label: key, heading: recommendationHeading(r, d.service.name), items: [] };
    entry.items.push(r);
    byAddressee.set(key, entry);
  }
  // Only an inspection published from here has a known instant; a record taken from published
  // sources knows its day at best, so showing the time we store for it ("00:01") would claim more.
  const published = i.publication
    ? i.publication.precision === 'day'
      ? i.origin === 'workflow'
        ? ukDateTime(i.publishedAt!)
        : ukDate(i.publishedAt!)
      : t('inspection.exactNotRecorded', { date: partialDate(i.publication) })
    : t('inspection.notKnown');
  const sources = sourcesOf(
    [i.sourceUrl, ...i.otherSourceUrls].filter((u): u is string => !!u),
    i.sourceDetails,
  );
  const caseLabel = (t: string) => f?.caseTypes.find((c) => c.id === t)?.label ?? t;
  const overallText = i.overallRating ? ratingLabel(i.overallRating) : null;
  const recommendationCount = i.recommendationsStated ?? d.recommendations.length;
  // A record taken from published sources is summarised by the register; only an inspection run
  // here has a report of its own, so only that one is headed and worded as the inspectorate's.
  const ownReport = i.origin === 'workflow';
  // The register's own sentences, in the page's language (the report's HTML page has a Welsh version).
  const serviceShown = placeName(d.service.name);
  const frameworkShown = (welsh ? f?.nameCy : undefined) ?? f?.name ?? i.frameworkId;
  const foreword = [
    i.fieldworkText
      ? t('pages:report.inspectedFieldwork', {
          service: serviceShown,
          fieldwork: i.fieldworkText,
          framework: frameworkShown,
        })
      : t('pages:report.inspected', { service: serviceShown, framework: frameworkShown }),
    overallText
      ? i.score !== null
        ? t('pages:report.ratedScore', { service: serviceShown, rating: overallText, score: i.score, max: i.scoreMax })
        : t('pages:report.rated', { service: serviceShown, rating: overallText })
      : t('pages:report.noOverall'),
    d.recommendations.length || i.recommendationsStated ? t('pages:report.makes', { count: recommendationCount }) : '',
  ].filter(Boolean);
  const rule = SampleRuleSchema.safeParse(d.caseList?.rule);
  const annex = f
    ? methodologyText(f, {
        byType: d.sample,
        caseList: d.caseList
          ? { rowCount: d.caseList.rowCount, drawn: !!d.caseList.drawnAt, rule: rule.success ? rule.data : null }
          : null,
      })
    : null;
  // The report written here: the inspectors' words, with the record's figures placed beside them.
  const report =
    ownReport && text
      ? { version: text.version, foreword: paragraphs(text.foreword), overview: paragraphs(text.overview) }
      : null;
  const contents = [
    { id: 'foreword', text: ownReport ? t('pages:report.foreword') : t('pages:report.summary') },
    { id: 'ratings', text: t('inspection.ratings') },
    { id: 'recommendations', text: t('inspection.recommendations') },
    ...(report
      ? [
          { id: 'overview', text: t('pages:report.overview') },
          ...domains.map((dom) => ({ id: `domain-${dom.id}`, text: `${dom.id}. ${dom.name}` })),
        ]
      : [{ id: 'findings', text: t('inspection.findings') }]),
    { id: 'methodology', text: t('pages:report.methodology') },
    ...(d.corrections.length ? [{ id: 'corrections', text: t('inspection.corrections') }] : []),
  ];
  return {
    title:
      `${placeName(d.service.name)}: ${i.title ?? t('inspection.inspection')} ` +
      `(${partialDate(i.publication, t('inspection.undated'))})`,
    report,
    annex,
    contents,
    i,
    overallSourceHtml: ratingSourceHtml(i.overallPublicSource, i.sourceUrl),
    service: d.service,
    /** The service's name in the page's language (its Welsh name for a service of Wales). */
    serviceNameShown: placeName(d.service.name),
    framework: f
      ? { id: f.id, name: (welsh ? f.nameCy : undefined) ?? f.name, version: f.version }
      : { id: i.frameworkId, name: i.frameworkId, version: i.frameworkVersion },
    hasScoreScale: !!f?.scoring?.points,
    published,
    summary: [
      {
        key: { text: t('inspection.service') },
        value: {
          html:
            `<a class="govuk-link" href="/services/${escapeHtml(d.service.slug)}">` +
            `${escapeHtml(placeName(d.service.name))}</a>`,
        },
      },
      { key: { text: t('inspection.areas') }, value: { text: d.areas.map((a) => placeName(a.name)).join(', ') } },
      {
        key: { text: t('inspection.framework') },
        value: {
          html:
            `<a class="govuk-link" href="/frameworks/${escapeHtml(i.frameworkId)}">` +
            `${escapeHtml((welsh ? f?.nameCy : undefined) ?? f?.name ?? i.frameworkId)}</a> ` +
            `(${escapeHtml(t('inspection.version', { version: i.frameworkVersion }))})`,
        },
      },
      { key: { text: t('inspection.kind') }, value: { text: kindText(i.kind, i.partnerInspectorates) } },
      { key: { text: t('inspection.fieldwork') }, value: { text: i.fieldworkText ?? t('inspection.notKnown') } },
      { key: { text: t('inspection.published') }, value: { text: published } },
      ...(i.chiefInspector
        ? [{ key: { text: t('inspection.chiefInspector') }, value: { text: i.chiefInspector } }]
        : []),
      {
        key: { text: t('inspection.sources') },
        value: {
          html: sources.length
            ? `<ul class="govuk-list">${sources.map(sourceItem).join('')}</ul>`
            : escapeHtml(t('inspection.noneRecorded')),
        },
      },
    ],
    domains,
    hasResettlement,
    generalFindings: d.findings.filter((x) => !x.standardId),
    hasFindings: d.findings.length > 0,
    recommendationGroups: [...byAddressee.values()],
    recommendationsStated: i.recommendationsStated,
    recommendationsBreakdown: i.recommendationsBreakdown,
    discrepancies: d.discrepancies.map((x) => ({
      ...x,
      field: discrepancyFieldLabel(x.field, f),
      // The register's own value is a date it stores; the source's words are quoted as printed.
      recorded:
        x.recorded && /^\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2})?$/.test(x.recorded)
          ? ukDate(x.recorded.slice(0, 10))
          : x.recorded,
    })),
    frameworkNote: i.frameworkAmbiguity,
    foreword,
    ownReport,
    sample: d.sample.map((x) => ({ label: caseLabel(x.caseType), n: x.n })),
    sampleTotal: d.sample.reduce((t, x) => t + x.n, 0),
    corrections: d.corrections.map((c) => ({ id: c.id, note: c.note, when: ukDateTime(c.createdAt) })),
    pressRelease: d.pressRelease ? pressReleaseView(d.pressRelease) : null,
    breadcrumbs: [
      { text: t('nav.overview'), href: '/' },
      { text: t('nav.services'), href: '/services' },
      { text: placeName(d.service.name), href: `/services/${d.service.slug}` },
    ],
  };
}
