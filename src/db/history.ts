/**
 * The append-only history rows of clauses and their items, and the one write
 * every accepted event makes: the optimistic snapshot update and its history
 * row as a single statement, atomic without a transaction of its own.
 */
import { sql, type Kysely } from 'kysely';
import { json, type Db } from './schema.ts';

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

/** Where an instance's history goes: the clause's own, or the item history with the item's id and kind. */
export type HistoryTarget = { table: 'clause_history' } | { table: 'item_history'; itemKind: 'placement' | 'report' };

/**
 * `UPDATE … WHERE id = $1 AND version = $2` and, only if it matched, the
 * history row with seq = the new version, in one statement (data-modifying
 * CTEs). Returns the new row, or undefined when the row moved on since it was
 * read. The history values are typed casts: in INSERT … SELECT a bare
 * parameter would arrive as text.
 */
export async function updateWithHistory<Row>(
  db: Db,
  table: 'clauses' | 'placements' | 'reports',
  id: string,
  expectedVersion: number,
  change: Record<string, unknown>,
  target: HistoryTarget,
  entry: Omit<HistoryEntry, 'clauseId' | 'seq'>,
): Promise<Row | undefined> {
  const columns = historyColumns({ ...entry, clauseId: '', seq: 0 });
  const typed = {
    type: sql`cast(${columns.type} as text)`,
    payload: sql`cast(${columns.payload} as jsonb)`,
    actor_user_id: sql`cast(${columns.actor_user_id} as text)`,
    actor_role: sql`cast(${columns.actor_role} as text)`,
    actor_org_id: sql`cast(${columns.actor_org_id} as text)`,
    from_state: sql`cast(${columns.from_state} as text)`,
    to_state: sql`cast(${columns.to_state} as text)`,
    at: sql`cast(${columns.at.toISOString()} as timestamptz)`,
    request_id: sql`cast(${columns.request_id} as text)`,
    ...(target.table === 'item_history' ? { item_kind: sql`cast(${target.itemKind} as text)` } : {}),
  };
  // The tables differ in their columns; the statement's shape does not.
  const anyDb = db as unknown as Kysely<any>;
  const row = await anyDb
    .with('updated', (qb) =>
      qb.updateTable(table).set({ ...change, version: expectedVersion + 1 }).where('id', '=', id).where('version', '=', expectedVersion).returningAll(),
    )
    .with('recorded', (qb) =>
      qb
        .insertInto(target.table)
        .columns(['clause_id', 'seq', ...(target.table === 'item_history' ? ['item_id'] : []), ...Object.keys(typed)])
        .expression((eb) =>
          eb
            .selectFrom('updated')
            .select([
              table === 'clauses' ? 'updated.id as clause_id' : 'updated.clause_id as clause_id',
              'updated.version as seq',
              ...(target.table === 'item_history' ? ['updated.id as item_id'] : []),
              ...Object.entries(typed).map(([name, value]) => value.as(name)),
            ] as any),
        ),
    )
    .selectFrom('updated')
    .selectAll()
    .executeTakeFirst();
  return row as Row | undefined;
}
