/**
 * The facts a clause's page names beside the clause itself: the tender it
 * belongs to (reference and title) and the organisations it binds, by name:
 * the buyer, the supplier awarded the contract and the matching body. Read
 * for whoever may see the clause; nothing here is written.
 */
import { findOrganisation } from '../db/organisations.ts';
import { findTender } from '../db/tenders.ts';
import type { Actor } from '../domain/roles.ts';
import { loadVisibleClause } from './clauses.ts';
import type { EngineDeps } from './deps.ts';

export interface ClauseFacts {
  tender: { id: string; reference: string; title: string; reserved?: boolean };
  buyer: { id: string; name: string };
  /** The supplier awarded the contract; null before award. */
  supplier: { id: string; name: string } | null;
  /** The matching body named at award; null when none was. */
  matchingBody: { id: string; name: string } | null;
}

export async function getClauseFacts(deps: EngineDeps, actor: Actor, clauseId: string): Promise<ClauseFacts> {
  const row = await loadVisibleClause(deps.db, actor, clauseId);
  const named = async (id: string | null | undefined) => {
    const org = id ? await findOrganisation(deps.db, id) : undefined;
    return org ? { id: org.id, name: org.name } : null;
  };
  const [tender, buyer, supplier, matchingBody] = await Promise.all([
    findTender(deps.db, row.tender_id),
    named(row.buyer_org_id),
    named(row.contractor_org_id),
    named(row.matching_body_org_id),
  ]);
  return {
    tender: { id: row.tender_id, reference: tender?.reference ?? '', title: tender?.title ?? '', reserved: tender?.reserved ?? false },
    buyer: buyer ?? { id: row.buyer_org_id, name: '' },
    supplier,
    matchingBody,
  };
}
