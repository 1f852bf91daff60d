/** Which version of the measurement rules each stored progress was computed with (see engine/progress.ts). */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('clause_progress')
    .addColumn('measured_with', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('clause_progress').dropColumn('measured_with').execute();
}
