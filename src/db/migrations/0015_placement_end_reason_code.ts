/**
 * Why a job ended early, as a code (issue 18; placement workflow version 2,
 * workflows/placement.ts): measurement reads it beside ended_as, since only
 * some reasons let the agreed time count (src/domain/measure.ts). Placements
 * that ended before it, on version 1, have none.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('placements')
    .addColumn('end_reason_code', 'text', (c) =>
      c.check(
        sql`end_reason_code is null or (end_reason_code in ('employeeResigned', 'objectiveGrounds', 'summaryDismissal', 'other') and ended_as = 'endedEarly')`,
      ),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('placements').dropColumn('end_reason_code').execute();
}
