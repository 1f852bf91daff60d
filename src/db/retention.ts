/**
 * What Klausul keeps only for a while (README.md, Retention): stored answers
 * to idempotent requests, ended web sessions, the webhook delivery log with
 * the outbox rows behind it, the mail log (messages sent or given up, with
 * their attempts and items), and deadlines that were cancelled. Each delete
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
  /**
   * Mail messages sent or given up whose last activity was before this, with their attempts and items; items that
   * waited since before it for a digest that never came (the user has no address); and reminder markers older than it
   * of deadlines no longer scheduled, which can be reminded of no more.
   */
  mailLogBefore: Date;
}

export type RetentionCounts = Record<
  | 'idempotencyKeys'
  | 'webSessions'
  | 'webhookAttempts'
  | 'webhookDeliveries'
  | 'outbox'
  | 'deadlines'
  | 'mailMessages'
  | 'mailAttempts'
  | 'mailItems'
  | 'mailDeadlineNotices',
  number
>;

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
  const mail = await pruneMailLog(db, cutoffs.mailLogBefore, limit);
  return {
    idempotencyKeys: count(idempotencyKeys),
    webSessions: count(webSessions),
    webhookAttempts: Number(removed.attempts),
    webhookDeliveries: Number(removed.deliveries),
    outbox: count(outbox),
    deadlines: count(deadlines),
    ...mail,
  };
}

/** The mail log's share of a sweep (README.md, Retention): what was mailed, or given up, a log period ago. */
async function pruneMailLog(
  db: Db,
  before: Date,
  limit: number,
): Promise<Pick<RetentionCounts, 'mailMessages' | 'mailAttempts' | 'mailItems' | 'mailDeadlineNotices'>> {
  // As with webhook deliveries, a message goes with its attempts and items in one statement.
  const finished = await sql<{ attempts: string; items: string; messages: string }>`
    with gone as (
      select m.id from mail_messages m
      where m.status in ('sent', 'failed')
        and coalesce(m.sent_at, (select max(a.at) from mail_attempts a where a.message_id = m.id), m.created_at) < ${before}
      limit ${limit}
    ), attempts as (
      delete from mail_attempts where message_id in (select id from gone) returning 1
    ), items as (
      delete from mail_items where message_id in (select id from gone) returning 1
    ), messages as (
      delete from mail_messages where id in (select id from gone) returning 1
    )
    select (select count(*) from attempts)::text as attempts, (select count(*) from items)::text as items,
           (select count(*) from messages)::text as messages`.execute(db);
  const unsent = await sql`
    delete from mail_items where id in (select id from mail_items where message_id is null and created_at < ${before} limit ${limit})`.execute(db);
  const notices = await sql`
    delete from mail_deadline_notices where (deadline_id, stage) in (
      select n.deadline_id, n.stage from mail_deadline_notices n
      where n.planned_at < ${before} and not exists (select 1 from deadlines d where d.id = n.deadline_id and d.status = 'scheduled')
      limit ${limit})`.execute(db);
  const removed = finished.rows[0] ?? { attempts: '0', items: '0', messages: '0' };
  return {
    mailMessages: Number(removed.messages),
    mailAttempts: Number(removed.attempts),
    mailItems: Number(removed.items) + count(unsent),
    mailDeadlineNotices: count(notices),
  };
}
