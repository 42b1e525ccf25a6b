import { dataFreshness } from '../../store/status-repo.ts';
import { t } from '../i18n.ts';
import type { RoutesPlugin } from '../validation.ts';

/**
 * The service status page for people (the footer's "Service status"): whether the register is
 * working, when its data last changed, and any known issue. Machines read /health and
 * /health/ready (JSON). Not cached: it is the page to trust when something seems wrong. In Welsh
 * too; a notice set by the operator (`statusNotice`) is shown as written.
 */
export const statusRoutes: RoutesPlugin = async (app) => {
  app.get('/status', { config: { auth: 'public', welsh: true } }, async (_req, reply) => {
    const now = app.deps.now();
    const up = await app.deps.database.ping();
    const freshness = up ? await dataFreshness(app.deps.database.db, now).catch(() => null) : null;
    return reply.page(
      'status/status.njk',
      {
        title: t('footer.status'),
        checkedAt: now,
        up: up && freshness !== null,
        lastPublished: freshness?.lastPublished ?? null,
        lastImportAt: freshness?.lastImportAt ?? null,
        notice: app.deps.config.statusNotice ?? null,
        // Alerts are queued but not sent until a mail server is configured: subscribers should know.
        emailHeld: !app.deps.config.smtpUrl,
      },
      up && freshness !== null ? 200 : 503,
    );
  });
};
