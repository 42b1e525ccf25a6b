import type { Config } from './config.ts';
import { frameworkRegistry } from '../store/frameworks.ts';
import { loadDirectory } from '../import/directory.ts';
import { loadSeedRecords } from '../import/seed.ts';
import { loadThematicInspections } from '../import/thematic-seed.ts';
import { seedThematicIfEmpty } from '../store/thematic-repo.ts';
import { seedDirectoryIfEmpty } from '../store/directory-repo.ts';
import { countRows, migrate, openDatabase, type Database, type Db } from '../store/db.ts';
import { saveRecords, type SaveReport } from '../store/records-repo.ts';
import { saveFrameworkSnapshots } from '../store/framework-snapshots-repo.ts';

export const LOCK_SEED = 7_301_002;

/** Opens the configured database and applies migrations (safe with several instances starting at once). */
export async function openAndMigrate(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<Database> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrate(database);
  return database;
}

/** Records a snapshot of every framework version, so stored inspections can always be read against theirs. */
export async function syncFrameworks(db: Db): Promise<void> {
  await saveFrameworkSnapshots(db, frameworkRegistry().values(), new Date());
}

/**
 * Loads the demo/seed register when the database holds no services yet. Under an advisory lock,
 * so two instances starting together seed once.
 */
export async function seedIfEmpty(database: Database, now = new Date()): Promise<SaveReport | null> {
  return database.withLock(LOCK_SEED, async (db) => {
    await syncFrameworks(db);
    // The directory is loaded into a register made before it existed, too.
    await seedDirectoryIfEmpty(db, loadDirectory());
    let report: SaveReport | null = null;
    if ((await countRows(db, 'services')) === 0) {
      const { records } = loadSeedRecords(frameworkRegistry(), now);
      report = await saveRecords(db, now, records);
    }
    // Thematic inspections link to the register's services, so they are loaded after them; a
    // register made before they were held gets them too.
    await seedThematicIfEmpty(db, loadThematicInspections(), now);
    return report;
  });
}
