/**
 * Why a job ended early (issue 18), through the API and the web application:
 * placements start on the newest workflow version (version 2 on: END_EARLY carries a reason
 * code; the employment clause counts the agreed time for the three reasons
 * criterion 11554 names and only the months worked for `other`. Placements
 * registered on version 1 keep version 1's END_EARLY (no code, the agreed
 * time counted as before) and still replay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.ts';
import { monthsInclusive } from '../../src/domain/dates.ts';
import { verifyAllClauses } from '../../src/engine/replay.ts';
import { placementV1 } from '../../workflows/placement.ts';
import { clauseInDelivery, dropSeeded, openSeeded, type Harness, type Parties } from '../support/api.ts';
import { BACKENDS, type TestDatabase } from '../support/stores.ts';
import { webSignIn, webUser } from '../support/web-session.ts';

const EMPLOYMENT = { months: 24, targetGroups: ['newcomers', 'youth-16-24'], matchingBody: 'Arbetsförmedlingen', earlyEndThresholdPct: 75 };

// Agreed 2026-03-02..2026-06-09: 100 days, so each day worked is one percent; 2026-05-20 is day 80.
const START = '2026-03-02';
const PLANNED_END = '2026-06-09';
const ENDED = '2026-05-20';
const AGREED = monthsInclusive(START, PLANNED_END);
const WORKED = monthsInclusive(START, ENDED);

const job = (participantRef: string) => ({
  participantRef,
  targetGroup: 'newcomers',
  attestation: { issuer: 'Arbetsförmedlingen', reference: `AF-${participantRef}`, date: '2026-02-20' },
  role: 'undersköterska',
  startDate: START,
  plannedEndDate: PLANNED_END,
  fte: 1,
  hoursPerWeek: 40,
});

describe.each(BACKENDS)('early-end reasons on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let h: Harness;
  let p: Parties;
  let clauseId: string;

  beforeAll(async () => {
    ({ database, store, h, p } = await openSeeded(backend));
    clauseId = await clauseInDelivery(h, p, 'employment', EMPLOYMENT);
  });
  afterAll(async () => {
    delete h.deps.placementWorkflow;
    await dropSeeded({ database, store });
  });

  const register = async (participantRef: string) => {
    h.clock.set(new Date('2026-03-02T08:00:00Z'));
    const res = await h.as(p.contractor).post(`/api/v1/clauses/${clauseId}/placements`, job(participantRef));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const id = res.body.id as string;
    expect((await h.as(p.contractor).post(`/api/v1/placements/${id}/events`, { type: 'START' })).status).toBe(200);
    h.clock.set(new Date('2026-06-01T08:00:00Z'));
    return { id, body: res.body };
  };
  const event = (id: string, key: string, body: object) => h.as(key).post(`/api/v1/placements/${id}/events`, body);
  const endReasonCodeOf = async (id: string) =>
    (await store.db.selectFrom('placements').select(['end_reason_code', 'ended_as']).where('id', '=', id).executeTakeFirstOrThrow()).end_reason_code;
  const measured = async () => (await h.as(p.officer).get(`/api/v1/clauses/${clauseId}`)).body.fulfilment.measured as number;
  const round2 = (n: number) => Math.round(n * 100) / 100;

  it('records the reason code of each early end, and counts the agreed time for all but other', async () => {
    const codes = ['employeeResigned', 'objectiveGrounds', 'summaryDismissal', 'other'] as const;
    const ids: string[] = [];
    for (const code of codes) {
      const { id, body } = await register(`EE-${code}`);
      expect(body.workflowVersion).toBeGreaterThanOrEqual(2);
      const ended = await event(id, p.contractor, { type: 'END_EARLY', endDate: ENDED, reasonCode: code, ...(code === 'other' ? { reason: 'Flyttade' } : {}) });
      expect(ended.status, JSON.stringify(ended.body)).toBe(200);
      expect(ended.body).toMatchObject({ state: 'endedEarly', endedAs: 'endedEarly', endReasonCode: code });
      expect(await endReasonCodeOf(id)).toBe(code);
      expect((await event(id, p.auditor, { type: 'VERIFY' })).status).toBe(200);
      ids.push(id);
    }
    expect(await measured()).toBe(round2(3 * AGREED + WORKED));
    expect(AGREED).toBeGreaterThan(WORKED);
  });

  it('refuses an early end without a known code, and other without a reason, naming the field and storing nothing', async () => {
    const { id } = await register('EE-refused');
    const refusals: Array<[object, string]> = [
      [{ type: 'END_EARLY', endDate: ENDED, reason: 'Flyttade' }, 'reasonCode'],
      [{ type: 'END_EARLY', endDate: ENDED, reasonCode: 'lawfulCause' }, 'reasonCode'],
      [{ type: 'END_EARLY', endDate: ENDED, reasonCode: 'other' }, 'reason'],
      [{ type: 'END_EARLY', endDate: ENDED, reasonCode: 'other', reason: '   ' }, 'reason'],
    ];
    for (const [body, path] of refusals) {
      const res = await event(id, p.contractor, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.issues, JSON.stringify(body)).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    }
    expect((await h.as(p.contractor).get(`/api/v1/placements/${id}`)).body).toMatchObject({ state: 'active', version: 2, endReasonCode: null });
  });

  it('keeps version 1 for the placements registered on it: END_EARLY without a code, counted as before, and replayed', async () => {
    const before = await measured();
    h.deps.placementWorkflow = placementV1;
    const { id, body } = await register('EE-v1');
    delete h.deps.placementWorkflow;
    expect(body.workflowVersion).toBe(1);
    expect(body).not.toHaveProperty('endReasonCode');
    const coded = await event(id, p.contractor, { type: 'END_EARLY', endDate: ENDED, reasonCode: 'employeeResigned', reason: 'Sade upp sig' });
    expect(coded.status).toBe(422);
    expect(coded.body.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys' })]);
    const ended = await event(id, p.contractor, { type: 'END_EARLY', endDate: ENDED, reason: 'Sade upp sig' });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    expect(await endReasonCodeOf(id)).toBeNull();
    expect((await event(id, p.auditor, { type: 'VERIFY' })).status).toBe(200);
    expect(await measured()).toBe(round2(before + AGREED));

    const report = await verifyAllClauses(h.deps);
    expect(report).toMatchObject({ ok: true, failed: 0 });
    expect(report.checkedByKind.placement).toBe(6);
  });

  it('offers the reason codes on the web as a select in words, never the codes, and sends the one chosen', async () => {
    const { id } = await register('EE-web');
    h.deps.placementWorkflow = placementV1;
    const { id: v1Id } = await register('EE-web-v1');
    delete h.deps.placementWorkflow;
    const cookie = await webSignIn(h, p.contractor);
    const page = await (await h.app.request(`/app/clauses/${clauseId}`, { headers: { cookie } })).text();
    const form = (placementId: string) => new RegExp(`<details[^>]*id="placement-${placementId}-END_EARLY"[\\s\\S]*?</details>`).exec(page)?.[0] ?? '';
    const select = /<select[^>]*name="reasonCode"[\s\S]*?<\/select>/.exec(form(id))?.[0] ?? '';
    const options = [...select.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)].map((m) => [m[1], m[2]]);
    expect(options).toEqual([
      ['', '–'],
      ['employeeResigned', 'Den anställde sade själv upp sig'],
      ['objectiveGrounds', 'Saklig grund för uppsägning (7 § LAS)'],
      ['summaryDismissal', 'Avskedande (18 § LAS)'],
      ['other', 'Annat skäl'],
    ]);
    expect(form(id)).toContain('Avslutad i förtid');
    expect(form(id)).not.toContain('godtagbart');
    // The version 1 placement's form is version 1's: no code to choose.
    expect(form(v1Id)).toContain('name="endDate"');
    expect(form(v1Id)).not.toContain('name="reasonCode"');

    const web = await webUser(h, p.contractor);
    // Other without a reason is refused in Swedish at the reason's field, and nothing is written.
    const unsaid = await web.post(
      `/app/placements/${id}/events`,
      new URLSearchParams({ type: 'END_EARLY', _version: '2', endDate: ENDED, reasonCode: 'other' }),
    );
    expect(unsaid.status).toBe(422);
    expect(unsaid.text).toMatch(/<textarea[^>]*name="reason"[^>]*aria-invalid="true"|<input[^>]*name="reason"[^>]*aria-invalid="true"/);
    expect(unsaid.text).toContain('Fyll i Motivering.');
    expect(unsaid.text).not.toContain('say what the other reason was');
    expect(await endReasonCodeOf(id)).toBeNull();
    const sent = await web.post(
      `/app/placements/${id}/events`,
      new URLSearchParams({ type: 'END_EARLY', _version: '2', endDate: ENDED, reasonCode: 'objectiveGrounds' }),
    );
    expect(sent.status).toBe(303);
    expect(await endReasonCodeOf(id)).toBe('objectiveGrounds');
    const v1Sent = await web.post(`/app/placements/${v1Id}/events`, new URLSearchParams({ type: 'END_EARLY', _version: '2', endDate: ENDED, reason: 'Flytt' }));
    expect(v1Sent.status).toBe(303);
    expect(await endReasonCodeOf(v1Id)).toBeNull();

    const after = await (await h.app.request(`/app/clauses/${clauseId}`, { headers: { cookie } })).text();
    expect(after).toContain('Avslutad i förtid (Saklig grund för uppsägning (7 § LAS))');
    expect(after).toContain('Avslutad i förtid (Flytt)');
  });
});
