/**
 * The append-only history rows of clauses and their items, and the one write
 * every accepted event makes: the optimistic snapshot update, its history row,
 * its outbox row and (for clauses) the deadlines the new state needs, as a
 * single statement, atomic without a transaction of its own.
 */
import { sql, type Kysely } from 'kysely';
import type { DesiredDeadline } from '../domain/deadlines.ts';
import { transitionNotice } from './outbox.ts';
import { json, type Db, type DeadlineRow } from './schema.ts';

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

/** The deadlines a clause should have after a transition; each gets its id here so the statement can insert it. */
export type DeadlinesAfter = ReadonlyArray<DesiredDeadline & { id: string }>;

const SUBJECT_OF_TABLE = { clauses: 'clause', placements: 'placement', reports: 'report' } as const;

/**
 * `UPDATE … WHERE id = $1 AND version = $2` and, only if it matched, in the
 * same statement (data-modifying CTEs): the history row with seq = the new
 * version, the outbox row, and the deadlines reconciled with the new state —
 * scheduled ones the state no longer has are cancelled (skipping any a poller
 * is firing right now: it finds the clause moved on), new ones inserted once
 * per key. Returns the new row with the deadline rows it changed, or undefined
 * when the row moved on since it was read. Values are typed casts: in
 * INSERT … SELECT a bare parameter would arrive as text.
 */
export async function updateWithHistory<Row>(
  db: Db,
  table: 'clauses' | 'placements' | 'reports',
  id: string,
  expectedVersion: number,
  change: Record<string, unknown>,
  target: HistoryTarget,
  entry: HistoryEntryOf,
  /** For a clause with a schedule: the deadlines its new state should have. */
  deadlines?: DeadlinesAfter,
): Promise<(Row & { deadline_changes: DeadlineRow[] }) | undefined> {
  const notice = transitionNotice(SUBJECT_OF_TABLE[table], id, entry, expectedVersion + 1);
  const values: Record<string, unknown> = {
    ...historyColumns(entry),
    at: entry.at.toISOString(),
    ...(target.table === 'item_history' ? { item_kind: target.itemKind } : {}),
  };
  // The tables differ in their columns; the statement's shape does not.
  const anyDb = db as unknown as Kysely<any>;
  let statement: any = anyDb
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
    .with('announced', (qb) =>
      qb
        .insertInto('outbox')
        .columns(['clause_id', 'org_ids', 'type', 'payload', 'created_at'])
        .expression((eb) => {
          // A clause's own new row names its parties (AWARD sets the supplier in this very statement); an item's come from its clause.
          const parties = table === 'clauses' ? eb.selectFrom('updated as c') : eb.selectFrom('updated').innerJoin('clauses as c', 'c.id', 'updated.clause_id');
          return parties.select([
            'c.id as clause_id',
            sql`array_remove(array[c.buyer_org_id, c.contractor_org_id], null)`.as('org_ids'),
            sql`cast(${notice.type} as text)`.as('type'),
            sql`jsonb_build_object('clauseId', c.id) || cast(${json(notice.payload)} as jsonb)`.as('payload'),
            sql`cast(${entry.at.toISOString()} as timestamptz)`.as('created_at'),
          ] as any);
        }),
    );
  if (deadlines) statement = withDeadlineReconciliation(statement, id, entry, deadlines);
  let query = statement.selectFrom('updated').selectAll();
  if (deadlines) {
    query = query.select(sql`(select coalesce(json_agg(changed), '[]') from (select * from cancelled union all select * from scheduled) changed)`.as('deadline_changes'));
  }
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  return { deadline_changes: [], ...row, ...(row.deadline_changes ? { deadline_changes: row.deadline_changes.map(deadlineFromJson) } : {}) };
}

/** The CTEs that cancel deadlines the new state no longer has and schedule the ones it adds. */
function withDeadlineReconciliation(qb: any, clauseId: string, entry: HistoryEntryOf, deadlines: DeadlinesAfter) {
  const desired = json(deadlines.map((d) => ({ id: d.id, key: d.key, kind: d.kind, due_at: d.dueAt.toISOString(), event: d.event })));
  const desiredRows = sql`jsonb_to_recordset(cast(${desired} as jsonb)) as d(id text, key text, kind text, due_at timestamptz, event jsonb)`;
  const at = entry.at.toISOString();
  return qb
    .with('cancelled', (q: Kysely<any>) =>
      q
        .updateTable('deadlines')
        .set({ status: 'cancelled', resolved_at: sql`cast(${at} as timestamptz)`, resolved_by: entry.type })
        .where(sql<boolean>`exists (select 1 from updated)`)
        .where('id', 'in', (sub: Kysely<any>) =>
          sub
            .selectFrom('deadlines')
            .select('id')
            .where('clause_id', '=', clauseId)
            .where('status', '=', 'scheduled')
            .where('key', 'not in', sql`(select d.key from ${desiredRows})`)
            .forUpdate()
            .skipLocked(),
        )
        .returningAll(),
    )
    .with('scheduled', (q: Kysely<any>) =>
      q
        .insertInto('deadlines')
        .columns(['id', 'clause_id', 'key', 'kind', 'due_at', 'event', 'status', 'scheduled_at'])
        .expression(
          sql`select d.id, updated.id, d.key, d.kind, d.due_at, d.event, 'scheduled', cast(${at} as timestamptz) from updated cross join ${desiredRows}`,
        )
        .onConflict((oc) => oc.columns(['clause_id', 'key']).doNothing())
        .returningAll(),
    );
}

/** A deadline row as json_agg gives it: timestamps as text. */
export function deadlineFromJson(row: Record<string, unknown>): DeadlineRow {
  const time = (value: unknown) => (value === null ? null : new Date(value as string));
  return { ...(row as unknown as DeadlineRow), due_at: time(row.due_at)!, scheduled_at: time(row.scheduled_at)!, resolved_at: time(row.resolved_at) };
}
