import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { MIGRATIONS_DIR } from '../../src/store/db.ts';

/**
 * A copy of the migrations up to (not including) the one whose tag ends with `tagSuffix`, so a test
 * can build a database as it stood before that migration, then run the rest. Throws if no such
 * migration exists (or it is the first). `cleanup` removes every copy made.
 */
export function migrationsBefore(tagSuffix: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'migrations-before-'));
  copies.push(dir);
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  const journalFile = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag.endsWith(tagSuffix));
  if (at <= 0) throw new Error(`no migration after the first ends with ${tagSuffix}`);
  journal.entries = journal.entries.slice(0, at);
  writeFileSync(journalFile, JSON.stringify(journal));
  return dir;
}

const copies: string[] = [];
export function removeMigrationCopies(): void {
  for (const d of copies.splice(0)) rmSync(d, { recursive: true, force: true });
}

/**
 * The inspections table with only the columns an early migration's test writes. Inserting through
 * the full schema names every column, so it fails on a database migrated only as far as a test
 * needs once a later migration adds a column.
 */
export const earlyInspections = pgTable('inspections', {
  id: uuid('id').primaryKey().defaultRandom(),
  ref: text('ref').notNull(),
  serviceId: uuid('service_id').notNull(),
  frameworkId: text('framework_id').notNull(),
  frameworkVersion: text('framework_version').notNull(),
  status: text('status').notNull(),
  origin: text('origin').notNull(),
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
