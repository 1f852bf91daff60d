/**
 * The hash chains of the history tables (migration 0011): each row's `hash` is
 * sha256 over the previous row's hash of the same instance and the row's
 * canonical content, computed by a BEFORE INSERT trigger. Verification
 * recomputes every link with the same SQL functions (history_row_hash,
 * history_canonical), in one pass over each table. Personal values are not
 * in the canonical content but in each row's salted digest (migration 0016):
 * it must match while the row has its salt, and a row without one must be in
 * an instance an erasure names.
 */
import { sql } from 'kysely';
import type { Db } from './schema.ts';

/** What seq 1 of every instance chains from. */
export const CHAIN_GENESIS = '0'.repeat(64);

export type HistoryTableName = 'clause_history' | 'item_history';

export interface ChainBreak {
  table: HistoryTableName;
  /** clause, or the item's kind (placement, report, opening, proposal). */
  kind: string;
  instanceId: string;
  /** The row whose link is broken: a changed row, or the seq that is missing. */
  seq: number;
  problem: string;
}

export interface ChainReport {
  ok: boolean;
  /** History rows whose link was recomputed. */
  checkedRows: number;
  /** Broken links found (changed rows and gaps). */
  broken: number;
  /** The first broken link: clause_history before item_history, then by instance id (bytewise), then seq. */
  firstBroken: ChainBreak | null;
}

/**
 * Every link of both tables: a window over each instance's rows in seq order
 * gives each row its predecessor's seq and stored hash; the row's hash must be
 * what history_row_hash gives for that predecessor and the row's content.
 */
export async function verifyHistoryChains(db: Db): Promise<ChainReport> {
  const links = (table: HistoryTableName, id: string, kind: string) => sql`
    select ${sql.lit(table)}::text as tbl, ${sql.raw(kind)}::text as kind, h.${sql.raw(id)} as instance_id, h.seq, h.hash,
           lag(h.seq) over w as previous_seq,
           history_row_hash(lag(h.hash) over w, history_canonical(h)) as expected,
           case when h.personal_salt is not null then h.personal_digest = history_personal_digest(h.personal_salt, h.payload)
                else exists (select 1 from erasures e where e.instance_ids @> array[h.${sql.raw(id)}]) end as personal_ok
    from ${sql.table(table)} h
    window w as (partition by h.${sql.raw(id)} order by h.seq)`;
  const { rows } = await sql<{ checked_rows: number; broken: number; first_broken: (Omit<ChainBreak, 'instanceId'> & { instance_id: string }) | null }>`
    with links as materialized (
      ${links('clause_history', 'clause_id', `'clause'`)}
      union all
      ${links('item_history', 'item_id', 'h.item_kind')}
    ), checked as materialized (
      select tbl, kind, instance_id,
             case when seq <> coalesce(previous_seq, 0) + 1 then coalesce(previous_seq, 0) + 1 else seq end as seq,
             case
               when seq <> coalesce(previous_seq, 0) + 1
                 then 'missing: ' || case when previous_seq is null then 'history starts at seq ' || seq
                                          else 'seq ' || previous_seq || ' is followed by seq ' || seq end
               when hash is distinct from expected
                 then 'hash mismatch: the row, or the hash of the row before it, was changed'
               when not personal_ok
                 then 'personal data mismatch: a personal value (reference, note, reason, description, file name) was changed, or removed outside an erasure'
             end as problem
      from links
    )
    select (select count(*) from checked)::int as checked_rows,
           (select count(*) from checked where problem is not null)::int as broken,
           (select json_build_object('table', tbl, 'kind', kind, 'instance_id', instance_id, 'seq', seq, 'problem', problem)
              from checked where problem is not null order by tbl, instance_id collate "C", seq limit 1) as first_broken`.execute(db);
  const { checked_rows: checkedRows, broken, first_broken: first } = rows[0]!;
  const firstBroken = first && { table: first.table, kind: first.kind, instanceId: first.instance_id, seq: first.seq, problem: first.problem };
  return { ok: broken === 0, checkedRows, broken, firstBroken };
}
