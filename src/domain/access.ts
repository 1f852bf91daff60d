/** Who may see a clause and who may act on it (DESIGN.md §3, §5). Pure rules. */
import type { Actor, Role } from './roles.ts';

export interface ClauseParties {
  buyerOrgId: string;
  contractorOrgId: string | null;
}

/** A clause is visible to its buyer's users and, once awarded, to the supplier's users. Anything else is "not found". */
export function canSeeClause(actor: Actor, clause: ClauseParties): boolean {
  return actor.orgId === clause.buyerOrgId || (clause.contractorOrgId !== null && actor.orgId === clause.contractorOrgId);
}

/** The organisation that holds a role on a clause: the buyer for officer and auditor, the awarded supplier for contractor. */
export function orgHoldingRole(role: Role, clause: ClauseParties): string | null {
  if (role === 'officer' || role === 'auditor') return clause.buyerOrgId;
  if (role === 'contractor') return clause.contractorOrgId;
  return null;
}

export function mayActAs(actor: Actor, role: Role, clause: ClauseParties): boolean {
  return actor.role === role && orgHoldingRole(role, clause) === actor.orgId;
}
