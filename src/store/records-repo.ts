import { randomUUID } from 'node:crypto';
import { eq, getTableColumns, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { InspectionRecord } from '../domain/inspection-record.ts';
import type { PublicSource } from '../domain/public-source.ts';
import { areaKey, serviceSlugOf } from '../domain/service-identity.ts';
import { isAnyOf, type Db } from './db.ts';
import {
  auditEvents,
  discrepancies,
  findings,
  inspections,
  pressReleases,
  recommendations,
  serviceAreas,
  services,
  standardRatings,
} from './schema.ts';
import { registerChanged } from './service-listing-repo.ts';

/** Inspections created in this service's own workflow carry this origin; every import leaves them alone. */
export const WORKFLOW_ORIGIN = 'workflow';

/** What an import must know about inspections already holding its references, whatever their state. */
export interface StoredInspection {
  id: string;
  ref: string;
  origin: string;
  status: string;
  publishedAt: Date | null;
}

export async function storedByRef(db: Db, refs: string[]): Promise<Map<string, StoredInspection>> {
  if (!refs.length) return new Map();
  const rows = await db
    .select({
      id: inspections.id,
      ref: inspections.ref,
      origin: inspections.origin,
      status: inspections.status,
      publishedAt: inspections.publishedAt,
    })
    .from(inspections)
    .where(isAnyOf(inspections.ref, refs));
  return new Map(rows.map((r) => [r.ref, r]));
}

/** Who ran an import: the signed-in user, or the command line. */
export type ImportActor = { id: string; name: string; role: string } | 'cli';

/** The audit entry of one import, written in the import's own transaction. */
/** The audit columns naming who ran an import. */
const importedBy = (actor: ImportActor) =>
  actor === 'cli'
    ? { actorId: null, actorName: 'cli', actorRole: 'cli' }
    : { actorId: actor.id, actorName: actor.name, actorRole: actor.role };

export async function auditImport(tx: Db, actor: ImportActor, details: Record<string, unknown>): Promise<void> {
  await tx.insert(auditEvents).values({
    ...importedBy(actor),
    action: 'import',
    entityType: 'register',
    entityId: null,
    inspectionId: null,
    before: null,
    after: details,
  });
}

/**
 * One audit event on each merged inspection's own trail (what the import added, from which file),
 * beside the import's entry: someone reading an inspection's history sees that an import touched it.
 */
export async function auditMerges(
  tx: Db,
  actor: ImportActor,
  file: string,
  merged: { ref: string; changes: string[] }[],
): Promise<void> {
  if (!merged.length) return;
  const ids = await tx
    .select({ id: inspections.id, ref: inspections.ref })
    .from(inspections)
    .where(
      isAnyOf(
        inspections.ref,
        merged.map((m) => m.ref),
      ),
    );
  const idOf = new Map(ids.map((r) => [r.ref, r.id]));
  const who = importedBy(actor);
  const rows = merged
    .filter((m) => idOf.has(m.ref))
    .map((m) => ({
      ...who,
      action: 'import-merge',
      entityType: 'inspection',
      entityId: idOf.get(m.ref)!,
      inspectionId: idOf.get(m.ref)!,
      before: null,
      after: { file, changes: m.changes },
    }));
  if (rows.length) await tx.insert(auditEvents).values(rows);
}

/** The inspections row for a record: one mapping for the record-by-record and the bulk paths. */
function inspectionValues(r: InspectionRecord, serviceId: string) {
  return {
    ref: r.ref,
    serviceId,
    frameworkId: r.frameworkId,
    frameworkVersion: r.frameworkVersion,
    frameworkBasis: r.frameworkBasis,
    frameworkAmbiguity: r.frameworkAmbiguity,
    title: r.title,
    status: r.status,
    fieldworkText: r.fieldworkText,
    fieldworkStart: r.fieldworkStart?.earliest ?? null,
    fieldworkStartLatest: r.fieldworkStart?.latest ?? null,
    fieldworkPrecision: r.fieldworkStart?.precision ?? null,
    fieldworkEnd: r.fieldworkEnd,
    publicationEarliest: r.publication?.earliest ?? null,
    publicationLatest: r.publication?.latest ?? null,
    publicationPrecision: r.publication?.precision ?? null,
    publishedAt: r.publishedAt,
    score: r.score?.total ?? null,
    scoreMax: r.score?.max ?? null,
    scoreSource: r.score?.source ?? null,
    overallRating: r.overall?.rating ?? null,
    overallSource: r.overall?.source ?? null,
    overallRationale: r.overall?.rationale ?? null,
    overallPublicSource: r.overall?.publicSource ?? null,
    recommendationsStated: r.recommendationsStated,
    recommendationsBreakdown: r.recommendationsBreakdown,
    chiefInspector: r.chiefInspector,
    leadInspector: r.leadInspector,
    ratingsSummary: r.ratingsSummary,
    sourceUrl: r.sourceUrl,
    otherSourceUrls: r.otherSourceUrls,
    notes: r.notes,
    kind: r.kind ?? 'single',
    partnerInspectorates: r.partnerInspectorates ?? [],
    sourceDetails: r.sourceDetails ?? [],
    origin: r.origin,
  };
}

/** A new services row and its areas rows: one mapping for both save paths. */
function serviceValues(r: InspectionRecord & { serviceSlug?: string }, key: string) {
  return {
    slug: r.serviceSlug ?? serviceSlugOf(r.ref),
    name: r.service.name,
    formerNames: r.service.formerNames,
    areaKey: key,
    region: r.service.region,
    nation: r.service.nation,
  };
}
const areaValues = (r: InspectionRecord, serviceId: string) =>
  r.service.areas.map((a) => ({ serviceId, name: a.name, onsCode: a.onsCode }));
const ratingValues = (r: InspectionRecord, inspectionId: string) =>
  r.standardRatings.map((s) => ({
    inspectionId,
    standardId: s.standardId,
    rating: s.rating,
    status: s.status,
    source: s.source,
    rationale: s.rationale ?? null,
    computedRating: s.computedRating ?? null,
    keyQuestions: s.keyQuestions ?? null,
    publicSource: s.publicSource ?? null,
  }));

export interface SaveReport {
  servicesCreated: number;
  servicesUpdated: number;
  inspectionsCreated: number;
  inspectionsUpdated: number;
}

/**
 * Writes published records in one transaction: a failure leaves the database as it was.
 * Services are matched by their local authority areas and inspections by their reference, so
 * saving the same records twice changes nothing the second time but the version counters.
 */
export async function saveRecords(
  db: Db,
  /** When the save happens (the records' updated time): the caller's clock. */
  at: Date,
  records: (InspectionRecord & { serviceSlug?: string; childrenIncluded?: boolean })[],
  andThen?: (tx: Db, report: SaveReport) => Promise<void>,
): Promise<SaveReport> {
  const report: SaveReport = { servicesCreated: 0, servicesUpdated: 0, inspectionsCreated: 0, inspectionsUpdated: 0 };
  await db.transaction(async (tx) => {
    const serviceIds = new Map<string, string>();
    for (const r of records) {
      const key = areaKey(r.service);
      if (serviceIds.has(key)) continue;
      const existing = await tx.select({ id: services.id }).from(services).where(eq(services.areaKey, key));
      let id = existing[0]?.id;
      if (id) {
        await tx
          .update(services)
          .set({
            name: r.service.name,
            formerNames: r.service.formerNames,
            region: r.service.region,
            nation: r.service.nation,
            updatedAt: at,
          })
          .where(eq(services.id, id));
        report.servicesUpdated++;
      } else {
        const [row] = await tx.insert(services).values(serviceValues(r, key)).returning({ id: services.id });
        id = row!.id;
        await tx.insert(serviceAreas).values(areaValues(r, id));
        report.servicesCreated++;
      }
      serviceIds.set(key, id);
    }

    const refs = records.map((r) => r.ref);
    const existing = refs.length
      ? await tx
          .select({
            id: inspections.id,
            ref: inspections.ref,
            version: inspections.version,
            origin: inspections.origin,
            serviceId: inspections.serviceId,
          })
          .from(inspections)
          .where(isAnyOf(inspections.ref, refs))
      : [];
    const byRef = new Map(existing.map((e) => [e.ref, e]));
    // The importers refuse such rows with a reason; this is the last line, whatever the caller.
    const workflow = existing.filter((e) => e.origin === WORKFLOW_ORIGIN).map((e) => e.ref);
    if (workflow.length)
      throw new Error(`Refusing to overwrite inspections run in the workflow: ${workflow.join(', ')}`);
    const keptSources = new Map<InspectionRecord, Map<string, PublicSource>>();
    for (const r of records) {
      const values = inspectionValues(r, serviceIds.get(areaKey(r.service))!);
      const prior = byRef.get(r.ref);
      let id: string;
      if (prior) {
        id = prior.id;
        // A source that does not say what kind of record it is, or who published its sources, keeps what is stored.
        const { kind, partnerInspectorates, sourceDetails, overallPublicSource, ...rest } = values;
        const described = {
          ...(r.kind ? { kind } : {}),
          ...(r.partnerInspectorates ? { partnerInspectorates } : {}),
          ...(r.sourceDetails ? { sourceDetails } : {}),
          ...(r.overall?.publicSource !== undefined ? { overallPublicSource } : {}),
        };
        // Nor does one that does not say where each rating came from: a rating it gives again keeps its source.
        const kept = r.standardRatings.some((x) => x.publicSource === undefined)
          ? await tx
              .select({
                standardId: standardRatings.standardId,
                rating: standardRatings.rating,
                publicSource: standardRatings.publicSource,
              })
              .from(standardRatings)
              .where(eq(standardRatings.inspectionId, id))
          : [];
        keptSources.set(
          r,
          new Map(kept.filter((k) => k.publicSource).map((k) => [`${k.standardId}\u0000${k.rating}`, k.publicSource!])),
        );
        await tx
          .update(inspections)
          .set({ ...rest, ...described, version: prior.version + 1, updatedAt: at })
          .where(eq(inspections.id, id));
        // A source that does not carry recommendations and findings leaves the stored ones alone.
        const replaced =
          r.childrenIncluded === false
            ? [standardRatings]
            : [standardRatings, recommendations, findings, discrepancies];
        for (const t of replaced) await tx.delete(t).where(eq(t.inspectionId, id));
        report.inspectionsUpdated++;
      } else {
        const [row] = await tx.insert(inspections).values(values).returning({ id: inspections.id });
        id = row!.id;
        report.inspectionsCreated++;
      }
      if (r.standardRatings.length) {
        const kept = keptSources.get(r);
        await tx
          .insert(standardRatings)
          .values(
            ratingValues(r, id).map((v) =>
              v.publicSource === null && kept
                ? { ...v, publicSource: kept.get(`${v.standardId}\u0000${v.rating}`) ?? null }
                : v,
            ),
          );
      }
      if (r.recommendations.length) {
        await tx.insert(recommendations).values(
          r.recommendations.map((x, i) => ({
            inspectionId: id,
            position: i + 1,
            addressee: x.addressee,
            addresseeName: x.addresseeName,
            text: x.text,
          })),
        );
      }
      if (r.findings.length) {
        await tx.insert(findings).values(
          r.findings.map((x, i) => ({
            inspectionId: id,
            position: i + 1,
            standardId: x.standardId,
            kind: x.kind,
            text: x.text,
            source: x.source,
          })),
        );
      }
      if (r.pressRelease) {
        await tx.delete(pressReleases).where(eq(pressReleases.inspectionId, id));
        await tx
          .insert(pressReleases)
          .values({ inspectionId: id, headline: r.pressRelease.headline, body: r.pressRelease.body });
      }
      if (r.discrepancies.length) {
        await tx.insert(discrepancies).values(r.discrepancies.map((d) => ({ inspectionId: id, ...d })));
      }
    }
    await andThen?.(tx, report);
    // The records' services, and any a record moved away from (a record is matched by reference).
    await registerChanged(tx, at, [...serviceIds.values(), ...existing.map((e) => e.serviceId)]);
  });
  return report;
}

/**
 * Many rows in one statement: INSERT … SELECT FROM unnest(one array per column). One parameter per
 * column however many rows, so neither the driver nor PostgreSQL (or PGlite) parses thousands of
 * placeholders; it runs close to COPY speed and, unlike COPY, inside the caller's transaction on
 * both engines. Values go through each column's own driver mapping (jsonb, timestamps). The
 * columns written are those of the first row, so rows must all have the same keys.
 */
export async function insertMany<T extends PgTable>(
  tx: Db,
  table: T,
  rows: T['$inferInsert'][],
  batch = 20_000,
): Promise<void> {
  if (!rows.length) return;
  const columns = getTableColumns(table);
  const keys = Object.keys(rows[0]!).filter((k) => k in columns);
  const specs = keys.map((k) => {
    const c = columns[k]!;
    const type = c.getSQLType();
    const json = type === 'jsonb' || type === 'json';
    // JSON travels as text and is cast in the SELECT: an array of jsonb would need its own quoting.
    return { c, array: json ? 'text[]' : `${type}[]`, cast: json ? `::${type}` : '' };
  });
  for (let at = 0; at < rows.length; at += batch) {
    const part = rows.slice(at, at + batch) as Record<string, unknown>[];
    const arrays = specs.map((spec, i) => {
      const values = part.map((r) => (r[keys[i]!] == null ? null : spec.c.mapToDriverValue(r[keys[i]!])));
      return sql`${sql.param(values)}::${sql.raw(spec.array)}`;
    });
    const names = sql.join(
      specs.map((x) => sql.identifier(x.c.name)),
      sql`, `,
    );
    const selected = sql.raw(specs.map((x, i) => `c${i}${x.cast}`).join(', '));
    const aliases = sql.raw(specs.map((_, i) => `c${i}`).join(', '));
    const unnested = sql.join(arrays, sql`, `);
    await tx.execute(sql`insert into ${table} (${names}) select ${selected} from unnest(${unnested}) as t(${aliases})`);
  }
}

/**
 * Bulk path for records whose references are all new (a fresh register, a large first import):
 * set-based inserts (insertMany) inside one transaction, instead of a round trip per row. Ids are
 * made here so standard ratings need no RETURNING round trip. Services already present (same
 * areas) are reused.
 */
export async function bulkInsertRecords(
  db: Db,
  records: (InspectionRecord & { serviceSlug?: string })[],
  andThen?: (tx: Db, report: SaveReport) => Promise<void>,
): Promise<SaveReport> {
  const report: SaveReport = { servicesCreated: 0, servicesUpdated: 0, inspectionsCreated: 0, inspectionsUpdated: 0 };
  await db.transaction(async (tx) => {
    const existing = new Map(
      (await tx.select({ id: services.id, key: services.areaKey }).from(services)).map((s) => [s.key, s.id]),
    );
    const fresh = new Map<string, InspectionRecord & { serviceSlug?: string }>();
    for (const r of records)
      if (!existing.has(areaKey(r.service)) && !fresh.has(areaKey(r.service))) fresh.set(areaKey(r.service), r);
    const newServices = [...fresh.entries()].map(([key, r]) => {
      const id = randomUUID();
      existing.set(key, id);
      return { id, ...serviceValues(r, key) };
    });
    await insertMany(tx, services, newServices);
    await insertMany(
      tx,
      serviceAreas,
      [...fresh.entries()].flatMap(([key, r]) => areaValues(r, existing.get(key)!)),
    );
    report.servicesCreated = newServices.length;
    // Ascending ids: index pages fill in order instead of at random (fewer pages touched and
    // written to the WAL), and ratings reach their primary key in order too.
    const ids = records.map(() => randomUUID()).sort();
    await insertMany(
      tx,
      inspections,
      records.map((r, i) => ({ id: ids[i]!, ...inspectionValues(r, existing.get(areaKey(r.service))!) })),
    );
    await insertMany(
      tx,
      standardRatings,
      records.flatMap((r, i) => ratingValues(r, ids[i]!)),
    );
    report.inspectionsCreated = records.length;
    await andThen?.(tx, report);
    await registerChanged(
      tx,
      new Date(),
      records.map((r) => existing.get(areaKey(r.service))!),
    );
  });
  // Fresh statistics: until autovacuum gets round to it the planner would think these tables
  // nearly empty and, for example, sort the whole register for each page of an export.
  await db.execute(sql`analyze services, service_areas, inspections, standard_ratings`);
  return report;
}
