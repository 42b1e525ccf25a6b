import { and, asc, eq } from 'drizzle-orm';
import type { ExportableRecord } from '../domain/register-format.ts';
import type { Precision } from '../domain/partial-date.ts';
import { isAnyOf, type Db } from './db.ts';
import { groupBy } from './group-by.ts';
import { isPublic } from './register-repo.ts';
import { inspections, serviceAreas, services, standardRatings } from './schema.ts';
import { inspectionWhere, type InspectionFilters } from './api-repo.ts';

/** A visibility cut-off later than any record, for reading the whole register regardless of embargo (imports only). */
export const END_OF_TIME = new Date('9999-12-31T00:00:00Z');

const partial = (precision: Precision | null, earliest: string | null, latest: string | null) =>
  precision && earliest && latest ? { precision, earliest, latest } : null;

/**
 * Every public inspection as an ExportableRecord, in batches, in reference order: memory stays
 * flat however large the register is (each batch is one keyset query plus two lookups).
 */
export async function* exportRecords(
  db: Db,
  visibleAt: Date,
  filters: InspectionFilters = { regions: [], nations: [], frameworks: [], ratings: [] },
  batch = 500,
): AsyncGenerator<ExportableRecord[]> {
  let after: string | undefined;
  for (;;) {
    const rows = await db
      .select({ i: inspections, s: services })
      .from(inspections)
      .innerJoin(services, eq(services.id, inspections.serviceId))
      .where(and(isPublic(visibleAt), inspectionWhere(visibleAt, filters, after)))
      .orderBy(asc(inspections.ref))
      .limit(batch);
    if (!rows.length) return;
    const ids = rows.map((r) => r.i.id);
    const serviceIds = [...new Set(rows.map((r) => r.s.id))];
    const [areas, ratings] = await Promise.all([
      db.select().from(serviceAreas).where(isAnyOf(serviceAreas.serviceId, serviceIds)).orderBy(asc(serviceAreas.name)),
      db.select().from(standardRatings).where(isAnyOf(standardRatings.inspectionId, ids)),
    ]);
    // Grouped once per batch: a filter per row would compare every rating with every inspection.
    const areasOf = groupBy(areas, (a) => a.serviceId);
    const ratingsOf = groupBy(ratings, (r) => r.inspectionId);
    yield rows.map(({ i, s }) => ({
      ref: i.ref,
      serviceSlug: s.slug,
      service: {
        name: s.name,
        formerNames: s.formerNames,
        areas: (areasOf.get(s.id) ?? []).map((a) => ({ name: a.name, onsCode: a.onsCode })),
        region: s.region,
        nation: s.nation,
      },
      frameworkId: i.frameworkId,
      frameworkVersion: i.frameworkVersion,
      frameworkBasis: i.frameworkBasis,
      frameworkAmbiguity: i.frameworkAmbiguity,
      title: i.title,
      status: 'published',
      fieldworkText: i.fieldworkText,
      fieldworkStart: partial(i.fieldworkPrecision, i.fieldworkStart, i.fieldworkStartLatest),
      fieldworkEnd: i.fieldworkEnd,
      publication: partial(i.publicationPrecision, i.publicationEarliest, i.publicationLatest),
      publishedAt: i.publishedAt!,
      score:
        i.score !== null && i.scoreMax !== null
          ? { total: i.score, max: i.scoreMax, source: (i.scoreSource ?? 'stated') as 'stated' }
          : null,
      overall: i.overallRating
        ? {
            rating: i.overallRating,
            source: (i.overallSource ?? 'published') as 'published',
            rationale: i.overallRationale,
            publicSource: i.overallPublicSource,
          }
        : null,
      standardRatings: (ratingsOf.get(i.id) ?? []).map((r) => ({
        standardId: r.standardId,
        rating: r.rating,
        status: r.status,
        source: r.source,
        rationale: r.rationale,
        computedRating: r.computedRating,
        keyQuestions: r.keyQuestions,
        publicSource: r.publicSource,
      })),
      recommendations: [],
      recommendationsStated: i.recommendationsStated,
      recommendationsBreakdown: i.recommendationsBreakdown,
      findings: [],
      chiefInspector: i.chiefInspector,
      leadInspector: i.leadInspector,
      ratingsSummary: i.ratingsSummary,
      sourceUrl: i.sourceUrl,
      otherSourceUrls: i.otherSourceUrls,
      notes: i.notes,
      kind: i.kind,
      partnerInspectorates: i.partnerInspectorates as NonNullable<ExportableRecord['partnerInspectorates']>,
      sourceDetails: i.sourceDetails,
      origin: i.origin,
      discrepancies: [],
    }));
    after = rows.at(-1)!.i.ref;
    if (rows.length < batch) return;
  }
}
