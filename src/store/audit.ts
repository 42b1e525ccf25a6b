import type { SessionUser } from './auth-repo.ts';
import type { Db, Tx } from './db.ts';
import { auditEvents } from './schema.ts';

/** Who did something, as the audit trail records it. */
export type Actor = Pick<SessionUser, 'id' | 'name' | 'role'>;

/**
 * Appends one audit event (who, as what role, what, before and after). Called inside the
 * transaction of the change it records, so a change is never without its event; a trigger makes
 * the table append-only.
 */
export async function audit(
  tx: Tx | Db,
  actor: Actor | null,
  action: string,
  entityType: string,
  entityId: string | null,
  inspectionId: string | null,
  before: unknown,
  after: unknown,
): Promise<void> {
  await tx.insert(auditEvents).values({
    actorId: actor?.id ?? null,
    actorName: actor?.name ?? 'system',
    actorRole: actor?.role ?? 'system',
    action,
    entityType,
    entityId,
    inspectionId,
    before: before === undefined ? null : (JSON.parse(JSON.stringify(before)) as unknown),
    after: after === undefined ? null : (JSON.parse(JSON.stringify(after)) as unknown),
  });
}
