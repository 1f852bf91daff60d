/**
 * "What you can do now" names what waits for the viewer further down the
 * clause's page (issue 19, item 7): a contractor in delivery is not told
 * there is nothing to do while a placement waits to start, and an auditor
 * sees the ended placement to verify beside the clause's own forms.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clauseInDelivery, dropSeeded, openSeeded, PLACEMENT_PARAMS, type SeededDatabase } from '../support/api.ts';
import { BACKENDS } from '../support/stores.ts';
import { webSignIn } from '../support/web-session.ts';
import { placementBody } from '../support/world.ts';

describe.each(BACKENDS)('what next on the clause page on %s', (backend) => {
  let seeded: SeededDatabase;
  beforeAll(async () => {
    seeded = await openSeeded(backend);
  });
  afterAll(() => dropSeeded(seeded));

  /** The "what you can do now" panel of the clause's page, as the user sees it. */
  const panel = async (key: string, clauseId: string) => {
    const cookie = await webSignIn(seeded.h, key);
    const html = await (await seeded.h.app.request(`/app/clauses/${clauseId}`, { headers: { cookie } })).text();
    const start = html.indexOf('aria-labelledby="now"');
    expect(start).toBeGreaterThan(-1);
    return html.slice(start, html.indexOf('</section>', start));
  };

  it('points to the items that wait for the viewer and to what they may add', async () => {
    const { h, p } = seeded;
    const clauseId = await clauseInDelivery(h, p, 'placements', PLACEMENT_PARAMS);
    h.clock.set(new Date('2026-03-02T08:00:00Z'));
    const placement = await h.as(p.contractor).post(`/api/v1/clauses/${clauseId}/placements`, placementBody('WN-1'));
    expect(placement.status).toBe(201);

    const contractor = await panel(p.contractor, clauseId);
    expect(contractor).not.toContain('Inget att göra');
    expect(contractor).toContain('Väntar på dig längre ned på sidan');
    expect(contractor).toContain(`href="#placement-${placement.body.id}"`);
    expect(contractor).toContain('Deltagaren har börjat');
    expect(contractor).toContain('href="#placement-new"');

    // Ended, the placement waits for the auditor, who sees it beside the clause's own forms; the contractor no longer.
    h.clock.set(new Date('2026-07-01T08:00:00Z'));
    for (const type of ['START', 'COMPLETE']) {
      const body = type === 'COMPLETE' ? { type, endDate: '2026-06-30', outcome: 'employment' } : { type };
      expect((await h.as(p.contractor).post(`/api/v1/placements/${placement.body.id}/events`, body)).status).toBe(200);
    }
    const auditor = await panel(p.auditor, clauseId);
    expect(auditor).toContain(`href="#placement-${placement.body.id}"`);
    expect(auditor).not.toContain('href="#placement-new"');
    expect(await panel(p.contractor, clauseId)).not.toContain(`href="#placement-${placement.body.id}"`);
  });
});
