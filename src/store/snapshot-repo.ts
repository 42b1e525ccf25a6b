import { and, asc, desc, eq, gte, lt, lte, max, sql } from 'drizzle-orm';
import type { Db, Tx } from './db.ts';
import { inspections, registerSnapshotItems, registerSnapshots, registerState } from './schema.ts';
import { PUBLIC_STATES } from './register-repo.ts';

/**
 * The register's version and the snapshots of figures computed from it (`register_snapshots`).
 * Figures are kept by a key naming everything they depend on, so a snapshot is never read after
 * what it was computed from has changed: the register's version (raised in the transaction of every
 * write that changes the public register) and the last embargo lifted (an inspection becomes public
 * at its instant with no write at all).
 */

/**
 * Raises the register's version, in the transaction of the change (last, so its row lock is short).
 * `listing`: the change has brought `service_listing` up to date too (store/service-listing-repo.ts's
 * `registerChanged`, which every write of the public register calls); without it the listing is
 * no longer current and the services list is read from the inspections until the next change.
 */
export async function bumpRegisterVersion(
  tx: Db | Tx,
  now: Date = new Date(),
  { listing = false }: { listing?: boolean } = {},
): Promise<void> {
  await tx
    .insert(registerState)
    .values({ id: 1, version: 1, changedAt: now, listingVersion: listing ? 1 : -1 })
    .onConflictDoUpdate({
      target: registerState.id,
      set: {
        version: sql`${registerState.version} + 1`,
        changedAt: now,
        ...(listing ? { listingVersion: sql`${registerState.version} + 1` } : {}),
      },
    });
}

/**
 * What the register's figures as at `visibleAt` depend on: its version and the last embargo lifted
 * by then (each public state's latest publication instant: one index probe each, on
 * `inspections_published_idx`). Read before the register itself, so figures kept under a key are
 * never older than the key says.
 */
export async function registerVersionAt(db: Db, visibleAt: Date): Promise<{ version: number; lifted: string }> {
  const [state] = await db
    .select({ version: registerState.version })
    .from(registerState)
    .where(eq(registerState.id, 1));
  const lifted = await Promise.all(
    PUBLIC_STATES.map(async (status) => {
      const [r] = await db
        .select({ t: max(inspections.publishedAt) })
        .from(inspections)
        .where(and(eq(inspections.status, status), lte(inspections.publishedAt, visibleAt)));
      return r?.t ? new Date(r.t).toISOString() : '';
    }),
  );
  return { version: state?.version ?? 0, lifted: lifted.sort().at(-1) ?? '' };
}

export async function readSnapshot<T>(db: Db, key: string): Promise<T | null> {
  const [row] = await db
    .select({ summary: registerSnapshots.summary })
    .from(registerSnapshots)
    .where(eq(registerSnapshots.key, key));
  return row ? (row.summary as T) : null;
}

/** A page of one of a snapshot's lists, in order: `limit` items from `offset`. */
export async function readSnapshotItems<T>(
  db: Db,
  key: string,
  list: string,
  offset: number,
  limit: number,
): Promise<T[]> {
  const rows = await db
    .select({ item: registerSnapshotItems.item })
    .from(registerSnapshotItems)
    .where(
      and(
        eq(registerSnapshotItems.key, key),
        eq(registerSnapshotItems.list, list),
        gte(registerSnapshotItems.position, offset),
        lt(registerSnapshotItems.position, offset + limit),
      ),
    )
    .orderBy(asc(registerSnapshotItems.position));
  return rows.map((r) => r.item as T);
}

/** The most snapshots kept: every date asked for makes one, so the oldest computed go first. */
export const MAX_SNAPSHOTS = 64;

/**
 * Stores a snapshot and its lists in one transaction. Two instances computing the same key store it
 * once (the key's figures are the same whoever computed them); snapshots of earlier versions, and
 * the oldest beyond MAX_SNAPSHOTS, are deleted with their items. Derived data, so not audited.
 */
export async function saveSnapshot(
  db: Db,
  snapshot: { key: string; version: number; asAt: string; summary: unknown; lists: Record<string, unknown[]> },
  now: Date,
): Promise<void> {
  await db.transaction(async (tx) => {
    const stored = await tx
      .insert(registerSnapshots)
      .values({
        key: snapshot.key,
        registerVersion: snapshot.version,
        asAt: snapshot.asAt,
        summary: snapshot.summary,
        computedAt: now,
      })
      .onConflictDoNothing()
      .returning({ key: registerSnapshots.key });
    if (!stored.length) return;
    for (const [list, items] of Object.entries(snapshot.lists)) {
      if (!items.length) continue;
      // One parameter per column, whatever the length: a national register's lists are long.
      await tx.execute(sql`
        insert into register_snapshot_items (key, list, position, item)
        select ${snapshot.key}, ${list}, t.ord::int - 1, t.item
        from jsonb_array_elements(${JSON.stringify(items)}::jsonb) with ordinality as t(item, ord)`);
    }
    await tx.delete(registerSnapshots).where(lt(registerSnapshots.registerVersion, snapshot.version));
    const old = await tx
      .select({ key: registerSnapshots.key })
      .from(registerSnapshots)
      .orderBy(desc(registerSnapshots.computedAt))
      .offset(MAX_SNAPSHOTS);
    for (const o of old) await tx.delete(registerSnapshots).where(eq(registerSnapshots.key, o.key));
  });
}
