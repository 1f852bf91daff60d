/**
 * Supervisors and reserved contracts (issue 22, items 1 and 3).
 *
 * - `supervisors`: an employer's register of the staff who guide participants
 *   at the workplace (handledare). Named staff, not participants: their name
 *   and e-mail are removed on request (`removed_at` set, both set to null),
 *   and what they were trained in stays, without a name.
 * - `supervisor_trainings`: what a supervisor was trained in, by whom and on
 *   which day (handledarutbildning).
 * - `openings.supervisor_id`, `placements.supervisor_id`: the supervisor an
 *   opening or a placement names, if any.
 * - `tenders.reserved`: the tender is reserved under LOU 4 kap. 18 §; the
 *   supplier's declared share of staff in the target groups goes with each
 *   AWARD (the clause's contract).
 */
import { sql, type Kysely } from 'kysely';

const ISO_DATE = sql.raw(`'^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`);

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('supervisors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('employer_org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'text')
    .addColumn('email', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('removed_at', 'timestamptz')
    .addCheckConstraint('supervisors_named_until_removed', sql`(removed_at is null) = (name is not null)`)
    .execute();
  await db.schema.createIndex('supervisors_employer').on('supervisors').column('employer_org_id').execute();
  await db.schema
    .createTable('supervisor_trainings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('supervisor_id', 'text', (c) => c.notNull().references('supervisors.id'))
    .addColumn('course', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull().check(sql`date ~ ${ISO_DATE}`))
    .addColumn('recorded_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('supervisor_trainings_supervisor').on('supervisor_trainings').columns(['supervisor_id', 'date']).execute();
  await db.schema
    .alterTable('openings')
    .addColumn('supervisor_id', 'text', (c) => c.references('supervisors.id'))
    .execute();
  await db.schema
    .alterTable('placements')
    .addColumn('supervisor_id', 'text', (c) => c.references('supervisors.id'))
    .execute();
  await db.schema
    .alterTable('tenders')
    .addColumn('reserved', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
}
