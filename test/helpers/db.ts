import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { seedIfEmpty } from '../../src/setup/bootstrap.ts';
import { migrate, openDatabase, PGLITE_EXTENSIONS, PGLITE_SETTINGS, type Database } from '../../src/store/db.ts';

/** The suite runs on PGlite by default and on PostgreSQL when DATABASE_URL is set (CI runs both). */
export const onPostgres = !!process.env.DATABASE_URL;

export interface TestDatabase extends Database {
  url?: string;
  drop(): Promise<void>;
}

interface Options {
  seed?: boolean;
  now?: Date;
}

/** This run's template location, when the suite's global setup made one (not in scripts that borrow these helpers). */
function templates(): { dir: string; prefix: string } | null {
  try {
    const dir = inject('templateDir');
    const prefix = inject('templatePrefix');
    return dir && prefix ? { dir, prefix } : null;
  } catch {
    return null;
  }
}

/** One template per kind of database a test asks for: migrated, or migrated and seeded as at a time. */
const templateKey = (opts: Options) => (opts.seed ? `seed-${opts.now ? opts.now.toISOString() : 'now'}` : 'empty');
const prepare = async (database: Database, opts: Options) => {
  await migrate(database);
  if (opts.seed) await seedIfEmpty(database, opts.now);
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A PGlite loaded from a template image, started as the application starts one (store/db.ts
 * PGLITE_SETTINGS: 16 MB of shared buffers, not PostgreSQL's 128 MB that PGlite allocates and
 * zeroes at every start).
 *
 * The image is handed over as an object with the one method PGlite reads (`arrayBuffer`), over a
 * copy of bytes already in memory, rather than as a `Blob`: Node's `Blob.arrayBuffer()` reads a
 * 40 MB blob back in small chunks and joins them, which was about a third of the CPU time of
 * starting a copy (about 0.4 s of 1.2 s per test file). The copy keeps each database's start
 * independent of the bytes the worker keeps.
 */
async function pgliteFromImage(image: Uint8Array, dataDir?: string): Promise<PGlite> {
  const bytes = image.slice();
  const loadDataDir = { type: '', size: bytes.byteLength, arrayBuffer: async () => bytes.buffer } as unknown as Blob;
  const opts = {
    loadDataDir,
    extensions: PGLITE_EXTENSIONS,
    startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS],
  };
  return dataDir ? PGlite.create(dataDir, opts) : PGlite.create(opts);
}

/** Template images this worker has read, by file: each is read from disk once per worker, not once per test file. */
const images = new Map<string, Uint8Array>();

/**
 * A PGlite data folder image for these options, made by the first test file that asks for it and
 * loaded by every other (loading an image is several times faster than initdb, migrations and seed).
 * Test files run in parallel processes, so the maker holds a lock file while the others wait.
 */
async function pgliteImage(dir: string, opts: Options): Promise<Uint8Array> {
  const file = join(dir, `${createHash('sha256').update(templateKey(opts)).digest('hex').slice(0, 16)}.tar`);
  const lock = `${file}.lock`;
  for (let waited = 0; !existsSync(file); waited += 50) {
    let fd: number | undefined;
    try {
      fd = openSync(lock, 'wx');
    } catch {
      if (waited > 300_000) throw new Error(`gave up waiting for the database template ${file}`);
      await sleep(50);
      continue;
    }
    try {
      const database = await openDatabase({ dataDir: 'memory://' });
      await prepare(database, opts);
      const client = (database.db as unknown as { $client: PGlite }).$client;
      const image = await client.dumpDataDir('none');
      await database.close();
      writeFileSync(`${file}.part`, Buffer.from(await image.arrayBuffer()));
      renameSync(`${file}.part`, file);
    } finally {
      closeSync(fd);
    }
  }
  let image = images.get(file);
  if (!image) images.set(file, (image = new Uint8Array(readFileSync(file))));
  return image;
}

/** A PostgreSQL template database for these options, made once per run under an advisory lock. */
async function postgresTemplate(admin: string, prefix: string, opts: Options): Promise<string> {
  const name = `${prefix}${createHash('sha256').update(templateKey(opts)).digest('hex').slice(0, 12)}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  try {
    await c.query('select pg_advisory_lock(hashtext($1))', [name]);
    const exists = (await c.query('select 1 from pg_database where datname = $1', [name])).rowCount;
    if (!exists) {
      await c.query(`create database ${name}`);
      const u = new URL(admin);
      u.pathname = `/${name}`;
      const database = await openDatabase({ databaseUrl: u.toString() });
      try {
        await prepare(database, opts);
      } finally {
        await database.close();
      }
      await c.query(`alter database ${name} is_template true`);
    }
    await c.query('select pg_advisory_unlock(hashtext($1))', [name]);
    return name;
  } finally {
    await c.end();
  }
}

/**
 * A fresh, migrated (and, if asked, seeded) database for one test file: in-memory PGlite, or a new
 * PostgreSQL database created beside DATABASE_URL's and dropped afterwards, so test files never
 * share state. Within a test run each is a copy of a template made once, not migrated and seeded again.
 */
export async function createTestDatabase(opts: Options = {}): Promise<TestDatabase> {
  let database: Database;
  let url: string | undefined;
  let dropper = async () => {};
  const tpl = templates();
  if (process.env.DATABASE_URL) {
    const admin = new URL(process.env.DATABASE_URL);
    const name = `insp_test_${randomBytes(6).toString('hex')}`;
    const template = tpl ? await postgresTemplate(admin.toString(), tpl.prefix, opts) : null;
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(`create database ${name}${template ? ` template ${template}` : ''}`);
    await client.end();
    const u = new URL(admin.toString());
    u.pathname = `/${name}`;
    url = u.toString();
    database = await openDatabase({ databaseUrl: url });
    dropper = async () => {
      const c = new pg.Client({ connectionString: admin.toString() });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
    if (!template) await prepare(database, opts);
  } else if (tpl) {
    database = await openDatabase({
      pglite: await pgliteFromImage(await pgliteImage(tpl.dir, opts)),
    });
  } else {
    database = await openDatabase({ dataDir: 'memory://' });
    await prepare(database, opts);
  }
  return {
    ...database,
    url,
    async drop() {
      await database.close();
      await dropper();
    },
  };
}

/**
 * A PGlite data folder on disk, already migrated (and seeded if asked), for tests of commands that
 * open the database themselves from DATA_DIR. Copied from this run's template when there is one.
 */
export async function createTestDataDir(dataDir: string, opts: Options = {}): Promise<void> {
  const tpl = templates();
  const client = tpl
    ? await pgliteFromImage(await pgliteImage(tpl.dir, opts), dataDir)
    : await PGlite.create(dataDir, {
        extensions: PGLITE_EXTENSIONS,
        startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS],
      });
  if (!tpl) {
    const database = await openDatabase({ pglite: client });
    await prepare(database, opts);
  }
  await client.close();
}
