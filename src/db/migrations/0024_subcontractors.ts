/**
 * Subcontractors and work-integration social enterprises (issue 22, item 2).
 *
 * - `organisations.social_enterprise`: a supplier is an arbetsintegrerande
 *   socialt företag (work-integration social enterprise).
 * - `clause_subcontractors`: the clause's contractor names or removes a
 *   subcontractor, and states what it has spent with it; append-only, one row
 *   per change, so the list at any time and who changed it stay auditable.
 *   The current list is each organisation's latest row, when that names it.
 * - `placements.subcontractor_org_id`, `reports.subcontractor_org_id`: the
 *   subcontractor that registered the item; null for the contractor's own.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('organisations')
    .addColumn('social_enterprise', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema
    .createTable('clause_subcontractors')
    .addColumn('seq', 'bigserial', (c) => c.primaryKey())
    .addColumn('clause_id', 'text', (c) => c.notNull().references('clauses.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('change', 'text', (c) => c.notNull().check(sql`change in ('named', 'removed')`))
    .addColumn('spend_sek', 'bigint', (c) => c.check(sql`spend_sek >= 0`))
    .addColumn('actor_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('actor_org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .execute();
  await db.schema.createIndex('clause_subcontractors_clause').on('clause_subcontractors').columns(['clause_id', 'org_id', 'seq']).execute();
  await db.schema.createIndex('clause_subcontractors_org').on('clause_subcontractors').columns(['org_id']).execute();
  for (const table of ['placements', 'reports']) {
    await db.schema
      .alterTable(table)
      .addColumn('subcontractor_org_id', 'text', (c) => c.references('organisations.id'))
      .execute();
  }
}
