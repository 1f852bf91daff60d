/**
 * Firing durable deadlines (DESIGN.md §3, issue 5). Each deadline is claimed
 * with FOR UPDATE SKIP LOCKED, its event goes through the engine as actor
 * "system", and it is marked fired, all in one transaction: several instances
 * can poll one database and every deadline fires once; a crash before the
 * commit leaves it scheduled, to be fired again later.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { KlausulError } from '../domain/errors.ts';
import { SYSTEM_ACTOR } from '../domain/roles.ts';
import { claimDueDeadline, resolveDeadline } from '../db/deadlines.ts';
import type { DeadlineRow, Db } from '../db/schema.ts';
import { sendClauseEvent } from './clauses.ts';
import type { EngineDeps } from './deps.ts';

export interface FireHooks {
  /** Called inside the transaction after the event was applied, before the commit (tests stop a process here). */
  beforeCommit?(deadline: DeadlineRow): Promise<void>;
}

export type FireResult = { deadline: DeadlineRow; outcome: 'fired' | 'cancelled' } | null;

/** Claims the earliest due deadline and fires it; null when none is due (or all due ones are being fired elsewhere). */
export async function fireNextDeadline(deps: EngineDeps, hooks: FireHooks = {}): Promise<FireResult> {
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const deadline = await claimDueDeadline(trx, now);
    if (!deadline) return null;
    const outcome = await fire({ ...deps, db: trx as unknown as EngineDeps['db'] }, deadline);
    await resolveDeadline(trx as Db, deadline.id, outcome, now, deadline.event.type);
    await hooks.beforeCommit?.(deadline);
    return { deadline, outcome };
  });
}

async function fire(deps: EngineDeps, deadline: DeadlineRow): Promise<'fired' | 'cancelled'> {
  try {
    await sendClauseEvent(deps, { actor: SYSTEM_ACTOR, requestId: `deadline:${deadline.id}` }, deadline.clause_id, { body: deadline.event }, { internal: true });
    return 'fired';
  } catch (error) {
    // The clause left the deadline's state while it was being claimed: the transition cancelled
    // every deadline but this locked one, which no longer applies.
    if (error instanceof KlausulError && error.code === 'invalid_transition') return 'cancelled';
    throw error;
  }
}

export interface DeadlinePollerOptions {
  /** Concurrent claimers in this instance (each holds one connection while firing). */
  workers: number;
  /** Pause after finding nothing due. */
  intervalMs: number;
  logger?: Logger | undefined;
  hooks?: FireHooks;
}

/**
 * Fires due deadlines until stopped. Each worker fires deadlines back to back
 * while any are due, then sleeps for the interval. stop() lets the deadline in
 * hand finish (or roll back) before it resolves.
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
    while (this.running) {
      let result: FireResult = null;
      try {
        result = await fireNextDeadline(this.deps, this.options.hooks);
      } catch (error) {
        // Rolled back: the deadline stays scheduled and is tried again after a pause.
        this.options.logger?.error({ err: error }, 'firing a deadline failed; it stays scheduled');
      }
      if (result) {
        if (result.outcome === 'fired') this.fired++;
        else this.cancelled++;
        this.options.logger?.info({ deadlineId: result.deadline.id, clauseId: result.deadline.clause_id, kind: result.deadline.kind, outcome: result.outcome }, 'deadline');
        continue;
      }
      await sleep(this.options.intervalMs, undefined, { signal: this.wake.signal }).catch(() => {});
    }
  }
}
