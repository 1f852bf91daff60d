/**
 * A deadline whose event cannot be applied (an unexpected error, not a clause
 * that moved on) is retried later with a backoff and, after a number of
 * attempts, marked failed, so it never holds up the deadlines behind it.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('deadlines')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('retry_at', 'timestamptz')
    .execute();
  await sql`alter table deadlines drop constraint deadlines_status_check`.execute(db);
  await sql`alter table deadlines add constraint deadlines_status_check check (status in ('scheduled', 'fired', 'cancelled', 'failed'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table deadlines drop constraint deadlines_status_check`.execute(db);
  await sql`alter table deadlines add constraint deadlines_status_check check (status in ('scheduled', 'fired', 'cancelled'))`.execute(db);
  await db.schema.alterTable('deadlines').dropColumn('retry_at').dropColumn('last_error').dropColumn('attempts').execute();
}
