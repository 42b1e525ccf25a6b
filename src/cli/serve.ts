import { openAndMigrate, seedIfEmpty } from '../setup/bootstrap.ts';
import type { Config } from '../setup/config.ts';
import { startPublicationJob } from '../jobs/publication.ts';
import { smtpTransport, startMailJob } from '../jobs/mail.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from '../import/demo.ts';
import { buildApp } from '../web/app.ts';

/** Starts the service: migrate, seed an empty database with the demo register, listen, and close cleanly on signals. */
export async function serve(config: Config): Promise<void> {
  const database = await openAndMigrate(config);
  const seeded = await seedIfEmpty(database);
  let demoAccounts = 0;
  if (config.env !== 'production') {
    demoAccounts = (await seedDemo(database, config.env)).accounts;
  }
  const app = await buildApp({ database, config });
  // Local use only (never in production): the person starting it needs the demo sign-in details.
  if (demoAccounts)
    app.log.info({ accounts: DEMO_ACCOUNTS.map((a) => a.email), password: DEMO_PASSWORD }, 'demo accounts created');
  if (seeded)
    app.log.info({ inspections: seeded.inspectionsCreated, services: seeded.servicesCreated }, 'seeded the register');
  const close = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await database.close();
    process.exit(0);
  };
  // The instance that publishes an inspection prints its PDF; requests print on demand otherwise.
  const stopJob = startPublicationJob(
    database.db,
    () => new Date(),
    { info: (fields, m) => app.log.info(fields, m), error: (err) => app.log.error({ err }, 'publication job failed') },
    {
      afterPublish: (done, at) => app.reportPdfs.published(done, at),
      // Subscribers' emails are queued in the publication's own transaction.
      onPublish: (tx, done) => app.services.notifications.published(tx, done),
    },
  );
  app.addHook('onClose', async () => stopJob());
  // Every instance runs a sender; the outbox's claims make each email go once.
  const stopMail = startMailJob(
    database.db,
    () => new Date(),
    { info: (fields, m) => app.log.info(fields, m), error: (err) => app.log.error({ err }, 'mail job failed') },
    { transport: config.smtpUrl ? smtpTransport(config.smtpUrl) : null, from: config.mailFrom },
  );
  app.addHook('onClose', async () => stopMail());
  process.once('SIGINT', () => void close('SIGINT'));
  process.once('SIGTERM', () => void close('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  const db =
    database.kind === 'pglite' ? { database: 'embedded PGlite', dataDir: config.dataDir } : { database: 'PostgreSQL' };
  app.log.info({ ...db, url: `http://${config.host}:${config.port}/` }, 'Inspectorate listening');
}
