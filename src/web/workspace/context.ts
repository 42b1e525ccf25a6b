import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Framework } from '../../domain/framework.ts';
import type { InspectionState } from '../../domain/lifecycle.ts';
import { INSPECTORATE_ROLES, type Role } from '../../domain/roles.ts';
import { frameworkRegistry } from '../../frameworks.ts';
import { getWorkflowInspection, type Actor } from '../../store/workflow-repo.ts';

export const INSPECTORS: readonly Role[] = ['inspector', 'lead_inspector'];
export const INSPECTORATE: readonly Role[] = INSPECTORATE_ROLES;
export const LEADS: readonly Role[] = ['lead_inspector', 'admin'];
/** States in which the inspected service may see its draft report and ratings. */
export const SERVICE_VISIBLE: readonly InspectionState[] = ['factual_accuracy', 'approved', 'scheduled', 'published'];

export const actorOf = (req: FastifyRequest): Actor => ({ id: req.user!.id, name: req.user!.name, role: req.user!.role });

export type Loaded = NonNullable<Awaited<ReturnType<typeof getWorkflowInspection>>> & { framework: Framework; state: InspectionState };

/**
 * Loads an inspection for a workspace page, or answers for the caller: 404 if it does not exist,
 * 403 if a service user asks for another service's inspection or for one not yet shared with them.
 */
export async function loadInspection(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply, id: string): Promise<Loaded | null> {
  const row = await getWorkflowInspection(app.deps.database.db, id);
  if (!row) {
    reply.callNotFound();
    return null;
  }
  const user = req.user!;
  if (user.role === 'service_user' && (row.inspection.serviceId !== user.serviceId || !SERVICE_VISIBLE.includes(row.inspection.status as InspectionState))) {
    reply.page('errors/error.njk', { title: 'You do not have permission to see this page', message: 'This inspection is not shared with your service.' }, 403);
    return null;
  }
  const framework = frameworkRegistry().get(row.inspection.frameworkId)!;
  return { ...row, framework, state: row.inspection.status as InspectionState };
}

export const base = (id: string) => `/workspace/inspections/${id}`;

export function workspaceCrumbs(l?: Loaded) {
  const crumbs = [{ text: 'Workspace', href: '/workspace' }];
  if (l) crumbs.push({ text: `${l.service.name} (${l.inspection.ref})`, href: base(l.inspection.id) });
  return crumbs;
}

/** Reads the version a form was rendered at; a missing or bad one can only conflict. */
export function versionOf(body: Record<string, unknown>): number {
  const v = Number(body.version);
  return Number.isInteger(v) && v >= 0 ? v : -1;
}
