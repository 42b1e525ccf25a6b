import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { lockDataFolder } from './folder-lock.ts';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { AnyPgColumn, PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema.ts';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

/**
 * The PostgreSQL extensions the schema uses that PGlite builds separately: pg_trgm (trigram
 * similarity, for finding a service by a misspelt name). PostgreSQL has it as contrib; the
 * migration creates it on both. Every PGlite the application or the tests open loads these.
 */
export const PGLITE_EXTENSIONS = { pg_trgm };

/**
 * Settings PGlite's PostgreSQL starts with, after PGlite's own: shared buffers of 16 MB instead of
 * PostgreSQL's 128 MB. PGlite runs PostgreSQL inside this process's WebAssembly memory, where the
 * whole buffer pool is allocated and zeroed at start, so 128 MB of it was resident from the first
 * second whether used or not. The register on PGlite is tens of megabytes; pages not in the pool
 * are read from the data folder through the operating system's file cache.
 */
export const PGLITE_SETTINGS = ['-c', 'shared_buffers=16MB'];

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle, as the callback of `db.transaction` receives it. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Runs fn while holding a database-wide advisory lock, so several app instances never migrate or seed at once. */
  withLock<T>(key: number, fn: (db: Db) => Promise<T>): Promise<T>;
  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export const MIGRATIONS_DIR = resolve(import.meta.dirname, 'migrations');
export const LOCK_MIGRATE = 7_301_001;

// int8 (count(*), sum) as numbers on both drivers; PGlite already does this.
pg.types.setTypeParser(20, (v) => Number(v));
// Dates stay ISO strings (YYYY-MM-DD) on both drivers rather than JS Dates at local midnight.
pg.types.setTypeParser(1082, (v) => v);

/**
 * column = any(one array parameter): the condition for "one of these values" however many there
 * are. drizzle's inArray makes one placeholder per value, and a national register has more ids
 * than a PostgreSQL statement may have parameters (65,535).
 */
export const isAnyOf = (column: AnyPgColumn, values: readonly string[]): SQL =>
  sql`${column} = any(${sql.param(values)}::${sql.raw(column.getSQLType())}[])`;

export interface OpenOptions {
  databaseUrl?: string;
  /** PGlite data folder; "memory://" for a throwaway database. */
  dataDir?: string;
  pglite?: PGlite;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    // Nothing waits for ever on the database: a request that cannot get a connection within 10 s
    // fails with the error page (and SIGTERM's close is not held by it), and TCP keep-alive finds a
    // connection whose server vanished without closing it, which would otherwise hold its client.
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: 10,
      connectionTimeoutMillis: 10_000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    // A dropped connection must not crash the process; queries fail and the pool reconnects. The
    // pool's own listener covers idle clients only: a client checked out for a transaction (the
    // services list reads in one) that loses its server between two statements emits 'error' on
    // itself, which with no listener ends the process. Its next statement fails instead, and the
    // request is answered with the error page, as during any outage.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    // Drizzle's node-postgres driver checks a client out of the pool and sends `begin` before its
    // try/finally: when `begin` fails (the server went away between checkout and the first
    // statement, as in a restart) the client is never released. Ten such failures and every later
    // request waits for a connection, and closing the pool waits for ever. So a transaction checks
    // its own client out and always gives it back; Drizzle runs it on that one client.
    db.transaction = async (run, config) => {
      const client = await pool.connect();
      try {
        return await drizzlePg(client, { schema }).transaction(run as never, config);
      } finally {
        // A client whose connection died is not lent out again: the pool checks that itself.
        client.release();
      }
    };
    return {
      db,
      kind: 'postgres',
      async withLock(key, fn) {
        const client = await pool.connect();
        try {
          await client.query('select pg_advisory_lock($1)', [key]);
          try {
            return await fn(drizzlePg(client, { schema }) as unknown as Db);
          } finally {
            await client.query('select pg_advisory_unlock($1)', [key]);
          }
        } finally {
          client.release();
        }
      },
      async ping() {
        try {
          await pool.query('select 1');
          return true;
        } catch {
          return false;
        }
      },
      close: () => pool.end(),
    };
  }
  const dir = opts.dataDir ?? 'memory://';
  if (!opts.pglite && !dir.startsWith('memory://')) mkdirSync(dir, { recursive: true });
  // PGlite (and Drizzle's driver for it) is loaded only when it is the database: on PostgreSQL the
  // embedded engine's modules are about 40 MB that the process would hold for nothing.
  const [{ PGlite: Lite }, { drizzle: drizzlePglite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
  ]);
  // A data folder on disk is opened by one process at a time (store/folder-lock.ts).
  const unlock = !opts.pglite && !dir.startsWith('memory://') ? lockDataFolder(dir) : () => {};
  let client: PGlite;
  try {
    client =
      opts.pglite ??
      (await Lite.create(dir, {
        extensions: PGLITE_EXTENSIONS,
        startParams: [...Lite.defaultStartParams, ...PGLITE_SETTINGS],
      }));
  } catch (e) {
    unlock();
    throw e;
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    // PGlite is one connection in this process: there is nobody else to lock out.
    withLock: (_key, fn) => fn(db),
    async ping() {
      try {
        await client.query('select 1');
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      try {
        await client.close();
      } finally {
        unlock();
      }
    },
  };
}

export async function migrate(database: Database): Promise<void> {
  await database.withLock(LOCK_MIGRATE, async (db) => {
    if (database.kind === 'postgres') {
      await migratePg(db as never, { migrationsFolder: MIGRATIONS_DIR });
    } else {
      const { migrate: migratePglite } = await import('drizzle-orm/pglite/migrator');
      await migratePglite(db as never, { migrationsFolder: MIGRATIONS_DIR });
    }
  });
}

export async function countRows(db: Db, table: 'services' | 'inspections'): Promise<number> {
  const r = (await db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as {
    rows: { n: number }[];
  };
  return Number(r.rows[0]?.n ?? 0);
}

/**
 * Whether a failed statement broke a unique constraint (PostgreSQL's 23505), looking through the
 * wrappers Drizzle puts round driver errors. Only that failure means "someone else wrote it
 * first"; any other failure is a fault and must not be reported as a conflict.
 */
export function isUniqueViolation(e: unknown): boolean {
  let x: unknown = e;
  for (let depth = 0; x && typeof x === 'object' && depth < 4; depth++) {
    if ((x as { code?: unknown }).code === '23505') return true;
    x = (x as { cause?: unknown }).cause;
  }
  return false;
}
