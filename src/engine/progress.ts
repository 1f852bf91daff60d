/**
 * Keeping each clause's stored progress current (migration 0007): a clause
 * whose progress lags behind its events is measured again, as GET
 * /clauses/{id} measures it, and the figures stored for the portfolio.
 */
import type { Logger } from 'pino';
import { SYSTEM_ACTOR, type Actor } from '../domain/roles.ts';
import { staleProgress, storeProgress } from '../db/progress.ts';
import { getClause } from './clauses.ts';
import type { EngineDeps } from './deps.ts';
import { WorkLoops } from './work-loop.ts';

/** Measures again the clauses the actor's organisation may see whose progress is stale (before the portfolio sums them). */
export async function refreshProgress(deps: EngineDeps, actor: Actor): Promise<number> {
  return measureAgain(deps, await staleProgress(deps.db, { orgId: actor.orgId }));
}

/**
 * Measures stale clauses in the background, so that the portfolio seldom has
 * any left to measure when it is read (after an import, say).
 */
export class ProgressRefresher {
  private readonly loops: WorkLoops;

  constructor(deps: EngineDeps, options: { intervalMs: number; batchSize?: number; logger?: Logger | undefined }) {
    this.loops = new WorkLoops(
      async () => {
        try {
          return (await measureAgain(deps, await staleProgress(deps.db, { limit: options.batchSize ?? 50 }))) > 0;
        } catch (error) {
          options.logger?.error({ err: error }, 'measuring clause progress failed; it is measured again later');
          return false;
        }
      },
      { loops: 1, intervalMs: options.intervalMs },
    );
  }

  start(): void {
    this.loops.start();
  }

  stop(): Promise<void> {
    return this.loops.stop();
  }
}

async function measureAgain(deps: EngineDeps, stale: Array<{ clauseId: string; generation: number }>): Promise<number> {
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
