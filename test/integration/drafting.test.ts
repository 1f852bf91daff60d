/**
 * Drafting over HTTP, on PGlite and (with DATABASE_URL) on PostgreSQL: template
 * library, previews, EDIT_DRAFT, eForms fields and the dialogue clause's confirmation with a meeting record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.ts';
import { awardBody, draftClause, drive, dropSeeded, openSeeded, PLACEMENT_PARAMS, type Harness, type Parties } from '../support/api.ts';
import { BACKENDS, type TestDatabase } from '../support/stores.ts';

describe.each(BACKENDS)('drafting on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let h: Harness;
  let p: Parties;

  beforeAll(async () => void ({ database, store, h, p } = await openSeeded(backend)));
  afterAll(() => dropSeeded({ database, store }));

  const countRows = async (table: 'clauses' | 'clause_history') =>
    Number(
      (
        await store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('lists the five templates with their parameter JSON Schema, to every signed-in role', async () => {
    for (const key of [p.officer, p.contractor, p.auditor]) {
      const res = await h.as(key).get('/api/v1/templates?lang=sv');
      expect(res.status).toBe(200);
      expect(res.body.map((t: any) => t.id).sort()).toEqual(['dialogue', 'employment', 'local-hiring', 'placements', 'training']);
    }
    const list = await h.as(p.officer).get('/api/v1/templates');
    const localHiring = list.body.find((t: any) => t.id === 'local-hiring');
    expect(localHiring).toMatchObject({ kind: 'local-hiring', languages: ['sv', 'en'], measure: { unit: expect.any(String) } });
    expect(localHiring.paramsSchema).toMatchObject({ type: 'object', properties: { localSharePct: { type: 'number' } } });
    expect((await h.as(null).get('/api/v1/templates')).status).toBe(401);
  });

  it('previews text and proportional target without saving anything', async () => {
    const before = await countRows('clauses');
    const res = await h.as(p.officer).post('/api/v1/templates/placements/preview', {
      language: 'en',
      params: PLACEMENT_PARAMS,
      contractValueSek: 12_000_000,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ templateId: 'placements', templateVersion: 2, language: 'en', issues: [] });
    expect(res.body.text).toContain('at least one work placement per started 5 million SEK of contract value');
    expect(res.body.text).toContain('SEK 50,000 per missing placement');
    // ceil(12 / 5) = 3
    expect(res.body.target).toMatchObject({ unit: 'placements', value: 3 });

    const exact = await h
      .as(p.officer)
      .post('/api/v1/templates/placements/preview', { language: 'sv', params: PLACEMENT_PARAMS, contractValueSek: 10_000_000 });
    expect(exact.body.target.value).toBe(2);
    expect(exact.body.text).toMatch(/50\s000\skr per saknad praktikplats/);

    const noValue = await h.as(p.officer).post('/api/v1/templates/placements/preview', { language: 'sv', params: PLACEMENT_PARAMS });
    expect(noValue.body.target).toMatchObject({ value: null });
    expect(noValue.body.target.basis).toContain('computed at award');
    expect(await countRows('clauses')).toBe(before);
  });

  it('answers a preview with bad params 200 with issues that name each field', async () => {
    const res = await h.as(p.officer).post('/api/v1/templates/local-hiring/preview', {
      language: 'sv',
      params: { localSharePct: 120, disadvantagedSharePct: -5, areas: [] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ text: null, target: null });
    const paths = res.body.issues.map((i: any) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['params.localSharePct', 'params.disadvantagedSharePct', 'params.areas']));

    const both = await h.as(p.officer).post('/api/v1/templates/placements/preview', { language: 'sv', params: { ...PLACEMENT_PARAMS, count: 3 } });
    expect(both.body.issues.map((i: any) => i.path)).toEqual(expect.arrayContaining(['params.count']));
  });

  it('refuses unknown templates and versions with 404 and languages the template does not offer with 422', async () => {
    const officer = h.as(p.officer);
    const unknown = await officer.post('/api/v1/templates/apprenticeships/preview', { language: 'sv', params: {} });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: 'not_found' });
    expect(unknown.body.message).toContain('GET /api/v1/templates');
    expect((await officer.get('/api/v1/templates/placements?version=99')).status).toBe(404);
    expect((await officer.post('/api/v1/templates/placements/preview', { language: 'sv', version: 99, params: PLACEMENT_PARAMS })).status).toBe(404);

    const german = await officer.post('/api/v1/templates/placements/preview', { language: 'de', params: PLACEMENT_PARAMS });
    expect(german.status).toBe(422);
    expect(german.body).toMatchObject({ error: 'validation', issues: [{ path: 'language' }] });
    expect(german.body.issues[0].message).toContain('sv, en');
  });

  it('refuses a personal identity number in preview params and in a draft, storing nothing', async () => {
    const before = await countRows('clauses');
    const preview = await h.as(p.officer).post('/api/v1/templates/placements/preview', {
      language: 'sv',
      params: { ...PLACEMENT_PARAMS, matchingBody: 'Handläggare 19121212-1212' },
    });
    expect(preview.status).toBe(422);
    expect(preview.body.error).toBe('personal_identity_number');
    await expect(draftClause(h, p, { ...PLACEMENT_PARAMS, matchingBody: 'Kontakt 121212-1212' })).rejects.toThrow(/personal_identity_number/);
    expect(await countRows('clauses')).toBe(before);
  });

  it('drafts each kind of clause with its rendered text and measure', async () => {
    const officer = h.as(p.officer);
    const tender = await officer.post('/api/v1/tenders', { reference: 'T-kinds', title: 'Ramavtal fastighetsskötsel' });
    const drafts = {
      employment: { months: 24, targetGroups: ['long-term-unemployed'], matchingBody: 'Arbetsförmedlingen' },
      'local-hiring': { localSharePct: 30, disadvantagedSharePct: 10, areas: ['Lugnvik', 'Odenskog'] },
      training: { apprentices: 2 },
      dialogue: { withinMonths: 3 },
    };
    for (const [templateId, params] of Object.entries(drafts)) {
      const res = await officer.post(`/api/v1/tenders/${tender.body.id}/clauses`, { templateId, language: 'en', params });
      expect(res.status, `${templateId}: ${JSON.stringify(res.body)}`).toBe(201);
      expect(res.body).toMatchObject({ templateId, templateVersion: 2, state: 'draft', language: 'en' });
      expect(res.body.text.length).toBeGreaterThan(100);
    }
    const list = await officer.get(`/api/v1/clauses?tenderId=${tender.body.id}`);
    expect(list.body.map((c: any) => c.templateId).sort()).toEqual(['dialogue', 'employment', 'local-hiring', 'training']);
  });

  it('EDIT_DRAFT re-validates and re-renders a draft, by the officer only, and only in draft', async () => {
    const { clauseId } = await draftClause(h, p);
    const officer = h.as(p.officer);
    const events = `/api/v1/clauses/${clauseId}/events`;

    const edited = await officer.post(events, { type: 'EDIT_DRAFT', language: 'en', params: { ...PLACEMENT_PARAMS, msekPerPlacement: undefined, count: 6 } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ state: 'draft', version: 2, language: 'en', target: { value: 6 } });
    expect(edited.body.text).toContain('at least 6 work placements');
    expect(edited.body.params).toMatchObject({ count: 6 });

    // Language alone: the parameters stay, the text is rendered again in Swedish.
    const swedish = await officer.post(events, { type: 'EDIT_DRAFT', language: 'sv' });
    expect(swedish.body).toMatchObject({ version: 3, language: 'sv', target: { value: 6 } });
    expect(swedish.body.text).toContain('minst 6 praktikplatser');

    const bad = await officer.post(events, { type: 'EDIT_DRAFT', params: { ...PLACEMENT_PARAMS, minWeeks: -1 } });
    expect(bad.status).toBe(422);
    expect(bad.body.issues.map((i: any) => i.path)).toContain('params.minWeeks');
    const german = await officer.post(events, { type: 'EDIT_DRAFT', language: 'de' });
    expect(german.status).toBe(422);
    expect(german.body.issues[0].path).toBe('language');

    const byAuditor = await h.as(p.auditor).post(events, { type: 'EDIT_DRAFT', language: 'en' });
    expect(byAuditor.status).toBe(403);
    expect((await officer.get(`/api/v1/clauses/${clauseId}`)).body).toMatchObject({ version: 3, language: 'sv' });

    await drive(h, clauseId, [[p.officer, { type: 'PUBLISH' }]]);
    const late = await officer.post(events, { type: 'EDIT_DRAFT', language: 'en' });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ error: 'invalid_transition' });
    expect(late.body.allowedEvents).not.toContain('EDIT_DRAFT');

    const history = await officer.get(`/api/v1/clauses/${clauseId}/history`);
    expect(history.body.map((e: any) => e.type)).toEqual(['CREATE', 'EDIT_DRAFT', 'EDIT_DRAFT', 'PUBLISH']);
  });

  it('shows the eForms lot fields with codes from the reference codelists, to the buyer and the awarded supplier', async () => {
    const { clauseId } = await draftClause(h, p);
    const res = await h.as(p.officer).get(`/api/v1/clauses/${clauseId}/eforms`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ clauseId, language: 'sv' });
    const fields = res.body.fields;
    expect(fields['BT-06-Lot'].value).toBe('soc-obj');
    // Newcomers and youth: the employment-opportunities objective.
    expect(fields['BT-775-Lot'].value).toEqual(['opp']);
    const clause = await h.as(p.officer).get(`/api/v1/clauses/${clauseId}`);
    expect(fields['BT-70-Lot'].value).toEqual({ SWE: clause.body.text });
    expect(fields['BT-777-Lot'].value.SWE).toContain('praktikplats');

    // The supplier sees it once the clause is awarded to it; a foreign supplier never does.
    expect((await h.as(p.contractor).get(`/api/v1/clauses/${clauseId}/eforms`)).status).toBe(404);
    await drive(h, clauseId, [
      [p.officer, { type: 'PUBLISH' }],
      [p.officer, awardBody(p.supplierOrgId)],
    ]);
    expect((await h.as(p.contractor).get(`/api/v1/clauses/${clauseId}/eforms`)).status).toBe(200);
    expect((await h.as(p.otherContractor).get(`/api/v1/clauses/${clauseId}/eforms`)).status).toBe(404);
    expect((await h.as(p.otherOfficer).get(`/api/v1/clauses/${clauseId}/eforms`)).status).toBe(404);
  });

  it('confirms a dialogue clause only with the meeting record', async () => {
    const officer = h.as(p.officer);
    const tender = await officer.post('/api/v1/tenders', { reference: 'T-dialogue', title: 'Takbyte Odenskog' });
    const clause = await officer.post(`/api/v1/tenders/${tender.body.id}/clauses`, { templateId: 'dialogue', language: 'sv', params: { withinMonths: 3 } });
    const clauseId = clause.body.id;
    await drive(h, clauseId, [
      [p.officer, { type: 'PUBLISH' }],
      [p.officer, awardBody(p.supplierOrgId)],
      [p.contractor, { type: 'SUBMIT_PLAN', description: 'Möte med Arbetsförmedlingen i april' }],
      [p.officer, { type: 'ACCEPT_PLAN' }],
      [p.officer, { type: 'CLOSE_DELIVERY' }],
    ]);
    const events = `/api/v1/clauses/${clauseId}/events`;
    const bare = await h.as(p.auditor).post(events, { type: 'CONFIRM_FULFILLED' });
    expect(bare.status).toBe(422);
    expect(bare.body.issues[0].path).toBe('meetingRecord');

    const confirmed = await h.as(p.auditor).post(events, {
      type: 'CONFIRM_FULFILLED',
      meetingRecord: { date: '2026-04-14', reference: 'Protokoll 2026-04-14', summary: 'Två praktikplatser erbjuds' },
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ state: 'fulfilled', final: true });
    const history = await officer.get(`/api/v1/clauses/${clauseId}/history`);
    expect(history.body.at(-1)).toMatchObject({ type: 'CONFIRM_FULFILLED', actorRole: 'auditor' });
    expect(history.body.at(-1).payload.meetingRecord).toMatchObject({ reference: 'Protokoll 2026-04-14' });
  });
});
