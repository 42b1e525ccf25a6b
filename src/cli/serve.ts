import { openAndMigrate, seedIfEmpty } from '../bootstrap.ts';
import type { Config } from '../config.ts';
import { startPublicationJob } from '../jobs/publication.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from '../demo.ts';
import { buildApp } from '../web/app.ts';

/** Starts the service: migrate, seed an empty database with the demo register, listen, and close cleanly on signals. */
export async function serve(config: Config): Promise<void> {
  const database = await openAndMigrate(config);
  const seeded = await seedIfEmpty(database);
  if (config.env !== 'production') {
    const demo = await seedDemo(database, config.env);
    if (demo.accounts) console.log(`demo accounts created (password "${DEMO_PASSWORD}"): ${DEMO_ACCOUNTS.map((a) => a.email).join(', ')}`);
  }
  const app = await buildApp({ database, config });
  if (seeded) app.log.info(`seeded the register: ${seeded.inspectionsCreated} inspections of ${seeded.servicesCreated} services`);
  const close = async (signal: string) => {
    app.log.info(`${signal}: shutting down`);
    await app.close();
    await database.close();
    process.exit(0);
  };
  // The instance that publishes an inspection prints its PDF; requests print on demand otherwise.
  const stopJob = startPublicationJob(
    database.db,
    () => new Date(),
    { info: (m) => app.log.info(m), error: (e) => app.log.error(e) },
    { afterPublish: (done, at) => app.reportPdfs.published(done, at) },
  );
  app.addHook('onClose', async () => stopJob());
  process.once('SIGINT', () => void close('SIGINT'));
  process.once('SIGTERM', () => void close('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  app.log.info(`Inspectorate on ${database.kind === 'pglite' ? `embedded PGlite (${config.dataDir})` : 'PostgreSQL'}: http://${config.host}:${config.port}/`);
}
