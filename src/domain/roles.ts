/** Who can sign in, and what each role is for. Authorisation decisions use these names only. */
export const ROLES = ['inspector', 'lead_inspector', 'publisher', 'service_user', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  inspector: 'Inspector',
  lead_inspector: 'Lead inspector',
  publisher: 'Publisher (communications)',
  service_user: 'Service user',
  admin: 'Administrator',
};

/** Roles that work on inspections as part of the inspectorate (not the service being inspected). */
export const INSPECTORATE_ROLES: readonly Role[] = ['inspector', 'lead_inspector', 'publisher', 'admin'];
