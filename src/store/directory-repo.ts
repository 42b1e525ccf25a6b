import { isNotNull, sql } from 'drizzle-orm';
import { isoPartial, parseIsoPartial } from '../domain/partial-date.ts';
import { areaKeyOf, isFormer, type DirectoryEntry } from '../domain/service-directory.ts';
import { audit, type Actor } from './audit.ts';
import type { Db } from './db.ts';
import { directoryServices, serviceAreas, services } from './schema.ts';
import { countedKind, isPublicAs } from './register-repo.ts';
import { registerChanged } from './service-listing-repo.ts';

const partialText = (p: DirectoryEntry['existedFrom']) => (p ? isoPartial(p) : null);

/**
 * Loads the directory when the table is empty (a fresh register, or one made before the directory
 * existed): one transaction with its audit event. Returns the number of services written.
 */
export async function seedDirectoryIfEmpty(db: Db, entries: DirectoryEntry[], actor: Actor | null = null) {
  return db.transaction(async (tx) => {
    const [{ n } = { n: 0 }] = await tx.select({ n: sql<number>`count(*)::int` }).from(directoryServices);
    if (n > 0) return 0;
    await tx.insert(directoryServices).values(
      entries.map((e) => ({
        name: e.name,
        formerNames: e.formerNames,
        onsCodes: e.onsCodes,
        nation: e.nation,
        region: e.region,
        existedFrom: partialText(e.existedFrom),
        existedTo: partialText(e.existedTo),
        endedNotBefore: e.endedNotBefore,
        nameSourced: e.nameSourced,
        source: e.source,
        notes: e.notes,
      })),
    );
    await audit(tx, actor, 'directory.seed', 'directory_services', null, null, null, { services: entries.length });
    // The directory is not what the services list holds: nothing of the listing to refresh.
    await registerChanged(tx, new Date(), []);
    return entries.length;
  });
}

export async function readDirectory(db: Db): Promise<DirectoryEntry[]> {
  const rows = await db.select().from(directoryServices).orderBy(directoryServices.name);
  return rows.map((r) => ({
    name: r.name,
    formerNames: r.formerNames,
    onsCodes: r.onsCodes,
    nation: r.nation,
    region: r.region,
    existedFrom: r.existedFrom ? parseIsoPartial(r.existedFrom) : null,
    existedTo: r.existedTo ? parseIsoPartial(r.existedTo) : null,
    endedNotBefore: r.endedNotBefore,
    nameSourced: r.nameSourced,
    source: r.source ?? null,
    notes: r.notes,
  }));
}

export interface DirectoryCoverage {
  entry: DirectoryEntry;
  former: boolean;
  /** The register's service for the same areas, if it holds one. */
  service: { slug: string; name: string } | null;
  publicInspections: number;
  /** The overall rating of the latest public inspection whose rating counts (not thematic, not a pilot). */
  latestRating: string | null;
}

/**
 * Each directory service with what the register holds for it, as the public sees it at `visibleAt`.
 * A service is the register's when they cover the same local authority areas.
 */
export async function directoryCoverage(
  db: Db,
  areaNames: ReadonlyMap<string, string>,
  visibleAt: Date,
): Promise<DirectoryCoverage[]> {
  const entries = await readDirectory(db);
  const rows = (
    (await db.execute(sql`
      select s.slug, s.name, s.area_key,
             (select count(*)::int from inspections i where i.service_id = s.id and ${isPublicAs('i', visibleAt)})
               as n,
             (select i.overall_rating from inspections i
               where i.service_id = s.id and ${countedKind('i.kind')} and ${isPublicAs('i', visibleAt)}
               order by i.publication_latest desc nulls last, i.published_at desc limit 1) as latest
      from ${services} s`)) as unknown as {
      rows: { slug: string; name: string; area_key: string; n: number; latest: string | null }[];
    }
  ).rows;
  const byKey = new Map(rows.map((r) => [r.area_key, r]));
  return entries.map((entry) => {
    const s = byKey.get(areaKeyOf(entry, areaNames));
    return {
      entry,
      former: isFormer(entry),
      service: s && s.n > 0 ? { slug: s.slug, name: s.name } : null,
      publicInspections: s?.n ?? 0,
      latestRating: s?.latest ?? null,
    };
  });
}

/** The register's services with the key of the areas each covers (matched to the directory by it). */
export async function serviceAreaKeys(db: Db): Promise<{ id: string; name: string; areaKey: string }[]> {
  return db.select({ id: services.id, name: services.name, areaKey: services.areaKey }).from(services);
}

/** The ONS codes of the areas each of the register's services covers, as its own records give them. */
export async function serviceAreaCodes(db: Db): Promise<{ serviceId: string; onsCode: string }[]> {
  const rows = await db
    .select({ serviceId: serviceAreas.serviceId, onsCode: serviceAreas.onsCode })
    .from(serviceAreas)
    .where(isNotNull(serviceAreas.onsCode));
  return rows.map((r) => ({ serviceId: r.serviceId, onsCode: r.onsCode! }));
}
