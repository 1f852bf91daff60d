/**
 * Offers of employment under a clause (issue 18): the employment clause's first
 * job is "started or offered" within its deadline, so an offer is recorded as
 * a persisted statechart of its own, its history in item_history.
 */
import { sql, type Kysely } from 'kysely';
import { workflowColumns } from './0002_delivery.ts';

const ISO_DATE = sql.raw(`'^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`);

/** The kinds of instance whose history item_history holds (the check migration 0009 last set). */
async function itemKinds(db: Kysely<any>, kinds: string[]): Promise<void> {
  const listed = sql.raw(kinds.map((kind) => `'${kind}'`).join(', '));
  await sql`alter table item_history drop constraint item_history_item_kind_check`.execute(db);
  await sql`alter table item_history add constraint item_history_item_kind_check check (item_kind in (${listed}))`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await itemKinds(db, ['placement', 'report', 'opening', 'proposal', 'offer']);
  await workflowColumns(
    db.schema
      .createTable('offers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('clause_id', 'text', (c) => c.notNull().references('clauses.id'))
      .addColumn('participant_ref', 'text', (c) => c.notNull())
      .addColumn('target_group', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('hours_per_week', 'double precision', (c) => c.notNull().check(sql`hours_per_week > 0`))
      .addColumn('offered_date', 'text', (c) => c.notNull().check(sql`offered_date ~ ${ISO_DATE}`))
      .addColumn('answered_date', 'text', (c) => c.check(sql`answered_date ~ ${ISO_DATE}`)),
  ).execute();
  await db.schema.createIndex('offers_clause_idx').on('offers').columns(['clause_id', 'offered_date']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('offers').execute();
  await itemKinds(db, ['placement', 'report', 'opening', 'proposal']);
}
