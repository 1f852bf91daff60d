/**
 * What a clause's read costs must not grow with its placements (issue 24):
 *
 * - `clause_facts.mark`: a new value, from a sequence, with every statement
 *   that inserts, changes or deletes a clause's placements, reports or offers
 *   (the delivery facts its measurement reads, src/db/clauses.ts). A server
 *   keeps the facts it read last with their mark (src/engine/delivery-facts.ts)
 *   and reads them again only when the mark moved. A trigger rather than the
 *   engine's writes sets it, so that no write can leave a stale mark behind;
 *   a statement-level one with transition tables, so that an import of 10,000
 *   rows sets it once. A sequence rather than a counter: a rolled-back
 *   transaction's value is never given out again, so a mark read inside a
 *   transaction that then rolls back can never name other facts.
 * - the supervisors a clause's placements name (src/db/supervisors.ts) are
 *   found by an index of only the placements that name one, instead of every
 *   placement of the clause.
 */
import { sql, type Kysely } from 'kysely';

const FACT_TABLES = ['placements', 'reports', 'offers'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create sequence clause_facts_mark_seq`.execute(db);
  await db.schema
    .createTable('clause_facts')
    .addColumn('clause_id', 'text', (c) => c.primaryKey().references('clauses.id'))
    .addColumn('mark', 'bigint', (c) => c.notNull())
    .execute();
  await sql`create function clause_facts_marked() returns trigger language plpgsql as $$
    begin
      -- Each branch names only the transition table its operation has.
      if tg_op = 'DELETE' then
        insert into clause_facts (clause_id, mark)
          select clause_id, nextval('clause_facts_mark_seq') from (select distinct clause_id from old_rows where clause_id is not null) c
          on conflict (clause_id) do update set mark = excluded.mark;
      else
        insert into clause_facts (clause_id, mark)
          select clause_id, nextval('clause_facts_mark_seq') from (select distinct clause_id from new_rows where clause_id is not null) c
          on conflict (clause_id) do update set mark = excluded.mark;
      end if;
      return null;
    end $$`.execute(db);
  for (const table of FACT_TABLES) {
    // Transition tables allow one operation per trigger.
    await sql`create trigger ${sql.raw(`${table}_facts_inserted`)} after insert on ${sql.table(table)}
      referencing new table as new_rows for each statement execute function clause_facts_marked()`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_facts_updated`)} after update on ${sql.table(table)}
      referencing new table as new_rows for each statement execute function clause_facts_marked()`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_facts_deleted`)} after delete on ${sql.table(table)}
      referencing old table as old_rows for each statement execute function clause_facts_marked()`.execute(db);
  }
  // Clauses with facts already start marked.
  await sql`insert into clause_facts (clause_id, mark)
    select clause_id, nextval('clause_facts_mark_seq') from (
      select clause_id from placements where clause_id is not null union select clause_id from reports union select clause_id from offers) c`.execute(db);
  await db.schema
    .createIndex('placements_supervisor_idx')
    .on('placements')
    .columns(['clause_id', 'supervisor_id'])
    .where(sql.ref('supervisor_id'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('placements_supervisor_idx').execute();
  for (const table of FACT_TABLES) {
    for (const operation of ['inserted', 'updated', 'deleted'])
      await sql`drop trigger ${sql.raw(`${table}_facts_${operation}`)} on ${sql.table(table)}`.execute(db);
  }
  await sql`drop function clause_facts_marked()`.execute(db);
  await db.schema.dropTable('clause_facts').execute();
  await sql`drop sequence clause_facts_mark_seq`.execute(db);
}
