/**
 * Evidence is read where it is judged (issue 19): the clause's page lists
 * each placement's files for the buyer's users and the supplier that
 * uploaded them, each a link that downloads the file as stored; nobody else
 * sees the file or its name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clauseInDelivery, dropSeeded, openSeeded, PLACEMENT_PARAMS, type SeededDatabase } from '../support/api.ts';
import { BACKENDS } from '../support/stores.ts';
import { webSignIn } from '../support/web-session.ts';
import { placementBody } from '../support/world.ts';
import { PDF } from '../fixtures/evidence.ts';

describe.each(BACKENDS)('evidence on the clause page on %s', (backend) => {
  let seeded: SeededDatabase;
  beforeAll(async () => {
    seeded = await openSeeded(backend);
  });
  afterAll(() => dropSeeded(seeded));

  it('lists the files and downloads them for the buyer and the uploader only', async () => {
    const { h, p } = seeded;
    const clauseId = await clauseInDelivery(h, p, 'placements', PLACEMENT_PARAMS);
    h.clock.set(new Date('2026-03-02T08:00:00Z'));
    const placement = await h.as(p.contractor).post(`/api/v1/clauses/${clauseId}/placements`, placementBody('EV-1'));
    expect(placement.status).toBe(201);
    const form = new FormData();
    form.append('file', new File([PDF as Uint8Array<ArrayBuffer>], 'närvarolista mars.pdf', { type: 'application/pdf' }));
    form.append('description', 'Närvaro vecka 10–13');
    const uploaded = await h.as(p.contractor).raw(`/api/v1/placements/${placement.body.id}/evidence`, { method: 'POST', body: form });
    expect(uploaded.status).toBe(201);
    const fileId = uploaded.body.id as string;

    const pageOf = async (key: string) => {
      const cookie = await webSignIn(h, key);
      const res = await h.app.request(`/app/clauses/${clauseId}`, { headers: { cookie } });
      return { cookie, html: await res.text(), status: res.status };
    };
    for (const key of [p.auditor, p.officer, p.contractor]) {
      const { cookie, html } = await pageOf(key);
      // The placement's card: from its id to the end of its section.
      const start = html.indexOf(`id="placement-${placement.body.id}"`);
      expect(start).toBeGreaterThan(-1);
      const card = html.slice(start, html.indexOf('</section>', start));
      expect(card).toContain('Inlämnat underlag');
      expect(card).toContain(`href="/app/evidence/${fileId}"`);
      expect(card).toContain('närvarolista mars.pdf');
      expect(card).toContain('Närvaro vecka 10–13');
      const download = await h.app.request(`/app/evidence/${fileId}`, { headers: { cookie } });
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe('application/pdf');
      expect(download.headers.get('content-disposition')).toContain('attachment');
      expect(new Uint8Array(await download.arrayBuffer())).toEqual(PDF);
    }

    // Another buyer's officer learns nothing of the file.
    const foreign = await webSignIn(h, p.otherOfficer);
    const refused = await h.app.request(`/app/evidence/${fileId}`, { headers: { cookie: foreign } });
    expect(refused.status).toBe(404);
    expect(await refused.text()).not.toContain('närvarolista');
  });
});
