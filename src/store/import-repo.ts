import type { Db } from './db.ts';
import { isAnyOf } from './db.ts';
import { inspections, serviceAreas, services } from './schema.ts';

/** What the importers read while planning: the references in use, and every service with its areas. */

/** The references among `refs` that name a stored inspection (whatever its state); every reference when omitted. */
export async function storedRefs(db: Db, refs?: readonly string[]): Promise<Set<string>> {
  if (refs && !refs.length) return new Set();
  const q = db.select({ ref: inspections.ref }).from(inspections);
  const rows = refs ? await q.where(isAnyOf(inspections.ref, [...refs])) : await q;
  return new Set(rows.map((r) => r.ref));
}

/** Every local authority area with its service (matching a source's area names to services). */
export async function allServiceAreas(db: Db) {
  return db
    .select({ name: serviceAreas.name, serviceId: serviceAreas.serviceId, onsCode: serviceAreas.onsCode })
    .from(serviceAreas);
}

export async function allServices(db: Db) {
  return db.select().from(services);
}
