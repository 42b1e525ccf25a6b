import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import { londonInstant } from '../domain/embargo.ts';
import type { Precision } from '../domain/partial-date.ts';
import { compareThematic, type ThematicInspection, type ThematicListing } from '../domain/thematic-inspection.ts';
import { audit, type Actor } from './audit.ts';
import type { Db } from './db.ts';
import { services, thematicInspections, thematicInspectionServices } from './schema.ts';
import { registerChanged } from './service-listing-repo.ts';

export interface ThematicSeedReport {
  /** Thematic inspections written (0 when the table already held some). */
  written: number;
  /** Named visited services the register does not hold, by thematic inspection: not linked. */
  unresolved: { ref: string; name: string }[];
}

/**
 * Loads the thematic inspections when the table is empty (a fresh register, or one made before
 * they were held), linking each to the register's services it names by their name or a former
 * name. One transaction with its audit event. A thematic inspection is public from the start of
 * its publication date (London), as imported records are.
 */
export async function seedThematicIfEmpty(
  db: Db,
  items: readonly ThematicInspection[],
  now: Date,
  actor: Actor | null = null,
): Promise<ThematicSeedReport> {
  return db.transaction(async (tx) => {
    const [{ n } = { n: 0 }] = await tx.select({ n: sql<number>`count(*)::int` }).from(thematicInspections);
    if (n > 0 || items.length === 0) return { written: 0, unresolved: [] };
    const held = await tx
      .select({ id: services.id, name: services.name, formerNames: services.formerNames })
      .from(services);
    const byName = new Map<string, string>();
    for (const s of held) for (const name of [s.name, ...s.formerNames]) if (!byName.has(name)) byName.set(name, s.id);
    const inserted = await tx
      .insert(thematicInspections)
      .values(
        items.map((x) => ({
          ref: x.ref,
          title: x.title,
          titleKnown: x.titleKnown,
          publicationEarliest: x.publication.earliest,
          publicationLatest: x.publication.latest,
          publicationPrecision: x.publication.precision,
          publishedAt: londonInstant(x.publication.earliest),
          publisher: x.publisher,
          partnerInspectorates: x.partnerInspectorates,
          sampled: x.sampled,
          sources: x.sources,
          notes: x.notes,
        })),
      )
      .returning({ id: thematicInspections.id, ref: thematicInspections.ref });
    const idOf = new Map(inserted.map((r) => [r.ref, r.id]));
    const links: { thematicId: string; serviceId: string }[] = [];
    const unresolved: ThematicSeedReport['unresolved'] = [];
    for (const x of items)
      for (const name of x.visitedServices) {
        const serviceId = byName.get(name);
        if (serviceId) links.push({ thematicId: idOf.get(x.ref)!, serviceId });
        else unresolved.push({ ref: x.ref, name });
      }
    if (links.length) await tx.insert(thematicInspectionServices).values(links).onConflictDoNothing();
    await audit(tx, actor, 'thematic.seed', 'thematic_inspections', null, null, null, {
      thematicInspections: items.length,
      linkedServices: links.length,
      unresolved: unresolved.length,
    });
    // A change to the public register (service pages link to them), though no service's listing
    // row changes: the version moves and the listing stays current.
    await registerChanged(tx, now, []);
    return { written: items.length, unresolved };
  });
}

type Row = typeof thematicInspections.$inferSelect;

async function withVisited(db: Db, rows: Row[]): Promise<ThematicListing[]> {
  const ids = rows.map((r) => r.id);
  const visits = ids.length
    ? await db
        .select({ thematicId: thematicInspectionServices.thematicId, slug: services.slug, name: services.name })
        .from(thematicInspectionServices)
        .innerJoin(services, eq(services.id, thematicInspectionServices.serviceId))
        .where(inArray(thematicInspectionServices.thematicId, ids))
        .orderBy(asc(services.name))
    : [];
  return rows
    .map((r) => ({
      ref: r.ref,
      title: r.title,
      titleKnown: r.titleKnown,
      publication: {
        precision: r.publicationPrecision as Precision,
        earliest: r.publicationEarliest,
        latest: r.publicationLatest,
      },
      publisher: r.publisher,
      partnerInspectorates: r.partnerInspectorates,
      sampled: r.sampled,
      sources: r.sources,
      notes: r.notes,
      visited: visits.filter((v) => v.thematicId === r.id).map((v) => ({ slug: v.slug, name: v.name })),
    }))
    .sort(compareThematic);
}

/** The thematic inspections public at `visibleAt`, newest first, with the services each visited. */
export async function listPublicThematic(db: Db, visibleAt: Date): Promise<ThematicListing[]> {
  const rows = await db.select().from(thematicInspections).where(lte(thematicInspections.publishedAt, visibleAt));
  return withVisited(db, rows);
}

/** The public thematic inspections that visited one service (by its slug), newest first. */
export async function listPublicThematicForService(db: Db, slug: string, visibleAt: Date): Promise<ThematicListing[]> {
  const rows = await db
    .select({ t: thematicInspections })
    .from(thematicInspections)
    .innerJoin(thematicInspectionServices, eq(thematicInspectionServices.thematicId, thematicInspections.id))
    .innerJoin(services, eq(services.id, thematicInspectionServices.serviceId))
    .where(and(eq(services.slug, slug), lte(thematicInspections.publishedAt, visibleAt)));
  return withVisited(
    db,
    rows.map((r) => r.t),
  );
}
