import type { Framework } from '../domain/framework.ts';
import type { Database } from '../store/db.ts';

/**
 * What every service is given rather than reaches for: the database, the clock and the framework
 * registry. Built once per app (web/app.ts) or command (cli/main.ts); tests pass their own.
 */
export interface ServiceContext {
  database: Database;
  now: () => Date;
  frameworks: () => ReadonlyMap<string, Framework>;
  /** The site's origin, for the links in emails (config PUBLIC_BASE_URL); tests may leave it out. */
  publicBaseUrl?: string;
  /** Working days the service has for its factual-accuracy comments (config FA_WORKING_DAYS; default 10). */
  factualAccuracyWorkingDays?: number;
  /** How long public reads may be kept (the page cache's lifetime); 0 or absent: never kept. */
  cacheTtlMs?: number;
}
