import { eq } from 'drizzle-orm';
import type { ClaimsInspection, ClaimsService } from '../domain/claims.ts';
import { distinctStandardNames, standardsOf } from '../domain/framework.ts';
import type { Addressee } from '../domain/inspection-record.ts';
import { addresseeOf } from '../domain/release-check.ts';
import { frameworkRegistry } from './frameworks.ts';
import type { Db } from './db.ts';
import { groupBy } from './group-by.ts';
import { isPublic } from './register-repo.ts';
import { inspections, recommendations, serviceAreas, services, standardRatings } from './schema.ts';

/** The register as the claims checker sees it: public inspections only, as at a moment. */
export async function claimsRegister(
  db: Db,
  visibleAt: Date,
): Promise<{ services: ClaimsService[]; inspections: ClaimsInspection[] }> {
  const [svc, areas, rows] = await Promise.all([
    db.select().from(services),
    db.select().from(serviceAreas),
    db
      .select({ i: inspections, s: services })
      .from(inspections)
      .innerJoin(services, eq(services.id, inspections.serviceId))
      .where(isPublic(visibleAt)),
  ]);
  // Joined to the public rule rather than listing ids: a national register has more inspections
  // than a statement may have parameters.
  const [ratingRows, recRows] = await Promise.all([
    db
      .select({ r: standardRatings })
      .from(standardRatings)
      .innerJoin(inspections, eq(inspections.id, standardRatings.inspectionId))
      .where(isPublic(visibleAt)),
    db
      .select({ r: recommendations })
      .from(recommendations)
      .innerJoin(inspections, eq(inspections.id, recommendations.inspectionId))
      .where(isPublic(visibleAt))
      .orderBy(recommendations.inspectionId, recommendations.position),
  ]);
  const ratingsOf = groupBy(
    ratingRows.map((x) => x.r),
    (r) => r.inspectionId,
  );
  const recsOf = groupBy(
    recRows.map((x) => x.r),
    (r) => r.inspectionId,
  );
  const areasOf = groupBy(areas, (a) => a.serviceId);
  return {
    services: svc.map((s) => ({
      id: s.id,
      slug: s.slug,
      name: s.name,
      formerNames: s.formerNames,
      areas: (areasOf.get(s.id) ?? []).map((a) => a.name),
    })),
    inspections: rows.map(({ i, s }) => {
      const f = frameworkRegistry().get(i.frameworkId);
      const std = new Map((f ? standardsOf(f) : []).map((x) => [x.id, x]));
      // Keyed by name for the checker: court and out-of-court "Assessment" must not share a key.
      const names = f ? distinctStandardNames(f) : new Map<string, string>();
      const mine = ratingsOf.get(i.id) ?? [];
      const resettlementStd = [...std.values()].find((x) => x.requiresCasesOfType === 'resettlement');
      const res = resettlementStd ? mine.find((r) => r.standardId === resettlementStd.id) : undefined;
      const myRecs = recsOf.get(i.id) ?? [];
      let byAddressee: Partial<Record<Addressee, number>> = {};
      for (const r of myRecs) byAddressee[r.addressee] = (byAddressee[r.addressee] ?? 0) + 1;
      let held = myRecs.length;
      // Where the register holds only some texts, a stated breakdown ("2 for the board, 1 for the YJS") still
      // gives the counts.
      const parts = [...(i.recommendationsBreakdown ?? '').matchAll(/(\d+)\s+for\s+(?:the\s+)?([^,;]+)/gi)].map(
        (m) => ({ n: Number(m[1]), who: addresseeOf(m[2]!) }),
      );
      if (
        i.recommendationsStated &&
        held < i.recommendationsStated &&
        parts.length &&
        parts.every((p) => p.who) &&
        parts.reduce((t, p) => t + p.n, 0) === i.recommendationsStated
      ) {
        byAddressee = {};
        for (const p of parts) byAddressee[p.who!] = (byAddressee[p.who!] ?? 0) + p.n;
        held = i.recommendationsStated;
      }
      return {
        ref: i.ref,
        serviceId: s.id,
        serviceName: s.name,
        region: s.region,
        nation: s.nation,
        frameworkId: i.frameworkId,
        publication:
          i.publicationPrecision && i.publicationEarliest && i.publicationLatest
            ? { precision: i.publicationPrecision, earliest: i.publicationEarliest, latest: i.publicationLatest }
            : null,
        fieldworkStart: i.fieldworkStart,
        overall: i.overallRating,
        score: i.score,
        scoreMax: i.scoreMax,
        standards: Object.fromEntries(
          mine.filter((r) => names.has(r.standardId)).map((r) => [names.get(r.standardId)!, r.rating]),
        ),
        resettlement: res ? res.rating : undefined,
        recommendations: byAddressee,
        recommendationsHeld: held,
        recommendationsStated: i.recommendationsStated,
        chiefInspector: i.chiefInspector,
      };
    }),
  };
}
