/**
 * Tamper-evident history (issue 9): every clause_history and item_history row
 * carries `hash`, sha256 over the previous row's hash of the same instance
 * (64 zeros before seq 1) and the row's canonical content. A BEFORE INSERT
 * trigger computes it, so every path that writes history (the one-statement
 * event write, single inserts, bulk imports) gets it without code of its own;
 * a row whose predecessor is missing is refused. `klausul verify` recomputes
 * the chains with the same SQL functions (src/db/history-chain.ts).
 *
 * Canonical content, as history_canonical() renders it: the table's name, then
 * every column but `hash` in a fixed order, each as quote_nullable(text) gives
 * it ('…' with quotes doubled, E'…' with backslashes doubled when there are
 * any, NULL unquoted), joined by commas: self-delimiting, so no value can
 * imitate a separator, and null differs from ''. `payload` is its jsonb text
 * (canonical: keys sorted, fixed spacing), `at` UTC with microseconds
 * (2026-03-01T08:00:00.000000Z), whatever the session's time zone.
 * hash = hex(sha256(utf8(previous hash + ',' + canonical content))).
 *
 * A column added to a history table later is not covered until a migration
 * adds it here (and re-hashes, or versions the form); a test pins the columns.
 *
 * The migration also hashes the rows that exist (in seq order per instance,
 * with the append-only trigger held off inside this transaction), and refuses
 * TRUNCATE, which the row-level append-only triggers do not see.
 */
import { sql, type Kysely } from 'kysely';

/** A field of the canonical content: each value is rendered once (quote_nullable), which keeps the trigger cheap. */
const field = (expression: string) => `',' || quote_nullable(${expression})`;

const AT = `to_char(h.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const COMMON = ['h.type', 'h.payload::text', 'h.actor_user_id', 'h.actor_role', 'h.actor_org_id', 'h.from_state', 'h.to_state', AT, 'h.request_id'];

/** The canonical columns of this migration's form (0016 changes the payload's and adds one). */
export const CANONICAL = {
  clause_history: ['h.clause_id', 'h.seq::text', ...COMMON],
  item_history: ['h.item_id', 'h.seq::text', 'h.item_kind', 'h.clause_id', ...COMMON],
} as const;

/** How each table finds an instance's previous row. */
const INSTANCE = { clause_history: 'clause_id', item_history: 'item_id' } as const;
export const APPEND_ONLY = { clause_history: 'clause_history_no_update_delete', item_history: 'item_history_no_update_delete' } as const;

export type HistoryTable = keyof typeof CANONICAL;
export const TABLES = Object.keys(CANONICAL) as HistoryTable[];

/** history_canonical() of a table: its name, then the given column expressions of row `h`, each quoted (see above). */
export async function defineCanonical(db: Kysely<any>, table: HistoryTable, columns: readonly string[]): Promise<void> {
  await sql
    .raw(`
      create or replace function history_canonical(h ${table}) returns text language sql stable parallel safe as $$
        select '${table}' || ${columns.map(field).join(' || ')}
      $$`)
    .execute(db);
}

/**
 * Hashes every row of a table anew, in seq order per instance, each from the one before it (after a gap, from
 * the last row there is: verify reports the gap), with the append-only trigger held off inside this transaction.
 */
export async function rehash(db: Kysely<any>, table: HistoryTable): Promise<void> {
  const id = INSTANCE[table];
  await sql.raw(`alter table ${table} disable trigger ${APPEND_ONLY[table]}`).execute(db);
  await sql
    .raw(`
      with recursive chain as (
        select h.${id} as id, h.seq, history_row_hash(null, history_canonical(h)) as hash
        from ${table} h
        where h.seq = (select min(f.seq) from ${table} f where f.${id} = h.${id})
        union all
        select (n.h).${id}, (n.h).seq, history_row_hash(c.hash, history_canonical(n.h))
        from chain c cross join lateral (
          select h from ${table} h where h.${id} = c.id and h.seq > c.seq order by h.seq limit 1
        ) n
      )
      update ${table} t set hash = chain.hash from chain where t.${id} = chain.id and t.seq = chain.seq`)
    .execute(db);
  await sql.raw(`alter table ${table} enable trigger ${APPEND_ONLY[table]}`).execute(db);
}

/** The BEFORE INSERT trigger function that chains a new row; `prepare` are statements run first (they may set columns of `new`). */
export async function defineChainTrigger(db: Kysely<any>, table: HistoryTable, prepare = ''): Promise<void> {
  const id = INSTANCE[table];
  await sql
    .raw(`
      create or replace function ${table}_chain() returns trigger language plpgsql as $$
      declare
        previous text;
      begin${prepare}
        if new.seq <> 1 then
          select hash into previous from ${table} where ${id} = new.${id} and seq = new.seq - 1;
          if previous is null then
            raise exception '% row % of % cannot be chained: it has no row %', tg_table_name, new.seq, new.${id}, new.seq - 1
              using errcode = 'foreign_key_violation';
          end if;
        end if;
        new.hash := history_row_hash(previous, history_canonical(new::${table}));
        return new;
      end $$`)
    .execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function history_row_hash(previous text, canonical text) returns text language sql stable parallel safe as $$
      select encode(sha256(convert_to(coalesce(previous, repeat('0', 64)) || ',' || canonical, 'UTF8')), 'hex')
    $$`.execute(db);
  await sql`comment on function history_row_hash(text, text) is
    'sha256 (hex) of a history row: over the previous row''s hash (null: the genesis, 64 zeros) and the row''s history_canonical()'`.execute(db);

  for (const table of TABLES) {
    await sql`alter table ${sql.table(table)} add column hash text`.execute(db);
    await defineCanonical(db, table, CANONICAL[table]);
    // Rows from before this migration.
    await rehash(db, table);
    await sql.raw(`alter table ${table} alter column hash set not null`).execute(db);

    // Named to fire after any other BEFORE INSERT trigger (they fire in name order), so it hashes the row as stored.
    await defineChainTrigger(db, table);
    await sql.raw(`create trigger zz_${table}_chain before insert on ${table} for each row execute function ${table}_chain()`).execute(db);
    await sql
      .raw(`create trigger ${table}_no_truncate before truncate on ${table} for each statement execute function clause_history_append_only()`)
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    await sql.raw(`drop trigger ${table}_no_truncate on ${table}`).execute(db);
    await sql.raw(`drop trigger zz_${table}_chain on ${table}`).execute(db);
    await sql.raw(`drop function ${table}_chain()`).execute(db);
    await sql.raw(`drop function history_canonical(${table})`).execute(db);
    await sql.raw(`alter table ${table} drop column hash`).execute(db);
  }
  await sql`drop function history_row_hash(text, text)`.execute(db);
}
