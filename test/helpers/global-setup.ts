import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where this run keeps its PGlite database templates (see helpers/db.ts). */
    templateDir: string;
    /** Prefix of this run's PostgreSQL template databases. */
    templatePrefix: string;
  }
}

/**
 * Once per `vitest run`: a folder for this run's database templates. Templates are made on first
 * use (helpers/db.ts) and only live for the run, so a change to the migrations or the seed code
 * can never be hidden by a template left over from an earlier run.
 */
export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'insp-templates-'));
  const prefix = `insp_tpl_${process.pid}_`;
  project.provide('templateDir', dir);
  project.provide('templatePrefix', prefix);
  return async () => {
    rmSync(dir, { recursive: true, force: true });
    const url = process.env.DATABASE_URL;
    if (!url) return;
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const { rows } = await c.query<{ datname: string }>('select datname from pg_database where datname like $1', [
        `${prefix}%`,
      ]);
      for (const { datname } of rows) {
        await c.query(`alter database ${datname} is_template false`);
        await c.query(`drop database if exists ${datname} with (force)`);
      }
    } finally {
      await c.end();
    }
  };
}
