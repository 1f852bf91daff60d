/**
 * Firing durable deadlines (README.md, Deadlines). Due deadlines are claimed
 * with FOR UPDATE SKIP LOCKED, each one's event goes through the engine as
 * actor "system", and they are marked fired, all in one transaction: several
 * instances can poll one database and every deadline fires once; a crash
 * before the commit leaves them scheduled, to be fired again later.
 */
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { KlausulError } from '../domain/errors.ts';
import { SYSTEM_ACTOR } from '../domain/roles.ts';
import { lockClausesWithFacts } from '../db/clauses.ts';
import { factsKept } from './delivery-facts.ts';
import { claimDueDeadlines, recordDeadlineFailure, resolveDeadlines } from '../db/deadlines.ts';
import type { DeadlineRow } from '../db/schema.ts';
import { sendClauseEvent, type LoadedClause } from './clauses.ts';
import type { EngineDeps } from './deps.ts';
import { WorkLoops } from './work-loop.ts';

export interface FireOptions {
  /**
   * Run each event under a savepoint, so that one failing unexpectedly is
   * rolled back alone, recorded, and retried later with a backoff. Costs two
   * statements per deadline; the poller uses it after a batch failed.
   */
  isolate?: boolean;
}

export interface FireHooks {
  /** Called inside the transaction after the events were applied, before the commit (tests stop a process here). */
  beforeCommit?(deadlines: DeadlineRow[]): Promise<void>;
}

export interface FiredDeadline {
  deadline: DeadlineRow;
  /** fired; cancelled: its event no longer applies; retrying or failed: an unexpected error, tried again later or given up. */
  outcome: 'fired' | 'cancelled' | 'retrying' | 'failed';
}

/** Attempts before a deadline whose event keeps failing is given up as failed. */
export const MAX_DEADLINE_ATTEMPTS = 10;
const MINUTE_MS = 60_000;
/** After the n-th failed attempt: 1, 2, 4 … minutes, at most 6 hours. */
const retryDelayMs = (attempts: number) => Math.min(2 ** (attempts - 1) * MINUTE_MS, 360 * MINUTE_MS);

/**
 * Claims up to `limit` due deadlines and fires them in one transaction; an
 * empty list when none is due (or all due ones are being fired elsewhere).
 * Clauses are locked in id order, so two instances never wait on each other in
 * a cycle; a clause's own deadlines go in due order. An unexpected error rolls
 * the batch back, unless `isolate` runs each event under a savepoint.
 */
export async function fireDueDeadlines(deps: EngineDeps, limit: number, hooks: FireHooks = {}, options: FireOptions = {}): Promise<FiredDeadline[]> {
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const claimed = await claimDueDeadlines(trx, now, limit);
    claimed.sort((a, b) => a.clause_id.localeCompare(b.clause_id) || a.due_at.getTime() - b.due_at.getTime() || a.key.localeCompare(b.key));
    // The batch's clauses, locked: no event of the batch can lose a race.
    // Facts kept from earlier reads are not read again while their mark stands (src/engine/delivery-facts.ts).
    const kept = factsKept(deps.db);
    const locked = await lockClausesWithFacts(trx, [...new Set(claimed.map((d) => d.clause_id))], (id) => kept.get(id));
    for (const c of locked) kept.keep(c.row.id, c.factsMark, c.facts);
    const clauses = new Map(locked.map((c) => [c.row.id, { current: c }]));
    const inTransaction = { ...deps, db: trx as unknown as EngineDeps['db'] };
    const results: FiredDeadline[] = [];
    for (const deadline of claimed) {
      const loaded: LoadedClause = clauses.get(deadline.clause_id) ?? {};
      if (!options.isolate) {
        results.push({ deadline, outcome: await fire(inTransaction, deadline, loaded) });
        continue;
      }
      await sql`savepoint deadline`.execute(trx);
      try {
        results.push({ deadline, outcome: await fire(inTransaction, deadline, loaded) });
        await sql`release savepoint deadline`.execute(trx);
      } catch (error) {
        await sql`rollback to savepoint deadline`.execute(trx);
        loaded.current = undefined; // read the clause again for its next deadline
        const attempts = deadline.attempts + 1;
        const retryAt = attempts >= MAX_DEADLINE_ATTEMPTS ? null : new Date(now.getTime() + retryDelayMs(attempts));
        await recordDeadlineFailure(trx, deadline.id, error instanceof Error ? error.message.slice(0, 1_000) : String(error), retryAt, now);
        results.push({ deadline, outcome: retryAt ? 'retrying' : 'failed' });
      }
    }
    for (const outcome of ['fired', 'cancelled'] as const) {
      await resolveDeadlines(
        trx,
        results.filter((r) => r.outcome === outcome).map((r) => r.deadline.id),
        outcome,
        now,
      );
    }
    if (claimed.length > 0) await hooks.beforeCommit?.(claimed);
    return results;
  });
}

async function fire(deps: EngineDeps, deadline: DeadlineRow, loaded: LoadedClause): Promise<'fired' | 'cancelled'> {
  try {
    const ctx = { actor: SYSTEM_ACTOR, requestId: `deadline:${deadline.id}` };
    await sendClauseEvent(deps, ctx, deadline.clause_id, { body: deadline.event }, { internal: true, unanswered: true, loaded });
    return 'fired';
  } catch (error) {
    // The clause has left the deadline's state or round (a transition cancels the deadlines
    // it leaves behind, but skips one another instance is firing at that moment).
    if (error instanceof KlausulError && error.code === 'invalid_transition') return 'cancelled';
    throw error;
  }
}

export interface DeadlinePollerOptions {
  /** Concurrent claimers in this instance (each holds one connection while firing). */
  workers: number;
  /** Deadlines fired per transaction (default 20). */
  batchSize?: number;
  /** Pause after finding nothing due. */
  intervalMs: number;
  logger?: Logger | undefined;
  hooks?: FireHooks;
}

/**
 * Fires due deadlines until stopped. Each worker fires batches back to back
 * while any are due, then sleeps for the interval. stop() lets the batch in
 * hand commit (or roll back) before it resolves. After a failed batch the
 * next one runs each event under a savepoint, so a deadline that cannot be
 * fired is set aside (retried later, at last failed) and holds up no others.
 */
export class DeadlinePoller {
  private readonly loops: WorkLoops;
  private isolate = false;
  fired = 0;
  cancelled = 0;

  constructor(
    private readonly deps: EngineDeps,
    private readonly options: DeadlinePollerOptions,
  ) {
    this.loops = new WorkLoops(() => this.round(), { loops: options.workers, intervalMs: options.intervalMs });
  }

  start(): void {
    this.loops.start();
  }

  stop(): Promise<void> {
    return this.loops.stop();
  }

  private async round(): Promise<boolean> {
    let results: FiredDeadline[] = [];
    try {
      results = await fireDueDeadlines(this.deps, this.options.batchSize ?? 20, this.options.hooks, { isolate: this.isolate });
      this.isolate = false;
    } catch (error) {
      // Rolled back: the deadlines stay scheduled; the next batch isolates each event, so a failing one is set aside.
      this.options.logger?.error({ err: error }, 'firing deadlines failed; they stay scheduled');
      this.isolate = true;
    }
    for (const { deadline, outcome } of results) {
      if (outcome === 'fired') this.fired++;
      else if (outcome === 'cancelled') this.cancelled++;
      const log = { deadlineId: deadline.id, clauseId: deadline.clause_id, kind: deadline.kind, outcome };
      if (outcome === 'retrying' || outcome === 'failed') this.options.logger?.error(log, 'a deadline event failed; see last_error on the deadline');
      else this.options.logger?.info(log, 'deadline');
    }
    return results.length > 0;
  }
}
