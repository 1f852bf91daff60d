/**
 * The retention sweep (README.md, Retention): each server instance removes,
 * now and then, what Klausul keeps only for a while. Several instances may
 * sweep at once; a row is deleted once whoever gets there first.
 */
import type { Logger } from 'pino';
import { pruneExpired, type RetentionCounts, type RetentionCutoffs } from '../db/retention.ts';
import type { EngineDeps } from './deps.ts';
import { loggingLoop, type WorkLoops } from './work-loop.ts';

export interface RetentionPolicy {
  /** How long a stored answer to an Idempotency-Key is replayed. */
  idempotencyHours: number;
  /** How long the webhook delivery log, the mail log and cancelled deadlines are kept. */
  logDays: number;
}

const HOUR_MS = 3_600_000;
const BATCH = 1_000;

export function cutoffsAt(now: Date, policy: RetentionPolicy): RetentionCutoffs {
  const before = (ms: number) => new Date(now.getTime() - ms);
  const log = before(policy.logDays * 24 * HOUR_MS);
  return {
    idempotencyBefore: before(policy.idempotencyHours * HOUR_MS),
    sessionsExpiredBy: now,
    deliveryLogBefore: log,
    cancelledDeadlinesBefore: log,
    mailLogBefore: log,
  };
}

/** One sweep of at most a batch per table; what it removed, by table. */
export const sweepOnce = (deps: EngineDeps, policy: RetentionPolicy): Promise<RetentionCounts> =>
  pruneExpired(deps.db, cutoffsAt(deps.clock.now(), policy), BATCH);

/** The sweep as background work: again at once after a full batch, otherwise after the interval. */
export function retentionSweeper(deps: EngineDeps, policy: RetentionPolicy, options: { intervalMs: number; logger?: Logger | undefined }): WorkLoops {
  return loggingLoop(
    async () => {
      const removed = await sweepOnce(deps, policy);
      if (Object.values(removed).some((n) => n > 0)) options.logger?.info({ removed }, 'expired rows removed');
      return Object.values(removed).some((n) => n >= BATCH);
    },
    { ...options, failure: 'the retention sweep failed; it runs again later' },
  );
}
