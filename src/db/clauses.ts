import { json, type ClauseRow, type Db, type HistoryRow, type NewClause } from './schema.ts';

export interface HistoryEntry {
  clauseId: string;
  seq: number;
  type: string;
  payload: Record<string, unknown>;
  actorUserId: string | null;
  actorRole: string;
  actorOrgId: string | null;
  fromState: string | null;
  toState: string;
  at: Date;
  requestId: string | null;
}

/** The columns every history row shares, clause or item. */
export function historyColumns(entry: HistoryEntry) {
  return {
    clause_id: entry.clauseId,
    seq: entry.seq,
    type: entry.type,
    payload: json(entry.payload),
    actor_user_id: entry.actorUserId,
    actor_role: entry.actorRole,
    actor_org_id: entry.actorOrgId,
    from_state: entry.fromState,
    to_state: entry.toState,
    at: entry.at,
    request_id: entry.requestId,
  };
}

export async function insertHistory(db: Db, entry: HistoryEntry): Promise<void> {
  await db.insertInto('clause_history').values(historyColumns(entry)).execute();
}

export async function insertClause(db: Db, clause: NewClause): Promise<ClauseRow> {
  return db.insertInto('clauses').values(clause).returningAll().executeTakeFirstOrThrow();
}

export async function findClause(db: Db, id: string): Promise<ClauseRow | undefined> {
  return db.selectFrom('clauses').selectAll().where('id', '=', id).executeTakeFirst();
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
 * Optimistic write: succeeds only if nobody else moved the clause since it was
 * read at `expectedVersion`. Returns the new row, or undefined when stale.
 */
export async function updateClauseIfVersion(
  db: Db,
  id: string,
  expectedVersion: number,
  change: ClauseTransition,
): Promise<ClauseRow | undefined> {
  return db
    .updateTable('clauses')
    .set({
      snapshot: json(change.snapshot),
      language: change.terms.language,
      params: json(change.terms.params),
      text: change.terms.text,
      state: change.state,
      top_state: change.topState,
      target: json(change.target),
      contract: json(change.contract),
      contractor_org_id: change.contractorOrgId,
      version: expectedVersion + 1,
      updated_at: change.updatedAt,
    })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst();
}

/** Clauses an organisation may see: as the buyer, or as the awarded supplier. */
export async function listClausesVisibleTo(db: Db, orgId: string, filter: { tenderId?: string } = {}): Promise<ClauseRow[]> {
  let query = db
    .selectFrom('clauses')
    .selectAll()
    .where((eb) => eb.or([eb('buyer_org_id', '=', orgId), eb('contractor_org_id', '=', orgId)]));
  if (filter.tenderId) query = query.where('tender_id', '=', filter.tenderId);
  return query.orderBy('created_at').orderBy('id').execute();
}

export async function listHistory(db: Db, clauseId: string): Promise<HistoryRow[]> {
  return db.selectFrom('clause_history').selectAll().where('clause_id', '=', clauseId).orderBy('seq').execute();
}

export async function listClauseIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('clauses').select('id').orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => r.id);
}
