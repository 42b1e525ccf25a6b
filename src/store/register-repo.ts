import { and, asc, eq, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { COUNTED_KINDS } from '../domain/inspection-record.ts';
import type { PartialDate, Precision } from '../domain/partial-date.ts';
import type { RegisterEntry } from '../domain/register.ts';
import type { Db, Tx } from './db.ts';
import { listingCurrentAt } from './service-listing-repo.ts';
import { getReportText } from './report-text-repo.ts';
import {
  caseAssessments,
  publishedSamples,
  caseLists,
  corrections,
  discrepancies,
  findings,
  inspections,
  pressReleases,
  recommendations,
  serviceAreas,
  services,
  standardRatings,
} from './schema.ts';

/**
 * Read models for the public register. Every query here takes `visibleAt`: an inspection is
 * public only when it is scheduled or published and its embargo time has passed. Nothing else
 * decides it. (A scheduled inspection becomes public at its exact time, whether or not the
 * publication job has yet marked it published: the job does the bookkeeping, not the unveiling.)
 */
export const PUBLIC_STATES = ['scheduled', 'published'] as const;
/** Raw SQL: the record's kind is one whose rating is a service's rating. */
export const countedKind = (column: string): SQL =>
  sql`${sql.raw(column)} in (${sql.join(
    COUNTED_KINDS.map((k) => sql`${k}`),
    sql`, `,
  )})`;
export const isPublic = (visibleAt: Date): SQL =>
  and(inArray(inspections.status, [...PUBLIC_STATES]), lte(inspections.publishedAt, visibleAt))!;
/** The same rule for raw SQL over an aliased inspections table. */
export const isPublicAs = (alias: string, visibleAt: Date): SQL =>
  sql`${sql.raw(alias)}.status in (${sql.join(
    PUBLIC_STATES.map((s) => sql`${s}`),
    sql`, `,
  )}) and ${sql.raw(alias)}.published_at <= ${visibleAt}`;

function partial(precision: string | null, earliest: string | null, latest: string | null): PartialDate | null {
  // From raw SQL rows (untyped) as well as typed columns; the column's CHECK allows only the four PRECISIONS.
  return precision && earliest && latest ? { precision: precision as Precision, earliest, latest } : null;
}

export interface PublicEntry extends RegisterEntry {
  ref: string;
  serviceSlug: string;
  score: number | null;
  scoreMax: number | null;
}

export async function listPublicEntries(db: Db, visibleAt: Date): Promise<PublicEntry[]> {
  const rows = await db
    .select({
      inspectionId: inspections.id,
      ref: inspections.ref,
      serviceId: services.id,
      serviceSlug: services.slug,
      serviceName: services.name,
      region: services.region,
      nation: services.nation,
      frameworkId: inspections.frameworkId,
      precision: inspections.publicationPrecision,
      earliest: inspections.publicationEarliest,
      latest: inspections.publicationLatest,
      overall: inspections.overallRating,
      score: inspections.score,
      scoreMax: inspections.scoreMax,
    })
    .from(inspections)
    .innerJoin(services, eq(services.id, inspections.serviceId))
    // Thematic and pilot inspections never count as a service's rating.
    .where(and(isPublic(visibleAt), inArray(inspections.kind, [...COUNTED_KINDS])));
  return rows.map(({ precision, earliest, latest, ...r }) => ({
    ...r,
    publication: partial(precision, earliest, latest),
  }));
}

export interface ServiceListFilters {
  ratings: string[];
  regions: string[];
  nations: string[];
  frameworks: string[];
  /** What was typed in the search box, as shown back on the page. */
  q: string;
  /** What to search for (services/search.ts decides it from what was typed), or null. */
  search: ServiceSearch | null;
  sort: ServiceSort;
  page: number;
  pageSize: number;
  /** The date the list is as at (the caller reads the register at its end); absent: today. */
  asAt?: string | undefined;
}

/**
 * A search for a service by any of its names: the text as typed (in any name, former name or area
 * name), the name's core (contained in one, or, when `similarity` is set, a near spelling of one by
 * trigram word similarity), and an ONS code of an area it covers.
 */
export interface ServiceSearch {
  text: string;
  core: string;
  code: string | null;
  /** Null: names must contain the text or core; a number: names this alike to the core count too. */
  similarity: number | null;
}

export const SERVICE_SORTS = ['name', '-name', 'rating', '-rating', 'published', '-published', 'region'] as const;
export type ServiceSort = (typeof SERVICE_SORTS)[number];

export interface ServiceListRow {
  slug: string;
  name: string;
  region: string;
  nation: string;
  latestRef: string;
  frameworkId: string;
  overall: string | null;
  score: number | null;
  scoreMax: number | null;
  publication: PartialDate | null;
  inspectionCount: number;
}

/** The rank the services list sorts by: best rating first, anything else or none last (`rating_rank` when kept). */
export const RATING_RANK = (column: SQL): SQL => sql`case ${column}
  when 'outstanding' then 0 when 'good' then 1 when 'requires_improvement' then 2 when 'inadequate' then 3
  else 4 end`;
const RATING_ORDER = RATING_RANK(sql`l.overall_rating`);

/**
 * The services list's orders, for the kept listing and the live query alike: they differ only in
 * where the name, region and rating rank come from. Ties go by name; the latest publication is
 * `l.publication_latest` in both.
 */
const serviceOrder = (c: { name: SQL; region: SQL; rank: SQL }): Record<ServiceSort, SQL> => ({
  name: sql`${c.name} asc`,
  '-name': sql`${c.name} desc`,
  rating: sql`${c.rank} asc, ${c.name} asc`,
  '-rating': sql`${c.rank} desc, ${c.name} asc`,
  published: sql`l.publication_latest asc nulls last, ${c.name} asc`,
  '-published': sql`l.publication_latest desc nulls last, ${c.name} asc`,
  region: sql`${c.region} asc, ${c.name} asc`,
});

const inList = (column: SQL, values: readonly string[]): SQL =>
  sql`${column} in (${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )})`;

/**
 * The list's filters over the columns given: the latest inspection's rating (`none` matching the
 * column's `none` value: null, or '' in the counts) and framework, the service's region and nation,
 * and the search (over the services table as `s`, only where `search` is given).
 */
function listFilters(
  f: ServiceListFilters,
  c: { overall: SQL; none: SQL; region: SQL; nation: SQL; framework: SQL },
  search: boolean,
): SQL {
  const where: SQL[] = [sql`true`];
  if (f.ratings.length) {
    const named = f.ratings.filter((r) => r !== 'none');
    const parts: SQL[] = [];
    if (named.length) parts.push(inList(c.overall, named));
    if (f.ratings.includes('none')) parts.push(c.none);
    where.push(sql`(${sql.join(parts, sql` or `)})`);
  }
  if (f.regions.length) where.push(inList(c.region, f.regions));
  if (f.nations.length) where.push(inList(c.nation, f.nations));
  if (f.frameworks.length) where.push(inList(c.framework, f.frameworks));
  if (search && f.search) {
    const like = (t: string) => `%${t.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    const { text, core, code, similarity } = f.search;
    const names = sql`(select s.name union all select jsonb_array_elements_text(s.former_names)
                       union all select a.name from service_areas a where a.service_id = s.id)`;
    const any: SQL[] = [sql`exists (select 1 from ${names} as n(name) where n.name ilike ${like(text)})`];
    if (core)
      any.push(
        sql`exists (select 1 from ${names} as n(name)
                    where lower(n.name) like ${like(core)}
                    ${similarity === null ? sql`` : sql`or word_similarity(${core}, lower(n.name)) >= ${similarity}`})`,
      );
    if (code) any.push(sql`exists (select 1 from service_areas a where a.service_id = s.id and a.ons_code = ${code})`);
    where.push(sql`(${sql.join(any, sql` or `)})`);
  }
  return sql.join(where, sql` and `);
}

function listRow(r: Record<string, unknown>): ServiceListRow {
  return {
    slug: r.slug as string,
    name: r.name as string,
    region: r.region as string,
    nation: r.nation as string,
    latestRef: r.latest_ref as string,
    frameworkId: r.framework_id as string,
    overall: (r.overall_rating as string | null) ?? null,
    score: r.score === null ? null : Number(r.score),
    scoreMax: r.score_max === null ? null : Number(r.score_max),
    publication: partial(
      r.publication_precision as string | null,
      r.publication_earliest as string | null,
      r.publication_latest as string | null,
    ),
    inspectionCount: Number(r.inspection_count),
  };
}

type Rows = { rows: Record<string, unknown>[] };

/**
 * Services with their latest public inspection, filtered, sorted and paged in the database. Read
 * from the kept listing (a page through an index, the total from the counts) whenever it is
 * exactly the public register at `visibleAt`, checked in the same snapshot of the database;
 * otherwise (a date in the past, the moments between an embargo's instant and the publication
 * job's run) from the inspections.
 */
export async function listServices(
  db: Db,
  visibleAt: Date,
  f: ServiceListFilters,
): Promise<{ rows: ServiceListRow[]; total: number }> {
  return db.transaction(
    async (tx) =>
      (await listingCurrentAt(tx, visibleAt)) ? listServicesKept(tx, f) : listServicesLive(tx, visibleAt, f),
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/** From `service_listing`: a page of rows in one of its indexes' orders, and the total from its counts. */
async function listServicesKept(
  db: Db | Tx,
  f: ServiceListFilters,
): Promise<{ rows: ServiceListRow[]; total: number }> {
  const kept = {
    overall: sql`l.overall_rating`,
    none: sql`l.overall_rating is null`,
    region: sql`l.region`,
    nation: sql`l.nation`,
    framework: sql`l.framework_id`,
  };
  const order = serviceOrder({ name: sql`l.name`, region: sql`l.region`, rank: sql`l.rating_rank` });
  const from = f.search ? sql`service_listing l join services s on s.id = l.service_id` : sql`service_listing l`;
  const where = listFilters(f, kept, !!f.search);
  const page = (await db.execute(sql`
    select l.slug, l.name, l.region, l.nation, l.ref as latest_ref, l.framework_id, l.overall_rating, l.score,
           l.score_max, l.publication_precision, l.publication_earliest::text as publication_earliest,
           l.publication_latest::text as publication_latest, l.inspection_count
    from ${from}
    where ${where}
    order by ${order[f.sort]}
    limit ${f.pageSize} offset ${(f.page - 1) * f.pageSize}`)) as unknown as Rows;
  // A search reads every name anyway; otherwise the total is a sum over the groups that match.
  const total = (await db.execute(
    f.search
      ? sql`select count(*)::int as n from ${from} where ${where}`
      : sql`select coalesce(sum(c.n), 0)::int as n from service_listing_counts c
            where ${listFilters(
              f,
              {
                overall: sql`c.overall`,
                none: sql`c.overall = ''`,
                region: sql`c.region`,
                nation: sql`c.nation`,
                framework: sql`c.framework_id`,
              },
              false,
            )}`,
  )) as unknown as Rows;
  return { rows: page.rows.map(listRow), total: Number(total.rows[0]?.n ?? 0) };
}

/** From the inspections as public at `visibleAt`: each service's latest found by one probe of an index. */
async function listServicesLive(
  db: Db | Tx,
  visibleAt: Date,
  f: ServiceListFilters,
): Promise<{ rows: ServiceListRow[]; total: number }> {
  const where = listFilters(
    f,
    {
      overall: sql`l.overall_rating`,
      none: sql`l.overall_rating is null`,
      region: sql`s.region`,
      nation: sql`s.nation`,
      framework: sql`l.framework_id`,
    },
    true,
  );
  const order = serviceOrder({ name: sql`s.name`, region: sql`s.region`, rank: RATING_ORDER });
  // Each service's latest public inspection is one probe of `inspections_service_latest_idx`
  // (service, newest first), and a service's count of inspections is taken only for the page's
  // rows. `pos` carries the page's order out of the subquery.
  const query = sql`
    select p.*, (select count(*)::int from inspections v where v.service_id = p.id and ${isPublicAs('v', visibleAt)})
             as inspection_count
    from (
      select s.id, s.slug, s.name, s.region, s.nation, l.ref as latest_ref,
             l.framework_id, l.overall_rating, l.score, l.score_max, l.publication_precision,
             l.publication_earliest::text as publication_earliest, l.publication_latest::text as publication_latest,
             count(*) over ()::int as total, row_number() over (order by ${order[f.sort]}) as pos
      from services s
      cross join lateral (
        -- Thematic and pilot inspections are listed but are never a service's rating.
        select i.ref, i.framework_id, i.overall_rating, i.score, i.score_max, i.publication_precision,
               i.publication_earliest, i.publication_latest
        from inspections i
        where i.service_id = s.id and ${isPublicAs('i', visibleAt)} and ${countedKind('i.kind')}
        order by i.publication_latest desc nulls last, i.published_at desc nulls last, i.ref desc
        limit 1
      ) l
      where ${where}
      order by ${order[f.sort]}
      limit ${f.pageSize} offset ${(f.page - 1) * f.pageSize}
    ) p
    order by p.pos`;
  const result = (await db.execute(query)) as unknown as Rows;
  const rows = result.rows.map(listRow);
  let total = Number(result.rows[0]?.total ?? 0);
  if (rows.length === 0 && f.page > 1) {
    // Past the last page: count separately so the page can say how many there are.
    const again = await listServicesLive(db, visibleAt, { ...f, page: 1, pageSize: 1 });
    total = again.total;
  }
  return { rows, total };
}

/** The region and nation pairs of the services, by region: one probe of `services_region_idx` each. */
export async function distinctRegions(db: Db): Promise<{ region: string; nation: string }[]> {
  const r = (await db.execute(sql`
    with recursive pairs(region, nation) as (
      (select region, nation from services order by region, nation limit 1)
      union all
      select n.region, n.nation from pairs p
      cross join lateral (
        select region, nation from services s
        where (s.region, s.nation) > (p.region, p.nation)
        order by s.region, s.nation limit 1
      ) n
    )
    select region, nation from pairs`)) as unknown as Rows;
  return r.rows.map((x) => ({ region: x.region as string, nation: x.nation as string }));
}

/** A service by its slug, public or not (the API checks for a published inspection itself). */
export async function findServiceBySlug(db: Db, slug: string) {
  const [service] = await db.select().from(services).where(eq(services.slug, slug));
  return service ?? null;
}

/**
 * An inspection row as public reads give it: without the team's working fields (when the rating
 * panel sits), so no page, answer or file built from a public read can show them.
 */
function publicRow<T extends typeof inspections.$inferSelect>(i: T) {
  const { ratingPanelAt: _teamOnly, ...rest } = i;
  return rest;
}

export async function getServiceBySlug(db: Db, slug: string, visibleAt: Date) {
  const [service] = await db.select().from(services).where(eq(services.slug, slug));
  if (!service) return null;
  const areas = await db
    .select()
    .from(serviceAreas)
    .where(eq(serviceAreas.serviceId, service.id))
    .orderBy(asc(serviceAreas.name));
  const list = await db
    .select()
    .from(inspections)
    .where(and(eq(inspections.serviceId, service.id), isPublic(visibleAt)))
    .orderBy(sql`${inspections.publicationLatest} desc nulls last`);
  if (list.length === 0) return null;
  return {
    service,
    areas,
    inspections: list.map((i) => ({
      ...publicRow(i),
      publication: partial(i.publicationPrecision, i.publicationEarliest, i.publicationLatest),
    })),
  };
}

export async function getInspectionByRef(db: Db, ref: string, visibleAt: Date | 'any') {
  const [row] = await db
    .select({ inspection: inspections, service: services })
    .from(inspections)
    .innerJoin(services, eq(services.id, inspections.serviceId))
    .where(visibleAt === 'any' ? eq(inspections.ref, ref) : and(eq(inspections.ref, ref), isPublic(visibleAt)));
  if (!row) return null;
  const id = row.inspection.id;
  const [ratings, recs, finds, discs, areas, liveSample, storedSample, fixes, release, text, caseList] =
    await Promise.all([
      db.select().from(standardRatings).where(eq(standardRatings.inspectionId, id)),
      db
        .select()
        .from(recommendations)
        .where(eq(recommendations.inspectionId, id))
        .orderBy(asc(recommendations.position)),
      db.select().from(findings).where(eq(findings.inspectionId, id)).orderBy(asc(findings.position)),
      db.select().from(discrepancies).where(eq(discrepancies.inspectionId, id)).orderBy(asc(discrepancies.createdAt)),
      db.select().from(serviceAreas).where(eq(serviceAreas.serviceId, row.service.id)).orderBy(asc(serviceAreas.name)),
      db
        .select({ caseType: caseAssessments.caseType, n: sql<number>`count(*)::int` })
        .from(caseAssessments)
        .where(eq(caseAssessments.inspectionId, id))
        .groupBy(caseAssessments.caseType)
        .orderBy(asc(caseAssessments.caseType)),
      // Stored when the retention policy deleted the cases; the report keeps the description it published.
      db
        .select({ caseType: publishedSamples.caseType, n: publishedSamples.cases })
        .from(publishedSamples)
        .where(eq(publishedSamples.inspectionId, id))
        .orderBy(asc(publishedSamples.caseType)),
      db
        .select()
        .from(corrections)
        .where(
          visibleAt === 'any'
            ? eq(corrections.inspectionId, id)
            : and(eq(corrections.inspectionId, id), lte(corrections.createdAt, visibleAt)),
        )
        .orderBy(asc(corrections.createdAt)),
      // Read with the record, under the record's own visibility: the release is public exactly when the report is.
      db
        .select({ headline: pressReleases.headline, body: pressReleases.body, updatedAt: pressReleases.updatedAt })
        .from(pressReleases)
        .where(eq(pressReleases.inspectionId, id)),
      // The report's words: its newest version (only an inspection run here has any).
      getReportText(db, id),
      db
        .select({ rowCount: caseLists.rowCount, drawnAt: caseLists.drawnAt, rule: caseLists.rule })
        .from(caseLists)
        .where(eq(caseLists.inspectionId, id)),
    ]);
  const i = row.inspection;
  return {
    inspection: {
      ...publicRow(i),
      publication: partial(i.publicationPrecision, i.publicationEarliest, i.publicationLatest),
    },
    service: row.service,
    areas,
    ratings,
    recommendations: recs,
    findings: finds,
    discrepancies: discs,
    sample: (storedSample.length ? storedSample : liveSample).map((x) => ({ caseType: x.caseType, n: Number(x.n) })),
    corrections: fixes,
    pressRelease: release[0] ?? null,
    reportText: text,
    caseList: caseList[0] ?? null,
  };
}

/** Whether an inspection is public now, by the one rule every public read uses. */
export async function isInspectionPublic(db: Db, id: string, visibleAt: Date): Promise<boolean> {
  const [row] = await db
    .select({ id: inspections.id })
    .from(inspections)
    .where(and(eq(inspections.id, id), isPublic(visibleAt)));
  return !!row;
}

/**
 * Newest public publications (with a known date) and corrections, for the Atom feeds and sitemap.
 * `serviceId` narrows it to one service's feed under the same public rule.
 */
export async function listPublications(db: Db, visibleAt: Date, limit = 50, serviceId?: string) {
  return db
    .select({
      ref: inspections.ref,
      title: inspections.title,
      overall: inspections.overallRating,
      publishedAt: inspections.publishedAt,
      updatedAt: inspections.updatedAt,
      serviceName: services.name,
      serviceSlug: services.slug,
      precision: inspections.publicationPrecision,
      origin: inspections.origin,
      releaseHeadline: pressReleases.headline,
    })
    .from(inspections)
    .innerJoin(services, eq(services.id, inspections.serviceId))
    .leftJoin(pressReleases, eq(pressReleases.inspectionId, inspections.id))
    .where(
      and(
        isPublic(visibleAt),
        sql`${inspections.publicationPrecision} is not null`,
        serviceId === undefined ? undefined : eq(inspections.serviceId, serviceId),
      ),
    )
    .orderBy(sql`${inspections.publishedAt} desc`)
    .limit(limit);
}

export async function listPublicCorrections(db: Db, visibleAt: Date, limit = 50) {
  return db
    .select({
      id: corrections.id,
      note: corrections.note,
      createdAt: corrections.createdAt,
      ref: inspections.ref,
      serviceName: services.name,
    })
    .from(corrections)
    .innerJoin(inspections, eq(inspections.id, corrections.inspectionId))
    .innerJoin(services, eq(services.id, inspections.serviceId))
    .where(and(isPublic(visibleAt), lte(corrections.createdAt, visibleAt)))
    .orderBy(sql`${corrections.createdAt} desc`)
    .limit(limit);
}

export async function listPublicServiceSlugs(db: Db, visibleAt: Date) {
  return db
    .selectDistinct({ slug: services.slug })
    .from(services)
    .innerJoin(inspections, eq(inspections.serviceId, services.id))
    .where(isPublic(visibleAt));
}

export async function listPublicRefs(db: Db, visibleAt: Date) {
  return db
    .select({
      ref: inspections.ref,
      updatedAt: inspections.updatedAt,
      hasRelease: sql<boolean>`${pressReleases.inspectionId} is not null`,
    })
    .from(inspections)
    .leftJoin(pressReleases, eq(pressReleases.inspectionId, inspections.id))
    .where(isPublic(visibleAt));
}

/** One inspection's row whatever its state, by id or by reference (the command line's checks). */
export async function findInspectionRow(db: Db, key: { id: string } | { ref: string }) {
  const where = 'id' in key ? eq(inspections.id, key.id) : eq(inspections.ref, key.ref);
  const [row] = await db.select().from(inspections).where(where);
  return row ?? null;
}

/** The full record whatever its state: only for embargoed previews, which check their own token. */
export async function getInspectionById(db: Db, id: string) {
  const [row] = await db.select({ ref: inspections.ref }).from(inspections).where(eq(inspections.id, id));
  return row ? getInspectionByRef(db, row.ref, 'any') : null;
}

/** Every service's id and name, by name (choices on forms). */
export async function listServiceNames(db: Db): Promise<{ id: string; name: string }[]> {
  return db.select({ id: services.id, name: services.name }).from(services).orderBy(asc(services.name));
}
