/**
 * What an event reads of its clause must not grow with the clause's life
 * (issue 24): its deadlines not cancelled (every plan round leaves one
 * cancelled), and, when the clause is shown, its requests for plan changes and
 * remedy plans from its history (src/db/clauses.ts). Each index holds only
 * those rows.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('deadlines_current_idx').on('deadlines').column('clause_id').where(sql.ref('status'), '<>', 'cancelled').execute();
  await db.schema
    .createIndex('clause_history_rounds_idx')
    .on('clause_history')
    .columns(['clause_id', 'seq'])
    .where(sql.ref('type'), 'in', ['REQUEST_PLAN_CHANGES', 'SUBMIT_REMEDY_PLAN'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('clause_history_rounds_idx').execute();
  await db.schema.dropIndex('deadlines_current_idx').execute();
}
