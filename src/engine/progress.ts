/**
 * Keeping each clause's stored progress current (migration 0007): a clause
 * whose progress lags behind its events is measured again, as GET
 * /clauses/{id} measures it, and the figures stored for the portfolio.
 */
import { SYSTEM_ACTOR, type Actor } from '../domain/roles.ts';
import { staleProgress, storeProgress } from '../db/progress.ts';
import { getClause } from './clauses.ts';
import type { EngineDeps } from './deps.ts';

/** Measures again the clauses the actor's organisation may see whose progress is stale; returns how many. */
export async function refreshProgress(deps: EngineDeps, actor: Actor): Promise<number> {
  const stale = await staleProgress(deps.db, actor.orgId);
  for (const { clauseId, generation } of stale) {
    const clause = await getClause(deps, SYSTEM_ACTOR, clauseId);
    const { fulfilment } = clause;
    await deps.db.transaction().execute((trx) =>
      storeProgress(
        trx,
        clauseId,
        generation,
        {
          unit: fulfilment.unit,
          target: fulfilment.target,
          measured: fulfilment.measured,
          overdue: clause.deadlines.filter((d) => d.overdue).length,
          exposureSek: clause.vite?.computedSek ?? null,
          byTargetGroup: fulfilment.byTargetGroup,
        },
        deps.clock.now(),
      ),
    );
  }
  return stale.length;
}
