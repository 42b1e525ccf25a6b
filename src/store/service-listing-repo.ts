import { eq, sql, type SQL } from 'drizzle-orm';
import { COUNTED_KINDS } from '../domain/inspection-record.ts';
import type { Db, Tx } from './db.ts';
import { serviceListing, serviceListingCounts } from './schema.ts';
import { RATING_RANK } from './register-repo.ts';
import { bumpRegisterVersion } from './snapshot-repo.ts';

/**
 * Each service's latest published inspection, kept (`service_listing`, `service_listing_counts`)
 * in the transaction of every change that can alter it, so the services list reads a page through
 * an index and its total from a few counts, whatever the register's size.
 *
 * What it holds is the `published` inspections with an instant. That is exactly what the public
 * sees at a moment T when no scheduled inspection's instant has passed by T (the publication job
 * has caught up) and no published inspection's instant is after T (T is not in the past); the
 * list is read from here only then (`listingCurrentAt`), and otherwise from the inspections, as
 * before. So an embargoed inspection enters it only when the job publishes it at its instant, and
 * a moment between its instant and the job's run is answered from the inspections.
 */

const counted = sql.join(
  COUNTED_KINDS.map((k) => sql`${k}`),
  sql`, `,
);

/**
 * Each listed service's row as the inspections and services say now, for the services `ids`
 * (null: all). Set-based (a join to the ids, one grouping for the counts, one sort for the
 * latest) rather than a probe per service, so a large import's refresh does not depend on the
 * planner's statistics, which are stale until the import's ANALYZE after it commits.
 */
const latestRows = (ids: string[] | null) => {
  const scope = ids ? sql`join unnest(${`{${ids.join(',')}}`}::uuid[]) as x(id) on x.id = i.service_id` : sql``;
  return sql`
  with pub as (
    select i.* from inspections i ${scope}
    where i.status = 'published' and i.published_at is not null
  ), n as (
    select service_id, count(*)::int as n from pub group by service_id
  ), latest as (
    select distinct on (service_id) * from pub where kind in (${counted})
    order by service_id, publication_latest desc nulls last, published_at desc nulls last, ref desc
  )
  select l.service_id, l.id, l.ref, s.slug, s.name, s.region, s.nation, l.framework_id, l.overall_rating,
         ${RATING_RANK(sql`l.overall_rating`)}, l.score, l.score_max, l.publication_precision,
         l.publication_earliest, l.publication_latest, n.n
  from latest l join services s on s.id = l.service_id join n on n.service_id = l.service_id`;
};

const COLUMNS = sql.raw(`service_id, inspection_id, ref, slug, name, region, nation, framework_id, overall_rating,
  rating_rank, score, score_max, publication_precision, publication_earliest, publication_latest, inspection_count`);

/** Adds (sign 1) or takes away (sign -1) the groups of the listed rows of `scope`'s services. */
const adjustCounts = (tx: Tx, scope: SQL, sign: 1 | -1) =>
  tx.execute(sql`
    insert into service_listing_counts (overall, region, nation, framework_id, n)
    select coalesce(l.overall_rating, ''), l.region, l.nation, l.framework_id, ${sign}::int * count(*)::int
    from service_listing l where ${scope}
    group by 1, 2, 3, 4
    on conflict (overall, region, nation, framework_id) do update set n = service_listing_counts.n + excluded.n`);

/** From this many services on, the listing is rebuilt whole (one pass) rather than service by service. */
const REBUILD_FROM = 1000;

/**
 * Brings the listing up to date for `scope`'s services (ids), or rebuilds it (`'all'`), in the
 * caller's transaction. A few services cost a few index probes; the whole register is one pass.
 */
export async function refreshServiceListing(tx: Tx, scope: readonly string[] | 'all'): Promise<void> {
  const ids = scope === 'all' ? [] : [...new Set(scope)];
  if (scope === 'all' || ids.length > REBUILD_FROM) {
    await tx.delete(serviceListingCounts);
    await tx.delete(serviceListing);
    await tx.execute(sql`insert into service_listing (${COLUMNS}) ${latestRows(null)}`);
    await adjustCounts(tx, sql`true`, 1);
    return;
  }
  if (!ids.length) return;
  const inScope = sql`l.service_id in (select unnest(${`{${ids.join(',')}}`}::uuid[]))`;
  await adjustCounts(tx, inScope, -1);
  await tx.execute(sql`delete from service_listing l where ${inScope}`);
  await tx.execute(sql`insert into service_listing (${COLUMNS}) ${latestRows(ids)}`);
  await adjustCounts(tx, inScope, 1);
  await tx.delete(serviceListingCounts).where(eq(serviceListingCounts.n, 0));
}

/**
 * The one call every write that changes the public register makes, last in its transaction: the
 * listing for the services it touched (`'all'` when it cannot say which), then the register's
 * version, stamped as the version the listing is current at.
 */
export async function registerChanged(tx: Tx, now: Date, scope: readonly string[] | 'all'): Promise<void> {
  // Refreshing only the touched services is right only if the rest was current: a listing left
  // behind (a write that bumped the version alone, or a register from before the listing) is
  // rebuilt whole. The row lock orders concurrent changes, as the version's bump below does.
  const state = (await tx.execute(
    sql`select version = listing_version as current from register_state where id = 1 for update`,
  )) as unknown as { rows: { current: boolean }[] };
  await refreshServiceListing(tx, state.rows[0]?.current === true ? scope : 'all');
  await bumpRegisterVersion(tx, now, { listing: true });
}

/**
 * Whether the listing is exactly the public register at `visibleAt`, read in the caller's
 * (repeatable-read) transaction with the listing itself: it was kept at the register's version,
 * no scheduled inspection's embargo has lifted by then without the job having published it, and
 * no published inspection's instant is after it. One statement, two probes of `inspections_published_idx`.
 */
export async function listingCurrentAt(db: Db | Tx, visibleAt: Date): Promise<boolean> {
  const at = visibleAt.toISOString();
  const r = (await db.execute(sql`
    select coalesce((select version = listing_version from register_state where id = 1), false)
       and not exists (select 1 from inspections where status = 'scheduled' and published_at <= ${at}::timestamptz)
       and not exists (select 1 from inspections where status = 'published' and published_at > ${at}::timestamptz)
       as current`)) as unknown as { rows: { current: boolean }[] };
  return r.rows[0]?.current === true;
}
