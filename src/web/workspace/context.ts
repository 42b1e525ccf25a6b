import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Framework } from '../../domain/framework.ts';
import { mayActAsLead, NOT_THE_LEAD, type InspectionState } from '../../domain/lifecycle.ts';
import { INSPECTORATE_ROLES, isServiceRole, type Role } from '../../domain/roles.ts';
import { frameworkRegistry } from '../../store/frameworks.ts';
import { getWorkflowInspection } from '../../store/workflow-repo.ts';
import { type Actor } from '../../store/audit.ts';

export const INSPECTORS: readonly Role[] = ['inspector', 'lead_inspector'];
export const INSPECTORATE: readonly Role[] = INSPECTORATE_ROLES;
export const LEADS: readonly Role[] = ['lead_inspector', 'admin'];
/** States in which the inspected service may see its draft report and ratings. */
export const SERVICE_VISIBLE: readonly InspectionState[] = ['factual_accuracy', 'approved', 'scheduled', 'published'];

export const actorOf = (req: FastifyRequest): Actor => ({
  id: req.user!.id,
  name: req.user!.name,
  role: req.user!.role,
});

export type InspectionWork = NonNullable<Awaited<ReturnType<typeof getWorkflowInspection>>> & {
  framework: Framework;
  state: InspectionState;
};

/**
 * A change (not a read) to the inspection. A lead inspector changes only the inspections they
 * lead, whatever the route: their own steps, and the evidence and report any inspector may add.
 * Every change on an inspection passes through here, so a new route is covered without anyone
 * remembering to add a check to it.
 */
const isChange = (req: FastifyRequest) => req.method !== 'GET' && req.method !== 'HEAD';

/**
 * Loads an inspection for a workspace page, or answers for the caller: 404 if it does not exist,
 * 403 if a service user or board member asks for another service's inspection or for one not yet
 * shared with them, and 403 if a lead inspector tries a lead-only change to an inspection someone
 * else leads. Every workspace route on one inspection loads it here, so this is the one place the
 * assigned lead is enforced.
 */
export async function loadInspection(
  app: FastifyInstance,
  req: FastifyRequest,
  reply: FastifyReply,
  id: string,
): Promise<InspectionWork | null> {
  const row = await getWorkflowInspection(app.deps.database.db, id);
  if (!row) {
    reply.callNotFound();
    return null;
  }
  const user = req.user!;
  const shared = SERVICE_VISIBLE.includes(row.inspection.status);
  if (isServiceRole(user.role) && (row.inspection.serviceId !== user.serviceId || !shared)) {
    reply.page(
      'errors/error.njk',
      {
        title: 'You do not have permission to see this page',
        message: 'This inspection is not shared with your service.',
      },
      403,
    );
    return null;
  }
  if (isChange(req) && !mayActAsLead(user, row.inspection.leadInspectorId)) {
    reply.page('errors/error.njk', { title: 'You do not have permission to do this', message: NOT_THE_LEAD }, 403);
    return null;
  }
  const framework = frameworkRegistry().get(row.inspection.frameworkId)!;
  return { ...row, framework, state: row.inspection.status };
}

/** Whether this person may add to the inspection's evidence and report: an inspector, or its own lead. */
export const mayAddEvidence = (req: FastifyRequest, work: InspectionWork) =>
  INSPECTORS.includes(req.user!.role) && mayActAsLead(req.user!, work.inspection.leadInspectorId);

export const base = (id: string) => `/workspace/inspections/${id}`;

export function workspaceCrumbs(work?: InspectionWork) {
  const crumbs = [{ text: 'Workspace', href: '/workspace' }];
  if (work) crumbs.push({ text: `${work.service.name} (${work.inspection.ref})`, href: base(work.inspection.id) });
  return crumbs;
}

/** Reads the version a form was rendered at; a missing or bad one can only conflict. */
export function versionOf(body: Record<string, unknown>): number {
  const v = Number(body.version);
  return Number.isInteger(v) && v >= 0 ? v : -1;
}
