/**
 * Deadlines with several instances on one PostgreSQL: two pollers with their
 * own connection pools fire every due deadline exactly once, and a process
 * killed between claim and commit leaves its deadlines to be fired once later.
 * PGlite has a single connection and a single process, so this runs on
 * PostgreSQL only (DATABASE_URL).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.ts';
import { countDueDeadlines } from '../../src/db/deadlines.ts';
import { ManualClock } from '../../src/engine/clock.ts';
import { DeadlinePoller, fireDueDeadlines } from '../../src/engine/deadlines.ts';
import { verifyAllClauses } from '../../src/engine/replay.ts';
import { draftClause, drive, dropSeeded, openSeeded, type Harness, type Parties } from '../support/api.ts';
import { POSTGRES_URL, type TestDatabase } from '../support/stores.ts';

/** Every deadline fired at most once: fired ones left exactly one history row, cancelled ones none, none still due. */
async function expectEachResolvedOnce(store: Store, now: Date) {
  const rows = await sql<{ id: string; status: string; written: string }>`
    select d.id, d.status, (select count(*) from clause_history h where h.request_id = 'deadline:' || d.id) as written
    from deadlines d where d.due_at <= ${now}`.execute(store.db);
  const byOutcome = { fired: 0, cancelled: 0 };
  for (const row of rows.rows) {
    expect(row.status === 'fired' || row.status === 'cancelled', `deadline ${row.id} is ${row.status}`).toBe(true);
    expect(Number(row.written), `history rows for deadline ${row.id}`).toBe(row.status === 'fired' ? 1 : 0);
    byOutcome[row.status as 'fired' | 'cancelled']++;
  }
  expect(await countDueDeadlines(store.db, now)).toBe(0);
  return { total: rows.rows.length, ...byOutcome };
}

describe.skipIf(!POSTGRES_URL)('deadlines with several instances (PostgreSQL only: needs DATABASE_URL)', { timeout: 120_000 }, () => {
  let database: TestDatabase;
  let store: Store;
  let h: Harness;
  let p: Parties;
  const now = new Date('2026-03-01T08:00:00Z');

  beforeAll(async () => void ({ database, store, h, p } = await openSeeded('postgres')));
  afterAll(() => dropSeeded({ database, store }));

  /** Clauses in delivery on a contract that ran through 2025 with monthly reports: 14 deadlines each, all due. */
  async function clausesWithDueDeadlines(count: number): Promise<number> {
    h.clock.set(now);
    for (let i = 0; i < count; i++) {
      const { clauseId } = await draftClause(h, p);
      await drive(h, clauseId, [
        [p.officer, { type: 'PUBLISH' }],
        [
          p.officer,
          {
            type: 'AWARD',
            contractorOrgId: p.supplierOrgId,
            contractValueSek: 5_000_000,
            startDate: '2025-01-01',
            endDate: '2025-12-31',
            deadlines: { reportingPeriod: 'monthly' },
          },
        ],
        [p.contractor, { type: 'SUBMIT_PLAN', description: 'Plan' }],
        [p.officer, { type: 'ACCEPT_PLAN' }],
      ]);
    }
    return countDueDeadlines(store.db, now);
  }

  it('fires 1,000 due deadlines exactly once with two instances polling one database', async () => {
    expect(await clausesWithDueDeadlines(72)).toBe(72 * 14);
    const instances = [await database.open(), await database.open()];
    const pollers = instances.map((instance) => new DeadlinePoller({ db: instance.db, clock: new ManualClock(now) }, { workers: 4, intervalMs: 20 }));
    for (const poller of pollers) poller.start();
    while ((await countDueDeadlines(store.db, now)) > 0) await sleep(100);
    await Promise.all(pollers.map((poller) => poller.stop()));
    await Promise.all(instances.map((instance) => instance.close()));

    const outcome = await expectEachResolvedOnce(store, now);
    expect(outcome.total).toBe(72 * 14);
    expect(pollers[0]!.fired + pollers[0]!.cancelled + pollers[1]!.fired + pollers[1]!.cancelled).toBe(outcome.total);
    expect(pollers[0]!.fired).toBeGreaterThan(0);
    expect(pollers[1]!.fired).toBeGreaterThan(0);
    // Every clause's contract has ended: the system closed delivery on each.
    const states = await store.db.selectFrom('clauses').select('state').distinct().execute();
    expect(states.map((s) => s.state)).toEqual(['verification']);
    expect(await verifyAllClauses(h.deps)).toMatchObject({ ok: true, failed: 0 });
  });

  it('fires once, after a restart, the deadlines a killed process had claimed but not committed', async () => {
    await clausesWithDueDeadlines(3);
    // node itself, not the tsx wrapper: SIGKILL must reach the process that holds the connections.
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/fire-and-hang.ts'], {
      env: { ...process.env, ...database.env, NOW: now.toISOString(), BATCH: '5' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    let claimed: string[] = [];
    try {
      for await (const line of createInterface({ input: child.stdout! })) {
        claimed = JSON.parse(line).claimed;
        break;
      }
    } finally {
      child.kill('SIGKILL');
      await exited;
    }

    // PostgreSQL rolled the killed transactions back: the deadlines are still scheduled and nothing was written.
    const afterKill = await store.db.selectFrom('deadlines').select(['id', 'status']).where('id', 'in', claimed).execute();
    expect(claimed).toHaveLength(5);
    expect(afterKill.map((d) => d.status)).toEqual(Array(5).fill('scheduled'));
    const written = await store.db
      .selectFrom('clause_history')
      .select('request_id')
      .where(
        'request_id',
        'in',
        claimed.map((id) => `deadline:${id}`),
      )
      .execute();
    expect(written).toEqual([]);

    // The restarted instance fires them (and the rest), each once.
    const restarted = { db: store.db, clock: new ManualClock(now) };
    while ((await fireDueDeadlines(restarted, 20)).length > 0);
    await expectEachResolvedOnce(store, now);
    const refired = await store.db.selectFrom('deadlines').select('status').where('id', 'in', claimed).execute();
    expect(refired.every((d) => d.status === 'fired' || d.status === 'cancelled')).toBe(true);
    expect(await verifyAllClauses(h.deps)).toMatchObject({ ok: true, failed: 0 });
  });
});
