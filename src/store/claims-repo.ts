import { and, eq, inArray } from 'drizzle-orm';
import type { ClaimsInspection, ClaimsService } from '../domain/claims.ts';
import { standardsOf } from '../domain/framework.ts';
import type { Addressee } from '../domain/inspection-record.ts';
import type { Precision } from '../domain/partial-date.ts';
import { addresseeOf } from '../domain/release-check.ts';
import { frameworkRegistry } from '../frameworks.ts';
import type { Db } from './db.ts';
import { isPublic } from './register-repo.ts';
import { inspections, recommendations, serviceAreas, services, standardRatings } from './schema.ts';

/** The register as the claims checker sees it: public inspections only, as at a moment. */
export async function claimsRegister(db: Db, visibleAt: Date): Promise<{ services: ClaimsService[]; inspections: ClaimsInspection[] }> {
  const [svc, areas, rows] = await Promise.all([
    db.select().from(services),
    db.select().from(serviceAreas),
    db.select({ i: inspections, s: services }).from(inspections).innerJoin(services, eq(services.id, inspections.serviceId)).where(isPublic(visibleAt)),
  ]);
  const ids = rows.map((r) => r.i.id);
  const [ratings, recs] = ids.length
    ? await Promise.all([db.select().from(standardRatings).where(inArray(standardRatings.inspectionId, ids)), db.select().from(recommendations).where(and(inArray(recommendations.inspectionId, ids)))])
    : [[], []];
  return {
    services: svc.map((s) => ({ id: s.id, slug: s.slug, name: s.name, formerNames: s.formerNames, areas: areas.filter((a) => a.serviceId === s.id).map((a) => a.name) })),
    inspections: rows.map(({ i, s }) => {
      const f = frameworkRegistry().get(i.frameworkId);
      const std = new Map((f ? standardsOf(f) : []).map((x) => [x.id, x]));
      const mine = ratings.filter((r) => r.inspectionId === i.id);
      const resettlementStd = [...std.values()].find((x) => x.requiresCasesOfType === 'resettlement');
      const res = resettlementStd ? mine.find((r) => r.standardId === resettlementStd.id) : undefined;
      const myRecs = recs.filter((r) => r.inspectionId === i.id);
      let byAddressee: Partial<Record<Addressee, number>> = {};
      for (const r of myRecs) byAddressee[r.addressee as Addressee] = (byAddressee[r.addressee as Addressee] ?? 0) + 1;
      let held = myRecs.length;
      // Where the register holds only some texts, a stated breakdown ("2 for the board, 1 for the YJS") still gives the counts.
      const parts = [...(i.recommendationsBreakdown ?? '').matchAll(/(\d+)\s+for\s+(?:the\s+)?([^,;]+)/gi)].map((m) => ({ n: Number(m[1]), who: addresseeOf(m[2]!) }));
      if (i.recommendationsStated && held < i.recommendationsStated && parts.length && parts.every((p) => p.who) && parts.reduce((t, p) => t + p.n, 0) === i.recommendationsStated) {
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
        publication: i.publicationPrecision && i.publicationEarliest && i.publicationLatest ? { precision: i.publicationPrecision as Precision, earliest: i.publicationEarliest, latest: i.publicationLatest } : null,
        fieldworkStart: i.fieldworkStart,
        overall: i.overallRating,
        score: i.score,
        scoreMax: i.scoreMax,
        standards: Object.fromEntries(mine.filter((r) => std.has(r.standardId)).map((r) => [std.get(r.standardId)!.name, r.rating])),
        resettlement: res ? res.rating : undefined,
        recommendations: byAddressee,
        recommendationsHeld: held,
        recommendationsStated: i.recommendationsStated,
        chiefInspector: i.chiefInspector,
      };
    }),
  };
}
