import type { FastifyInstance, FastifyRequest } from 'fastify';
import { mayActAsLead } from '../../domain/lifecycle.ts';
import { INSPECTORATE_ROLES, type Role } from '../../domain/roles.ts';
import { type Actor } from '../../store/audit.ts';
import type { InspectionWork } from '../../services/workflow.ts';

export { SERVICE_VISIBLE, type InspectionWork } from '../../services/workflow.ts';

export const INSPECTORS: readonly Role[] = ['inspector', 'lead_inspector'];
export const INSPECTORATE: readonly Role[] = INSPECTORATE_ROLES;
export const LEADS: readonly Role[] = ['lead_inspector', 'admin'];

export const actorOf = (req: FastifyRequest): Actor => ({
  id: req.user!.id,
  name: req.user!.name,
  role: req.user!.role,
});

/**
 * A change (not a read) to the inspection. A lead inspector changes only the inspections they
 * lead, whatever the route: their own steps, and the evidence and report any inspector may add.
 * Every change on an inspection passes through `work`, so a new route is covered without anyone
 * remembering to add a check to it.
 */
const isChange = (req: FastifyRequest) => req.method !== 'GET' && req.method !== 'HEAD';

const opened = new WeakMap<FastifyRequest, InspectionWork>();

/**
 * Opens the inspection a route's `:id` names before the request's body or query is read, right
 * after authorisation: the workflow service decides what this person may see and change, and its
 * NotFound and Forbidden errors are answered by the page error handler. So a refused request never
 * learns what a form would say, and a form shown again with its errors has its inspection at hand.
 * Call it first in a route plugin whose routes all act on one inspection (or none).
 */
export function openInspectionFirst(app: FastifyInstance) {
  app.addHook('preValidation', async (req, reply) => {
    const id = (req.params as { id?: unknown } | undefined)?.id;
    if (reply.sent || typeof id !== 'string' || !req.user) return;
    opened.set(req, await app.services.workflow.open(req.user, id, isChange(req)));
  });
}

/** The inspection a workspace request is about, for the person asking (opened once per request). */
export async function work(app: FastifyInstance, req: FastifyRequest, id: string): Promise<InspectionWork> {
  const w = opened.get(req);
  if (w && w.inspection.id === id) return w;
  const fresh = await app.services.workflow.open(req.user!, id, isChange(req));
  opened.set(req, fresh);
  return fresh;
}

/** Whether this person may add to the inspection's evidence and report: an inspector, or its own lead. */
export const mayAddEvidence = (req: FastifyRequest, w: InspectionWork) =>
  INSPECTORS.includes(req.user!.role) && mayActAsLead(req.user!, w.inspection.leadInspectorId);

export const base = (id: string) => `/workspace/inspections/${id}`;

export function workspaceCrumbs(w?: InspectionWork) {
  const crumbs = [{ text: 'Workspace', href: '/workspace' }];
  if (w) crumbs.push({ text: `${w.service.name} (${w.inspection.ref})`, href: base(w.inspection.id) });
  return crumbs;
}
