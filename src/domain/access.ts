/** Who may see a clause and who may act on it (README.md, The clause statechart). Pure rules. */
import { isSystem, type Actor, type ActorRole } from './roles.ts';

export interface ClauseParties {
  buyerOrgId: string;
  contractorOrgId: string | null;
  /** The matching body named at AWARD: its matchers see and act on the clause's openings and proposals, nothing else of it. */
  matchingBodyOrgId?: string | null;
  /**
   * For a placement or report a subcontractor registered (issue 22): that
   * subcontractor, whose contractors act on it as the clause's contractor does,
   * except for the prime's own events (primeOnly: APPROVE, RETURN).
   */
  subcontractorOrgId?: string | null;
}

/** A clause is visible to its buyer's users and, once awarded, to the supplier's users. Anything else is "not found". */
export function canSeeClause(actor: Actor, clause: ClauseParties): boolean {
  return isSystem(actor) || actor.orgId === clause.buyerOrgId || (clause.contractorOrgId !== null && actor.orgId === clause.contractorOrgId);
}

/** Openings and proposals are visible to those who see the clause and to the clause's matching body. */
export function canSeeMatching(actor: Actor, clause: ClauseParties): boolean {
  return canSeeClause(actor, clause) || (clause.matchingBodyOrgId != null && actor.orgId === clause.matchingBodyOrgId);
}

/**
 * The organisation that holds a role on a clause: the buyer for officer and
 * auditor, the awarded supplier for contractor, the named matching body for matcher.
 */
export function orgHoldingRole(role: ActorRole, clause: ClauseParties): string | null {
  if (role === 'officer' || role === 'auditor') return clause.buyerOrgId;
  if (role === 'contractor') return clause.contractorOrgId;
  if (role === 'matcher') return clause.matchingBodyOrgId ?? null;
  return null;
}

/** The system sends only the events its deadlines name, whoever would send them otherwise (CLOSE_DELIVERY at contract end). */
export function mayActAs(actor: Actor, role: ActorRole, clause: ClauseParties): boolean {
  if (isSystem(actor)) return true;
  if (actor.role !== role) return false;
  return (
    orgHoldingRole(role, clause) === actor.orgId || (role === 'contractor' && clause.subcontractorOrgId != null && clause.subcontractorOrgId === actor.orgId)
  );
}

/**
 * The organisations an event on the clause concerns (its notifications go to
 * them): its buyer and awarded supplier, and, for what the matching body takes
 * part in (openings, proposals, the placement an accepted proposal registers),
 * its matching body.
 */
export function organisationsConcerned(clause: ClauseParties, options: { matchingBody?: boolean } = {}): string[] {
  const orgs = [clause.buyerOrgId];
  if (clause.contractorOrgId !== null) orgs.push(clause.contractorOrgId);
  if (options.matchingBody && clause.matchingBodyOrgId) orgs.push(clause.matchingBodyOrgId);
  if (clause.subcontractorOrgId) orgs.push(clause.subcontractorOrgId);
  return orgs;
}

/** A tender is visible to its buyer's users and, through a clause awarded to it, to a supplier's. */
export const canSeeTender = (actor: Actor, buyerOrgId: string, visibleClauses: number): boolean => actor.orgId === buyerOrgId || visibleClauses > 0;
