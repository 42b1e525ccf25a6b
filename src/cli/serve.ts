import { openAndMigrate, seedIfEmpty } from '../setup/bootstrap.ts';
import type { Config } from '../setup/config.ts';
import { startPublicationJob } from '../jobs/publication.ts';
import { smtpTransport, startMailJob } from '../jobs/mail.ts';
import { startRetentionJob } from '../jobs/retention.ts';
import { startReminderJob } from '../jobs/reminders.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from '../import/demo.ts';
import { buildApp } from '../web/app.ts';

/** How long after a publication run its report PDFs begin to print (see ReportPdfOptions). */
export const PUBLISHED_PRINT_DELAY_MS = 2000;

/** How long a shutdown may wait for requests and job runs in progress before giving up. */
export const SHUTDOWN_TIMEOUT_MS = 30_000;

/** Starts the service: migrate, seed an empty database with the demo register, listen, and close cleanly on signals. */
export async function serve(config: Config): Promise<void> {
  const database = await openAndMigrate(config);
  const seeded = await seedIfEmpty(database);
  let demoAccounts = 0;
  if (config.env !== 'production') {
    demoAccounts = (await seedDemo(database, config.env)).accounts;
  }
  // Prints owed to a publication run wait until the pages and figures of its instant are rendered.
  const app = await buildApp({ database, config, pdf: { publishedDelayMs: PUBLISHED_PRINT_DELAY_MS } });
  // Local use only (never in production): the person starting it needs the demo sign-in details.
  if (demoAccounts)
    app.log.info({ accounts: DEMO_ACCOUNTS.map((a) => a.email), password: DEMO_PASSWORD }, 'demo accounts created');
  if (seeded)
    app.log.info({ inspections: seeded.inspectionsCreated, services: seeded.servicesCreated }, 'seeded the register');
  // The instance that publishes an inspection prints its PDF; requests print on demand otherwise.
  const stopJob = startPublicationJob(
    database.db,
    () => new Date(),
    { info: (fields, m) => app.log.info(fields, m), error: (err) => app.log.error({ err }, 'publication job failed') },
    {
      afterPublish: (done, at) => {
        // What was published changes today's figures: computed now rather than by the next visitor.
        void app.services.figures.refresh().catch((err: unknown) => app.log.error({ err }, 'figures not computed'));
        return app.reportPdfs.published(done, at);
      },
      // Subscribers' emails are queued in the publication's own transaction.
      onPublish: (tx, done) => app.services.notifications.published(tx, done),
    },
  );
  // onClose hooks run after Fastify has stopped listening and every request in progress has been
  // answered (its own server-closing hook was registered later, at ready, and runs first).
  app.addHook('onClose', () => stopJob());
  // Services whose factual-accuracy deadline is two working days away are reminded, once each.
  const stopReminders = startReminderJob(() => app.services.factualAccuracy.remindDue(), {
    info: (fields, m) => app.log.info(fields, m),
    error: (err) => app.log.error({ err }, 'reminder job failed'),
  });
  app.addHook('onClose', () => stopReminders());
  // Every instance runs a sender; the outbox's claims make each email go once.
  const stopMail = startMailJob(
    database.db,
    () => new Date(),
    { info: (fields, m) => app.log.info(fields, m), error: (err) => app.log.error({ err }, 'mail job failed') },
    { transport: config.smtpUrl ? smtpTransport(config.smtpUrl) : null, from: config.mailFrom },
  );
  app.addHook('onClose', () => stopMail());
  // Every instance checks hourly; the day's claim makes one of them apply the retention policy.
  const stopRetention = startRetentionJob(database.db, () => new Date(), config.retention, {
    info: (fields, m) => app.log.info(fields, m),
    error: (err) => app.log.error({ err }, 'retention job failed'),
  });
  app.addHook('onClose', () => stopRetention());
  let closing = false;
  /**
   * SIGTERM (a rolling restart, a container stop) or SIGINT: stop accepting connections, answer the
   * requests already in progress, let the current publication and mail runs finish, close the pool,
   * exit 0. A shutdown that hangs (a request that never ends) exits 1 after SHUTDOWN_TIMEOUT_MS, so
   * a supervisor's own kill timeout is not what ends it.
   */
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    const t0 = Date.now();
    app.log.info({ signal }, 'shutting down: accepting no new connections, finishing work in progress');
    const force = setTimeout(() => {
      app.log.error({ signal, timeoutMs: SHUTDOWN_TIMEOUT_MS }, 'shutdown did not finish in time; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    force.unref();
    // Fastify closes the keep-alive connections that are idle when shutdown begins; one busy then
    // would otherwise stay open after its last response until the client or keepAliveTimeout
    // (72 s) ends it, holding the exit back. Idle ones are closed as they become idle.
    const idle = setInterval(() => app.server.closeIdleConnections(), 250);
    idle.unref();
    try {
      await app.close();
      await database.close();
      app.log.info({ signal, ms: Date.now() - t0 }, 'shut down cleanly');
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void close('SIGINT'));
  process.on('SIGTERM', () => void close('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  const db =
    database.kind === 'pglite' ? { database: 'embedded PGlite', dataDir: config.dataDir } : { database: 'PostgreSQL' };
  app.log.info({ ...db, url: `http://${config.host}:${config.port}/` }, 'Inspectorate listening');
}
