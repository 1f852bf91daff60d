/**
 * Delivery: placements and period reports (each a small persisted statechart),
 * their shared append-only history, and evidence files.
 */
import { sql, type CreateTableBuilder, type Kysely } from 'kysely';

const ISO_DATE = sql.raw(`'^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`);

/** Columns every workflow item carries: the persisted snapshot and its version (also used by later migrations). */
export const workflowColumns = (table: CreateTableBuilder<string, any>) =>
  table
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    .addColumn('workflow_version', 'integer', (c) => c.notNull())
    .addColumn('snapshot', 'jsonb', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull());

export async function up(db: Kysely<any>): Promise<void> {
  // Dates are ISO text (YYYY-MM-DD): compared as strings, free of time-zone conversion by drivers.
  await workflowColumns(
    db.schema
      .createTable('placements')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('clause_id', 'text', (c) => c.notNull().references('clauses.id'))
      .addColumn('participant_ref', 'text', (c) => c.notNull())
      .addColumn('target_group', 'text', (c) => c.notNull())
      .addColumn('attestation', 'jsonb', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('site', 'text')
      .addColumn('start_date', 'text', (c) => c.notNull().check(sql`start_date ~ ${ISO_DATE}`))
      .addColumn('planned_end_date', 'text', (c) => c.notNull().check(sql`planned_end_date ~ ${ISO_DATE}`))
      .addColumn('end_date', 'text', (c) => c.check(sql`end_date ~ ${ISO_DATE}`))
      .addColumn('ended_as', 'text', (c) => c.check(sql`ended_as in ('completed', 'endedEarly', 'discontinued')`))
      .addColumn('outcome', 'text')
      .addColumn('fte', 'double precision', (c) => c.notNull().check(sql`fte > 0 and fte <= 1`))
      .addColumn('hours_per_week', 'double precision', (c) => c.notNull().check(sql`hours_per_week > 0`)),
  )
    .addUniqueConstraint('placements_clause_participant_unique', ['clause_id', 'participant_ref'])
    .execute();
  await db.schema.createIndex('placements_clause_state_idx').on('placements').columns(['clause_id', 'state']).execute();

  await workflowColumns(
    db.schema
      .createTable('reports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('clause_id', 'text', (c) => c.notNull().references('clauses.id'))
      .addColumn('period_start', 'text', (c) => c.notNull().check(sql`period_start ~ ${ISO_DATE}`))
      .addColumn('period_end', 'text', (c) => c.notNull().check(sql`period_end ~ ${ISO_DATE}`))
      .addColumn('total_labour_hours', 'double precision', (c) => c.notNull())
      .addColumn('local_labour_hours', 'double precision')
      .addColumn('disadvantaged_labour_hours', 'double precision')
      .addColumn('apprentice_hours', 'double precision')
      .addColumn('training_hours', 'double precision'),
  ).execute();
  await db.schema.createIndex('reports_clause_period_idx').on('reports').columns(['clause_id', 'period_start']).execute();

  await db.schema
    .createTable('item_history')
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('item_kind', 'text', (c) => c.notNull().check(sql`item_kind in ('placement', 'report')`))
    .addColumn('clause_id', 'text', (c) => c.notNull().references('clauses.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('actor_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('actor_role', 'text', (c) => c.notNull())
    .addColumn('actor_org_id', 'text', (c) => c.references('organisations.id'))
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addPrimaryKeyConstraint('item_history_pk', ['item_id', 'seq'])
    .execute();
  await sql`
    create trigger item_history_no_update_delete before update or delete on item_history
    for each row execute function clause_history_append_only()`.execute(db);
  // The same trigger function guards both history tables; name the table it refuses.
  await sql`
    create or replace function clause_history_append_only() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = 'restrict_violation';
    end $$`.execute(db);

  await db.schema
    .createTable('evidence')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_kind', 'text', (c) => c.notNull().check(sql`item_kind in ('placement', 'report')`))
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('clause_id', 'text', (c) => c.notNull().references('clauses.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content', 'bytea', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('uploaded_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('evidence_item_idx').on('evidence').columns(['item_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['evidence', 'item_history', 'reports', 'placements']) await db.schema.dropTable(table).execute();
}
