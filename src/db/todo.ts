/**
 * What waits for an organisation's answer on its start page (issue 19, item
 * 5), each with its clause's tender and parties so rows can be told apart: a
 * buyer's ended placements to verify and reports to review; a supplier's
 * queried reports and the proposals made to its openings.
 */
import { sql } from 'kysely';
import {
  PLACEMENTS_AWAITING_PRIME_APPROVAL,
  PLACEMENTS_AWAITING_VERIFICATION,
  REPORTS_AWAITING_PRIME_APPROVAL,
  PROPOSALS_AWAITING_DECISION,
  REPORTS_AWAITING_ANSWER,
  REPORTS_AWAITING_RESUBMISSION,
} from '../../workflows/states.ts';
import type { Db } from './schema.ts';

export type WaitingKind = 'placement' | 'report' | 'proposal';

/** A clause as the start page names it: its tender, its kind and its parties. */
export interface ClauseNaming {
  clauseId: string;
  tenderReference: string;
  tenderTitle: string;
  templateId: string;
  templateVersion: number;
  supplierName: string | null;
  buyerName: string;
}

export interface WaitingItem extends ClauseNaming {
  kind: WaitingKind;
  id: string;
  state: string;
  /** The participant's or candidate's reference, or the report's period. */
  label: string;
  /** A report's period (YYYY-MM-DD), so that a page can say it in its language; null for other items. */
  periodStart: string | null;
  periodEnd: string | null;
  waitingSince: Date;
  /** A proposal's opening, whose page answers it. */
  openingId: string | null;
  /** A subcontractor's placement or report waiting for the clause's contractor to approve it (issue 22). */
  awaitsApproval: boolean;
}

/** The clause, its tender and both parties, joined to an item table aliased `i` with a clause_id. */
const withClause = <Table extends 'placements' | 'reports'>(db: Db, table: Table) =>
  db
    .selectFrom(`${table} as i` as 'placements as i')
    .innerJoin('clauses as c', 'c.id', 'i.clause_id')
    .innerJoin('tenders as t', 't.id', 'c.tender_id')
    .innerJoin('organisations as b', 'b.id', 'c.buyer_org_id')
    .leftJoin('organisations as s', 's.id', 'c.contractor_org_id');

const CLAUSE_COLUMNS = [
  'i.id',
  'i.clause_id as clauseId',
  'i.state',
  'i.updated_at as waitingSince',
  't.reference as tenderReference',
  't.title as tenderTitle',
  'c.template_id as templateId',
  'c.template_version as templateVersion',
  's.name as supplierName',
  'b.name as buyerName',
] as const;
const NO_OPENING = sql<string | null>`cast(null as text)`.as('openingId');
const AWAITS_APPROVAL = (approval: boolean) => sql<boolean>`${sql.lit(approval)}`.as('awaitsApproval');
const PERIOD = [sql<string | null>`cast(i.period_start as text)`.as('periodStart'), sql<string | null>`cast(i.period_end as text)`.as('periodEnd')] as const;
const NO_PERIOD = [sql<string | null>`cast(null as text)`.as('periodStart'), sql<string | null>`cast(null as text)`.as('periodEnd')] as const;

export async function itemsWaitingFor(db: Db, side: 'buyer' | 'supplier', orgId: string): Promise<WaitingItem[]> {
  const period = sql<string>`i.period_start || ' – ' || i.period_end`;
  if (side === 'buyer') {
    const placements = withClause(db, 'placements')
      .select([sql<WaitingKind>`'placement'`.as('kind'), 'i.participant_ref as label', ...CLAUSE_COLUMNS, ...NO_PERIOD, NO_OPENING, AWAITS_APPROVAL(false)])
      .where('c.buyer_org_id', '=', orgId)
      .where('i.state', 'in', PLACEMENTS_AWAITING_VERIFICATION);
    const reports = withClause(db, 'reports')
      .select([sql<WaitingKind>`'report'`.as('kind'), period.as('label'), ...CLAUSE_COLUMNS, ...PERIOD, NO_OPENING, AWAITS_APPROVAL(false)])
      .where('c.buyer_org_id', '=', orgId)
      .where('i.state', 'in', REPORTS_AWAITING_ANSWER);
    return placements.unionAll(reports).orderBy('waitingSince').orderBy('id').execute() as Promise<WaitingItem[]>;
  }
  // A queried report waits for the resubmission of the organisation that submitted it, the contractor or a subcontractor (workflows/period-report.ts).
  const queried = withClause(db, 'reports')
    .select([sql<WaitingKind>`'report'`.as('kind'), period.as('label'), ...CLAUSE_COLUMNS, ...PERIOD, NO_OPENING, AWAITS_APPROVAL(false)])
    .where((eb) => eb.or([eb.and([eb('c.contractor_org_id', '=', orgId), eb('i.subcontractor_org_id', 'is', null)]), eb('i.subcontractor_org_id', '=', orgId)]))
    .where('i.state', 'in', REPORTS_AWAITING_RESUBMISSION);
  // A subcontractor's ended placement or report waits for the clause's contractor to approve it (issue 22).
  const placementApprovals = withClause(db, 'placements')
    .select([sql<WaitingKind>`'placement'`.as('kind'), 'i.participant_ref as label', ...CLAUSE_COLUMNS, ...NO_PERIOD, NO_OPENING, AWAITS_APPROVAL(true)])
    .where('c.contractor_org_id', '=', orgId)
    .where('i.state', 'in', PLACEMENTS_AWAITING_PRIME_APPROVAL);
  const reportApprovals = withClause(db, 'reports')
    .select([sql<WaitingKind>`'report'`.as('kind'), period.as('label'), ...CLAUSE_COLUMNS, ...PERIOD, NO_OPENING, AWAITS_APPROVAL(true)])
    .where('c.contractor_org_id', '=', orgId)
    .where('i.state', 'in', REPORTS_AWAITING_PRIME_APPROVAL);
  // A proposal waits for the supplier to accept or decline it (workflows/proposal.ts).
  const proposals = db
    .selectFrom('proposals as i')
    .innerJoin('openings as o', 'o.id', 'i.opening_id')
    .innerJoin('clauses as c', 'c.id', 'i.clause_id')
    .innerJoin('tenders as t', 't.id', 'c.tender_id')
    .innerJoin('organisations as b', 'b.id', 'c.buyer_org_id')
    .leftJoin('organisations as s', 's.id', 'c.contractor_org_id')
    .select([
      sql<WaitingKind>`'proposal'`.as('kind'),
      sql<string>`i.candidate_ref || ' · ' || o.role`.as('label'),
      ...CLAUSE_COLUMNS,
      ...NO_PERIOD,
      sql<string | null>`cast(o.id as text)`.as('openingId'),
      AWAITS_APPROVAL(false),
    ])
    .where('c.contractor_org_id', '=', orgId)
    .where('i.state', 'in', PROPOSALS_AWAITING_DECISION);
  return queried.unionAll(proposals).unionAll(placementApprovals).unionAll(reportApprovals).orderBy('waitingSince').orderBy('id').execute() as Promise<
    WaitingItem[]
  >;
}
