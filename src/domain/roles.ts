/** Roles a user holds, and which organisation kinds may hold them. */
export const ROLES = ['officer', 'contractor', 'auditor', 'admin', 'matcher'] as const;
export type Role = (typeof ROLES)[number];

/** The engine's own actor, for events it sends itself (deadlines). */
export type ActorRole = Role | 'system';

export const ORG_KINDS = ['buyer', 'supplier', 'matching_body'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const ROLES_BY_ORG_KIND: Record<OrgKind, readonly Role[]> = {
  buyer: ['officer', 'auditor', 'admin'],
  supplier: ['contractor', 'admin'],
  matching_body: ['matcher', 'admin'],
};

export interface Actor {
  userId: string;
  userName: string;
  role: ActorRole;
  orgId: string;
  orgKind: OrgKind;
}

/**
 * The engine itself, sending the events of deadlines that pass. No API key
 * maps to it; its history rows name no user and no organisation.
 */
export const SYSTEM_ACTOR: Actor = { userId: '', userName: 'Klausul', role: 'system', orgId: '', orgKind: 'buyer' };

export const isSystem = (actor: Actor): boolean => actor.role === 'system';
