import type { ExpressionBuilder } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { PlacementFacts, ReportFacts } from '../domain/measure.ts';
import { historyColumns, updateWithHistory, type HistoryEntry, type HistoryEntryOf } from './history.ts';
import { json, type ClauseRow, type Database, type Db, type HistoryRow, type NewClause } from './schema.ts';

export async function insertHistory(db: Db, entry: HistoryEntry): Promise<void> {
  await db.insertInto('clause_history').values({ clause_id: entry.clauseId, seq: entry.seq, ...historyColumns(entry) }).execute();
}

export async function insertClause(db: Db, clause: NewClause): Promise<ClauseRow> {
  return db.insertInto('clauses').values(clause).returningAll().executeTakeFirstOrThrow();
}

export async function findClause(db: Db, id: string): Promise<ClauseRow | undefined> {
  return db.selectFrom('clauses').selectAll().where('id', '=', id).executeTakeFirst();
}

/** What measurement reads of a clause's placements and reports: no snapshots, no participant data. */
export interface DeliveryFacts {
  placements: PlacementFacts[];
  reports: ReportFacts[];
}

export interface ClauseWithFacts {
  row: ClauseRow;
  facts: DeliveryFacts;
}

/** The clause's delivery facts as two JSON arrays, read in the same statement as the clause row. */
const deliveryFactsOf = (eb: ExpressionBuilder<Database, 'clauses'>) => [
  jsonArrayFrom(
    eb
      .selectFrom('placements')
      .select([
        'placements.target_group as targetGroup',
        'placements.state',
        'placements.ended_as as endedAs',
        'placements.start_date as startDate',
        'placements.planned_end_date as plannedEndDate',
        'placements.end_date as endDate',
        'placements.fte',
        'placements.hours_per_week as hoursPerWeek',
      ])
      .whereRef('placements.clause_id', '=', 'clauses.id'),
  ).as('facts_placements'),
  jsonArrayFrom(
    eb
      .selectFrom('reports')
      .select([
        'reports.state',
        'reports.total_labour_hours as totalLabourHours',
        'reports.local_labour_hours as localLabourHours',
        'reports.disadvantaged_labour_hours as disadvantagedLabourHours',
        'reports.apprentice_hours as apprenticeHours',
        'reports.training_hours as trainingHours',
      ])
      .whereRef('reports.clause_id', '=', 'clauses.id'),
  ).as('facts_reports'),
];

function splitFacts({ facts_placements, facts_reports, ...row }: ClauseRow & { facts_placements: unknown; facts_reports: unknown }): ClauseWithFacts {
  return { row, facts: { placements: facts_placements as PlacementFacts[], reports: facts_reports as ReportFacts[] } };
}

/** A clause with what its measurement needs, in one round trip. */
export async function findClauseWithFacts(db: Db, id: string): Promise<ClauseWithFacts | undefined> {
  const found = await db.selectFrom('clauses').selectAll('clauses').select(deliveryFactsOf).where('id', '=', id).executeTakeFirst();
  return found && splitFacts(found);
}

export interface ClauseTransition {
  snapshot: Record<string, unknown>;
  terms: { language: 'sv' | 'en'; params: Record<string, unknown>; text: string };
  state: string;
  topState: string;
  target: unknown;
  contract: unknown;
  contractorOrgId: string | null;
  updatedAt: Date;
}

/**
 * Optimistic write with its history row: succeeds only if nobody else moved
 * the clause since it was read at `expectedVersion`. Returns the new row, or
 * undefined when stale.
 */
export async function updateClauseIfVersion(
  db: Db,
  id: string,
  expectedVersion: number,
  change: ClauseTransition,
  entry: HistoryEntryOf,
): Promise<ClauseRow | undefined> {
  const set = {
    snapshot: json(change.snapshot),
    language: change.terms.language,
    params: json(change.terms.params),
    text: change.terms.text,
    state: change.state,
    top_state: change.topState,
    target: json(change.target),
    contract: json(change.contract),
    contractor_org_id: change.contractorOrgId,
    updated_at: change.updatedAt,
  };
  return updateWithHistory<ClauseRow>(db, 'clauses', id, expectedVersion, set, { table: 'clause_history' }, entry);
}

const visibleTo = (orgId: string) => (eb: ExpressionBuilder<Database, 'clauses'>) =>
  eb.or([eb('clauses.buyer_org_id', '=', orgId), eb('clauses.contractor_org_id', '=', orgId)]);

/** Ids of a tender's clauses that an organisation may see. */
export async function listVisibleClauseIds(db: Db, orgId: string, tenderId: string): Promise<string[]> {
  const rows = await db.selectFrom('clauses').select('id').where(visibleTo(orgId)).where('tender_id', '=', tenderId).orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** Clauses an organisation may see, as the buyer or as the awarded supplier, with their delivery facts. */
export async function listClausesVisibleTo(db: Db, orgId: string, filter: { tenderId?: string } = {}): Promise<ClauseWithFacts[]> {
  let query = db
    .selectFrom('clauses')
    .selectAll('clauses')
    .select(deliveryFactsOf)
    .where(visibleTo(orgId));
  if (filter.tenderId) query = query.where('tender_id', '=', filter.tenderId);
  return (await query.orderBy('created_at').orderBy('id').execute()).map(splitFacts);
}

export async function listHistory(db: Db, clauseId: string): Promise<HistoryRow[]> {
  return db.selectFrom('clause_history').selectAll().where('clause_id', '=', clauseId).orderBy('seq').execute();
}

export async function listClauseIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('clauses').select('id').orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => r.id);
}
