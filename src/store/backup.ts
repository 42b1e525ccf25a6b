import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { getTableName, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from './db.ts';
import * as schema from './schema.ts';

/**
 * Backup and restore as JSON lines: one header line, then one line per row, table by table in
 * dependency order. The same file restores into PGlite or PostgreSQL, so it is also how a register
 * moves between the two. Restore runs in one transaction into an empty, migrated database.
 */
export const BACKUP_FORMAT = 'inspectorate-backup/1';

/** Parents before children, so foreign keys hold as rows go in. */
export const TABLES: PgTable[] = [
  schema.frameworks,
  schema.directoryServices,
  schema.services,
  schema.serviceAreas,
  schema.users,
  schema.inspections,
  schema.inspectionTeam,
  schema.standardRatings,
  schema.recommendations,
  schema.findings,
  schema.discrepancies,
  schema.caseAssessments,
  schema.caseLists,
  schema.caseListEntries,
  schema.panelDecisions,
  schema.serviceComments,
  schema.pressReleases,
  schema.previewLinks,
  schema.corrections,
  schema.actions,
  schema.actionUpdates,
  schema.subscriptions,
  schema.subscriptionTokens,
  schema.outbox,
  schema.evidenceFiles,
  schema.recommendationSignOffs,
  schema.sessions,
  schema.loginAttempts,
  schema.knownDevices,
  schema.auditEvents,
];

/** Tables a backup leaves out on purpose, and why; every other table must be in TABLES (tested). */
export const NOT_BACKED_UP: Record<string, string> = {
  report_pdfs: 'printed again from the record on the first request after a restore',
};

type Rows = { rows: Record<string, unknown>[] };

export async function backup(db: Db, file: string): Promise<Record<string, number>> {
  const out = createWriteStream(file);
  const write = (line: string) => new Promise<void>((res, rej) => out.write(`${line}\n`, (e) => (e ? rej(e) : res())));
  const counts: Record<string, number> = {};
  await write(
    JSON.stringify({ format: BACKUP_FORMAT, at: new Date().toISOString(), tables: TABLES.map(getTableName) }),
  );
  // One snapshot for every table, so the backup is consistent even while the service runs.
  await db.transaction(async (tx) => {
    await tx.execute(sql`set transaction isolation level repeatable read`).catch(() => undefined);
    for (const t of TABLES) {
      const name = getTableName(t);
      const r = (await tx.execute(sql.raw(`select row_to_json(x)::text as j from "${name}" x`))) as unknown as Rows;
      for (const row of r.rows) await write(`{"t":"${name}","r":${row.j as string}}`);
      counts[name] = r.rows.length;
    }
  });
  await new Promise<void>((res) => out.end(res));
  return counts;
}

export class RestoreError extends Error {}

export async function restore(db: Db, file: string): Promise<Record<string, number>> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  const it = lines[Symbol.asyncIterator]();
  const first = await it.next();
  let header: { format?: string };
  try {
    header = JSON.parse(String(first.value ?? ''));
  } catch {
    throw new RestoreError(`${file} is not an Inspectorate backup (no header line)`);
  }
  if (header.format !== BACKUP_FORMAT)
    throw new RestoreError(`${file} is not an Inspectorate backup (format "${header.format}")`);
  const known = new Set(TABLES.map(getTableName));
  const counts: Record<string, number> = {};
  await db.transaction(async (tx) => {
    const [{ n } = { n: 0 }] = (
      (await tx.execute(sql`select count(*)::int as n from services`)) as unknown as { rows: { n: number }[] }
    ).rows;
    if (Number(n) > 0) throw new RestoreError('The database is not empty: restore only into a new, migrated database.');
    let batch: { t: string; r: unknown }[] = [];
    const flush = async () => {
      if (!batch.length) return;
      const t = batch[0]!.t;
      // json_populate_recordset maps JSON back to the table's own column types on both engines.
      const table = sql.identifier(t);
      const rows = JSON.stringify(batch.map((b) => b.r));
      await tx.execute(sql`insert into ${table} select * from json_populate_recordset(null::${table}, ${rows}::json)`);
      counts[t] = (counts[t] ?? 0) + batch.length;
      batch = [];
    };
    for (let next = await it.next(); !next.done; next = await it.next()) {
      if (!next.value.trim()) continue;
      const row = JSON.parse(next.value) as { t: string; r: unknown };
      if (!known.has(row.t)) throw new RestoreError(`unknown table "${row.t}" in the backup`);
      if (batch.length && (batch[0]!.t !== row.t || batch.length >= 500)) await flush();
      batch.push(row);
    }
    await flush();
    // Serial ids continue after the restored rows.
    for (const t of ['audit_events', 'login_attempts']) {
      await tx.execute(
        sql.raw(
          `select setval(pg_get_serial_sequence('${t}', 'id'), coalesce((select max(id) from ${t}), 0) + 1, false)`,
        ),
      );
    }
  });
  return counts;
}
