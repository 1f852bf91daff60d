/**
 * The one write that creates statechart instances (clauses, placements,
 * reports, openings, proposals): their rows, their CREATE history rows, the
 * outbox notice of the creation and the clause's progress, in one statement
 * (data-modifying CTEs), atomic without a transaction of its own. Rows travel
 * as one JSON document that PostgreSQL unpacks into the table's row type: for
 * a 10,000-row import far cheaper than binding tens of thousands of parameters.
 */
import { CompiledQuery } from 'kysely';
import { historyColumns, parameters, storageOf, type HistoryEntryOf } from './history.ts';
import { DISPATCHED_UNLESS_SUBSCRIBED, type OutboxNotice, type SubjectKind } from './outbox.ts';
import type { MeasuredProgress } from './progress.ts';
import { json, type Db } from './schema.ts';

/** A CREATE history row: its instance, its clause, and the entry (seq 1). */
export interface CreationEntry extends HistoryEntryOf {
  instanceId: string;
  /** Null for an own-workplace placement (migration 0019). */
  clauseId: string | null;
}

export interface InstanceCreation {
  /** The kind of instance: its table and history follow from it. */
  subject: SubjectKind;
  /** Whole rows, JSON columns as values; every row has the same columns. */
  rows: ReadonlyArray<Record<string, unknown>>;
  entries: readonly CreationEntry[];
  /** The notice of the creation, once per request, to the organisations it concerns. */
  notice?: { clauseId: string; orgIds: readonly string[]; at: Date } & OutboxNotice;
  /**
   * The clause's progress: `bump` when new placements or reports may move it;
   * `measured` for a new clause, stored as measured in this very write.
   */
  progress?: { clauseId: string; at: Date } & ({ kind: 'bump' } | { kind: 'measured'; generation: number; rules: number; measured: MeasuredProgress });
}

const quoted = (columns: string[]) => columns.map((c) => `"${c}"`).join(', ');

/** `insert into <table> (<columns>) select <columns> from <the JSON array of rows>`. */
function insertRows(table: string, rows: ReadonlyArray<Record<string, unknown>>, bind: (value: unknown, type?: string) => string) {
  const columns = quoted(Object.keys(rows[0]!));
  return `insert into ${table} (${columns}) select ${columns} from jsonb_populate_recordset(null::${table}, ${bind(JSON.stringify(rows), 'jsonb')})`;
}

/** Writes the creation; the engine already holds every row it wrote (as values), so nothing is read back. */
export async function insertInstances(db: Db, creation: InstanceCreation): Promise<void> {
  if (creation.rows.length === 0) return;
  const { values, bind } = parameters();
  const { table, history: target } = storageOf(creation.subject);
  const history = creation.entries.map((entry) => ({
    clause_id: entry.clauseId,
    seq: 1,
    ...(target.table === 'item_history' ? { item_id: entry.instanceId, item_kind: target.itemKind } : {}),
    ...historyColumns(entry),
    payload: entry.payload,
  }));
  const ctes = [`recorded as (${insertRows(target.table, history, bind)})`];
  const { notice, progress } = creation;
  if (notice) {
    const orgs = bind(notice.orgIds, 'text[]');
    const at = bind(notice.at.toISOString(), 'timestamptz');
    ctes.push(`announced as (insert into outbox (clause_id, org_ids, type, payload, created_at, dispatched_at)
      values (${bind(notice.clauseId, 'text')}, ${orgs}, ${bind(notice.type, 'text')}, ${bind(json({ clauseId: notice.clauseId, ...notice.payload }), 'jsonb')}, ${at},
              ${DISPATCHED_UNLESS_SUBSCRIBED(orgs, at)}))`);
  }
  if (progress?.kind === 'bump') {
    const at = bind(progress.at.toISOString(), 'timestamptz');
    ctes.push(`progressed as (insert into clause_progress (clause_id, changed_at) values (${bind(progress.clauseId, 'text')}, ${at})
      on conflict (clause_id) do update set generation = clause_progress.generation + 1, changed_at = excluded.changed_at)`);
  } else if (progress?.kind === 'measured') {
    const { measured } = progress;
    const row = {
      clause_id: progress.clauseId,
      generation: progress.generation,
      computed_generation: progress.generation,
      changed_at: progress.at.toISOString(),
      computed_at: progress.at.toISOString(),
      measured_with: progress.rules,
      unit: measured.unit,
      target: measured.target,
      measured: measured.measured,
      overdue: measured.overdue,
      exposure_sek: measured.exposureSek,
    };
    ctes.push(`measured as (${insertRows('clause_progress', [row], bind)})`);
    const groups = Object.entries(measured.byTargetGroup).map(([target_group, value]) => ({ clause_id: progress.clauseId, target_group, measured: value }));
    if (groups.length > 0) ctes.push(`grouped as (${insertRows('clause_progress_groups', groups, bind)})`);
  }
  // The instances' rows are the statement itself; every data-modifying CTE before them runs whether or not it is read.
  await db.executeQuery(CompiledQuery.raw(`with ${ctes.join(',\n')}\n${insertRows(table, creation.rows, bind)}`, values));
}
