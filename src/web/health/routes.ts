import type { RoutesPlugin } from '../validation.ts';

/** Liveness says the process is up; readiness says it can reach its database. */
export const healthRoutes: RoutesPlugin = async (app) => {
  app.get('/health', { config: { auth: 'public' } }, async () => ({ status: 'UP' }));
  app.get('/health/ready', { config: { auth: 'public' } }, async (_req, reply) => {
    const db = await app.deps.database.ping();
    return reply.status(db ? 200 : 503).send({ status: db ? 'UP' : 'DOWN', checks: { database: db ? 'UP' : 'DOWN' } });
  });
};
