/**
 * What Klausul keeps only for a while (README.md, Retention): stored
 * idempotent answers after a day, ended web sessions, the webhook delivery
 * log and cancelled deadlines after the log period. The history, the
 * instances, fired deadlines and undelivered webhooks stay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimDueDeliveries, dispatchOutbox, recordAttempt } from '../../src/db/webhooks.ts';
import { sql } from 'kysely';
import pino from 'pino';
import { createApp } from '../../src/app.ts';
import { pruneExpired, type RetentionCounts } from '../../src/db/retention.ts';
import type { Db } from '../../src/db/schema.ts';
import { cutoffsAt, sweepOnce, type RetentionPolicy } from '../../src/engine/retention.ts';
import { awardBody, clauseInDelivery, draftClause, drive, dropSeeded, openSeeded, PLACEMENT_PARAMS, type SeededDatabase } from '../support/api.ts';
import { addUser } from '../../src/engine/admin.ts';
import { MailWorker } from '../../src/engine/mail-worker.ts';
import { BACKENDS } from '../support/stores.ts';
import { webSignIn } from '../support/web-session.ts';

const POLICY: RetentionPolicy = { idempotencyHours: 24, logDays: 30 };
const HOUR = 3_600_000;

type CountedTable = 'idempotency_keys' | 'web_sessions' | 'webhook_deliveries' | 'webhook_attempts' | 'outbox' | 'deadlines' | 'clause_history' | 'tenders';

/** The rows of a table (of deadlines, those with the status). */
async function countRows(db: Db, table: CountedTable, deadlineStatus?: 'scheduled' | 'fired' | 'cancelled' | 'failed'): Promise<number> {
  let query = db.selectFrom(table).select((eb) => eb.fn.countAll().as('n'));
  if (deadlineStatus) query = query.where(sql.ref('status'), '=', deadlineStatus);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

describe.each(BACKENDS)('retention on %s', (backend) => {
  let seeded: SeededDatabase;
  beforeAll(async () => {
    seeded = await openSeeded(backend);
  });
  afterAll(() => dropSeeded(seeded));

  const rows = (table: CountedTable) => countRows(seeded.store.db, table);
  const deadlines = (status: 'scheduled' | 'fired' | 'cancelled' | 'failed') => countRows(seeded.store.db, 'deadlines', status);

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

    // Within the session's two idle hours nothing goes; after them, the ended session.
    h.clock.advance(HOUR + 59 * 60_000);
    expect(Object.values(await sweepOnce(h.deps, POLICY)).every((n) => n === 0)).toBe(true);
    h.clock.advance(2 * 60_000);
    expect(await sweepOnce(h.deps, POLICY)).toMatchObject({ webSessions: before.sessions, idempotencyKeys: 0 });
    expect(await rows('web_sessions')).toBe(0);

    // After the day, the stored answers.
    h.clock.advance(23 * HOUR);
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

  it('replays a stored answer for the day only, swept or not: after it the key is judged afresh', async () => {
    const { h, p, store } = seeded;
    const officer = h.as(p.officer);
    const tender = (reference: string) => officer.post('/api/v1/tenders', { reference, title: 'Takbyte' }, { 'idempotency-key': 'daily-1' });
    h.clock.set(new Date('2026-06-01T08:00:00Z'));
    const first = await tender('T-day-1');
    expect(first.status).toBe(201);
    h.clock.advance(24 * HOUR - 60_000);
    const replayed = await tender('T-day-1');
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(replayed.body.id).toBe(first.body.id);
    // The same key with another request is still refused within the day.
    expect((await tender('T-day-2')).body.error).toBe('idempotency_key_reused');

    // A minute after the day, with no sweep in between: the key takes a new request, whose answer is then replayed.
    h.clock.advance(2 * 60_000);
    const fresh = await tender('T-day-2');
    expect(fresh.status).toBe(201);
    expect(fresh.headers.get('idempotent-replayed')).toBeNull();
    expect(fresh.body.id).not.toBe(first.body.id);
    const again = await tender('T-day-2');
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(fresh.body.id);
    expect(await countRows(store.db, 'idempotency_keys')).toBe(1);
  });
});

/**
 * Two instances sweeping at once in small batches until neither finds anything: what each removed, summed. A row
 * removed by both would be counted twice.
 */
async function sweepByTwo(instances: Db[], now: Date): Promise<RetentionCounts> {
  const removed: Record<string, number> = {};
  for (;;) {
    const counts = await Promise.all(instances.map((db) => pruneExpired(db, cutoffsAt(now, POLICY), 2)));
    for (const c of counts) for (const [table, n] of Object.entries(c)) removed[table] = (removed[table] ?? 0) + n;
    if (counts.every((c) => Object.values(c).every((n) => n === 0))) return removed as RetentionCounts;
  }
}

/** Without webhooks, so that every dispatched outbox row may go after the log period. */
describe.each(BACKENDS)('retention by two instances on %s', (backend) => {
  let seeded: SeededDatabase;
  beforeAll(async () => {
    seeded = await openSeeded(backend);
  });
  afterAll(() => dropSeeded(seeded));

  const rows = (table: CountedTable) => countRows(seeded.store.db, table);

  it('two instances sweeping at once remove each expired row once, and nothing else', async () => {
    const { h, p, database, store } = seeded;
    // Two clauses whose plan deadlines were cancelled when their plans came (in March).
    for (let i = 0; i < 2; i++) await clauseInDelivery(h, p, 'placements', PLACEMENT_PARAMS);
    h.clock.set(new Date('2026-09-01T08:00:00Z'));
    const officer = h.as(p.officer);
    for (let i = 0; i < 3; i++) {
      const { clauseId } = await draftClause(h, p);
      await drive(h, clauseId, [[p.officer, { type: 'PUBLISH' }]]);
    }
    for (let i = 0; i < 12; i++) {
      const made = await officer.post('/api/v1/tenders', { reference: `T-twice-${i}`, title: 'Fönsterbyte' }, { 'idempotency-key': `twice-${i}` });
      expect(made.status).toBe(201);
    }
    for (let i = 0; i < 5; i++) await webSignIn(h, p.contractor);
    await dispatchOutbox(store.db, 1_000, h.clock.now());
    const expired = {
      idempotency: await rows('idempotency_keys'),
      sessions: await rows('web_sessions'),
      outbox: await rows('outbox'),
      cancelled: await countRows(store.db, 'deadlines', 'cancelled'),
    };
    const scheduled = await countRows(store.db, 'deadlines', 'scheduled');
    expect(expired.cancelled).toBeGreaterThanOrEqual(2);
    expect(expired.idempotency).toBe(12);
    expect(expired.sessions).toBe(5);
    expect(expired.outbox).toBeGreaterThanOrEqual(3);
    const history = await rows('clause_history');
    const tenders = await rows('tenders');

    // A month and more later, the second instance has a pool of its own on PostgreSQL (PGlite has one connection: the same store).
    h.clock.advance(31 * 24 * HOUR);
    const other = backend === 'postgres' ? await database.open() : store;
    try {
      const instances = [h.deps.db, other.db];
      const removed = await sweepByTwo(instances, h.clock.now());
      expect(removed).toMatchObject({
        idempotencyKeys: expired.idempotency,
        webSessions: expired.sessions,
        outbox: expired.outbox,
        deadlines: expired.cancelled,
      });
      expect(await countRows(store.db, 'deadlines', 'cancelled')).toBe(0);
      expect(await countRows(store.db, 'deadlines', 'scheduled')).toBe(scheduled);
      expect(await rows('idempotency_keys')).toBe(0);
      expect(await rows('web_sessions')).toBe(0);
      expect(await rows('outbox')).toBe(0);
      expect(await rows('clause_history')).toBe(history);
      expect(await rows('tenders')).toBe(tenders);
    } finally {
      if (other !== store) await other.close();
    }
  });
});

describe.each(BACKENDS)('web sessions on %s', (backend) => {
  let seeded: SeededDatabase;
  beforeAll(async () => {
    seeded = await openSeeded(backend);
  });
  afterAll(() => dropSeeded(seeded));

  /** What the home page answers for the cookie: 200 while the session lives, a redirect to sign-in after. */
  const home = async (cookie: string) => {
    const res = await seeded.h.app.request('/app', { headers: { cookie } });
    return res.status === 303 ? `to ${res.headers.get('location')}` : res.status;
  };

  it('ends after two idle hours, and is kept alive by use up to its twelve hours', async () => {
    const { h, p } = seeded;
    h.clock.set(new Date('2026-04-01T08:00:00Z'));
    const idle = await webSignIn(h, p.contractor);
    const busy = await webSignIn(h, p.officer);
    expect(await home(idle)).toBe(200);
    // A request every hour and a half keeps the busy one; the idle one ends after two hours without any.
    h.clock.advance(HOUR + 30 * 60_000);
    expect(await home(busy)).toBe(200);
    h.clock.advance(31 * 60_000);
    expect(await home(idle)).toBe('to /app/login');
    expect(await home(busy)).toBe(200);
    for (let hour = 2; hour < 11; hour++) {
      h.clock.advance(HOUR);
      expect(await home(busy)).toBe(200);
    }
    // Twelve hours after sign-in it ends, however busy.
    h.clock.set(new Date('2026-04-01T19:59:00Z'));
    expect(await home(busy)).toBe(200);
    h.clock.set(new Date('2026-04-01T20:00:01Z'));
    expect(await home(busy)).toBe('to /app/login');
    // Both are gone from the store at the next sweep.
    expect((await sweepOnce(h.deps, POLICY)).webSessions).toBe(2);
  });

  it('takes its limits from the configuration', async () => {
    const { h, p, store } = seeded;
    const app = createApp({ deps: h.deps, logger: pino({ level: 'silent' }), storeKind: store.kind, sessions: { idleMinutes: 5, hours: 1 } });
    h.clock.set(new Date('2026-04-02T08:00:00Z'));
    const cookie = await webSignIn({ ...h, app }, p.contractor);
    const at = async () => (await app.request('/app', { headers: { cookie } })).status;
    h.clock.advance(4 * 60_000);
    expect(await at()).toBe(200);
    h.clock.advance(4 * 60_000);
    expect(await at()).toBe(200);
    h.clock.advance(6 * 60_000);
    expect(await at()).toBe(303);
  });
});

/**
 * The mail log (issue 23's tables): messages sent or given up go with their attempts and items after the log period;
 * a message still being tried stays; items that waited that long for a digest go; a deadline's reminder marker goes
 * once the deadline can be reminded of no more. Swept by two instances at once, each row counted once.
 */
describe.each(BACKENDS)('the mail log on %s', (backend) => {
  let seeded: SeededDatabase;
  beforeAll(async () => {
    seeded = await openSeeded(backend);
  });
  afterAll(() => dropSeeded(seeded));

  type MailTable = 'mail_messages' | 'mail_attempts' | 'mail_items' | 'mail_deadline_notices';
  const mailRows = async () => {
    const n = async (table: MailTable) =>
      Number(
        (
          await seeded.store.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const byStatus = await seeded.store.db
      .selectFrom('mail_messages')
      .select(['status', (eb) => eb.fn.countAll().as('n')])
      .groupBy('status')
      .execute();
    return {
      messages: Object.fromEntries(byStatus.map((r) => [r.status, Number(r.n)])),
      attempts: await n('mail_attempts'),
      items: await n('mail_items'),
      notices: await n('mail_deadline_notices'),
    };
  };

  it('removes what was mailed or given up a log period ago, never what is still being tried', async () => {
    const { h, p, database, store } = seeded;
    // Three contractors: one's server takes the mail, one's refuses it for good, one's asks to try again later.
    const answers: Record<string, { smtpCode: number; error: string } | null> = {
      'erik.holm@jamtbygg.example.se': null,
      'maja.sund@jamtbygg.example.se': { smtpCode: 550, error: 'mailbox unavailable' },
      'olle.berg@jamtbygg.example.se': { smtpCode: 451, error: 'try again later' },
    };
    for (const [email, name] of [
      ['erik.holm@jamtbygg.example.se', 'Erik Holm'],
      ['maja.sund@jamtbygg.example.se', 'Maja Sund'],
      ['olle.berg@jamtbygg.example.se', 'Olle Berg'],
    ] as const) {
      await addUser(h.deps, { orgId: p.supplierOrgId, role: 'contractor', name, email });
    }
    const worker = new MailWorker(h.deps, {
      send: async (message) => answers[message.to] ?? null,
      publicUrl: 'https://klausul.example.se',
      reminderDays: 7,
      digestHourUtc: 6,
      backoffBaseMs: 30_000,
    });

    // A plan sent back: a decision mailed at once to each contractor.
    h.clock.set(new Date('2026-05-01T05:00:00Z'));
    const { clauseId } = await draftClause(h, p);
    await drive(h, clauseId, [
      [p.officer, { type: 'PUBLISH' }],
      [p.officer, awardBody(p.supplierOrgId)],
      [p.contractor, { type: 'SUBMIT_PLAN', description: 'Plan' }],
      [p.officer, { type: 'REQUEST_PLAN_CHANGES', reason: 'Ange vilka yrken' }],
    ]);
    await worker.runOnce();
    expect(await mailRows()).toEqual({ messages: { sent: 1, failed: 1, pending: 1 }, attempts: 3, items: 3, notices: 0 });

    // Five days before the plan is due (before the digest hour): a reminder for each waits for the day's digest.
    const planDue = await store.db
      .selectFrom('deadlines')
      .select('due_at')
      .where('clause_id', '=', clauseId)
      .where('kind', '=', 'planDue')
      .where('status', '=', 'scheduled')
      .executeTakeFirstOrThrow();
    h.clock.set(new Date(Date.UTC(planDue.due_at.getUTCFullYear(), planDue.due_at.getUTCMonth(), planDue.due_at.getUTCDate() - 5, 5)));
    await worker.runOnce();
    const reminded = await mailRows();
    expect(reminded).toMatchObject({ items: 6, notices: 1 });
    const pendingAttempts = reminded.attempts - 2;

    // A log period after the decision was mailed: it goes, sent or refused, with its attempts and items; the message
    // still being tried stays, and so do the reminders waiting for a digest and their marker.
    h.clock.set(new Date('2026-05-30T05:00:00Z'));
    expect(await sweepOnce(h.deps, POLICY)).toMatchObject({ mailMessages: 0, mailAttempts: 0, mailItems: 0, mailDeadlineNotices: 0 });
    const other = backend === 'postgres' ? await database.open() : store;
    try {
      h.clock.set(new Date('2026-06-01T05:00:01Z'));
      expect(await sweepByTwo([h.deps.db, other.db], h.clock.now())).toMatchObject({ mailMessages: 2, mailAttempts: 2, mailItems: 2, mailDeadlineNotices: 0 });
      expect(await mailRows()).toEqual({ messages: { pending: 1 }, attempts: pendingAttempts, items: 4, notices: 1 });

      // A log period after the reminders: the waiting items go; the marker stays while its deadline is scheduled.
      h.clock.set(new Date(h.clock.now().getTime() + 30 * 24 * HOUR));
      expect(await sweepByTwo([h.deps.db, other.db], h.clock.now())).toMatchObject({ mailMessages: 0, mailItems: 3, mailDeadlineNotices: 0 });
      // Once the plan is accepted its deadline is cancelled, and the marker goes at the next sweep.
      await drive(h, clauseId, [
        [p.contractor, { type: 'SUBMIT_PLAN', description: 'Plan med yrken' }],
        [p.officer, { type: 'ACCEPT_PLAN' }],
      ]);
      expect(await sweepByTwo([h.deps.db, other.db], h.clock.now())).toMatchObject({ mailDeadlineNotices: 1 });
      expect(await mailRows()).toEqual({ messages: { pending: 1 }, attempts: pendingAttempts, items: 1, notices: 0 });
    } finally {
      if (other !== store) await other.close();
    }
  });
});
