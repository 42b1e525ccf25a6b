import { and, asc, eq, gt, gte, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { endOfLondonDay } from '../domain/embargo.ts';
import { COUNTED_KINDS, NATIONS } from '../domain/inspection-record.ts';
import type { Db } from './db.ts';
import { isPublic, isPublicAs } from './register-repo.ts';
import { inspections, serviceAreas, services } from './schema.ts';

/** Queries for the open data API and downloads. Keyset pagination by a unique key, so cursors are stable. */

export interface InspectionFilters {
  service?: string;
  regions: string[];
  nations: string[];
  frameworks: string[];
  ratings: string[];
  publishedFrom?: string;
  publishedTo?: string;
  asAt?: string;
}

/** Services in any of these nations; a name that is no nation matches nothing (never everything). */
function inNations(names: readonly string[]): SQL {
  const known = NATIONS.filter((n) => names.includes(n));
  return known.length ? inArray(services.nation, known) : sql`false`;
}

export function inspectionWhere(visibleAt: Date, f: InspectionFilters, afterRef?: string): SQL {
  const w: SQL[] = [isPublic(visibleAt)];
  if (f.service) w.push(eq(services.slug, f.service));
  if (f.regions.length) w.push(inArray(services.region, f.regions));
  if (f.nations.length) w.push(inNations(f.nations));
  if (f.frameworks.length) w.push(inArray(inspections.frameworkId, f.frameworks));
  if (f.ratings.length) w.push(inArray(inspections.overallRating, f.ratings));
  // Date filters use what is certain: a month-dated record is "published by" the month's last day.
  if (f.publishedFrom) w.push(gte(inspections.publicationEarliest, f.publishedFrom));
  if (f.publishedTo) w.push(lte(inspections.publicationLatest, f.publishedTo));
  // Undated records count from the moment they entered the register (their published_at).
  if (f.asAt)
    w.push(
      or(
        lte(inspections.publicationLatest, f.asAt),
        and(isNull(inspections.publicationLatest), lte(inspections.publishedAt, endOfLondonDay(f.asAt))),
      )!,
    );
  if (afterRef) w.push(gt(inspections.ref, afterRef));
  return and(...w)!;
}

export async function listInspections(db: Db, visibleAt: Date, f: InspectionFilters, limit: number, afterRef?: string) {
  return db
    .select({ inspection: inspections, service: services })
    .from(inspections)
    .innerJoin(services, eq(services.id, inspections.serviceId))
    .where(inspectionWhere(visibleAt, f, afterRef))
    .orderBy(asc(inspections.ref))
    .limit(limit);
}

export async function listServicesPage(
  db: Db,
  visibleAt: Date,
  f: { regions: string[]; nations: string[]; q?: string },
  limit: number,
  afterSlug?: string,
) {
  const w: SQL[] = [
    sql`exists (select 1 from inspections i where i.service_id = ${services.id} and ${isPublicAs('i', visibleAt)})`,
  ];
  if (f.regions.length) w.push(inArray(services.region, f.regions));
  if (f.nations.length) w.push(inNations(f.nations));
  if (f.q) w.push(sql`${services.name} ilike ${`%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  if (afterSlug) w.push(gt(services.slug, afterSlug));
  return db
    .select()
    .from(services)
    .where(and(...w))
    .orderBy(asc(services.slug))
    .limit(limit);
}

export async function areasFor(db: Db, serviceIds: string[]) {
  if (!serviceIds.length) return new Map<string, { name: string; onsCode: string | null }[]>();
  const rows = await db
    .select()
    .from(serviceAreas)
    .where(inArray(serviceAreas.serviceId, serviceIds))
    .orderBy(asc(serviceAreas.name));
  const m = new Map<string, { name: string; onsCode: string | null }[]>();
  for (const r of rows) m.set(r.serviceId, [...(m.get(r.serviceId) ?? []), { name: r.name, onsCode: r.onsCode }]);
  return m;
}

/** The latest public inspection per service, keyed by service id. */
export async function latestFor(db: Db, visibleAt: Date, serviceIds: string[]) {
  if (!serviceIds.length) return new Map<string, typeof inspections.$inferSelect>();
  const rows = await db
    .selectDistinctOn([inspections.serviceId])
    .from(inspections)
    .where(and(isPublic(visibleAt), inArray(inspections.serviceId, serviceIds)))
    .orderBy(
      inspections.serviceId,
      // A service's latest rating is from a kind that counts; a pilot or thematic one only if it has no other.
      sql`${inArray(inspections.kind, [...COUNTED_KINDS])} desc`,
      sql`${inspections.publicationLatest} desc nulls last`,
      sql`${inspections.publishedAt} desc`,
    );
  return new Map(rows.map((r) => [r.serviceId, r]));
}
