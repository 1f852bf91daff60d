/** Reads for exports: large lists in pages by keyset, so no export holds a whole portfolio in memory. */
import { sql } from 'kysely';
import { seenBy } from './clauses.ts';
import type { Db } from './schema.ts';

export interface PlacementExportFilter {
  tenderId?: string | undefined;
  clauseId?: string | undefined;
  supplierOrgId?: string | undefined;
  state?: string | undefined;
  targetGroup?: string | undefined;
}

/** Where a page starts: after this (clause, placement). */
export type PageAfter = { clauseId: string; id: string } | null;

/**
 * One page of the placements an organisation may see (as the clause's buyer
 * or its awarded supplier), with their clause, tender and supplier. No
 * attestation reference: an export names participants by their pseudonymous
 * reference only.
 */
export async function placementExportPage(db: Db, orgId: string, filter: PlacementExportFilter, after: PageAfter, limit: number) {
  let query = db
    .selectFrom('placements as p')
    .innerJoin('clauses as c', 'c.id', 'p.clause_id')
    .innerJoin('tenders as t', 't.id', 'c.tender_id')
    .leftJoin('organisations as s', 's.id', 'c.contractor_org_id')
    .leftJoin('organisations as sub', 'sub.id', 'p.subcontractor_org_id')
    .select([
      'p.id',
      'c.id as clauseId',
      't.reference as tenderReference',
      's.name as supplier',
      'p.participant_ref as participantRef',
      'p.target_group as targetGroup',
      sql<string>`p.attestation->>'issuer'`.as('attestationIssuer'),
      sql<string>`p.attestation->>'date'`.as('attestationDate'),
      'p.role',
      'p.site',
      'p.start_date as startDate',
      'p.planned_end_date as plannedEndDate',
      'p.end_date as endDate',
      'p.ended_as as endedAs',
      'p.end_reason_code as endReasonCode',
      'p.outcome',
      'p.fte',
      'p.hours_per_week as hoursPerWeek',
      'p.state',
      // The subcontractor that registered it (issue 22); empty for the supplier's own.
      'sub.name as subcontractor',
    ])
    .where(seenBy(orgId));
  if (filter.tenderId) query = query.where('c.tender_id', '=', filter.tenderId);
  if (filter.clauseId) query = query.where('c.id', '=', filter.clauseId);
  if (filter.supplierOrgId) query = query.where('c.contractor_org_id', '=', filter.supplierOrgId);
  if (filter.state) query = query.where('p.state', '=', filter.state);
  if (filter.targetGroup) query = query.where('p.target_group', '=', filter.targetGroup);
  if (after) query = query.where(sql<boolean>`(p.clause_id, p.id) > (${after.clauseId}, ${after.id})`);
  return query.orderBy('p.clause_id').orderBy('p.id').limit(limit).execute();
}

/** The reference and title of each of these tenders, by id. */
export async function tenderNames(db: Db, ids: string[]): Promise<Map<string, { reference: string; title: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('tenders')
    .select(['id', 'reference', 'title'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((t) => [t.id, { reference: t.reference, title: t.title }]));
}
