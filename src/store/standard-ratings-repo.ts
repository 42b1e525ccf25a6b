import { and, eq, isNotNull } from 'drizzle-orm';
import type { Db } from './db.ts';
import { isPublic } from './register-repo.ts';
import { inspections, services, standardRatings } from './schema.ts';

/** Every public inspection (any kind) with what a score check needs: framework, score and overall rating. */
export async function listPublicScored(db: Db, visibleAt: Date) {
  return db
    .select({
      inspectionId: inspections.id,
      ref: inspections.ref,
      serviceName: services.name,
      frameworkId: inspections.frameworkId,
      score: inspections.score,
      scoreMax: inspections.scoreMax,
      scoreSource: inspections.scoreSource,
      overall: inspections.overallRating,
      overallSource: inspections.overallSource,
    })
    .from(inspections)
    .innerJoin(services, eq(services.id, inspections.serviceId))
    .where(isPublic(visibleAt))
    .orderBy(inspections.ref);
}

/** The standard ratings held for public inspections, as inspection id → standard id → rating. */
export async function publicStandardRatings(db: Db, visibleAt: Date): Promise<Map<string, Map<string, string>>> {
  const rows = await db
    .select({
      inspectionId: standardRatings.inspectionId,
      standardId: standardRatings.standardId,
      rating: standardRatings.rating,
    })
    .from(standardRatings)
    .innerJoin(inspections, eq(inspections.id, standardRatings.inspectionId))
    .where(and(isPublic(visibleAt), isNotNull(standardRatings.rating)));
  const out = new Map<string, Map<string, string>>();
  for (const r of rows) {
    const m = out.get(r.inspectionId) ?? new Map<string, string>();
    m.set(r.standardId, r.rating!);
    out.set(r.inspectionId, m);
  }
  return out;
}
