/**
 * Webhook subscriptions and delivery, on PGlite and (with DATABASE_URL) on
 * PostgreSQL: who may manage subscriptions, signed deliveries to a local
 * receiver, retries with backoff moved on by the manual clock, the delivery
 * log, deleted subscriptions and event-type filters. The worker runs pass by
 * pass (runOnce), so nothing depends on real time.
 */
import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.ts';
import { insertOutbox } from '../../src/db/outbox.ts';
import { addUser } from '../../src/engine/admin.ts';
import { WebhookWorker } from '../../src/engine/webhook-worker.ts';
import { type ResolvedAddress, systemResolver } from '../../src/engine/private-network.ts';
import { awardBody, draftClause, drive, dropSeeded, openSeeded, type Harness, type Parties } from '../support/api.ts';
import { BACKENDS, type TestDatabase } from '../support/stores.ts';
import { startReceiver, type Receiver } from '../support/webhook-receiver.ts';

/** The receiver listens on 127.0.0.1: a private address, which workers refuse unless told otherwise. */
const LOCAL = { allowPrivateNetworks: true };

const verify = (secret: string, raw: Buffer) => `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;

describe.each(BACKENDS)('webhooks on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let h: Harness;
  let p: Parties;
  let supplierAdmin: string;
  let receiver: Receiver;
  let worker: WebhookWorker;

  beforeAll(async () => {
    ({ database, store, h, p } = await openSeeded(backend));
    supplierAdmin = (await addUser(h.deps, { orgId: p.supplierOrgId, role: 'admin', name: 'Admin Jämtbygg' })).apiKey;
    receiver = await startReceiver();
    worker = new WebhookWorker(h.deps, LOCAL);
  });
  afterAll(async () => {
    await receiver?.close();
    await dropSeeded({ database, store });
  });
  // Every test starts without subscriptions and with the outbox dispatched.
  afterEach(async () => {
    for (const key of [p.officer, supplierAdmin, p.otherOfficer]) {
      for (const webhook of (await h.as(key).get('/api/v1/webhooks')).body) await remove(key, webhook.id);
    }
    await drain();
    h.clock.advance(60 * 60_000);
  });

  const subscribe = (key: string, body: Record<string, unknown>) => h.as(key).post('/api/v1/webhooks', body);
  const remove = (key: string, id: string) => h.as(key).raw(`/api/v1/webhooks/${id}`, { method: 'DELETE' });
  const deliveries = async (key: string, id: string) => {
    const answer = await h.as(key).get(`/api/v1/webhooks/${id}/deliveries`);
    expect(answer.status).toBe(200);
    return answer.body as any[];
  };
  const drain = async () => {
    while ((await worker.runOnce()).events > 0);
  };
  /** A clause drafted, published and awarded to the supplier over HTTP, one second apart. */
  const publishAndAward = async () => {
    h.clock.advance(1_000);
    const { clauseId } = await draftClause(h, p);
    h.clock.advance(1_000);
    await drive(h, clauseId, [[p.officer, { type: 'PUBLISH' }]]);
    h.clock.advance(1_000);
    await drive(h, clauseId, [[p.officer, awardBody(p.supplierOrgId)]]);
    return clauseId;
  };

  it('lets the admin and officers of an organisation manage its subscriptions, and nobody else', async () => {
    const created = await subscribe(p.officer, { url: receiver.url('/crud'), eventTypes: ['clause.AWARD', 'clause.PLAN_DUE'], description: 'Ärendesystemet' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      url: receiver.url('/crud'),
      eventTypes: ['clause.AWARD', 'clause.PLAN_DUE'],
      description: 'Ärendesystemet',
      createdAt: h.clock.now().toISOString(),
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9_-]{43}$/),
    });
    h.clock.advance(1_000);
    const byAdmin = await subscribe(p.buyerAdmin, { url: receiver.url('/crud-all') });
    expect(byAdmin.status).toBe(201);
    expect(byAdmin.body).toMatchObject({ eventTypes: null, description: null });
    expect(byAdmin.body.secret).not.toBe(created.body.secret);

    const listed = await h.as(p.buyerAdmin).get('/api/v1/webhooks');
    expect(listed.status).toBe(200);
    expect(listed.body.map((w: { id: string }) => w.id)).toEqual([created.body.id, byAdmin.body.id]);
    for (const webhook of listed.body) expect(webhook).not.toHaveProperty('secret');

    for (const key of [p.auditor, p.contractor]) {
      const refused = await subscribe(key, { url: receiver.url('/crud') });
      expect(refused.status).toBe(403);
      expect(refused.body.error).toBe('forbidden');
      expect((await h.as(key).get('/api/v1/webhooks')).status).toBe(403);
      expect((await h.as(key).get(`/api/v1/webhooks/${created.body.id}/deliveries`)).status).toBe(403);
      expect((await remove(key, created.body.id)).status).toBe(403);
    }
    // Another organisation's officer and admin: not found, and not listed.
    expect((await h.as(p.otherOfficer).get('/api/v1/webhooks')).body).toEqual([]);
    expect((await h.as(supplierAdmin).get('/api/v1/webhooks')).body).toEqual([]);
    for (const key of [p.otherOfficer, supplierAdmin]) {
      const hidden = await h.as(key).get(`/api/v1/webhooks/${created.body.id}/deliveries`);
      expect(hidden.status).toBe(404);
      expect(hidden.body.error).toBe('not_found');
      expect((await remove(key, created.body.id)).status).toBe(404);
    }
    expect((await h.as(p.officer).get('/api/v1/webhooks/no-such-id/deliveries')).status).toBe(404);
    expect((await h.as(null).get('/api/v1/webhooks')).status).toBe(401);

    const deleted = await remove(p.buyerAdmin, created.body.id);
    expect(deleted.status).toBe(204);
    expect((await h.as(p.officer).get('/api/v1/webhooks')).body.map((w: { id: string }) => w.id)).toEqual([byAdmin.body.id]);
    expect((await remove(p.officer, created.body.id)).status).toBe(404);
    // The log of a deleted subscription stays readable.
    expect(await deliveries(p.officer, created.body.id)).toEqual([]);

    const documented = await h.app.request('/openapi.json');
    const paths = (await documented.json()).paths;
    expect(Object.keys(paths['/webhooks'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(Object.keys(paths['/webhooks/{id}'])).toEqual(['delete']);
    expect(Object.keys(paths['/webhooks/{id}/deliveries'])).toEqual(['get']);
  });

  it('refuses bad subscriptions with a message that says what to send', async () => {
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{}, 'url', /send url/],
      [{ url: 'ftp://example.org/events' }, 'url', /http:\/\/ or https:\/\//],
      [{ url: 'example.org/events' }, 'url', /http:\/\/ or https:\/\//],
      [{ url: 'http:///events' }, 'url', /http:\/\/ or https:\/\//],
      [{ url: 'https://exa mple.org/events' }, 'url', /http:\/\/ or https:\/\//],
      [{ url: 'https://user:secret@example.org/events' }, 'url', /user name or password/],
      [{ url: 42 }, 'url', /send url/],
      [{ url: 'https://example.org/events', eventTypes: ['award'] }, 'eventTypes.0', /"clause\.AWARD"/],
      [{ url: 'https://example.org/events', eventTypes: [] }, 'eventTypes', /omit eventTypes/],
      [{ url: 'https://example.org/events', secret: 'mine' }, '(body)', /secret/],
    ];
    for (const [body, path, message] of cases) {
      const answer = await subscribe(p.officer, body);
      expect(answer.status, JSON.stringify(body)).toBe(422);
      expect(answer.body.error).toBe('validation');
      expect(answer.body.issues, JSON.stringify(body)).toEqual(
        expect.arrayContaining([expect.objectContaining({ path, message: expect.stringMatching(message) })]),
      );
    }
    const normalised = await subscribe(p.officer, { url: ' HTTPS://Example.ORG/Events?x=1 ' });
    expect(normalised.status).toBe(201);
    expect(normalised.body.url).toBe('https://example.org/Events?x=1');
    expect((await remove(p.officer, normalised.body.id)).status).toBe(204);

    // A retry with the same Idempotency-Key answers the first subscription and creates no second one.
    const once = await h.as(p.officer).post('/api/v1/webhooks', { url: 'https://example.org/once' }, { 'idempotency-key': 'webhook-once' });
    const again = await h.as(p.officer).post('/api/v1/webhooks', { url: 'https://example.org/once' }, { 'idempotency-key': 'webhook-once' });
    expect(again).toMatchObject({ status: 201, body: once.body });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await h.as(p.officer).get('/api/v1/webhooks')).body.map((w: { id: string }) => w.id)).toEqual([once.body.id]);
    expect((await remove(p.officer, once.body.id)).status).toBe(204);

    const badLimit = await h.as(p.officer).get(`/api/v1/webhooks/x/deliveries?limit=0`);
    expect(badLimit.status).toBe(422);
    expect(badLimit.body.issues[0].path).toBe('query.limit');
    expect((await h.as(p.officer).get('/api/v1/webhooks')).body).toEqual([]);
  });

  it('delivers each event once, signed with the secret shown at creation', async () => {
    const created = await subscribe(p.officer, { url: receiver.url('/signed') });
    const { secret, id: webhookId } = created.body;
    const clauseId = await publishAndAward();

    const counts = await worker.runOnce();
    expect(counts).toMatchObject({ events: 3, deliveriesCreated: 3, attempted: 3, delivered: 3, retrying: 0, failed: 0 });
    const received = receiver.received('/signed');
    expect(received.map((r) => r.body.type).sort()).toEqual(['clause.AWARD', 'clause.CREATE', 'clause.PUBLISH']);

    const award = received.find((r) => r.body.type === 'clause.AWARD')!;
    expect(award.method).toBe('POST');
    expect(award.headers['x-klausul-signature']).toBe(verify(secret, award.raw));
    expect(award.headers['x-klausul-signature']).not.toBe(verify(`${secret}x`, award.raw));
    expect(award.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'Klausul-Webhooks/1',
      'x-klausul-event': 'clause.AWARD',
      'x-klausul-delivery': award.body.deliveryId,
      'x-klausul-attempt': '1',
    });
    expect(award.body).toEqual({
      id: expect.stringMatching(/^\d+$/),
      type: 'clause.AWARD',
      occurredAt: h.clock.now().toISOString(),
      clauseId,
      deliveryId: expect.any(String),
      data: expect.objectContaining({
        clauseId,
        subject: { kind: 'clause', id: clauseId },
        event: 'AWARD',
        fromState: 'tendering',
        toState: expect.stringMatching(/^commitment/),
        actorRole: 'officer',
      }),
    });
    expect(new Set(received.map((r) => r.body.id)).size).toBe(3);

    // Nothing is sent twice, and the log shows one successful attempt each.
    expect(await worker.runOnce()).toMatchObject({ events: 0, attempted: 0 });
    expect(receiver.received('/signed')).toHaveLength(3);
    const log = await deliveries(p.officer, webhookId);
    expect(log).toHaveLength(3);
    expect(log[0]).toMatchObject({ type: 'clause.AWARD', eventId: award.body.id, id: award.body.deliveryId });
    for (const entry of log) {
      expect(entry).toMatchObject({
        status: 'delivered',
        attempts: 1,
        lastStatusCode: 200,
        lastError: null,
        nextAttemptAt: null,
        deliveredAt: expect.any(String),
      });
      expect(entry.attemptLog).toEqual([{ attempt: 1, at: expect.any(String), statusCode: 200, error: null, durationMs: expect.any(Number) }]);
    }
    expect(await h.as(p.officer).get(`/api/v1/webhooks/${webhookId}/deliveries?limit=1`)).toMatchObject({ status: 200, body: [{ type: 'clause.AWARD' }] });
  });

  it('sends only events that happened after the subscription was made', async () => {
    const clauseId = await publishAndAward();
    h.clock.advance(1_000);
    await subscribe(p.officer, { url: receiver.url('/late') });
    // Written while the organisations had no webhook: born dispatched, nothing for the worker to do.
    expect(await worker.runOnce()).toMatchObject({ events: 0, deliveriesCreated: 0 });
    const undispatched = await store.db.selectFrom('outbox').select('id').where('clause_id', '=', clauseId).where('dispatched_at', 'is', null).execute();
    expect(undispatched).toEqual([]);
    h.clock.advance(1_000);
    await drive(h, clauseId, [[p.contractor, { type: 'SUBMIT_PLAN', description: 'Tre praktikplatser' }]]);
    await worker.runOnce();
    expect(receiver.received('/late').map((r) => r.body.type)).toEqual(['clause.SUBMIT_PLAN']);
  });

  it('retries a failing receiver after the backoff and logs both attempts', async () => {
    receiver.script('/flaky', [500]);
    const { body: webhook } = await subscribe(p.officer, { url: receiver.url('/flaky'), eventTypes: ['clause.PUBLISH'] });
    h.clock.advance(1_000);
    const { clauseId } = await draftClause(h, p);
    await drive(h, clauseId, [[p.officer, { type: 'PUBLISH' }]]);
    const failedAt = h.clock.now();

    expect(await worker.runOnce()).toMatchObject({ attempted: 1, delivered: 0, retrying: 1 });
    expect(receiver.received('/flaky')).toHaveLength(1);
    // The workflow went on regardless.
    expect((await h.as(p.officer).get(`/api/v1/clauses/${clauseId}`)).body.state).toBe('tendering');
    const [pending] = await deliveries(p.officer, webhook.id);
    expect(pending).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500, lastError: 'HTTP 500: scripted 500', deliveredAt: null });
    const due = Date.parse(pending.nextAttemptAt) - failedAt.getTime();
    expect(due).toBeGreaterThanOrEqual(30_000);
    expect(due).toBeLessThanOrEqual(33_000);

    h.clock.advance(29_000);
    expect(await worker.runOnce()).toMatchObject({ attempted: 0 });
    expect(receiver.received('/flaky')).toHaveLength(1);

    h.clock.advance(5_000);
    expect(await worker.runOnce()).toMatchObject({ attempted: 1, delivered: 1 });
    const [first, second] = receiver.received('/flaky');
    expect(second!.raw.equals(first!.raw)).toBe(true);
    expect(second!.headers['x-klausul-signature']).toBe(verify(webhook.secret, second!.raw));
    expect([first!.headers['x-klausul-attempt'], second!.headers['x-klausul-attempt']]).toEqual(['1', '2']);

    const [delivered] = await deliveries(p.officer, webhook.id);
    expect(delivered).toMatchObject({
      status: 'delivered',
      attempts: 2,
      lastStatusCode: 200,
      lastError: null,
      nextAttemptAt: null,
      deliveredAt: h.clock.now().toISOString(),
    });
    expect(delivered.attemptLog).toEqual([
      { attempt: 1, at: failedAt.toISOString(), statusCode: 500, error: 'HTTP 500: scripted 500', durationMs: expect.any(Number) },
      { attempt: 2, at: h.clock.now().toISOString(), statusCode: 200, error: null, durationMs: expect.any(Number) },
    ]);
  });

  it('sends nothing to a private address unless allowed', async () => {
    const { body: webhook } = await subscribe(p.officer, { url: receiver.url('/private'), eventTypes: ['clause.PUBLISH'] });
    h.clock.advance(1_000);
    const { clauseId } = await draftClause(h, p);
    await drive(h, clauseId, [[p.officer, { type: 'PUBLISH' }]]);
    const guarded = new WebhookWorker(h.deps);
    expect(await guarded.runOnce()).toMatchObject({ attempted: 1, retrying: 1 });
    expect(receiver.received('/private')).toHaveLength(0);
    const [refused] = await deliveries(p.officer, webhook.id);
    expect(refused.lastError).toMatch(/127\.0\.0\.1 resolves to 127\.0\.0\.1, a private address/);
    await h.as(p.officer).raw(`/api/v1/webhooks/${webhook.id}`, { method: 'DELETE' });
  });

  it('refuses a name that resolves to loopback, by the system resolver or any other', async () => {
    const named = receiver.url('/named').replace('127.0.0.1', 'localhost');
    const rebinding = receiver.url('/named').replace('127.0.0.1', 'hooks.klausul.test');
    const hooks = [
      (await subscribe(p.officer, { url: named, eventTypes: ['clause.PUBLISH'] })).body,
      (await subscribe(p.officer, { url: rebinding, eventTypes: ['clause.PUBLISH'] })).body,
    ];
    h.clock.advance(1_000);
    const { clauseId } = await draftClause(h, p);
    await drive(h, clauseId, [[p.officer, { type: 'PUBLISH' }]]);
    const guarded = new WebhookWorker(h.deps, {
      resolve: async (host) => (host === 'hooks.klausul.test' ? [{ address: '::ffff:127.0.0.1', family: 6 }] : systemResolver(host)),
    });
    expect(await guarded.runOnce()).toMatchObject({ attempted: 2, retrying: 2 });
    expect(receiver.received('/named')).toHaveLength(0);
    expect((await deliveries(p.officer, hooks[0].id))[0].lastError).toMatch(/localhost resolves to (127\.0\.0\.1|::1), a private address/);
    expect((await deliveries(p.officer, hooks[1].id))[0].lastError).toMatch(/hooks\.klausul\.test resolves to ::ffff:127\.0\.0\.1, a private address/);
    for (const hook of hooks) await remove(p.officer, hook.id);
  });

  it('connects to the address it resolved, once, keeping the name in the Host header', async () => {
    const url = receiver.url('/pinned').replace('127.0.0.1', 'hooks.klausul.test');
    const { body: webhook } = await subscribe(p.officer, { url, eventTypes: ['clause.PUBLISH'] });
    h.clock.advance(1_000);
    const { clauseId } = await draftClause(h, p);
    await drive(h, clauseId, [[p.officer, { type: 'PUBLISH' }]]);
    // The name answers the receiver's address once, and an address nobody answers at ever after: a second lookup would fail the delivery.
    const answers: ResolvedAddress[][] = [[{ address: '127.0.0.1', family: 4 }]];
    const asked: string[] = [];
    const pinned = new WebhookWorker(h.deps, {
      ...LOCAL,
      timeoutMs: 2_000,
      leaseMs: 5_000,
      resolve: async (host) => {
        asked.push(host);
        return answers.shift() ?? [{ address: '10.255.255.1', family: 4 }];
      },
    });
    expect(await pinned.runOnce()).toMatchObject({ attempted: 1, delivered: 1 });
    expect(asked).toEqual(['hooks.klausul.test']);
    const [received] = receiver.received('/pinned');
    expect(received!.headers.host).toBe(new URL(url).host);
    expect(received!.body.type).toBe('clause.PUBLISH');
    await remove(p.officer, webhook.id);
  });

  it('doubles the delay after each failure and gives up after the last attempt', async () => {
    const strict = new WebhookWorker(h.deps, { ...LOCAL, maxAttempts: 4, backoffBaseMs: 1_000, jitter: 0 });
    const { body: webhook } = await subscribe(p.officer, { url: 'http://127.0.0.1:1/unreachable', eventTypes: ['clause.PUBLISH'] });
    h.clock.advance(1_000);
    const { clauseId } = await draftClause(h, p);
    await drive(h, clauseId, [[p.officer, { type: 'PUBLISH' }]]);
    const started = h.clock.now().getTime();

    expect(await strict.runOnce()).toMatchObject({ attempted: 1, retrying: 1 });
    // Due 1 s, 2 s and 4 s after each failure: a millisecond early is too early.
    for (const [delay, last] of [
      [1_000, false],
      [2_000, false],
      [4_000, true],
    ] as const) {
      h.clock.advance(delay - 1);
      expect(await strict.runOnce()).toMatchObject({ attempted: 0 });
      h.clock.advance(1);
      expect(await strict.runOnce()).toMatchObject(last ? { attempted: 1, failed: 1 } : { attempted: 1, retrying: 1 });
    }
    h.clock.advance(24 * 60 * 60_000);
    expect(await strict.runOnce()).toMatchObject({ attempted: 0 });

    const [failed] = await deliveries(p.officer, webhook.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 4, lastStatusCode: null, nextAttemptAt: null, deliveredAt: null });
    expect(failed.lastError).toMatch(/ECONNREFUSED|fetch failed/);
    expect(failed.attemptLog.map((a: { at: string }) => Date.parse(a.at) - started)).toEqual([0, 1_000, 3_000, 7_000]);
  });

  it('gives up on a receiver that does not answer without holding up the others', async () => {
    receiver.script('/hang', [0]);
    const { body: hanging } = await subscribe(p.officer, { url: receiver.url('/hang'), eventTypes: ['clause.PUBLISH'] });
    const { body: healthy } = await subscribe(p.buyerAdmin, { url: receiver.url('/healthy'), eventTypes: ['clause.PUBLISH'] });
    h.clock.advance(1_000);
    const { clauseId } = await draftClause(h, p);
    await drive(h, clauseId, [[p.officer, { type: 'PUBLISH' }]]);

    const impatient = new WebhookWorker(h.deps, { ...LOCAL, timeoutMs: 200 });
    expect(await impatient.runOnce()).toMatchObject({ attempted: 2, delivered: 1, retrying: 1 });
    expect(receiver.received('/hang')).toHaveLength(1);
    const [timedOut] = await deliveries(p.officer, hanging.id);
    expect(timedOut).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: null, lastError: 'No answer within 200 ms.' });
    expect(timedOut.attemptLog[0].durationMs).toBeGreaterThanOrEqual(150);
    const [delivered] = await deliveries(p.officer, healthy.id);
    expect(delivered).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('sends nothing more to a deleted subscription and stops its pending deliveries', async () => {
    receiver.script('/deleted', [503]);
    const { body: webhook } = await subscribe(p.officer, { url: receiver.url('/deleted'), eventTypes: ['clause.PUBLISH'] });
    h.clock.advance(1_000);
    const first = await draftClause(h, p);
    await drive(h, first.clauseId, [[p.officer, { type: 'PUBLISH' }]]);
    expect(await worker.runOnce()).toMatchObject({ attempted: 1, retrying: 1 });

    expect((await remove(p.officer, webhook.id)).status).toBe(204);
    h.clock.advance(60 * 60_000);
    const second = await draftClause(h, p);
    await drive(h, second.clauseId, [[p.officer, { type: 'PUBLISH' }]]);
    expect(await worker.runOnce()).toMatchObject({ deliveriesCreated: 0, attempted: 0 });
    expect(receiver.received('/deleted')).toHaveLength(1);

    const log = await deliveries(p.officer, webhook.id);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ status: 'failed', attempts: 1, lastStatusCode: 503, nextAttemptAt: null, lastError: expect.stringMatching(/deleted/) });
    expect(log[0].attemptLog).toEqual([expect.objectContaining({ attempt: 1, statusCode: 503 })]);
  });

  it('honours the event-type filter and sends each organisation only the events that concern it', async () => {
    await subscribe(p.officer, { url: receiver.url('/award-only'), eventTypes: ['clause.AWARD'] });
    await subscribe(supplierAdmin, { url: receiver.url('/supplier') });
    await subscribe(p.otherOfficer, { url: receiver.url('/other') });
    const clauseId = await publishAndAward();
    await worker.runOnce();
    expect(receiver.received('/award-only').map((r) => r.body.type)).toEqual(['clause.AWARD']);
    // The supplier becomes a party at award: earlier events of the clause are the buyer's alone.
    expect(receiver.received('/supplier').map((r) => [r.body.type, r.body.clauseId])).toEqual([['clause.AWARD', clauseId]]);
    expect(receiver.received('/other')).toEqual([]);
    // One event, one id, whoever receives it.
    expect(receiver.received('/supplier')[0]!.body.id).toBe(receiver.received('/award-only')[0]!.body.id);
  });

  it('polls when started and stops after the batch in progress', async () => {
    await subscribe(p.officer, { url: receiver.url('/stop'), eventTypes: ['clause.PUBLISH'] });
    h.clock.advance(1_000);
    const { clauseId } = await draftClause(h, p);
    await drive(h, clauseId, [[p.officer, { type: 'PUBLISH' }]]);
    const polling = new WebhookWorker(h.deps, { ...LOCAL, pollIntervalMs: 5 });
    polling.start();
    while (receiver.received('/stop').length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await polling.stop();
    const [delivered] = await deliveries(p.officer, (await h.as(p.officer).get('/api/v1/webhooks')).body[0].id);
    expect(delivered).toMatchObject({ status: 'delivered', attempts: 1 });
    // Stopped: the next events are left for another worker.
    h.clock.advance(1_000);
    const other = await draftClause(h, p);
    await drive(h, other.clauseId, [[p.officer, { type: 'PUBLISH' }]]);
    expect(await worker.runOnce()).toMatchObject({ events: 2, delivered: 1 });
    expect(receiver.received('/stop')).toHaveLength(2);
  });

  it('gives back what it claimed but did not send when stopped mid-batch', async () => {
    receiver.script('/slow', [0]);
    const { body: webhook } = await subscribe(p.officer, { url: receiver.url('/slow'), eventTypes: ['clause.CREATE'] });
    h.clock.advance(1_000);
    await draftClause(h, p);
    await draftClause(h, p);
    const claimedAt = h.clock.now().toISOString();
    const polling = new WebhookWorker(h.deps, { ...LOCAL, concurrency: 1, timeoutMs: 300 });
    polling.start();
    while (receiver.received('/slow').length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await polling.stop();
    expect(receiver.received('/slow')).toHaveLength(1);
    const log = await deliveries(p.officer, webhook.id);
    expect(log.map((d) => d.attempts).sort()).toEqual([0, 1]);
    // The unsent one is due again at once (not leased for another minute), for any instance.
    expect(log.find((d) => d.attempts === 0)).toMatchObject({ status: 'pending', nextAttemptAt: claimedAt, attemptLog: [] });
    expect(await worker.runOnce()).toMatchObject({ attempted: 1, delivered: 1 });
  });

  it('lets two workers run side by side: every event reaches every subscriber exactly once', async () => {
    const { body: first } = await subscribe(p.officer, { url: receiver.url('/twin-a'), eventTypes: ['clause.TEST'] });
    const { body: second } = await subscribe(p.buyerAdmin, { url: receiver.url('/twin-b'), eventTypes: ['clause.TEST'] });
    h.clock.advance(1_000);
    const { clauseId } = await draftClause(h, p);
    const events = 120;
    for (let n = 0; n < events; n++) {
      await insertOutbox(store.db, { clauseId, orgIds: [p.buyerOrgId], type: 'clause.TEST', payload: { n }, at: h.clock.now() });
    }
    // A second instance: its own connection pool on PostgreSQL; PGlite has one connection per process.
    const otherStore = backend === 'postgres' ? await database.open() : store;
    try {
      const options = { ...LOCAL, dispatchBatchSize: 25, deliveryBatchSize: 30, perWebhookBatchLimit: 15 };
      const workers = [new WebhookWorker(h.deps, options), new WebhookWorker({ db: otherStore.db, clock: h.clock }, options)];
      for (;;) {
        const counts = await Promise.all(workers.map((w) => w.runOnce()));
        if (counts.every((c) => c.events === 0 && c.attempted === 0)) break;
      }
    } finally {
      if (otherStore !== store) await otherStore.close();
    }
    for (const path of ['/twin-a', '/twin-b']) {
      const ns = receiver.received(path).map((r) => r.body.data.n as number);
      expect(ns).toHaveLength(events);
      expect(new Set(ns).size).toBe(events);
    }
    for (const webhook of [first, second]) {
      const log = await h.as(p.officer).get(`/api/v1/webhooks/${webhook.id}/deliveries?limit=500`);
      expect(log.body).toHaveLength(events);
      expect(log.body.every((d: { status: string; attempts: number }) => d.status === 'delivered' && d.attempts === 1)).toBe(true);
    }
  });
});
