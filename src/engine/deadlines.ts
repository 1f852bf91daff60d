/**
 * Firing durable deadlines (DESIGN.md §3, issue 5). Due deadlines are claimed
 * with FOR UPDATE SKIP LOCKED, each one's event goes through the engine as
 * actor "system", and they are marked fired, all in one transaction: several
 * instances can poll one database and every deadline fires once; a crash
 * before the commit leaves them scheduled, to be fired again later.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { KlausulError } from '../domain/errors.ts';
import { SYSTEM_ACTOR } from '../domain/roles.ts';
import { lockClausesWithFacts } from '../db/clauses.ts';
import { claimDueDeadlines, resolveDeadlines } from '../db/deadlines.ts';
import type { DeadlineRow } from '../db/schema.ts';
import { sendClauseEvent, type LoadedClause } from './clauses.ts';
import type { EngineDeps } from './deps.ts';

export interface FireHooks {
  /** Called inside the transaction after the events were applied, before the commit (tests stop a process here). */
  beforeCommit?(deadlines: DeadlineRow[]): Promise<void>;
}

export interface FiredDeadline {
  deadline: DeadlineRow;
  outcome: 'fired' | 'cancelled';
}

/**
 * Claims up to `limit` due deadlines and fires them in one transaction; an
 * empty list when none is due (or all due ones are being fired elsewhere).
 * Clauses are taken in id order, so two instances never wait on each other's
 * clause locks in a cycle; a clause's own deadlines go in due order.
 */
export async function fireDueDeadlines(deps: EngineDeps, limit: number, hooks: FireHooks = {}): Promise<FiredDeadline[]> {
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const claimed = await claimDueDeadlines(trx, now, limit);
    claimed.sort((a, b) => a.clause_id.localeCompare(b.clause_id) || a.due_at.getTime() - b.due_at.getTime() || a.key.localeCompare(b.key));
    // The batch's clauses in one read, locked in id order: no event of the batch can lose a race.
    const clauses = new Map((await lockClausesWithFacts(trx, [...new Set(claimed.map((d) => d.clause_id))])).map((c) => [c.row.id, { current: c }]));
    const inTransaction = { ...deps, db: trx as unknown as EngineDeps['db'] };
    const results: FiredDeadline[] = [];
    for (const deadline of claimed) results.push({ deadline, outcome: await fire(inTransaction, deadline, clauses.get(deadline.clause_id) ?? {}) });
    for (const outcome of ['fired', 'cancelled'] as const) {
      await resolveDeadlines(trx, results.filter((r) => r.outcome === outcome).map((r) => r.deadline.id), outcome, now);
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
    // The clause left the deadline's state while it was claimed: the transition cancelled
    // every deadline but this locked one, which no longer applies.
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
 * worker fires one deadline at a time until one succeeds, so a deadline that
 * cannot be fired holds up no others.
 */
export class DeadlinePoller {
  private running = false;
  private loops: Promise<void>[] = [];
  private wake = new AbortController();
  fired = 0;
  cancelled = 0;

  constructor(
    private readonly deps: EngineDeps,
    private readonly options: DeadlinePollerOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.wake = new AbortController();
    this.loops = Array.from({ length: this.options.workers }, () => this.loop());
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake.abort();
    await Promise.all(this.loops);
  }

  private async loop(): Promise<void> {
    const batchSize = this.options.batchSize ?? 20;
    let limit = batchSize;
    while (this.running) {
      let results: FiredDeadline[] = [];
      try {
        results = await fireDueDeadlines(this.deps, limit, this.options.hooks);
        limit = batchSize;
      } catch (error) {
        // Rolled back: the deadlines stay scheduled and are tried again, one at a time, after a pause.
        this.options.logger?.error({ err: error }, 'firing deadlines failed; they stay scheduled');
        limit = 1;
      }
      for (const { deadline, outcome } of results) {
        if (outcome === 'fired') this.fired++;
        else this.cancelled++;
        this.options.logger?.info({ deadlineId: deadline.id, clauseId: deadline.clause_id, kind: deadline.kind, outcome }, 'deadline');
      }
      if (results.length > 0) continue;
      await sleep(this.options.intervalMs, undefined, { signal: this.wake.signal }).catch(() => {});
    }
  }
}
