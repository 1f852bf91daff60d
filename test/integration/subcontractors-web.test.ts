/**
 * Subcontractors in the web application (issue 22, item 4): the clause page
 * lists them with what each delivered, for the buyer and the contractor; the
 * contractor names one from a select of suppliers with an organisation
 * number; a subcontractor's ended placement waits in the contractor's
 * "Att göra" list for its approval, in Swedish and in English.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOrganisation, addUser } from '../../src/engine/admin.ts';
import { clauseInDelivery, dropSeeded, openSeeded, PLACEMENT_PARAMS, type SeededDatabase } from '../support/api.ts';
import { BACKENDS } from '../support/stores.ts';
import { webSignIn, webUser } from '../support/web-session.ts';
import { placementBody } from '../support/world.ts';

const visible = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const section = (html: string, id: string) => {
  const start = html.indexOf(`id="${id}"`);
  expect(start).toBeGreaterThan(-1);
  return visible(html.slice(start, html.indexOf('</section>', start)));
};

describe.each(BACKENDS)('subcontractors on the web on %s', (backend) => {
  let seeded: SeededDatabase;
  let clauseId: string;
  let subOrgId: string;
  let otherSubOrgId: string;

  beforeAll(async () => {
    seeded = await openSeeded(backend);
    const { h, p } = seeded;
    clauseId = await clauseInDelivery(h, p, 'placements', PLACEMENT_PARAMS);
    subOrgId = (await addOrganisation(h.deps, { name: 'Fixarna AB', kind: 'supplier', orgNumber: '556677-8899', socialEnterprise: 'yes' })).id;
    otherSubOrgId = (await addOrganisation(h.deps, { name: 'Målarna i Åre AB', kind: 'supplier', orgNumber: '556111-2222' })).id;
    const sub = (await addUser(h.deps, { orgId: subOrgId, role: 'contractor', name: 'Maja Ek' })).apiKey;
    expect((await h.as(p.contractor).post(`/api/v1/clauses/${clauseId}/subcontractors`, { orgId: subOrgId, spendSek: 600_000 })).status).toBe(201);
    h.clock.set(new Date('2026-04-02T08:00:00Z'));
    const placement = (await h.as(sub).post(`/api/v1/clauses/${clauseId}/placements`, placementBody('SUB-W1'))).body.id;
    await h.as(sub).post(`/api/v1/placements/${placement}/events`, { type: 'START' });
    const ended = await h.as(sub).post(`/api/v1/placements/${placement}/events`, { type: 'COMPLETE', endDate: '2026-04-01', outcome: 'employment' });
    expect(ended.body.state).toBe('awaitingPrimeApproval');
  });
  afterAll(() => dropSeeded(seeded));

  const page = async (key: string, path: string, lang: 'sv' | 'en' = 'sv') => {
    const cookie = await webSignIn(seeded.h, key);
    const res = await seeded.h.app.request(`${path}?lang=${lang}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    return res.text();
  };

  it('puts the subcontractor’s ended placement in the contractor’s to-do list, in either language', async () => {
    expect(section(await page(seeded.p.contractor, '/app'), 'waiting')).toContain('Godkänn underleverantörens plats SUB-W1');
    const en = await page(seeded.p.contractor, '/app', 'en');
    expect(section(en, 'waiting')).toContain('Approve the subcontractor’s placement SUB-W1');
    expect(visible(en)).not.toContain('underleverantör');
  });

  it('lists the subcontractors on the clause page with their delivery and the spend with social enterprises', async () => {
    const officer = await page(seeded.p.officer, `/app/clauses/${clauseId}`);
    const list = section(officer, 'subcontractors');
    expect(list).toContain('Fixarna AB Arbetsintegrerande socialt företag');
    expect(list).toContain('556677-8899');
    // One placement registered, none verified; one awaiting the supplier's approval; 600 000 kr of 12 000 000 kr: 5 %.
    expect(list).toMatch(/0 \/ 1 1 0 600\s000\s*kr/);
    expect(list).toContain('Köpt från arbetsintegrerande sociala företag: 600 000 kr · 5 % av kontraktsvärdet');
    expect(list).not.toContain('Ange underleverantör');
    expect(officer).toContain('Registrerad av underleverantören Fixarna AB');
    const en = section(await page(seeded.p.officer, `/app/clauses/${clauseId}`, 'en'), 'subcontractors');
    expect(en).toContain('Work-integration social enterprise');
  });

  it('lets the contractor name a subcontractor from the select of suppliers', async () => {
    const html = await page(seeded.p.contractor, `/app/clauses/${clauseId}`);
    expect(section(html, 'subcontractors')).toContain('Ange underleverantör');
    expect(html).toContain(`<option value="${otherSubOrgId}"`);
    expect(html).not.toContain(`<option value="${seeded.p.supplierOrgId}"`);
    const user = await webUser(seeded.h, seeded.p.contractor);
    const named = await user.post(`/app/clauses/${clauseId}/subcontractors`, new URLSearchParams({ _form: 'subcontractor-new', orgId: otherSubOrgId }));
    expect(named.status).toBe(303);
    expect(section(await page(seeded.p.contractor, `/app/clauses/${clauseId}`), 'subcontractors')).toContain('Målarna i Åre AB');
  });
});
