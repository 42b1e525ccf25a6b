import { labelOf, maxScore, standardsOf, type Framework } from '../domain/framework.ts';
import { isoPartial, type PartialDate } from '../domain/partial-date.ts';
import { sourcesOf, type PublicSource } from '../domain/public-source.ts';
import { addresseeDisplayName } from '../domain/report-text.ts';
import type { inspections, services } from '../store/schema.ts';
import type { getInspectionByRef } from '../store/register-repo.ts';
import type { z } from 'zod';
import type { FrameworkOut, InspectionDetailOut, InspectionSummaryOut } from './schemas.ts';

/** An inspection as public reads give it: the team's working fields are not among them. */
type Inspection = Omit<typeof inspections.$inferSelect, 'ratingPanelAt'>;
type Service = typeof services.$inferSelect;
type Rating = NonNullable<Awaited<ReturnType<typeof getInspectionByRef>>>['ratings'][number];

/** A rating the panel decided: a judgement, or an override of the rating the case answers gave. */
const panelDecisionOut = (r: Rating) =>
  r.source === 'judged'
    ? {
        kind: r.computedRating ? ('override' as const) : ('judgement' as const),
        computedRating: r.computedRating,
        rationale: r.status === 'rated' ? r.rationale : null,
      }
    : null;

/** A source in the API's key order, whatever order the store keeps its keys in. */
const sourceOut = (x: PublicSource) => ({ publisher: x.publisher, title: x.title, date: x.date, url: x.url });

export function partialOut(p: { precision: string | null; earliest: string | null; latest: string | null }) {
  if (!p.precision || !p.earliest || !p.latest) return null;
  const d: PartialDate = { precision: p.precision as PartialDate['precision'], earliest: p.earliest, latest: p.latest };
  return { value: isoPartial(d), ...d };
}

export function inspectionSummary(i: Inspection, s: Service, origin: string): z.infer<typeof InspectionSummaryOut> {
  return {
    ref: i.ref,
    url: `${origin}/inspections/${i.ref}`,
    service: { slug: s.slug, name: s.name, region: s.region, nation: s.nation },
    framework: { id: i.frameworkId, version: i.frameworkVersion },
    title: i.title,
    fieldwork: i.fieldworkText,
    publication: partialOut({
      precision: i.publicationPrecision,
      earliest: i.publicationEarliest,
      latest: i.publicationLatest,
    }),
    publishedAt: i.publishedAt!.toISOString(),
    overallRating: i.overallRating,
    score: i.score,
    scoreMax: i.scoreMax,
  };
}

export function inspectionDetail(
  d: NonNullable<Awaited<ReturnType<typeof getInspectionByRef>>>,
  f: Framework | undefined,
  origin: string,
): z.infer<typeof InspectionDetailOut> {
  const std = new Map((f ? standardsOf(f) : []).map((s) => [s.id, s]));
  return {
    ...inspectionSummary(d.inspection, d.service, origin),
    localAuthorities: d.areas.map((a) => ({ name: a.name, onsCode: a.onsCode })),
    overallRationale: d.inspection.overallRationale,
    standards: d.ratings
      .map((r) => ({
        standardId: r.standardId,
        name: std.get(r.standardId)?.name ?? r.standardId,
        rating: r.rating,
        status: r.status,
        source: r.source,
        countsToScore: std.get(r.standardId)?.countsToScore ?? false,
        keyQuestions: r.keyQuestions ? r.keyQuestions.map((k) => ({ id: k.id, percent: k.percent })) : null,
        panelDecision: panelDecisionOut(r),
        publicSource: r.publicSource ? sourceOut(r.publicSource) : null,
      }))
      .sort((a, b) => a.standardId.localeCompare(b.standardId, 'en', { numeric: true })),
    recommendations: d.recommendations.map((r) => ({
      addressee: r.addressee,
      addresseeName: r.addresseeName,
      addressedTo: addresseeDisplayName(r, d.service.name),
      text: r.text,
    })),
    recommendationsStated: d.inspection.recommendationsStated,
    findings: d.findings.map((x) => ({ standardId: x.standardId, kind: x.kind, text: x.text })),
    corrections: d.corrections.map((c) => ({ note: c.note, at: c.createdAt.toISOString() })),
    chiefInspector: d.inspection.chiefInspector,
    pressRelease: d.pressRelease
      ? {
          headline: d.pressRelease.headline,
          body: d.pressRelease.body,
          url: `${origin}/inspections/${d.inspection.ref}/press-release`,
        }
      : null,
    kind: d.inspection.kind,
    partnerInspectorates: d.inspection.partnerInspectorates,
    sources: [d.inspection.sourceUrl, ...d.inspection.otherSourceUrls].filter((u): u is string => !!u),
    overallSource:
      d.inspection.overallPublicSource && d.inspection.overallPublicSource.url !== d.inspection.sourceUrl
        ? sourceOut(d.inspection.overallPublicSource)
        : null,
    sourceDetails: sourcesOf(
      [d.inspection.sourceUrl, ...d.inspection.otherSourceUrls].filter((u): u is string => !!u),
      d.inspection.sourceDetails,
    ),
  };
}

export function frameworkOut(f: Framework): z.infer<typeof FrameworkOut> {
  return {
    id: f.id,
    version: f.version,
    name: f.name,
    effective: { fieldworkFrom: f.effective.fieldworkFrom, fieldworkTo: f.effective.fieldworkTo },
    ratingScale: f.ratingScale.map((r) => ({ id: r.id, label: labelOf(f, r.id) })),
    maxScore: maxScore(f),
    standards: standardsOf(f).map((s) => ({
      id: s.id,
      name: s.name,
      method: s.method,
      countsToScore: s.countsToScore,
      keyQuestions: s.keyQuestions.map((k) => ({ id: k.id, text: k.text })),
    })),
  };
}
