/**
 * Keeping each clause's stored progress current (migration 0007): a clause
 * whose progress lags behind its events is measured again, as GET
 * /clauses/{id} measures it, and the figures stored for the portfolio.
 */
import type { Logger } from 'pino';
import { MEASUREMENT_RULES } from '../domain/measure.ts';
import { SYSTEM_ACTOR, type Actor } from '../domain/roles.ts';
import { staleProgress, storeProgress } from '../db/progress.ts';
import { progressOf } from './clause-view.ts';
import { getClause } from './clauses.ts';
import type { EngineDeps } from './deps.ts';
import { loggingLoop, type WorkLoops } from './work-loop.ts';

/** Measures again the clauses the actor's organisation may see whose progress is stale (before the portfolio sums them). */
export async function refreshProgress(deps: EngineDeps, actor: Actor): Promise<number> {
  return measureAgain(deps, await staleProgress(deps.db, MEASUREMENT_RULES, { orgId: actor.orgId }));
}

/**
 * How long a clause's progress must have stood still before the background
 * measures it: a clause driven through several events in a row (or an import
 * followed by its verifications) is measured once the burst is over, not
 * after each step. The portfolio measures what is still stale when it is read.
 */
export const QUIET_BEFORE_MEASURING_MS = 5_000;

/**
 * Measures stale clauses in the background, so that the portfolio seldom has
 * any left to measure when it is read (after an import, say).
 */
export class ProgressRefresher {
  private readonly loops: WorkLoops;

  constructor(deps: EngineDeps, options: { intervalMs: number; batchSize?: number; logger?: Logger | undefined }) {
    this.loops = loggingLoop(
      async () => {
        const quietSince = new Date(deps.clock.now().getTime() - QUIET_BEFORE_MEASURING_MS);
        return (await measureAgain(deps, await staleProgress(deps.db, MEASUREMENT_RULES, { limit: options.batchSize ?? 50, quietSince }), options.logger)) > 0;
      },
      { intervalMs: options.intervalMs, logger: options.logger, failure: 'measuring clause progress failed; it is measured again later' },
    );
  }

  start(): void {
    this.loops.start();
  }

  stop(): Promise<void> {
    return this.loops.stop();
  }
}

/**
 * Measures each clause again and stores what it finds. A clause that cannot be
 * measured is logged and left stale; the others are stored all the same.
 */
async function measureAgain(deps: EngineDeps, stale: Array<{ clauseId: string; generation: number }>, logger?: Logger): Promise<number> {
  for (const { clauseId, generation } of stale) {
    try {
      await measureOne(deps, clauseId, generation);
    } catch (error) {
      logger?.error({ err: error, clauseId }, 'measuring a clause failed; it stays stale');
    }
  }
  return stale.length;
}

async function measureOne(deps: EngineDeps, clauseId: string, generation: number): Promise<void> {
  const progress = progressOf(await getClause(deps, SYSTEM_ACTOR, clauseId));
  await deps.db.transaction().execute((trx) => storeProgress(trx, clauseId, generation, MEASUREMENT_RULES, progress, deps.clock.now()));
}
