/**
 * Each clause's measured progress, kept for the portfolio: what it measures,
 * its target, overdue deadlines and sanction exposure, and what it delivered
 * per target group. Every change that can move them bumps `generation`; the
 * engine recomputes a clause whose computed generation lags behind, so the
 * portfolio sums stored figures in SQL instead of measuring every clause.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('clause_progress')
    .addColumn('clause_id', 'text', (c) => c.primaryKey().references('clauses.id'))
    .addColumn('generation', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('computed_generation', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unit', 'text')
    .addColumn('target', 'double precision')
    .addColumn('measured', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('overdue', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('exposure_sek', 'bigint')
    .addColumn('computed_at', 'timestamptz')
    .execute();
  await sql`create index clause_progress_stale_idx on clause_progress (clause_id) where generation > computed_generation`.execute(db);
  await db.schema
    .createTable('clause_progress_groups')
    .addColumn('clause_id', 'text', (c) => c.notNull().references('clauses.id'))
    .addColumn('target_group', 'text', (c) => c.notNull())
    .addColumn('measured', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('clause_progress_groups_pk', ['clause_id', 'target_group'])
    .execute();
  // Clauses that exist already start stale, and are measured the first time the portfolio is read.
  await sql`insert into clause_progress (clause_id) select id from clauses`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('clause_progress_groups').execute();
  await db.schema.dropTable('clause_progress').execute();
}
