/**
 * Follow-ups of a participant after a placement (issue 21, item 3): when a
 * placement ends, one follow-up falls due 1, 6 and 12 months later for the
 * matching body that follows the participant. A follow-up is scheduled, then
 * due (once, whichever instance claims it first), then recorded with what the
 * participant does then and, optionally, their self-rated employability.
 * The programme report counts the recorded statuses per checkpoint.
 * The matching body is the proposing matcher's organisation, else the
 * placement's own `matching_org_id`, else the clause's matching body.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Who follows the participant when it is neither the proposing matcher nor the clause's matching body: given with a
  // programme's own-workplace placement.
  await db.schema
    .alterTable('placements')
    .addColumn('matching_org_id', 'text', (c) => c.references('organisations.id'))
    .execute();
  await db.schema
    .createTable('follow_ups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('placement_id', 'text', (c) => c.notNull().references('placements.id'))
    // The matching body that follows the participant; it alone sees the participant's path.
    .addColumn('matching_org_id', 'text', (c) => c.notNull().references('organisations.id'))
    // The pseudonymous reference as it was when the placement ended (redacted by an erasure).
    .addColumn('participant_ref', 'text')
    .addColumn('months', 'integer', (c) => c.notNull().check(sql`months in (1, 6, 12)`))
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('scheduled', 'due', 'recorded')`))
    // When a poller made it due: set once, by the instance that claimed it.
    .addColumn('became_due_at', 'timestamptz')
    .addColumn('status', 'text', (c) => c.check(sql`status in ('employment', 'studies', 'furtherPlacement', 'selfEmployment', 'other', 'none', 'unknown')`))
    .addColumn('employability', 'text', (c) => c.check(sql`employability in ('better', 'same', 'worse')`))
    .addColumn('note', 'text')
    .addColumn('recorded_at', 'timestamptz')
    .addColumn('recorded_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('follow_ups_placement_months_unique', ['placement_id', 'months'])
    .execute();
  // What the pollers scan: only follow-ups still waiting, in due order.
  await db.schema.createIndex('follow_ups_scheduled_due_idx').on('follow_ups').column('due_at').where(sql.ref('state'), '=', 'scheduled').execute();
  await db.schema.createIndex('follow_ups_matching_org_state_idx').on('follow_ups').columns(['matching_org_id', 'state']).execute();
}
