import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from './db.ts';
import { inspectionTeam, inspections, services, users } from './schema.ts';

/** Who is told at each handover, read inside the transaction of the event that tells them. */

/** An inspection with its service, as a notification names them. */
export async function inspectionForMail(tx: Tx | Db, inspectionId: string) {
  const [row] = await tx
    .select({
      id: inspections.id,
      ref: inspections.ref,
      title: inspections.title,
      status: inspections.status,
      leadInspectorId: inspections.leadInspectorId,
      serviceId: services.id,
      serviceName: services.name,
      serviceSlug: services.slug,
    })
    .from(inspections)
    .innerJoin(services, eq(services.id, inspections.serviceId))
    .where(eq(inspections.id, inspectionId));
  return row ?? null;
}

/** The active service-user accounts of a service (board members see the draft too, but do not answer it). */
export async function activeServiceUsers(tx: Tx | Db, serviceId: string) {
  return tx
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.serviceId, serviceId), eq(users.role, 'service_user'), eq(users.active, true)))
    .orderBy(users.email);
}

/** One active account, by id (the lead of an inspection). */
export async function activeUser(tx: Tx | Db, userId: string) {
  const [row] = await tx
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.active, true)));
  return row ?? null;
}

/** A service by its public slug, for the subscription pages. */
export async function serviceBySlug(db: Db, slug: string) {
  const [row] = await db
    .select({ id: services.id, slug: services.slug, name: services.name })
    .from(services)
    .where(eq(services.slug, slug));
  return row ?? null;
}

export async function serviceById(db: Db, id: string) {
  const [row] = await db
    .select({ id: services.id, slug: services.slug, name: services.name })
    .from(services)
    .where(eq(services.id, id));
  return row ?? null;
}

/** The inspection's lead and team, active accounts only, each once (the lead is never also a team row). */
export async function activeLeadAndTeam(tx: Tx | Db, inspectionId: string) {
  const leads = await tx
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .innerJoin(inspections, eq(inspections.leadInspectorId, users.id))
    .where(and(eq(inspections.id, inspectionId), eq(users.active, true)));
  const members = await tx
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .innerJoin(inspectionTeam, eq(inspectionTeam.userId, users.id))
    .where(and(eq(inspectionTeam.inspectionId, inspectionId), eq(users.active, true)));
  const seen = new Set<string>();
  return [...leads, ...members].filter((u) => !seen.has(u.id) && !!seen.add(u.id));
}
