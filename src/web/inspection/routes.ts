import type { FastifyInstance } from 'fastify';
import { frameworkRegistry } from '../../frameworks.ts';
import { getInspectionByRef } from '../../store/register-repo.ts';
import { inspectionViewModel } from './view-model.ts';

export async function inspectionRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { ref: string } }>('/inspections/:ref', { config: { auth: 'public' } }, async (req, reply) => {
    // Embargoed and unknown look the same from outside: 404 either way.
    const d = await getInspectionByRef(app.deps.database.db, req.params.ref, app.deps.now());
    if (!d) return reply.callNotFound();
    return reply.page('inspection/inspection.njk', inspectionViewModel(d, frameworkRegistry().get(d.inspection.frameworkId)));
  });
}
