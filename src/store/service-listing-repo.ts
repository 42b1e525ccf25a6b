import { and, eq, gt, lte, max, min, sql, type SQL } from 'drizzle-orm';
import { COUNTED_KINDS } from '../domain/inspection-record.ts';
import type { Db, Tx } from './db.ts';
import { inspections, registerState, serviceListing, serviceListingCounts } from './schema.ts';
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

/** The rank the list sorts ratings by: best first, anything else or none last. */
export const RATING_RANK = (column: SQL): SQL => sql`case ${column}
  when 'outstanding' then 0 when 'good' then 1 when 'requires_improvement' then 2 when 'inadequate' then 3
  else 4 end`;

const counted = sql.join(
  COUNTED_KINDS.map((k) => sql`${k}`),
  sql`, `,
);

/** Each listed service's row as the inspections and services say now (only `scope`'s services). */
const latestRows = (scope: SQL) => sql`
  select distinct on (i.service_id)
         i.service_id, i.id, i.ref, s.slug, s.name, s.region, s.nation, i.framework_id, i.overall_rating,
         ${RATING_RANK(sql`i.overall_rating`)}, i.score, i.score_max, i.publication_precision,
         i.publication_earliest, i.publication_latest,
         (select count(*)::int from inspections v
           where v.service_id = i.service_id and v.status = 'published' and v.published_at is not null)
  from inspections i
  join services s on s.id = i.service_id
  where i.status = 'published' and i.published_at is not null and i.kind in (${counted}) and ${scope}
  order by i.service_id, i.publication_latest desc nulls last, i.published_at desc nulls last, i.ref desc`;

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

/**
 * Brings the listing up to date for `scope`'s services (ids), or rebuilds it (`'all'`), in the
 * caller's transaction. A few services cost a few index probes; the whole register is one pass.
 */
export async function refreshServiceListing(tx: Tx, scope: readonly string[] | 'all'): Promise<void> {
  if (scope === 'all') {
    await tx.delete(serviceListingCounts);
    await tx.delete(serviceListing);
    await tx.execute(sql`insert into service_listing (${COLUMNS}) ${latestRows(sql`true`)}`);
    await adjustCounts(tx, sql`true`, 1);
    return;
  }
  const ids = [...new Set(scope)];
  if (!ids.length) return;
  const inScope = (column: string) => sql`${sql.raw(column)} = any(${`{${ids.join(',')}}`}::uuid[])`;
  await adjustCounts(tx, inScope('l.service_id'), -1);
  await tx.execute(sql`delete from service_listing l where ${inScope('l.service_id')}`);
  await tx.execute(sql`insert into service_listing (${COLUMNS}) ${latestRows(inScope('i.service_id'))}`);
  await adjustCounts(tx, inScope('l.service_id'), 1);
  await tx.delete(serviceListingCounts).where(eq(serviceListingCounts.n, 0));
}

/**
 * The one call every write that changes the public register makes, last in its transaction: the
 * listing for the services it touched (`'all'` when it cannot say which), then the register's
 * version, stamped as the version the listing is current at.
 */
export async function registerChanged(tx: Tx, now: Date, scope: readonly string[] | 'all'): Promise<void> {
  await refreshServiceListing(tx, scope);
  await bumpRegisterVersion(tx, now, { listing: true });
}

/**
 * Whether the listing is exactly the public register at `visibleAt`, read in the caller's
 * (repeatable-read) transaction with the listing itself: it was kept at the register's version,
 * no scheduled inspection's embargo has lifted by then without the job having published it, and
 * no published inspection's instant is after it. Three index probes.
 */
export async function listingCurrentAt(db: Db | Tx, visibleAt: Date): Promise<boolean> {
  const [[state], [due], [later]] = await Promise.all([
    db
      .select({ version: registerState.version, listing: registerState.listingVersion })
      .from(registerState)
      .where(eq(registerState.id, 1)),
    db
      .select({ t: min(inspections.publishedAt) })
      .from(inspections)
      .where(and(eq(inspections.status, 'scheduled'), lte(inspections.publishedAt, visibleAt))),
    db
      .select({ t: max(inspections.publishedAt) })
      .from(inspections)
      .where(and(eq(inspections.status, 'published'), gt(inspections.publishedAt, visibleAt))),
  ]);
  return !!state && state.version === state.listing && !due?.t && !later?.t;
}
