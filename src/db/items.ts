/** Placements, period reports, their shared history and evidence files. */
import { sql, type Insertable } from 'kysely';
import { PLACEMENTS_AWAITING_VERIFICATION, REPORTS_AWAITING_ANSWER } from '../../workflows/states.ts';
import { updateWithHistory, type TransitionEntry } from './history.ts';
import {
  json,
  type ClauseRow,
  type Db,
  type EvidenceRow,
  type EvidenceTable,
  type ItemHistoryRow,
  type ItemKind,
  type PlacementRow,
  type ReportRow,
} from './schema.ts';

export async function findPlacement(db: Db, id: string): Promise<PlacementRow | undefined> {
  return db.selectFrom('placements').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listPlacements(db: Db, clauseId: string): Promise<Array<PlacementRow & { clause_id: string }>> {
  return db
    .selectFrom('placements')
    .selectAll()
    .where('clause_id', '=', clauseId)
    .$narrowType<{ clause_id: string }>()
    .orderBy('start_date')
    .orderBy('participant_ref')
    .execute();
}

/** Participant references already registered under the clause, among those given. */
export async function existingParticipantRefs(db: Db, clauseId: string, refs: string[]): Promise<string[]> {
  if (refs.length === 0) return [];
  // One array parameter, not one parameter per reference: an import of 65,535 rows or more would pass PostgreSQL's limit of bound parameters.
  const rows = await db
    .selectFrom('placements')
    .select('participant_ref')
    .where('clause_id', '=', clauseId)
    .where(sql<boolean>`participant_ref = any(${refs}::text[])`)
    .execute();
  return rows.map((r) => r.participant_ref);
}

export async function findReport(db: Db, id: string): Promise<ReportRow | undefined> {
  return db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listReports(db: Db, clauseId: string): Promise<ReportRow[]> {
  return db.selectFrom('reports').selectAll().where('clause_id', '=', clauseId).orderBy('period_start').execute();
}

/** A report of the clause, by the same organisation (a subcontractor, or null: the contractor), whose period shares a day with the given one. */
export async function findOverlappingReport(
  db: Db,
  clauseId: string,
  periodStart: string,
  periodEnd: string,
  subcontractorOrgId: string | null = null,
): Promise<ReportRow | undefined> {
  return db
    .selectFrom('reports')
    .selectAll()
    .where('clause_id', '=', clauseId)
    .where((eb) => (subcontractorOrgId === null ? eb('subcontractor_org_id', 'is', null) : eb('subcontractor_org_id', '=', subcontractorOrgId)))
    .where('period_start', '<=', periodEnd)
    .where('period_end', '>=', periodStart)
    .executeTakeFirst();
}

/**
 * Takes the clause's row lock for the rest of the transaction, so that checks
 * across its items (overlapping periods) and its state cannot race.
 */
export async function lockClause(
  db: Db,
  clauseId: string,
): Promise<Pick<ClauseRow, 'state' | 'top_state' | 'buyer_org_id' | 'contractor_org_id' | 'matching_body_org_id'> | undefined> {
  // NO KEY UPDATE: it serialises with the clause's own writes and other lockers, not with rows that merely reference the clause.
  return db
    .selectFrom('clauses')
    .select(['state', 'top_state', 'buyer_org_id', 'contractor_org_id', 'matching_body_org_id'])
    .where('id', '=', clauseId)
    .forNoKeyUpdate()
    .executeTakeFirst();
}

type WorkflowColumns = Pick<PlacementRow, 'snapshot' | 'state' | 'updated_at'>;

/** Optimistic write of a placement with its history row; undefined when it moved on since it was read. */
export async function updatePlacementIfVersion(
  db: Db,
  id: string,
  expectedVersion: number,
  change: WorkflowColumns & Pick<PlacementRow, 'end_date' | 'ended_as' | 'end_reason_code' | 'outcome'>,
  entry: TransitionEntry,
): Promise<PlacementRow | undefined> {
  const set = { ...change, snapshot: json(change.snapshot) };
  return updateWithHistory<PlacementRow>(db, 'placements', id, expectedVersion, set, { table: 'item_history', itemKind: 'placement' }, entry);
}

/** Optimistic write of a period report with its history row; undefined when it moved on since it was read. */
export async function updateReportIfVersion(
  db: Db,
  id: string,
  expectedVersion: number,
  change: WorkflowColumns & Pick<ReportRow, 'total_labour_hours' | 'local_labour_hours' | 'disadvantaged_labour_hours' | 'apprentice_hours' | 'training_hours'>,
  entry: TransitionEntry,
): Promise<ReportRow | undefined> {
  const set = { ...change, snapshot: json(change.snapshot) };
  return updateWithHistory<ReportRow>(db, 'reports', id, expectedVersion, set, { table: 'item_history', itemKind: 'report' }, entry);
}

export async function listItemHistory(db: Db, itemId: string): Promise<ItemHistoryRow[]> {
  return db.selectFrom('item_history').selectAll().where('item_id', '=', itemId).orderBy('seq').execute();
}

export async function listItemIds(db: Db, kind: ItemKind): Promise<string[]> {
  const rows = await db
    .selectFrom(kind === 'placement' ? 'placements' : 'reports')
    .select('id')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function insertEvidence(db: Db, row: Insertable<EvidenceTable>): Promise<void> {
  await db.insertInto('evidence').values(row).execute();
}

/** An evidence file without its content, with the organisation of the user who uploaded it. */
export type EvidenceMeta = Omit<EvidenceRow, 'content'> & { uploader_org_id: string };

const evidenceMeta = (db: Db) =>
  db
    .selectFrom('evidence')
    .innerJoin('users', 'users.id', 'evidence.uploaded_by')
    .select([
      'evidence.id',
      'evidence.item_kind',
      'evidence.item_id',
      'evidence.clause_id',
      'evidence.file_name',
      'evidence.media_type',
      'evidence.size_bytes',
      'evidence.sha256',
      'evidence.description',
      'evidence.uploaded_by',
      'evidence.uploaded_at',
      'users.org_id as uploader_org_id',
    ]);

export async function listEvidence(db: Db, itemId: string): Promise<EvidenceMeta[]> {
  return evidenceMeta(db).where('evidence.item_id', '=', itemId).orderBy('evidence.uploaded_at').orderBy('evidence.id').execute();
}

/** Every file under a clause's placements and reports, oldest first: one read for a clause's page. */
export async function listClauseEvidence(db: Db, clauseId: string): Promise<EvidenceMeta[]> {
  return evidenceMeta(db).where('evidence.clause_id', '=', clauseId).orderBy('evidence.uploaded_at').orderBy('evidence.id').execute();
}

export async function findEvidence(db: Db, id: string): Promise<EvidenceMeta | undefined> {
  return evidenceMeta(db).where('evidence.id', '=', id).executeTakeFirst();
}

export async function evidenceContent(db: Db, id: string): Promise<Uint8Array> {
  const row = await db.selectFrom('evidence').select('content').where('id', '=', id).executeTakeFirstOrThrow();
  return row.content;
}

/** What awaits a buyer's auditor, oldest first: ended placements to verify and reports to answer, of the buyer's clauses. */
export async function reviewQueue(
  db: Db,
  buyerOrgId: string,
): Promise<Array<{ kind: ItemKind; id: string; clause_id: string; state: string; label: string; waiting_since: Date }>> {
  const placements = db
    .selectFrom('placements as i')
    .innerJoin('clauses as c', 'c.id', 'i.clause_id')
    .select([sql<ItemKind>`'placement'`.as('kind'), 'i.id', 'c.id as clause_id', 'i.state', 'i.participant_ref as label', 'i.updated_at as waiting_since'])
    .where('c.buyer_org_id', '=', buyerOrgId)
    .where('i.state', 'in', PLACEMENTS_AWAITING_VERIFICATION);
  const reports = db
    .selectFrom('reports as i')
    .innerJoin('clauses as c', 'c.id', 'i.clause_id')
    .select([
      sql<ItemKind>`'report'`.as('kind'),
      'i.id',
      'i.clause_id',
      'i.state',
      sql<string>`i.period_start || ' – ' || i.period_end`.as('label'),
      'i.updated_at as waiting_since',
    ])
    .where('c.buyer_org_id', '=', buyerOrgId)
    .where('i.state', 'in', REPORTS_AWAITING_ANSWER);
  return placements.unionAll(reports).orderBy('waiting_since').orderBy('id').execute();
}
