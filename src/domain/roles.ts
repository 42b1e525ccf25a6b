/** Who can sign in, and what each role is for. Authorisation decisions use these names only. */
export const ROLES = ['inspector', 'lead_inspector', 'publisher', 'service_user', 'board_member', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  inspector: 'Inspector',
  lead_inspector: 'Lead inspector',
  publisher: 'Publisher (communications)',
  service_user: 'Service user',
  board_member: 'Management board member',
  admin: 'Administrator',
};

/** Roles that work on inspections as part of the inspectorate (not the service being inspected). */
export const INSPECTORATE_ROLES: readonly Role[] = ['inspector', 'lead_inspector', 'publisher', 'admin'];

/**
 * Roles that belong to the inspected service and are scoped to it (users.service_id): they see
 * only their own service's shared draft, action plan and board view. The service's staff write
 * (factual-accuracy comments, actions, progress); its management board reads, since it oversees
 * the plan rather than carrying it out, and its one write is agreeing a recommendation as met.
 */
export const SERVICE_ROLES: readonly Role[] = ['service_user', 'board_member'];
export const isServiceRole = (role: Role): boolean => SERVICE_ROLES.includes(role);
