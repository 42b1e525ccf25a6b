import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { seedIfEmpty } from '../../src/bootstrap.ts';
import { migrate, openDatabase, type Database } from '../../src/store/db.ts';

/** The suite runs on PGlite by default and on PostgreSQL when DATABASE_URL is set (CI runs both). */
export const onPostgres = !!process.env.DATABASE_URL;

export interface TestDatabase extends Database {
  url?: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: in-memory PGlite, or a new PostgreSQL database
 * created beside DATABASE_URL's and dropped afterwards, so test files never share state.
 */
export async function createTestDatabase(opts: { seed?: boolean; now?: Date } = {}): Promise<TestDatabase> {
  let database: Database;
  let url: string | undefined;
  let dropper = async () => {};
  if (process.env.DATABASE_URL) {
    const admin = new URL(process.env.DATABASE_URL);
    const name = `insp_test_${randomBytes(6).toString('hex')}`;
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(`create database ${name}`);
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
  } else {
    database = await openDatabase({ dataDir: 'memory://' });
  }
  await migrate(database);
  if (opts.seed) await seedIfEmpty(database, opts.now);
  return {
    ...database,
    url,
    async drop() {
      await database.close();
      await dropper();
    },
  };
}
