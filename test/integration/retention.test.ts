/**
 * What Klausul keeps only for a while (README.md, Retention): stored
 * idempotent answers after a day, ended web sessions, the webhook delivery
 * log and cancelled deadlines after the log period. The history, the
 * instances, fired deadlines and undelivered webhooks stay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimDueDeliveries, dispatchOutbox, recordAttempt } from '../../src/db/webhooks.ts';
import { sweepOnce, type RetentionPolicy } from '../../src/engine/retention.ts';
import { clauseInDelivery, dropSeeded, openSeeded, PLACEMENT_PARAMS, type SeededDatabase } from '../support/api.ts';
import { BACKENDS } from '../support/stores.ts';
import { webSignIn } from '../support/web-session.ts';

const POLICY: RetentionPolicy = { idempotencyHours: 24, logDays: 30 };
const HOUR = 3_600_000;

describe.each(BACKENDS)('retention on %s', (backend) => {
  let seeded: SeededDatabase;
  beforeAll(async () => {
    seeded = await openSeeded(backend);
  });
  afterAll(() => dropSeeded(seeded));

  const rows = async (table: 'idempotency_keys' | 'web_sessions' | 'webhook_deliveries' | 'webhook_attempts' | 'outbox' | 'deadlines' | 'clause_history') =>
    Number(
      (
        await seeded.store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const deadlines = async (status: 'scheduled' | 'fired' | 'cancelled' | 'failed') =>
    Number(
      (
        await seeded.store.db
          .selectFrom('deadlines')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('status', '=', status)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('removes what has expired, and only that', async () => {
    const { h, p, store } = seeded;
    const officer = h.as(p.officer);
    const hook = await officer.post('/api/v1/webhooks', { url: 'https://hooks.example.org/klausul', description: 'Ärendesystemet' });
    expect(hook.status).toBe(201);

    // A clause through award and plan: events in the outbox, the plan deadline cancelled when the plan came.
    const clauseId = await clauseInDelivery(h, p, 'placements', PLACEMENT_PARAMS);
    const tender = () => officer.post('/api/v1/tenders', { reference: 'T-retry', title: 'Fönsterbyte Odenskog' }, { 'idempotency-key': 'retry-1' });
    const first = await tender();
    expect(first.status).toBe(201);
    expect((await tender()).headers.get('idempotent-replayed')).toBe('true');
    await webSignIn(h, p.contractor);

    // Every event delivered but the last, which stays pending (its receiver never answered).
    const now = () => h.clock.now();
    await dispatchOutbox(store.db, 1_000, now());
    const claimed = await claimDueDeliveries(store.db, { limit: 1_000, perWebhook: 1_000, now: now(), leaseUntil: new Date(now().getTime() + 60_000) });
    expect(claimed.length).toBeGreaterThan(2);
    for (const delivery of claimed.slice(0, -1)) {
      const recorded = await recordAttempt(store.db, {
        deliveryId: delivery.id,
        attemptsBefore: delivery.attempts,
        at: now(),
        statusCode: 204,
        error: null,
        durationMs: 12,
        status: 'delivered',
        nextAttemptAt: now(),
      });
      expect(recorded).toBe(true);
    }
    expect(await deadlines('cancelled')).toBeGreaterThan(0);
    const history = await rows('clause_history');
    const before = {
      idempotency: await rows('idempotency_keys'),
      sessions: await rows('web_sessions'),
      deliveries: await rows('webhook_deliveries'),
      outbox: await rows('outbox'),
      scheduled: await deadlines('scheduled'),
    };

    // Within the session's twelve hours nothing goes; after them, the ended session.
    h.clock.advance(11 * HOUR);
    expect(Object.values(await sweepOnce(h.deps, POLICY)).every((n) => n === 0)).toBe(true);
    h.clock.advance(2 * HOUR);
    expect(await sweepOnce(h.deps, POLICY)).toMatchObject({ webSessions: before.sessions, idempotencyKeys: 0 });
    expect(await rows('web_sessions')).toBe(0);

    // After the day, the stored answers.
    h.clock.advance(12 * HOUR);
    expect(await sweepOnce(h.deps, POLICY)).toMatchObject({
      idempotencyKeys: before.idempotency,
      webSessions: 0,
      webhookDeliveries: 0,
      outbox: 0,
      deadlines: 0,
    });
    expect(await rows('idempotency_keys')).toBe(0);
    // The retry is judged afresh: not replayed, and refused because the tender it would create exists.
    const retried = await tender();
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect(retried.status).toBe(409);

    // After the log period: finished deliveries with their attempts, the outbox rows behind them and cancelled deadlines.
    h.clock.advance(30 * 24 * HOUR);
    const monthLater = await sweepOnce(h.deps, POLICY);
    expect(monthLater.webhookDeliveries).toBe(claimed.length - 1);
    expect(monthLater.webhookAttempts).toBe(claimed.length - 1);
    expect(monthLater.deadlines).toBeGreaterThan(0);
    expect(await rows('webhook_deliveries')).toBe(1);
    expect(await rows('webhook_attempts')).toBe(0);
    expect(await deadlines('cancelled')).toBe(0);
    // The pending delivery keeps its outbox row; so does the new tender's event, not yet dispatched.
    expect(await rows('outbox')).toBeGreaterThanOrEqual(1);
    expect(await rows('outbox')).toBeLessThan(before.outbox);
    // What the clause is stays: its history, its scheduled deadlines, its page.
    expect(await rows('clause_history')).toBe(history);
    expect(await deadlines('scheduled')).toBe(before.scheduled);
    expect((await officer.get(`/api/v1/clauses/${clauseId}`)).status).toBe(200);
    const log = await officer.get(`/api/v1/webhooks/${hook.body.id}/deliveries`);
    expect(log.status).toBe(200);
    expect(log.body).toHaveLength(1);

    // A second sweep finds nothing more.
    expect(Object.values(await sweepOnce(h.deps, POLICY)).every((n) => n === 0)).toBe(true);
  });
});
