/**
 * The append-only history rows of clauses and their items, and the one write
 * every accepted event makes: the optimistic snapshot update, its history row,
 * its outbox row and (for clauses) the deadlines the new state needs, as a
 * single statement, atomic without a transaction of its own.
 */
import { CompiledQuery } from 'kysely';
import { PREPARED } from './prepared.ts';
import type { DesiredDeadline } from '../domain/deadlines.ts';
import { DISPATCHED_UNLESS_SUBSCRIBED, transitionNotice, type SubjectKind } from './outbox.ts';
import { json, type Db, type DeadlineRow, type HistoryItemKind } from './schema.ts';

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

/** A transition as its write records it: the history entry, and the organisations its outbox notice goes to. */
export interface TransitionEntry extends HistoryEntryOf {
  concerns: readonly string[];
}

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

/** Where an instance's history goes: the clause's own, or the item history with the item's id and kind. */
export type HistoryTarget = { table: 'clause_history' } | { table: 'item_history'; itemKind: HistoryItemKind };

/** How a transition changes a clause's deadlines: those to add (each with its id, so the statement can insert it) and the ids of those to cancel. */
export interface DeadlinesAfter {
  add: ReadonlyArray<DesiredDeadline & { id: string }>;
  cancelIds: readonly string[];
}

const SUBJECT_OF_TABLE = {
  clauses: 'clause',
  placements: 'placement',
  reports: 'report',
  openings: 'opening',
  proposals: 'proposal',
  offers: 'offer',
} as const;

/** Tables of persisted statechart instances. */
export type InstanceTable = keyof typeof SUBJECT_OF_TABLE;

/** Where instances of a kind are stored, and their history: a clause's own, or the item history under their kind. */
export function storageOf(subject: SubjectKind): { table: InstanceTable; history: HistoryTarget } {
  const table = (Object.keys(SUBJECT_OF_TABLE) as InstanceTable[]).find((t) => SUBJECT_OF_TABLE[t] === subject)!;
  return { table, history: subject === 'clause' ? { table: 'clause_history' } : { table: 'item_history', itemKind: subject } };
}

/** Bound parameters of a statement written out by hand: each call adds a value and returns its placeholder, cast when a type is given. */
export function parameters() {
  const values: unknown[] = [];
  const bind = (value: unknown, type?: string) => {
    values.push(value);
    return type ? `cast($${values.length} as ${type})` : `$${values.length}`;
  };
  return { values, bind };
}

/**
 * `UPDATE … WHERE id = $1 AND version = $2` and, only if it matched, in the
 * same statement (data-modifying CTEs): the history row with seq = the new
 * version, the outbox row, and the deadlines reconciled with the new state —
 * scheduled ones the state no longer has are cancelled (skipping any a poller
 * is firing right now: it finds the clause moved on), new ones inserted once
 * per key. Returns the new row with the deadline rows it changed, or undefined
 * when the row moved on since it was read.
 *
 * Every accepted event runs this statement, so it is written as SQL text
 * rather than built through the query builder each time; table and column
 * names come from our own code, never from input. Values are typed casts: in
 * INSERT … SELECT a bare parameter would arrive as text.
 */
export async function updateWithHistory<Row>(
  db: Db,
  table: InstanceTable,
  id: string,
  expectedVersion: number,
  change: Record<string, unknown>,
  target: HistoryTarget,
  entry: TransitionEntry,
  /** For a clause with a schedule: the deadlines its new state should have. */
  deadlines?: DeadlinesAfter,
  /** The columns to send back: all of them, or only those the caller cannot know (it composes the rest from what it read and wrote); the statement itself needs id (and clause_id of an item). */
  returning = '*',
): Promise<(Row & { deadline_changes: DeadlineRow[] }) | undefined> {
  const notice = transitionNotice(SUBJECT_OF_TABLE[table], id, entry, expectedVersion + 1);
  const { values, bind } = parameters();
  const at = bind(entry.at.toISOString(), 'timestamptz');
  const assignments = Object.entries({ ...change, version: expectedVersion + 1 }).map(([column, value]) => `"${column}" = ${bind(value)}`);
  const history = historyColumns(entry);
  const clauseId = table === 'clauses' ? 'u.id' : 'u.clause_id';
  const concerns = bind(entry.concerns, 'text[]');
  const recorded = {
    clause_id: clauseId,
    seq: 'u.version',
    ...(target.table === 'item_history' ? { item_id: 'u.id', item_kind: bind(target.itemKind, 'text') } : {}),
    type: bind(history.type, 'text'),
    payload: bind(history.payload, 'jsonb'),
    actor_user_id: bind(history.actor_user_id, 'text'),
    actor_role: bind(history.actor_role, 'text'),
    actor_org_id: bind(history.actor_org_id, 'text'),
    from_state: bind(history.from_state, 'text'),
    to_state: bind(history.to_state, 'text'),
    at,
    request_id: bind(history.request_id, 'text'),
  };
  const ctes = [
    `updated as (update ${table} set ${assignments.join(', ')} where id = ${bind(id)} and version = ${bind(expectedVersion)} returning ${returning})`,
    `recorded as (insert into ${target.table} (${Object.keys(recorded).join(', ')}) select ${Object.values(recorded).join(', ')} from updated u)`,
    `announced as (insert into outbox (clause_id, org_ids, type, payload, created_at, dispatched_at)
      select ${clauseId}, ${concerns}, ${bind(notice.type, 'text')}, jsonb_build_object('clauseId', ${clauseId}) || ${bind(json(notice.payload), 'jsonb')}, ${at},
             ${DISPATCHED_UNLESS_SUBSCRIBED(concerns, at)}
      from updated u where ${clauseId} is not null)`,
  ];
  // The clause's progress may have moved: the portfolio measures it again before it sums it. (Openings and
  // proposals do not move it; a proposal's ACCEPT bumps it with the placement it registers.) A programme's
  // own-workplace placement has no clause: no clause's notice or progress (migration 0019).
  if (table !== 'openings' && table !== 'proposals')
    ctes.push(`progressed as (insert into clause_progress (clause_id, changed_at) select ${clauseId}, ${at} from updated u where ${clauseId} is not null
    on conflict (clause_id) do update set generation = clause_progress.generation + 1, changed_at = excluded.changed_at)`);
  let select = 'select * from updated';
  if (deadlines) {
    // Only what changes is sent: the engine read the clause's deadlines with it, and the version check keeps that read current.
    // One the deadline worker holds (locked) or has fired since (no longer scheduled) is left to it. The status is checked
    // outside the locking subquery: there it would let the planner pick the index of every clause's scheduled deadlines
    // (the pollers' index) and scan all of them, instead of this clause's own.
    const changed: string[] = [];
    if (deadlines.cancelIds.length > 0) {
      ctes.push(`cancelled as (update deadlines set status = 'cancelled', resolved_at = ${at}, resolved_by = ${bind(entry.type, 'text')}
        where exists (select 1 from updated) and status = 'scheduled' and id in (
          select id from deadlines where clause_id = ${bind(id)} and id = any(${bind(deadlines.cancelIds, 'text[]')})
          for update skip locked)
        returning *)`);
      changed.push('select * from cancelled');
    }
    if (deadlines.add.length > 0) {
      const added = bind(json(deadlines.add.map((d) => ({ id: d.id, key: d.key, kind: d.kind, due_at: d.dueAt.toISOString(), event: d.event }))), 'jsonb');
      ctes.push(`scheduled as (insert into deadlines (id, clause_id, key, kind, due_at, event, status, scheduled_at)
        select d.id, updated.id, d.key, d.kind, d.due_at, d.event, 'scheduled', ${at}
        from updated cross join jsonb_to_recordset(${added}) as d(id text, key text, kind text, due_at timestamptz, event jsonb)
        on conflict (clause_id, key) do nothing returning *)`);
      changed.push('select * from scheduled');
    }
    select = `select *, (select coalesce(json_agg(changed), '[]') from (${changed.join(' union all ')}) changed) as deadline_changes from updated`;
  }
  const result = await db.executeQuery<Row & { deadline_changes?: Record<string, unknown>[] }>(
    CompiledQuery.raw(`${PREPARED}with ${ctes.join(',\n')}\n${select}`, values),
  );
  const row = result.rows[0];
  if (!row) return undefined;
  return { ...row, deadline_changes: (row.deadline_changes ?? []).map(deadlineFromJson) };
}

/** A deadline row as json_agg gives it: timestamps as text. */
export function deadlineFromJson(row: Record<string, unknown>): DeadlineRow {
  const time = (value: unknown) => (value === null ? null : new Date(value as string));
  return { ...(row as unknown as DeadlineRow), due_at: time(row.due_at)!, scheduled_at: time(row.scheduled_at)!, resolved_at: time(row.resolved_at) };
}
