/**
 * Follow-ups with several instances on one PostgreSQL: two pollers with their
 * own connection pools make every follow-up due exactly once as the clock
 * passes 1, 6 and 12 months after the placements ended: each is made due by
 * one instance, stamped once, and announced once. PGlite has a single
 * connection and a single process, so this runs on PostgreSQL only (DATABASE_URL).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.ts';
import { countScheduledFollowUpsDue } from '../../src/db/follow-ups.ts';
import { addOrganisation } from '../../src/engine/admin.ts';
import { ManualClock } from '../../src/engine/clock.ts';
import { FollowUpPoller } from '../../src/engine/follow-ups.ts';
import { awardBody, draftClause, drive, dropSeeded, openSeeded, PLACEMENT_PARAMS, type Harness, type Parties } from '../support/api.ts';
import { POSTGRES_URL, type TestDatabase } from '../support/stores.ts';
import { placementBody } from '../support/world.ts';

const PLACEMENTS = 60;
const END_DATE = '2026-05-29';

describe.skipIf(!POSTGRES_URL)('follow-ups with several instances (PostgreSQL only: needs DATABASE_URL)', { timeout: 120_000 }, () => {
  let database: TestDatabase;
  let store: Store;
  let h: Harness;
  let p: Parties;

  beforeAll(async () => {
    ({ database, store, h, p } = await openSeeded('postgres'));
    const body = await addOrganisation(h.deps, { name: 'Arbetsförmedlingen Östersund', kind: 'matching_body' });
    h.clock.set(new Date('2026-03-01T08:00:00Z'));
    const { clauseId } = await draftClause(h, p, PLACEMENT_PARAMS);
    await drive(h, clauseId, [
      [p.officer, { type: 'PUBLISH' }],
      [p.officer, { ...awardBody(p.supplierOrgId), matchingBodyOrgId: body.id }],
      [p.contractor, { type: 'SUBMIT_PLAN', description: 'Plan' }],
      [p.officer, { type: 'ACCEPT_PLAN' }],
    ]);
    h.clock.set(new Date(`${END_DATE}T08:00:00Z`));
    for (let i = 0; i < PLACEMENTS; i++) {
      const placement = await h.as(p.contractor).post(`/api/v1/clauses/${clauseId}/placements`, placementBody(`INST-${i}`));
      for (const event of [{ type: 'START' }, { type: 'COMPLETE', endDate: END_DATE, outcome: 'studies' }]) {
        const res = await h.as(p.contractor).post(`/api/v1/placements/${placement.body.id}/events`, event);
        if (res.status !== 200) throw new Error(`${event.type}: ${res.status} ${JSON.stringify(res.body)}`);
      }
    }
  });
  afterAll(() => dropSeeded({ database, store }));

  /** Two instances poll until nothing scheduled is due at `now`; answers how many each made due. */
  async function pollTogether(now: Date): Promise<number[]> {
    const instances = [await database.open(), await database.open()];
    const pollers = instances.map((instance) => new FollowUpPoller({ db: instance.db, clock: new ManualClock(now) }, { intervalMs: 10, batchSize: 5 }));
    for (const poller of pollers) poller.start();
    while ((await countScheduledFollowUpsDue(store.db, now)) > 0) await sleep(50);
    await Promise.all(pollers.map((poller) => poller.stop()));
    await Promise.all(instances.map((instance) => instance.close()));
    return pollers.map((poller) => poller.madeDue);
  }

  /** Each follow-up of the months given is due, stamped at `now`, and announced exactly once; the others are still scheduled. */
  async function expectDueOnce(months: number[], now: Date) {
    const { rows } = await sql<{ months: number; state: string; became_due_at: Date | null; announced: string }>`
      select f.months, f.state, f.became_due_at,
        (select count(*) from outbox o where o.type = 'followUp.due' and o.payload->>'followUpId' = f.id) as announced
      from follow_ups f`.execute(store.db);
    expect(rows).toHaveLength(PLACEMENTS * 3);
    for (const row of rows) {
      if (months.includes(row.months)) {
        expect(row.state === 'due' && Number(row.announced) === 1, `${row.months} months: ${row.state}, announced ${row.announced}`).toBe(true);
      } else {
        expect([row.state, Number(row.announced), row.became_due_at]).toEqual(['scheduled', 0, null]);
      }
    }
    const stamped = rows.filter((r) => r.became_due_at?.getTime() === now.getTime()).map((r) => r.months);
    return [...new Set(stamped)];
  }

  it('makes the 1-, 6- and 12-month follow-ups due once each as the clock moves, whichever of two instances claims them', async () => {
    const steps: Array<[string, number[]]> = [
      ['2026-06-28T23:00:00Z', []],
      ['2026-06-29T08:00:00Z', [1]],
      ['2026-11-29T08:00:00Z', [1, 6]],
      ['2027-05-29T08:00:00Z', [1, 6, 12]],
      ['2027-06-01T08:00:00Z', [1, 6, 12]],
    ];
    let previous: number[] = [];
    for (const [at, months] of steps) {
      const now = new Date(at);
      const madeDue = await pollTogether(now);
      const fresh = months.filter((m) => !previous.includes(m));
      expect(madeDue[0]! + madeDue[1]!, at).toBe(fresh.length * PLACEMENTS);
      expect(await expectDueOnce(months, now), at).toEqual(fresh);
      previous = months;
    }
  });
});
