import { createCipheriv, createDecipheriv, randomBytes, scrypt, type CipherGCM, type DecipherGCM } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { getTableName, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import {
  CIPHER,
  encodeHeader,
  type EnvelopeHeader,
  MAX_HEADER_BYTES,
  MIN_PASSPHRASE,
  NONCE_BYTES,
  parseHeader,
  SALT_BYTES,
  SCRYPT_DEFAULT,
  TAG_BYTES,
} from '../domain/backup-envelope.ts';
import type { Db, Tx } from './db.ts';
import * as schema from './schema.ts';
import { registerChanged } from './service-listing-repo.ts';

/**
 * Backup and restore as JSON lines: one header line, then one line per row, table by table in
 * dependency order. The same file restores into PGlite or PostgreSQL, so it is also how a register
 * moves between the two. Restore runs in one transaction into an empty, migrated database.
 *
 * A backup holds children's case data, so it can be encrypted (domain/backup-envelope.ts for the
 * format): AES-256-GCM over the same JSON lines, streamed, with the key from a passphrase (scrypt,
 * random salt) or a key file. Restore checks the GCM tag over the whole file before it opens a
 * transaction, and again as it streams (the file could change between the passes), so a wrong key
 * or an altered byte changes nothing.
 */
export const BACKUP_FORMAT = 'inspectorate-backup/1';

/** Parents before children, so foreign keys hold as rows go in. */
export const TABLES: PgTable[] = [
  schema.frameworks,
  schema.directoryServices,
  schema.services,
  schema.serviceAreas,
  schema.thematicInspections,
  schema.thematicInspectionServices,
  schema.users,
  schema.inspections,
  schema.inspectionTeam,
  schema.standardRatings,
  schema.recommendations,
  schema.findings,
  schema.discrepancies,
  schema.caseAssessments,
  schema.publishedSamples,
  schema.caseLists,
  schema.caseListEntries,
  schema.panelDecisions,
  schema.factualAccuracyChecks,
  schema.reportTexts,
  schema.serviceComments,
  schema.inspectionApprovals,
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
  job_runs: 'when each job last ran on this database; a restore runs the retention job at once whatever it says',
  register_state: 'a restore is a change of the register: its version is raised, so figures are computed again',
  register_snapshots: 'figures computed from the register, computed again when first asked for',
  register_snapshot_items: 'the lists behind those figures, computed with them',
  service_listing: "each service's latest published inspection, rebuilt by the restore's change of the register",
  service_listing_counts: 'the counts of service_listing, rebuilt with it',
};

type Rows = { rows: Record<string, unknown>[] };

/** What opens an encrypted backup: a passphrase (stretched with scrypt) or a key file's 32 bytes. */
export type BackupKey = { passphrase: string } | { key: Buffer };

export class RestoreError extends Error {}
export class BackupError extends Error {}

function deriveKey(passphrase: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((res, rej) =>
    scrypt(passphrase, salt, 32, { ...cost, maxmem: 256 * cost.N * cost.r }, (e, k) => (e ? rej(e) : res(k))),
  );
}

async function sealer(key: BackupKey): Promise<{ header: string; cipher: CipherGCM }> {
  const nonce = randomBytes(NONCE_BYTES);
  let header: EnvelopeHeader;
  let k: Buffer;
  if ('passphrase' in key) {
    if (key.passphrase.length < MIN_PASSPHRASE)
      throw new BackupError(`the passphrase must be at least ${MIN_PASSPHRASE} characters`);
    const salt = randomBytes(SALT_BYTES);
    k = await deriveKey(key.passphrase, salt, SCRYPT_DEFAULT);
    header = {
      format: 'inspectorate-backup-encrypted/1',
      cipher: CIPHER,
      nonce: nonce.toString('base64'),
      kdf: { name: 'scrypt', salt: salt.toString('base64'), ...SCRYPT_DEFAULT },
    };
  } else {
    k = key.key;
    header = {
      format: 'inspectorate-backup-encrypted/1',
      cipher: CIPHER,
      nonce: nonce.toString('base64'),
      kdf: { name: 'key-file' },
    };
  }
  const line = encodeHeader(header);
  const cipher = createCipheriv(CIPHER, k, nonce);
  cipher.setAAD(Buffer.from(line, 'utf8'));
  return { header: line, cipher };
}

export async function backup(
  db: Db,
  file: string,
  options: { encrypt?: BackupKey } = {},
): Promise<Record<string, number>> {
  const seal = options.encrypt ? await sealer(options.encrypt) : null;
  // Owner-only: a backup holds everything, children's case notes included.
  const out = createWriteStream(file, { mode: 0o600 });
  const put = (chunk: string | Buffer) =>
    new Promise<void>((res, rej) => out.write(chunk, (e) => (e ? rej(e) : res())));
  if (seal) await put(`${seal.header}\n`);
  const write = (line: string) => put(seal ? seal.cipher.update(`${line}\n`, 'utf8') : `${line}\n`);
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
  if (seal) {
    await put(seal.cipher.final());
    await put(seal.cipher.getAuthTag());
  }
  await new Promise<void>((res) => out.end(res));
  return counts;
}

/** Lines of a byte stream, split on newlines (a trailing CR is JSON whitespace, so CRLF files read too). */
async function* linesOf(chunks: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of chunks) {
    const parts = (rest + decoder.write(chunk)).split('\n');
    rest = parts.pop()!;
    yield* parts;
  }
  rest += decoder.end();
  if (rest) yield rest;
}

const TAMPERED = 'the key does not open this backup, or the file was altered or damaged (authentication failed)';

/** The decrypted bytes of an envelope's body; throws RestoreError at the end if the tag does not match. */
async function* opened(file: string, from: number, size: number, decipher: () => DecipherGCM): AsyncGenerator<Buffer> {
  const d = decipher();
  if (size - from < TAG_BYTES) throw new RestoreError(`${file} is cut short (no authentication tag)`);
  if (size - from > TAG_BYTES)
    for await (const c of createReadStream(file, { start: from, end: size - TAG_BYTES - 1 }))
      yield d.update(c as Buffer);
  try {
    yield d.final();
  } catch {
    throw new RestoreError(TAMPERED);
  }
}

/** Where the rows of a backup come from: the file itself, or the authenticated plaintext of an envelope. */
async function source(file: string, key: BackupKey | undefined): Promise<() => AsyncIterable<Buffer>> {
  const fh = await open(file, 'r');
  let head: Buffer;
  let size: number;
  try {
    size = (await fh.stat()).size;
    head = Buffer.alloc(Math.min(MAX_HEADER_BYTES, size));
    await fh.read(head, 0, head.length, 0);
  } finally {
    await fh.close();
  }
  const nl = head.indexOf(0x0a);
  const parsed = nl < 0 ? ({ kind: 'plain' } as const) : parseHeader(head.subarray(0, nl).toString('utf8'));
  if (parsed.kind === 'plain') return () => createReadStream(file) as AsyncIterable<Buffer>;
  if (parsed.kind === 'invalid') throw new RestoreError(`${file} has a damaged encryption header (${parsed.problem})`);
  const { header } = parsed;
  const headerLine = head.subarray(0, nl);
  const needs = header.kdf.name === 'scrypt' ? 'a passphrase (BACKUP_PASSPHRASE)' : 'its key file (--key-file)';
  if (!key) throw new RestoreError(`${file} is encrypted: restoring it needs ${needs}`);
  let k: Buffer;
  if (header.kdf.name === 'scrypt') {
    if (!('passphrase' in key))
      throw new RestoreError(`${file} was encrypted with a passphrase, not a key file: set BACKUP_PASSPHRASE`);
    const { salt, N, r, p } = header.kdf;
    k = await deriveKey(key.passphrase, Buffer.from(salt, 'base64'), { N, r, p });
  } else {
    if (!('key' in key))
      throw new RestoreError(`${file} was encrypted with a key file, not a passphrase: give --key-file`);
    k = key.key;
  }
  const tag = Buffer.alloc(TAG_BYTES);
  const decipher = () => {
    const d = createDecipheriv(CIPHER, k, Buffer.from(header.nonce, 'base64'));
    d.setAAD(headerLine);
    d.setAuthTag(tag);
    return d;
  };
  const fh2 = await open(file, 'r');
  try {
    if (size - nl - 1 >= TAG_BYTES) await fh2.read(tag, 0, TAG_BYTES, size - TAG_BYTES);
  } finally {
    await fh2.close();
  }
  // First pass: authenticate the whole file before touching the database, and parse nothing unauthenticated.
  for await (const chunk of opened(file, nl + 1, size, decipher)) void chunk;
  return () => opened(file, nl + 1, size, decipher);
}

export async function restore(
  db: Db,
  file: string,
  options: {
    key?: BackupKey;
    /**
     * Runs inside the restore's transaction once every row is in, before it commits: the restore
     * command applies the retention policy here, so data deleted since the backup was made is
     * never in the opened database, not even for a moment.
     */
    beforeCommit?: (tx: Tx) => Promise<void>;
  } = {},
): Promise<Record<string, number>> {
  const it = linesOf((await source(file, options.key))())[Symbol.asyncIterator]();
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
    await registerChanged(tx, new Date(), 'all');
    if (options.beforeCommit) await options.beforeCommit(tx);
  });
  return counts;
}
