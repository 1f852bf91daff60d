/**
 * Matching (issue 7): organisations of kind matching_body with users in the
 * role matcher, the matching body a clause names at AWARD, the contractor's
 * placement openings and the matcher's proposals (each a persisted statechart
 * with its history in item_history), the matching body's pool of pseudonymous
 * candidates, and the programme targets for what follows a placement.
 */
import { sql, type Kysely } from 'kysely';
import { workflowColumns } from './0002_delivery.ts';

const ISO_DATE = sql.raw(`'^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`);
const MUNICIPALITY = sql.raw(`'^[0-9]{4}$'`);

/** Replaces a column's check constraint (PostgreSQL names it <table>_<column>_check). */
export async function replaceCheck(db: Kysely<any>, table: string, column: string, condition: string): Promise<void> {
  const name = `${table}_${column}_check`;
  await sql`alter table ${sql.table(table)} drop constraint ${sql.ref(name)}`.execute(db);
  await sql`alter table ${sql.table(table)} add constraint ${sql.ref(name)} check (${sql.raw(condition)})`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await replaceCheck(db, 'organisations', 'kind', `kind in ('buyer', 'supplier', 'matching_body')`);
  await replaceCheck(db, 'users', 'role', `role in ('officer', 'contractor', 'auditor', 'admin', 'matcher')`);
  await replaceCheck(db, 'item_history', 'item_kind', `item_kind in ('placement', 'report', 'opening', 'proposal')`);

  await db.schema
    .alterTable('clauses')
    .addColumn('matching_body_org_id', 'text', (c) => c.references('organisations.id'))
    .execute();
  await db.schema
    .createIndex('clauses_matching_body_idx')
    .on('clauses')
    .column('matching_body_org_id')
    .where(sql.ref('matching_body_org_id'), 'is not', null)
    .execute();

  await workflowColumns(
    db.schema
      .createTable('openings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('clause_id', 'text', (c) => c.notNull().references('clauses.id'))
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('site', 'text')
      .addColumn('municipality', 'text', (c) => c.check(sql`municipality ~ ${MUNICIPALITY}`))
      .addColumn('start_date', 'text', (c) => c.notNull().check(sql`start_date ~ ${ISO_DATE}`))
      .addColumn('weeks', 'integer', (c) => c.notNull().check(sql`weeks > 0`))
      .addColumn('hours_per_week', 'double precision', (c) => c.notNull().check(sql`hours_per_week > 0`))
      .addColumn('competences', 'jsonb', (c) => c.notNull())
      .addColumn('language_level', 'text')
      .addColumn('supervisor_trained', 'boolean', (c) => c.notNull())
      .addColumn('breaks_gender_pattern', 'boolean', (c) => c.notNull())
      .addColumn('placement_id', 'text', (c) => c.references('placements.id')),
  ).execute();
  await db.schema.createIndex('openings_clause_state_idx').on('openings').columns(['clause_id', 'state']).execute();

  await db.schema
    .createTable('candidates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('candidate_ref', 'text', (c) => c.notNull())
    .addColumn('target_group', 'text', (c) => c.notNull())
    .addColumn('competences', 'jsonb', (c) => c.notNull())
    .addColumn('municipality', 'text', (c) => c.notNull().check(sql`municipality ~ ${MUNICIPALITY}`))
    .addColumn('available_from', 'text', (c) => c.notNull().check(sql`available_from ~ ${ISO_DATE}`))
    .addColumn('language_level', 'text')
    .addColumn('placement_id', 'text', (c) => c.references('placements.id'))
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('candidates_org_ref_unique', ['org_id', 'candidate_ref'])
    .execute();

  await workflowColumns(
    db.schema
      .createTable('proposals')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('opening_id', 'text', (c) => c.notNull().references('openings.id'))
      .addColumn('clause_id', 'text', (c) => c.notNull().references('clauses.id'))
      .addColumn('matcher_org_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('candidate_id', 'text', (c) => c.references('candidates.id'))
      .addColumn('candidate_ref', 'text', (c) => c.notNull())
      .addColumn('target_group', 'text', (c) => c.notNull())
      .addColumn('placement_id', 'text'),
  )
    .addUniqueConstraint('proposals_opening_candidate_unique', ['opening_id', 'candidate_ref'])
    .execute();
  // ACCEPT writes the proposal before the placement it names, in the same transaction: checked at commit.
  await sql`alter table proposals add constraint proposals_placement_id_fkey foreign key (placement_id) references placements (id) deferrable initially deferred`.execute(
    db,
  );
  await db.schema.createIndex('proposals_opening_idx').on('proposals').columns(['opening_id', 'state']).execute();

  // Where a placement came from, when it came through a proposal.
  await db.schema
    .alterTable('placements')
    .addColumn('opening_id', 'text', (c) => c.references('openings.id'))
    .execute();
  await db.schema
    .alterTable('placements')
    .addColumn('proposal_id', 'text', (c) => c.references('proposals.id'))
    .execute();

  const pct = (column: string) => sql.raw(`${column} >= 0 and ${column} <= 100`);
  await db.schema
    .createTable('outcome_targets')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('organisations.id'))
    .addColumn('studies_pct', 'double precision', (c) => c.notNull().check(pct('studies_pct')))
    .addColumn('placement_pct', 'double precision', (c) => c.notNull().check(pct('placement_pct')))
    .addColumn('employment_pct', 'double precision', (c) => c.notNull().check(pct('employment_pct')))
    .addColumn('set_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('set_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('outcome_targets').execute();
  await db.schema.alterTable('placements').dropColumn('proposal_id').execute();
  await db.schema.alterTable('placements').dropColumn('opening_id').execute();
  for (const table of ['proposals', 'candidates', 'openings']) await db.schema.dropTable(table).execute();
  await db.schema.alterTable('clauses').dropColumn('matching_body_org_id').execute();
  await replaceCheck(db, 'item_history', 'item_kind', `item_kind in ('placement', 'report')`);
  await replaceCheck(db, 'users', 'role', `role in ('officer', 'contractor', 'auditor', 'admin')`);
  await replaceCheck(db, 'organisations', 'kind', `kind in ('buyer', 'supplier')`);
}
