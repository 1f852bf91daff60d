/**
 * Webhook subscriptions, their deliveries and the attempt log. Dispatch turns
 * outbox rows into one pending delivery per matching subscription; delivery
 * claims due deliveries and leases them. Both claim with FOR UPDATE SKIP
 * LOCKED, so several instances share the work without waiting on each other.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { releaseLeases } from './leases.ts';
import type { Db, WebhookDeliveryRow, WebhookRow } from './schema.ts';

export interface NewWebhook {
  orgId: string;
  url: string;
  secret: string;
  eventTypes: string[] | null;
  description: string | null;
  createdBy: string;
}

export async function insertWebhook(db: Db, webhook: NewWebhook, now: Date): Promise<WebhookRow> {
  return db
    .insertInto('webhooks')
    .values({
      id: randomUUID(),
      org_id: webhook.orgId,
      url: webhook.url,
      secret: webhook.secret,
      event_types: webhook.eventTypes,
      description: webhook.description,
      created_by: webhook.createdBy,
      created_at: now,
      deleted_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A subscription, deleted or not. */
export async function findWebhook(db: Db, id: string): Promise<WebhookRow | undefined> {
  return db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
}

/** An organisation's active subscriptions, oldest first. */
export async function listActiveWebhooks(db: Db, orgId: string): Promise<WebhookRow[]> {
  return db.selectFrom('webhooks').selectAll().where('org_id', '=', orgId).where('deleted_at', 'is', null).orderBy('created_at').orderBy('id').execute();
}

/**
 * Soft-deletes a subscription and gives up its pending deliveries (marked
 * failed, with the reason), in one transaction. False when it was already deleted.
 */
export async function deleteWebhook(db: Db, id: string, now: Date): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const deleted = await trx
      .updateTable('webhooks')
      .set({ deleted_at: now })
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!deleted) return false;
    await trx
      .updateTable('webhook_deliveries')
      .set({ status: 'failed', last_error: 'The subscription was deleted before the event was delivered.' })
      .where('webhook_id', '=', id)
      .where('status', '=', 'pending')
      .execute();
    return true;
  });
}

export interface DispatchResult {
  /** Outbox rows marked dispatched. */
  events: number;
  /** Pending deliveries created for them. */
  deliveries: number;
}

/**
 * Claims up to `limit` undispatched outbox rows, oldest first, creates one
 * pending delivery per active subscription they concern (its organisation is
 * in org_ids, its event types match, it existed when the event happened), and
 * marks the rows dispatched: all in one transaction. Rows another instance is
 * dispatching are skipped, not waited for.
 */
export async function dispatchOutbox(db: Db, limit: number, now: Date): Promise<DispatchResult> {
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .selectFrom('outbox')
      .select('id')
      .where('dispatched_at', 'is', null)
      .orderBy('id')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (claimed.length === 0) return { events: 0, deliveries: 0 };
    const ids = claimed.map((row) => String(row.id));
    const inserted = await trx
      .insertInto('webhook_deliveries')
      .columns(['id', 'webhook_id', 'outbox_id', 'status', 'attempts', 'next_attempt_at', 'created_at'])
      .expression((eb) =>
        eb
          .selectFrom('outbox as o')
          .innerJoin('webhooks as w', (join) => join.on(sql<boolean>`${sql.ref('w.org_id')} = any(${sql.ref('o.org_ids')})`))
          .select([
            sql<string>`gen_random_uuid()::text`.as('id'),
            'w.id as webhook_id',
            'o.id as outbox_id',
            sql<string>`'pending'`.as('status'),
            sql<number>`0`.as('attempts'),
            sql<Date>`${now}::timestamptz`.as('next_attempt_at'),
            sql<Date>`${now}::timestamptz`.as('created_at'),
          ])
          .where(sql<boolean>`${sql.ref('o.id')} = any(${ids}::bigint[])`)
          .where('w.deleted_at', 'is', null)
          .whereRef('w.created_at', '<=', 'o.created_at')
          .where((w) => w.or([w('w.event_types', 'is', null), sql<boolean>`${sql.ref('o.type')} = any(${sql.ref('w.event_types')})`])),
      )
      .onConflict((oc) => oc.constraint('webhook_deliveries_once').doNothing())
      .returning('id')
      .execute();
    await trx
      .updateTable('outbox')
      .set({ dispatched_at: now })
      .where(sql<boolean>`${sql.ref('id')} = any(${ids}::bigint[])`)
      .execute();
    return { events: claimed.length, deliveries: inserted.length };
  });
}

/** A delivery claimed for one attempt, with what is needed to send it. */
export interface ClaimedDelivery {
  id: string;
  webhookId: string;
  /** Attempts made before this one; the lease is valid while this is unchanged. */
  attempts: number;
  url: string;
  secret: string;
  outboxId: string;
  type: string;
  clauseId: string;
  payload: Record<string, unknown>;
  eventCreatedAt: Date;
}

/**
 * Claims up to `limit` due pending deliveries of active subscriptions, at most
 * `perWebhook` of each subscription (so one slow receiver cannot fill a
 * batch), and leases them until `leaseUntil` by moving next_attempt_at: the
 * transaction commits before anything is sent. A lease that runs out (the
 * instance died mid-attempt) makes the delivery due again.
 */
export async function claimDueDeliveries(db: Db, opts: { limit: number; perWebhook: number; now: Date; leaseUntil: Date }): Promise<ClaimedDelivery[]> {
  return db.transaction().execute(async (trx) => {
    // The first few due deliveries of each live subscription, each read from the index: a large backlog costs nothing here.
    const candidates = trx
      .selectFrom('webhooks as w')
      .innerJoinLateral(
        (eb) =>
          eb
            .selectFrom('webhook_deliveries as d')
            .select('d.id')
            .whereRef('d.webhook_id', '=', 'w.id')
            .where('d.status', '=', 'pending')
            .where('d.next_attempt_at', '<=', opts.now)
            .orderBy('d.next_attempt_at')
            .orderBy('d.id')
            .limit(opts.perWebhook)
            .as('c'),
        (join) => join.onTrue(),
      )
      .select('c.id')
      .where('w.deleted_at', 'is', null);
    const locked = await trx
      .selectFrom('webhook_deliveries')
      .select(['id', 'attempts'])
      .where('id', 'in', candidates)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', opts.now)
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(opts.limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (locked.length === 0) return [];
    const ids = locked.map((row) => row.id);
    await trx.updateTable('webhook_deliveries').set({ next_attempt_at: opts.leaseUntil }).where('id', 'in', ids).execute();
    const rows = await trx
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
      .innerJoin('outbox as o', 'o.id', 'd.outbox_id')
      .select([
        'd.id',
        'd.webhook_id',
        'd.attempts',
        'd.next_attempt_at',
        'w.url',
        'w.secret',
        'o.id as outbox_id',
        'o.type',
        'o.clause_id',
        'o.payload',
        'o.created_at',
      ])
      .where('d.id', 'in', ids)
      .orderBy('d.id')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      webhookId: row.webhook_id,
      attempts: row.attempts,
      url: row.url,
      secret: row.secret,
      outboxId: String(row.outbox_id),
      type: row.type,
      clauseId: row.clause_id,
      payload: row.payload,
      eventCreatedAt: row.created_at,
    }));
  });
}

/** Gives claimed deliveries back unattempted (the worker is stopping): due again at `dueAt`. */
export const releaseDeliveries = (db: Db, leases: Array<{ id: string; attempts: number }>, dueAt: Date): Promise<void> =>
  releaseLeases(db, 'webhook_deliveries', leases, dueAt);

export interface AttemptOutcome {
  deliveryId: string;
  /** Attempts made before this one, as claimed. */
  attemptsBefore: number;
  at: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  /** What the delivery becomes: delivered, pending again at nextAttemptAt, or failed for good. */
  status: 'delivered' | 'pending' | 'failed';
  nextAttemptAt: Date;
}

/**
 * Records one attempt and its outcome in one transaction. The delivery is
 * updated only while it still carries the attempt count it was claimed with,
 * so a lease that ran out and was taken over cannot be recorded twice. A
 * delivery given up meanwhile (its subscription deleted) stays failed unless
 * this attempt delivered it. False when the lease was lost.
 */
export async function recordAttempt(db: Db, outcome: AttemptOutcome): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('webhook_deliveries')
      .set({
        attempts: outcome.attemptsBefore + 1,
        last_attempt_at: outcome.at,
        last_status_code: outcome.statusCode,
        last_error: outcome.error,
        status: sql<WebhookDeliveryRow['status']>`case when status = 'pending' or ${outcome.status} = 'delivered' then ${outcome.status} else status end`,
        next_attempt_at: outcome.nextAttemptAt,
        delivered_at: outcome.status === 'delivered' ? outcome.at : null,
      })
      .where('id', '=', outcome.deliveryId)
      .where('attempts', '=', outcome.attemptsBefore)
      .where('status', '!=', 'delivered')
      .returning('id')
      .executeTakeFirst();
    if (!updated) return false;
    await trx
      .insertInto('webhook_attempts')
      .values({
        delivery_id: outcome.deliveryId,
        attempt: outcome.attemptsBefore + 1,
        at: outcome.at,
        status_code: outcome.statusCode,
        error: outcome.error,
        duration_ms: outcome.durationMs,
      })
      .execute();
    return true;
  });
}

export interface DeliveryLogEntry {
  delivery: WebhookDeliveryRow;
  outboxId: string;
  type: string;
  attempts: Array<{ attempt: number; at: Date; statusCode: number | null; error: string | null; durationMs: number }>;
}

/** A subscription's deliveries, newest first, each with its attempts in order. */
export async function listDeliveries(db: Db, webhookId: string, limit: number): Promise<DeliveryLogEntry[]> {
  const deliveries = await db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('outbox as o', 'o.id', 'd.outbox_id')
    .selectAll('d')
    .select('o.type')
    .where('d.webhook_id', '=', webhookId)
    .orderBy('d.created_at', 'desc')
    .orderBy('d.outbox_id', 'desc')
    .limit(limit)
    .execute();
  if (deliveries.length === 0) return [];
  const attempts = await db
    .selectFrom('webhook_attempts')
    .selectAll()
    .where(
      'delivery_id',
      'in',
      deliveries.map((d) => d.id),
    )
    .orderBy('delivery_id')
    .orderBy('attempt')
    .execute();
  const byDelivery = new Map<string, typeof attempts>();
  for (const attempt of attempts) byDelivery.set(attempt.delivery_id, [...(byDelivery.get(attempt.delivery_id) ?? []), attempt]);
  return deliveries.map(({ type, ...delivery }) => ({
    delivery,
    outboxId: String(delivery.outbox_id),
    type,
    attempts: (byDelivery.get(delivery.id) ?? []).map((a) => ({
      attempt: a.attempt,
      at: a.at,
      statusCode: a.status_code,
      error: a.error,
      durationMs: a.duration_ms,
    })),
  }));
}
