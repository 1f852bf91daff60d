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

/** A history entry as an event produces it: the write adds where it belongs and its seq (the new version). */
export type HistoryEntryOf = Omit<HistoryEntry, 'clauseId' | 'seq'>;

/** The columns every history row shares, clause or item, but for where it belongs (clause_id, seq). */
export function historyColumns(entry: HistoryEntryOf) {
  return {
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

/** History columns that are not text, for the casts in INSERT … SELECT. */
const HISTORY_SQL_TYPES: Record<string, string> = { payload: 'jsonb', at: 'timestamptz' };

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
  entry: HistoryEntryOf,
): Promise<Row | undefined> {
  const values: Record<string, unknown> = {
    ...historyColumns(entry),
    at: entry.at.toISOString(),
    ...(target.table === 'item_history' ? { item_kind: target.itemKind } : {}),
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
        .columns(['clause_id', 'seq', ...(target.table === 'item_history' ? ['item_id'] : []), ...Object.keys(values)])
        .expression((eb) =>
          eb
            .selectFrom('updated')
            .select([
              table === 'clauses' ? 'updated.id as clause_id' : 'updated.clause_id as clause_id',
              'updated.version as seq',
              ...(target.table === 'item_history' ? ['updated.id as item_id'] : []),
              ...Object.entries(values).map(([name, value]) => sql`cast(${value} as ${sql.raw(HISTORY_SQL_TYPES[name] ?? 'text')})`.as(name)),
            ] as any),
        ),
    )
    .selectFrom('updated')
    .selectAll()
    .executeTakeFirst();
  return row as Row | undefined;
}
