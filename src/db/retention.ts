/**
 * What Klausul keeps only for a while (README.md, Retention): stored answers
 * to idempotent requests, ended web sessions, the webhook delivery log with
 * the outbox rows behind it, and deadlines that were cancelled. Each delete
 * takes at most `limit` rows, so a sweep never holds a long transaction; the
 * history, the instances and fired deadlines are never touched here.
 */
import { sql } from 'kysely';
import type { Db } from './schema.ts';

export interface RetentionCutoffs {
  /** Stored idempotent answers created before this are removed (a retry after it is a new request). */
  idempotencyBefore: Date;
  /** Web sessions that expired at or before this. */
  sessionsExpiredBy: Date;
  /** Finished webhook deliveries (delivered or failed for good) whose last activity was before this, and dispatched outbox rows older than it with no delivery left. */
  deliveryLogBefore: Date;
  /** Deadlines cancelled before this (a plan sent back, a state left): superseded, never fired. */
  cancelledDeadlinesBefore: Date;
}

export type RetentionCounts = Record<'idempotencyKeys' | 'webSessions' | 'webhookAttempts' | 'webhookDeliveries' | 'outbox' | 'deadlines', number>;

const count = (result: { numAffectedRows?: bigint }) => Number(result.numAffectedRows ?? 0n);

export async function pruneExpired(db: Db, cutoffs: RetentionCutoffs, limit: number): Promise<RetentionCounts> {
  const idempotencyKeys = await sql`
    delete from idempotency_keys where (user_id, key) in (
      select user_id, key from idempotency_keys where created_at < ${cutoffs.idempotencyBefore} limit ${limit})`.execute(db);
  const webSessions = await sql`
    delete from web_sessions where id in (select id from web_sessions where expires_at <= ${cutoffs.sessionsExpiredBy} limit ${limit})`.execute(db);
  // A delivery's attempts go with it, in one statement (the foreign key is checked at its end), so the log never shows a delivery without its attempts.
  const finished = await sql<{ attempts: string; deliveries: string }>`
    with gone as (
      select id from webhook_deliveries
      where status in ('delivered', 'failed') and coalesce(delivered_at, last_attempt_at, created_at) < ${cutoffs.deliveryLogBefore}
      limit ${limit}
    ), attempts as (
      delete from webhook_attempts where delivery_id in (select id from gone) returning 1
    ), deliveries as (
      delete from webhook_deliveries where id in (select id from gone) returning 1
    )
    select (select count(*) from attempts)::text as attempts, (select count(*) from deliveries)::text as deliveries`.execute(db);
  const outbox = await sql`
    delete from outbox where id in (
      select o.id from outbox o
      where o.dispatched_at is not null and o.created_at < ${cutoffs.deliveryLogBefore}
        and not exists (select 1 from webhook_deliveries d where d.outbox_id = o.id)
      limit ${limit})`.execute(db);
  const deadlines = await sql`
    delete from deadlines where id in (
      select id from deadlines where status = 'cancelled' and resolved_at < ${cutoffs.cancelledDeadlinesBefore} limit ${limit})`.execute(db);
  const removed = finished.rows[0] ?? { attempts: '0', deliveries: '0' };
  return {
    idempotencyKeys: count(idempotencyKeys),
    webSessions: count(webSessions),
    webhookAttempts: Number(removed.attempts),
    webhookDeliveries: Number(removed.deliveries),
    outbox: count(outbox),
    deadlines: count(deadlines),
  };
}
