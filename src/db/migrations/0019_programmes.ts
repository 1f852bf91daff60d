/**
 * Programmes (issue 21, items 1, 2, 4 and 5): a buyer's or a matching body's
 * programme with targets, member organisations and the clauses it includes,
 * an append-only record of who changed it, and the parameters of its
 * socio-economic estimate.
 *
 * Placements in a member's own workplace, outside any contract, are placements
 * like the others (same table, statechart and history) with no clause: they
 * name their programme and host organisation instead. Their history rows in
 * item_history carry a null clause_id; the hash chain (0011, 0016) renders a
 * null as NULL, so chains and `klausul verify` hold without a new column.
 */
import { sql, type Kysely } from 'kysely';

const ISO_DATE = sql.raw(`'^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`);

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('programmes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('owner_org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('start_date', 'text', (c) => c.notNull().check(sql`start_date ~ ${ISO_DATE}`))
    .addColumn('end_date', 'text', (c) => c.notNull().check(sql`end_date ~ ${ISO_DATE}`))
    .addColumn('targets', 'jsonb', (c) => c.notNull())
    // Set by the owner (PUT …/estimate-parameters); null until then.
    .addColumn('estimate_parameters', 'jsonb')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('programmes_period_check', sql`end_date >= start_date`)
    .execute();
  await db.schema
    .createTable('programme_members')
    .addColumn('programme_id', 'text', (c) => c.notNull().references('programmes.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('added_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('added_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('programme_members_pk', ['programme_id', 'org_id'])
    .execute();
  await db.schema.createIndex('programme_members_org_idx').on('programme_members').column('org_id').execute();
  await db.schema
    .createTable('programme_clauses')
    .addColumn('programme_id', 'text', (c) => c.notNull().references('programmes.id'))
    .addColumn('clause_id', 'text', (c) => c.notNull().references('clauses.id'))
    .addColumn('added_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('added_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('programme_clauses_pk', ['programme_id', 'clause_id'])
    .execute();
  // Who did what to a programme, append-only like the clauses' history (not hash-chained: it holds no personal data).
  await db.schema
    .createTable('programme_history')
    .addColumn('programme_id', 'text', (c) => c.notNull().references('programmes.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('actor_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('actor_role', 'text', (c) => c.notNull())
    .addColumn('actor_org_id', 'text', (c) => c.references('organisations.id'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addPrimaryKeyConstraint('programme_history_pk', ['programme_id', 'seq'])
    .execute();
  await sql`create trigger programme_history_no_update_delete before update or delete on programme_history
    for each row execute function clause_history_append_only()`.execute(db);
  await sql`create trigger programme_history_no_truncate before truncate on programme_history
    for each statement execute function clause_history_append_only()`.execute(db);

  // Own-workplace placements: a programme and a host instead of a clause.
  await sql`alter table placements alter column clause_id drop not null`.execute(db);
  await db.schema
    .alterTable('placements')
    .addColumn('programme_id', 'text', (c) => c.references('programmes.id'))
    .addColumn('host_org_id', 'text', (c) => c.references('organisations.id'))
    .addColumn('breaks_gender_pattern', 'boolean')
    .execute();
  await sql`alter table placements add constraint placements_clause_or_programme_check
    check ((clause_id is not null and programme_id is null and host_org_id is null)
        or (clause_id is null and programme_id is not null and host_org_id is not null and matching_org_id is not null))`.execute(db);
  await db.schema.createIndex('placements_programme_idx').on('placements').column('programme_id').where(sql.ref('programme_id'), 'is not', null).execute();
  await sql`alter table item_history alter column clause_id drop not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from placements where clause_id is null`.execute(db);
  await sql`alter table placements drop constraint placements_clause_or_programme_check`.execute(db);
  await db.schema.alterTable('placements').dropColumn('programme_id').dropColumn('host_org_id').dropColumn('breaks_gender_pattern').execute();
  await sql`alter table placements alter column clause_id set not null`.execute(db);
  await sql`alter table item_history alter column clause_id set not null`.execute(db);
  await db.schema.dropTable('programme_history').execute();
  await db.schema.dropTable('programme_clauses').execute();
  await db.schema.dropTable('programme_members').execute();
  await db.schema.dropTable('programmes').execute();
}
