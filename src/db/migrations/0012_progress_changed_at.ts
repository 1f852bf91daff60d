/**
 * When each clause's progress last moved (issue 2): the background refresher
 * measures a clause once it has been quiet for a while, so a clause driven
 * through several events in a row is measured once, not after each of them.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Existing rows count as changed when the migration runs: at worst they are measured a few seconds later.
  await db.schema
    .alterTable('clause_progress')
    .addColumn('changed_at', 'timestamptz', (c) => c.notNull().defaultTo(db.fn('now')))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('clause_progress').dropColumn('changed_at').execute();
}
