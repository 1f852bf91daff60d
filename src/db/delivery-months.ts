/** Delivery month by month over the portfolio's clauses (issue 19, item 8): placements started, and of those verified, per month of their start. */
import { sql } from 'kysely';
import { COUNTED_PLACEMENT_STATES, EXCLUDED_PLACEMENT_STATES } from '../../workflows/states.ts';
import { seenBy } from './clauses.ts';
import { matchesFilter, type PortfolioFilter } from './progress.ts';
import type { Db } from './schema.ts';

export async function placementsPerMonth(db: Db, orgId: string, filter: PortfolioFilter) {
  const month = sql<string>`substr(cast(p.start_date as text), 1, 7)`;
  const rows = await db
    .selectFrom('placements as p')
    .innerJoin('clauses as c', 'c.id', 'p.clause_id')
    .select([
      month.as('month'),
      sql<string>`count(*)`.as('started'),
      sql<string>`count(*) filter (where p.state = any(${COUNTED_PLACEMENT_STATES}::text[]))`.as('verified'),
    ])
    .where(seenBy(orgId))
    .where(matchesFilter(filter))
    .where('p.state', 'not in', EXCLUDED_PLACEMENT_STATES)
    .groupBy(month)
    .orderBy(month)
    .execute();
  return rows.map((r) => ({ month: r.month, started: Number(r.started), verified: Number(r.verified) }));
}
