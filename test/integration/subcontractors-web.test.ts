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
import { placementBody, placementForm } from '../support/world.ts';
import { PDF } from '../fixtures/evidence.ts';

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
  let sub: string;
  let strangerContractor: string;
  let returnedReport: string;

  beforeAll(async () => {
    seeded = await openSeeded(backend);
    const { h, p } = seeded;
    clauseId = await clauseInDelivery(h, p, 'placements', PLACEMENT_PARAMS);
    subOrgId = (await addOrganisation(h.deps, { name: 'Fixarna AB', kind: 'supplier', orgNumber: '556677-8899', socialEnterprise: 'yes' })).id;
    otherSubOrgId = (await addOrganisation(h.deps, { name: 'Målarna i Åre AB', kind: 'supplier', orgNumber: '556111-2222' })).id;
    sub = (await addUser(h.deps, { orgId: subOrgId, role: 'contractor', name: 'Maja Ek' })).apiKey;
    const strangerOrgId = (await addOrganisation(h.deps, { name: 'Okänd Bygg AB', kind: 'supplier', orgNumber: '556999-0000' })).id;
    strangerContractor = (await addUser(h.deps, { orgId: strangerOrgId, role: 'contractor', name: 'Olle Ny' })).apiKey;
    expect((await h.as(p.contractor).post(`/api/v1/clauses/${clauseId}/subcontractors`, { orgId: subOrgId, spendSek: 600_000 })).status).toBe(201);
    h.clock.set(new Date('2026-04-02T08:00:00Z'));
    const placement = (await h.as(sub).post(`/api/v1/clauses/${clauseId}/placements`, placementBody('SUB-W1'))).body.id;
    await h.as(sub).post(`/api/v1/placements/${placement}/events`, { type: 'START' });
    const ended = await h.as(sub).post(`/api/v1/placements/${placement}/events`, { type: 'COMPLETE', endDate: '2026-04-01', outcome: 'employment' });
    expect(ended.body.state).toBe('awaitingPrimeApproval');
    // The prime's own placement, which the subcontractor must not see; and a subcontractor's report the prime returns with a question.
    expect((await h.as(p.contractor).post(`/api/v1/clauses/${clauseId}/placements`, placementBody('PRIME-W1'))).status).toBe(201);
    returnedReport = (
      await h.as(sub).post(`/api/v1/clauses/${clauseId}/reports`, { periodStart: '2026-03-01', periodEnd: '2026-03-31', totalLabourHours: 380 })
    ).body.id;
    const returned = await h.as(p.contractor).post(`/api/v1/reports/${returnedReport}/events`, { type: 'RETURN', reason: 'Timmarna saknar underlag' });
    expect(returned.body.state).toBe('queried');
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

  it('gives the subcontractor a page of the clause: the assignment, its own delivery, and only its own placements and reports', async () => {
    const html = await page(sub, `/app/clauses/${clauseId}`);
    const assignment = section(html, 'assignment');
    expect(assignment).toContain(`Ni är underleverantör till Jämtbygg AB i upphandlingen`);
    expect(assignment).toMatch(/Avtalsperiod 1 mars 2026 – 28 feb\. 2027/);
    expect(assignment).toContain('Klausulens läge Leverans');
    expect(assignment).toContain('Era platser och rapporter godkänns av Jämtbygg AB innan beställaren kontrollerar dem.');
    // One placement registered, none verified, one waiting for the prime's approval.
    expect(section(html, 'your-delivery')).toMatch(/Platser \(kontrollerade av registrerade\) 0 \/ 1 Väntar på leverantörens godkännande 1/);
    const placements = section(html, 'placements');
    expect(placements).toContain('SUB-W1');
    expect(placements).not.toContain('PRIME-W1');
    expect(html).not.toContain('PRIME-W1');
    // What a party of the clause sees and the subcontractor does not: the clause's history and its subcontractors.
    expect(html).not.toContain('id="history"');
    expect(html).not.toContain('id="subcontractors"');
    // The forms it registers with: only the clause's target groups are offered.
    expect(html).toContain('id="placement-new"');
    expect(html).toContain('id="report-new"');
    expect(html).toContain('<option value="newcomers"');

    const en = await page(sub, `/app/clauses/${clauseId}`, 'en');
    expect(section(en, 'assignment')).toContain('You are a subcontractor to Jämtbygg AB in the procurement');
    expect(section(en, 'your-delivery')).toContain('Awaiting the supplier’s approval 1');
    expect(visible(en)).not.toMatch(/underleverantör|Leverans\b/);
  });

  it('lists the clause on the subcontractor’s start page and list of clauses, and its returned report’s task leads to the report on that page', async () => {
    const start = await page(sub, '/app');
    expect(section(start, 'as-subcontractor')).toContain('Jämtbygg AB');
    expect(start).toContain(`href="/app/clauses/${clauseId}"`);
    // And on the list of its clauses, which has none of its own: the menu's way there.
    const list = await page(sub, '/app/clauses');
    expect(section(list, 'as-subcontractor')).toContain('Jämtbygg AB');
    expect(list).toContain(`href="/app/clauses/${clauseId}"`);
    const task = start.match(/href="(\/app\/clauses\/[^"#]+)#report-([^"]+)"/);
    expect(task?.[2]).toBe(returnedReport);
    const target = await page(sub, task![1]!);
    const card = visible(target.slice(target.indexOf(`id="report-${returnedReport}"`)));
    expect(card).toContain('Skickad tillbaka av leverantören: Timmarna saknar underlag');
    // Its answer to the question is a form on the card: the report sent again with new figures.
    expect(target).toContain(`action="/app/reports/${returnedReport}/events#report-${returnedReport}-RESUBMIT"`);
    expect(section(await page(sub, '/app', 'en'), 'as-subcontractor')).toContain('Jämtbygg AB');
    // Answered from there: figures it cannot read come back on its own page with the field named; then sent again, the report waits for the prime.
    const user = await webUser(seeded.h, sub);
    const resubmit = (total: string) =>
      user.post(
        `/app/reports/${returnedReport}/events`,
        new URLSearchParams({ _form: `report-${returnedReport}-RESUBMIT`, type: 'RESUBMIT', _version: '2', totalLabourHours: total }),
      );
    const refused = await resubmit('trehundra');
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('id="assignment"');
    expect(visible(refused.text)).toContain('Arbetade timmar totalt');
    const resent = await resubmit('360');
    expect(resent.status).toBe(303);
    expect((await seeded.h.as(sub).get(`/api/v1/reports/${returnedReport}`)).body.state).toBe('awaitingPrimeApproval');
    const english = await page(sub, task![1]!, 'en');
    expect(visible(english.slice(english.indexOf(`id="report-${returnedReport}"`)))).toContain('Returned by the supplier: Timmarna saknar underlag');
    // The prime sees the reason it gave on its own page of the clause too.
    expect(section(await page(seeded.p.contractor, `/app/clauses/${clauseId}`), 'reports')).toContain(
      'Skickad tillbaka av leverantören: Timmarna saknar underlag',
    );
    // The clause's own contractor and an organisation not named on it see no such list.
    expect(await page(seeded.p.contractor, '/app')).not.toContain('id="as-subcontractor"');
  });

  it('sums what the subcontractors delivered on the buyer’s overview, in either language', async () => {
    const overview = section(await page(seeded.p.officer, '/app/overview'), 'portfolio-subcontractors');
    // Fixarna AB: one clause, one placement registered and none verified, no accepted hours; Målarna i Åre AB named, nothing yet.
    expect(overview).toMatch(/Fixarna AB Arbetsintegrerande socialt företag 1 0 \/ 1 0/);
    expect(overview).toMatch(/Målarna i Åre AB 1 0 \/ 0 0/);
    expect(overview).toMatch(/Köpt från arbetsintegrerande sociala företag: 600\s000\s*kr/);
    const en = section(await page(seeded.p.officer, '/app/overview', 'en'), 'portfolio-subcontractors');
    expect(en).toContain('Work-integration social enterprise');
    expect(en).toContain('Placements (verified of registered)');
    // A buyer with no subcontractors under its clauses gets no such section.
    expect(await page(seeded.p.otherOfficer, '/app/overview')).not.toContain('id="portfolio-subcontractors"');
  });

  it('registers the subcontractor’s placement from its page, as the subcontractor’s, and leaves a stranger a 404', async () => {
    const user = await webUser(seeded.h, sub);
    const form = new URLSearchParams({ _form: 'placement-new', ...placementForm('SUB-W2') });
    const saved = await user.post(`/app/clauses/${clauseId}/placements`, form);
    expect(saved.status).toBe(303);
    expect(section(await page(sub, `/app/clauses/${clauseId}`), 'placements')).toContain('SUB-W2');
    const listed = (await seeded.h.as(seeded.p.contractor).get(`/api/v1/clauses/${clauseId}/placements`)).body as Array<{
      id: string;
      participantRef: string;
      subcontractorOrgId: string | null;
    }>;
    expect(listed.find((pl) => pl.participantRef === 'SUB-W2')?.subcontractorOrgId).toBe(subOrgId);

    // Evidence for it, uploaded from the same page, is listed there: the subcontractor sees the files it uploaded.
    const placementId = listed.find((pl) => pl.participantRef === 'SUB-W2')!;
    const upload = new FormData();
    upload.set('_form', `evidence-${placementId.id}`);
    upload.set('description', 'Anställningsavtal');
    upload.set('file', new File([PDF], 'avtal-sub-w2.pdf', { type: 'application/pdf' }));
    const uploaded = await user.post(`/app/placements/${placementId.id}/evidence`, upload);
    expect(uploaded.status).toBe(303);
    expect(uploaded.location).toBe(`/app/clauses/${clauseId}?done=evidence#placement-${placementId.id}`);
    const card = (await page(sub, `/app/clauses/${clauseId}`)).split(`id="placement-${placementId.id}"`)[1]!;
    expect(visible(card.slice(0, card.indexOf('id="placement-', 10) === -1 ? undefined : card.indexOf('id="placement-', 10)))).toContain('avtal-sub-w2.pdf');

    // The API takes its upload too; a contractor of an organisation not named on the clause does not find the placement.
    const apiUpload = () => {
      const form = new FormData();
      form.set('file', new File([PDF], 'tidrapport.pdf', { type: 'application/pdf' }));
      return form;
    };
    expect((await seeded.h.as(sub).raw(`/api/v1/placements/${placementId.id}/evidence`, { method: 'POST', body: apiUpload() })).status).toBe(201);
    expect((await seeded.h.as(strangerContractor).raw(`/api/v1/placements/${placementId.id}/evidence`, { method: 'POST', body: apiUpload() })).status).toBe(
      404,
    );

    const cookie = await webSignIn(seeded.h, strangerContractor);
    const stranger = await seeded.h.app.request(`/app/clauses/${clauseId}?lang=sv`, { headers: { cookie } });
    expect(stranger.status).toBe(404);
    expect(await stranger.text()).not.toContain('SUB-W1');
  });
});
