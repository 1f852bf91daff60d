/**
 * The portfolio reads only the placements and reports that name a supervisor
 * or a subcontractor (issue 24): the supervisor counts (src/db/supervisors.ts)
 * and what subcontractors delivered (src/db/subcontractors.ts) scanned every
 * placement and report of the portfolio's clauses to find them. Each index
 * holds only those rows, with what the sums read, so the cost follows how many
 * name one, not how many placements there are. (The placements that name a
 * supervisor have theirs from 0027, placements_supervisor_idx.)
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index openings_supervised_idx on openings (clause_id, supervisor_id) where supervisor_id is not null`.execute(db);
  await sql`create index placements_subcontracted_idx on placements (clause_id) include (subcontractor_org_id, state) where subcontractor_org_id is not null`.execute(
    db,
  );
  await sql`create index reports_subcontracted_idx on reports (clause_id) include (subcontractor_org_id, state, total_labour_hours) where subcontractor_org_id is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ['reports_subcontracted_idx', 'placements_subcontracted_idx', 'openings_supervised_idx']) {
    await db.schema.dropIndex(index).execute();
  }
}
