/**
 * Programmes over HTTP (issue 21, items 1, 2, 4 and 5), on PGlite and (with
 * DATABASE_URL) on PostgreSQL: a programme owned by a matching body spanning
 * two buyers' clauses and own-workplace placements, every figure of its
 * report checked by hand, as the matching body sees it and suppressed as
 * everyone else does; the estimate against a hand calculation; who sees and
 * does what; refusals that say what to send; and `klausul verify` after
 * own-workplace placements' events.
 */
import ExcelJS from 'exceljs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.ts';
import { addOrganisation, addUser } from '../../src/engine/admin.ts';
import { makeDueFollowUps } from '../../src/engine/follow-ups.ts';
import { verifyAllClauses } from '../../src/engine/replay.ts';
import { awardBody, drive, dropSeeded, openSeeded, PLACEMENT_PARAMS, type Harness, type Parties } from '../support/api.ts';
import { BACKENDS, type TestDatabase } from '../support/stores.ts';
import { webSignIn } from '../support/web-session.ts';
import { estimateParametersBody, placementBody } from '../support/world.ts';

const TARGETS = { placementsPerYear: 10, studiesPct: 35, placementPct: 20, employmentPct: 25, employabilityPct: 20, genderPatternBreaking: 3 };
/** The same parameters as the test world's: the hand calculation below is of these. */
const PARAMETERS = estimateParametersBody();

describe.each(BACKENDS)('programmes on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let h: Harness;
  let p: Parties;
  /** The matching body that owns the programme, its matcher, the second buyer's auditor. */
  let body: { id: string; matcher: string };
  let otherAuditor: string;
  let programmeId: string;
  let clause1: string;
  let clause2: string;
  const ids = {} as Record<'c1a' | 'c1b' | 'c1c' | 'c2a' | 'c2b' | 'o1' | 'o2', string>;

  const ok = async <T = any>(promise: Promise<{ status: number; body: T }>, status = 200): Promise<T> => {
    const res = await promise;
    if (res.status !== status) throw new Error(`answered ${res.status}, expected ${status}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const event = (key: string, id: string, body: object) => ok(h.as(key).post(`/api/v1/placements/${id}/events`, body));
  const put = (key: string, path: string, body: unknown) =>
    h.as(key).raw(path, { method: 'PUT', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  const own = (ref: string, startDate: string, plannedEndDate: string, hostOrgId: string, extra: object = {}) => ({
    ...placementBody(ref),
    startDate,
    plannedEndDate,
    hostOrgId,
    matchingOrgId: body.id,
    ...extra,
  });

  beforeAll(async () => {
    ({ database, store, h, p } = await openSeeded(backend));
    const org = await addOrganisation(h.deps, { name: 'Härnösands arbetsmarknadsenhet', kind: 'matching_body' });
    body = { id: org.id, matcher: (await addUser(h.deps, { orgId: org.id, role: 'matcher', name: 'Mia Matchare' })).apiKey };
    otherAuditor = (await addUser(h.deps, { orgId: p.otherBuyerOrgId, role: 'auditor', name: 'Örjan Revisor' })).apiKey;

    h.clock.set(new Date('2026-03-01T08:00:00Z'));
    const inDelivery = async (officer: string, contractor: string, supplierOrgId: string) => {
      const tender = await ok(h.as(officer).post('/api/v1/tenders', { reference: `T-${supplierOrgId.slice(0, 6)}`, title: 'Renovering' }), 201);
      const clause = await ok(
        h.as(officer).post(`/api/v1/tenders/${tender.id}/clauses`, { templateId: 'placements', language: 'sv', params: PLACEMENT_PARAMS }),
        201,
      );
      await drive(h, clause.id, [
        [officer, { type: 'PUBLISH' }],
        // The matching body follows both clauses' participants: their endings schedule its follow-ups.
        [officer, { ...awardBody(supplierOrgId), matchingBodyOrgId: body.id }],
        [contractor, { type: 'SUBMIT_PLAN', description: 'Plan' }],
        [officer, { type: 'ACCEPT_PLAN' }],
      ]);
      return clause.id as string;
    };
    clause1 = await inDelivery(p.officer, p.contractor, p.supplierOrgId);
    clause2 = await inDelivery(p.otherOfficer, p.otherContractor, p.otherSupplierOrgId);

    const programme = await ok(
      h.as(body.matcher).post('/api/v1/programmes', { name: 'Alla kan arbeta', startDate: '2026-01-01', endDate: '2027-12-31', targets: TARGETS }),
      201,
    );
    programmeId = programme.id;
    for (const orgId of [p.buyerOrgId, p.otherBuyerOrgId, p.supplierOrgId]) {
      await ok(h.as(body.matcher).post(`/api/v1/programmes/${programmeId}/members`, { orgId }));
    }
    await ok(h.as(body.matcher).post(`/api/v1/programmes/${programmeId}/clauses`, { clauseId: clause1 }));
    // The second buyer's officer adds its own clause.
    await ok(h.as(p.otherOfficer).post(`/api/v1/programmes/${programmeId}/clauses`, { clauseId: clause2 }));

    h.clock.set(new Date('2026-07-01T08:00:00Z'));
    const register = async (key: string, clauseId: string, ref: string) =>
      (await ok(h.as(key).post(`/api/v1/clauses/${clauseId}/placements`, placementBody(ref)), 201)).id as string;
    ids.c1a = await register(p.contractor, clause1, 'P-1A');
    ids.c1b = await register(p.contractor, clause1, 'P-1B');
    ids.c1c = await register(p.contractor, clause1, 'P-1C');
    ids.c2a = await register(p.otherContractor, clause2, 'P-2A');
    ids.c2b = await register(p.otherContractor, clause2, 'P-2B'); // registered, never started: not counted
    ids.o1 = (
      await ok(
        h
          .as(p.officer)
          .post(`/api/v1/programmes/${programmeId}/placements`, own('P-O1', '2026-04-01', '2026-06-30', p.buyerOrgId, { breaksGenderPattern: true })),
        201,
      )
    ).id;
    for (const id of [ids.c1a, ids.c1b, ids.c1c]) await event(p.contractor, id, { type: 'START' });
    await event(p.otherContractor, ids.c2a, { type: 'START' });
    await event(p.officer, ids.o1, { type: 'START' });
    await event(p.contractor, ids.c1a, { type: 'COMPLETE', endDate: '2026-06-30', outcome: 'employment' });
    await event(p.contractor, ids.c1b, { type: 'END_EARLY', endDate: '2026-05-15', reasonCode: 'employeeResigned', outcome: 'none' });
    await event(p.otherContractor, ids.c2a, { type: 'COMPLETE', endDate: '2026-06-30', outcome: 'studies' });
    await event(p.officer, ids.o1, { type: 'COMPLETE', endDate: '2026-06-30', outcome: 'studies' });
    await event(p.auditor, ids.c1a, { type: 'VERIFY' });
    await event(otherAuditor, ids.c2a, { type: 'VERIFY' });
    await event(p.auditor, ids.o1, { type: 'VERIFY' });

    h.clock.set(new Date('2027-02-01T08:00:00Z'));
    // Hosted by the matching body itself (a municipality's labour-market unit), registered by its matcher.
    ids.o2 = (await ok(h.as(body.matcher).post(`/api/v1/programmes/${programmeId}/placements`, own('P-O2', '2027-01-10', '2027-06-30', body.id)), 201)).id;
    await event(body.matcher, ids.o2, { type: 'START' });

    // The endings above scheduled follow-ups for the matching body; by now those at 1 and 6 months have fallen due.
    await makeDueFollowUps(h.deps, 100);
    const record = async (placementId: string, months: 1 | 6, status: string, employability?: string) => {
      const followUp = await store.db
        .selectFrom('follow_ups')
        .select('id')
        .where('placement_id', '=', placementId)
        .where('months', '=', months)
        .executeTakeFirstOrThrow();
      await ok(h.as(body.matcher).post(`/api/v1/follow-ups/${followUp.id}/events`, { type: 'RECORD', status, ...(employability ? { employability } : {}) }));
    };
    await record(ids.c1a!, 1, 'employment', 'better');
    await record(ids.o1!, 1, 'furtherPlacement', 'same');
    await record(ids.c1a!, 6, 'employment');
    // 2A's follow-up at 1 month stays due (not counted), as do the rest.
  });
  afterAll(() => dropSeeded({ database, store }));

  const report = (key: string, query = '') => ok(h.as(key).get(`/api/v1/programmes/${programmeId}/report${query}`));
  const zeroStatuses = { employment: 0, studies: 0, furtherPlacement: 0, selfEmployment: 0, other: 0, none: 0, unknown: 0 };

  it('reports every figure, by hand, to the matching body that owns it', async () => {
    const r = await report(body.matcher);
    expect(r.suppressed).toBe(false);
    expect(r.period).toEqual({ year: null, from: '2026-01-01', to: '2027-12-31' });
    expect(r.targets).toEqual(TARGETS);
    // Started: 1A, 1B, 1C, 2A, O1, O2 (2B never started). Completed 1A, 2A, O1; ended early 1B; ongoing 1C, O2.
    expect(r.placements).toEqual({ started: 6, completed: 3, endedEarly: 1, ongoing: 2 });
    expect(r.perYear).toEqual([
      { year: 2026, started: 5, target: 10 },
      { year: 2027, started: 1, target: 10 },
    ]);
    expect(r.outcomes).toEqual([
      // At the end: 1A employment, 1B none, 2A studies, O1 studies.
      { checkpoint: 'end', recorded: 4, byStatus: { ...zeroStatuses, employment: 1, studies: 2, none: 1 }, employability: { better: 0, same: 0, worse: 0 } },
      { checkpoint: 'month1', recorded: 2, byStatus: { ...zeroStatuses, employment: 1, furtherPlacement: 1 }, employability: { better: 1, same: 1, worse: 0 } },
      { checkpoint: 'month6', recorded: 1, byStatus: { ...zeroStatuses, employment: 1 }, employability: { better: 0, same: 0, worse: 0 } },
      { checkpoint: 'month12', recorded: 0, byStatus: zeroStatuses, employability: { better: 0, same: 0, worse: 0 } },
    ]);
    const pct = (goal: string, targetPct: number, end: number | null, m1: number | null, m6: number | null, m12: number | null) =>
      (['end', 'month1', 'month6', 'month12'] as const).map((checkpoint, i) => ({ goal, checkpoint, targetPct, achievedPct: [end, m1, m6, m12][i] }));
    expect(r.againstTargets).toEqual([
      ...pct('studies', 35, 50, 0, 0, null), // 2/4; 0/2; 0/1; nothing recorded
      ...pct('furtherPlacement', 20, 0, 50, 0, null), // 0/4; 1/2; 0/1
      ...pct('employment', 25, 25, 50, 100, null), // 1/4; 1/2; 1/1
      // Of those who answered: 1 better of 2 at one month; nobody answered later. The end asks nothing.
      ...pct('employability', 20, null, 50, null, null).slice(1),
    ]);
    expect(r.genderPatternBreaking).toEqual({ placements: 1, target: 3 });
    const hosts = [
      { orgId: body.id, name: 'Härnösands arbetsmarknadsenhet', started: 1, completed: 0, endedEarly: 0, ongoing: 1 },
      { orgId: p.buyerOrgId, name: 'Östersundshem AB', started: 1, completed: 1, endedEarly: 0, ongoing: 0 },
    ];
    expect(r.byHost).toEqual(hosts);
    expect(r.byContract.map((c: Record<string, unknown>) => [c.clauseId, c.supplierName, c.started, c.completed, c.endedEarly, c.ongoing])).toEqual(
      expect.arrayContaining([
        [clause1, 'Jämtbygg AB', 3, 1, 1, 1],
        [clause2, 'Norrbygg AB', 1, 1, 0, 0],
      ]),
    );
    expect(r.bySupplier).toEqual([
      { orgId: p.supplierOrgId, name: 'Jämtbygg AB', started: 3, completed: 1, endedEarly: 1, ongoing: 1 },
      { orgId: p.otherSupplierOrgId, name: 'Norrbygg AB', started: 1, completed: 1, endedEarly: 0, ongoing: 0 },
    ]);
  });

  it('reports a calendar year: the placements that started in it', async () => {
    const r = await report(body.matcher, '?year=2027');
    expect(r.period).toEqual({ year: 2027, from: '2027-01-01', to: '2027-12-31' });
    expect(r.placements).toEqual({ started: 1, completed: 0, endedEarly: 0, ongoing: 1 });
    expect(r.perYear).toEqual([{ year: 2027, started: 1, target: 10 }]);
    expect(r.byContract).toEqual([]);
    expect(r.byHost.map((x: { orgId: string }) => x.orgId)).toEqual([body.id]);
  });

  it('suppresses for everyone else: under 3, and what the totals would give away', async () => {
    for (const key of [p.officer, p.otherOfficer, p.contractor, p.auditor]) {
      const r = await report(key);
      expect(r.suppressed).toBe(true);
      expect(r.placements).toEqual({ started: 6, completed: 3, endedEarly: '<3', ongoing: '<3' });
      // 2027's 1 is under 3; 6 − 5 would give it back, so 2026's 5 is suppressed too.
      expect(r.perYear.map((y: { started: unknown }) => y.started)).toEqual(['<3', '<3']);
      expect(r.outcomes[0]).toEqual({
        checkpoint: 'end',
        recorded: 4,
        byStatus: Object.fromEntries(Object.keys(zeroStatuses).map((s) => [s, '<3'])),
        employability: { better: '<3', same: '<3', worse: '<3' },
      });
      expect(r.outcomes.slice(1).map((o: { recorded: unknown }) => o.recorded)).toEqual(['<3', '<3', '<3']);
      expect(r.againstTargets.every((t: { achievedPct: unknown }) => t.achievedPct === null)).toBe(true);
      expect(r.genderPatternBreaking).toEqual({ placements: '<3', target: 3 });
      expect(r.byHost.map((x: Record<string, unknown>) => [x.started, x.completed, x.endedEarly, x.ongoing])).toEqual([
        ['<3', '<3', '<3', '<3'],
        ['<3', '<3', '<3', '<3'],
      ]);
      expect(r.bySupplier.map((x: Record<string, unknown>) => [x.started, x.completed, x.endedEarly, x.ongoing])).toEqual([
        [3, '<3', '<3', '<3'],
        ['<3', '<3', '<3', '<3'],
      ]);
    }
  });

  it('serves the report as a workbook and a PDF with the JSON’s figures, suppressed for the same readers', async () => {
    const download = async (key: string, path: string) => {
      const res = await h.app.request(`/api/v1/programmes/${programmeId}/${path}`, { headers: { authorization: `Bearer ${key}` } });
      expect(res.status).toBe(200);
      return { type: res.headers.get('content-type') ?? '', bytes: Buffer.from(await res.arrayBuffer()) };
    };
    const placementRow = async (key: string) => {
      const file = await download(key, 'report.xlsx?language=en');
      expect(file.type).toContain('spreadsheetml');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(file.bytes as never);
      const rows: unknown[][] = [];
      workbook.getWorksheet('Summary')!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      return rows[rows.findIndex((r) => r[0] === 'Started' && r[1] === 'Completed') + 1];
    };
    expect(await placementRow(body.matcher)).toEqual([6, 3, 1, 2]);
    expect(await placementRow(p.officer)).toEqual([6, 3, '<3', '<3']);

    const pdf = await download(p.officer, 'report.pdf?year=2026');
    expect(pdf.type).toBe('application/pdf');
    const document = await getDocument({ data: new Uint8Array(pdf.bytes), disableFontFace: true, useSystemFonts: false }).promise;
    const first = (await (await document.getPage(1)).getTextContent()).items.map((item) => ('str' in item ? item.str : '')).join(' ');
    await document.destroy();
    expect(first).toContain('Alla kan arbeta');
    expect(first).toContain('Kalenderåret 2026');
    expect(first.replace(/\s/g, '')).toContain('Siffrorunder3redovisassom');
    // A year the programme does not span is refused, as for the JSON.
    expect((await h.app.request(`/api/v1/programmes/${programmeId}/report.pdf?year=2031`, { headers: { authorization: `Bearer ${p.officer}` } })).status).toBe(
      422,
    );
  });

  it('shows members the programme page with its suppressed figures, and serves its PDF to the signed-in user', async () => {
    const cookie = await webSignIn(h, p.officer);
    const list = await (await h.app.request('/app/programmes', { headers: { cookie } })).text();
    expect(list).toContain('Alla kan arbeta');
    const pageHtml = await (await h.app.request(`/app/programmes/${programmeId}?year=2026`, { headers: { cookie } })).text();
    expect(pageHtml.toLowerCase()).toContain('kalenderåret 2026');
    expect(pageHtml).toContain('&lt;3');
    const pdf = await h.app.request(`/app/programmes/${programmeId}/report.pdf?year=2026`, { headers: { cookie } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    // The other supplier's organisation is no member.
    const stranger = await webSignIn(h, p.otherContractor);
    expect((await h.app.request(`/app/programmes/${programmeId}`, { headers: { cookie: stranger } })).status).toBe(404);
  });

  it('estimates from verified outcomes and the owner’s parameters, by hand', async () => {
    expect((await h.as(body.matcher).get(`/api/v1/programmes/${programmeId}/estimate`)).status).toBe(409);
    await ok(put(body.matcher, `/api/v1/programmes/${programmeId}/estimate-parameters`, PARAMETERS));
    const e = await ok(h.as(body.matcher).get(`/api/v1/programmes/${programmeId}/estimate`));
    expect(e.estimate).toBe(true);
    // Verified: 1A (latest: employment at 6 months), 2A (studies at the end), O1 (a further placement at 1 month: not counted).
    expect(e.verifiedPlacements).toBe(3);
    expect(e.participantsCounted).toBe(2);
    // low = 2 × (1 − 0.30) × 1 year × low cost; high = 2 × (1 − 0.10) × 3 years × high cost.
    expect(e.perPayer).toEqual({
      municipality: { lowSek: 140_000, highSek: 1_080_000 },
      state: { lowSek: 70_000, highSek: 810_000 },
      region: { lowSek: 14_000, highSek: 108_000 },
      person: { lowSek: 0, highSek: 270_000 },
    });
    expect(e.total).toEqual({ lowSek: 224_000, highSek: 2_268_000 });
    expect(e.sources).toEqual(PARAMETERS.sources);
    expect(e.assumptions.length).toBeGreaterThan(2);
    // Two counted: under 3, so outside the matching body the count and the amounts (which give it back) are withheld.
    const suppressed = await ok(h.as(p.officer).get(`/api/v1/programmes/${programmeId}/estimate`));
    expect(suppressed.participantsCounted).toBe('<3');
    expect(suppressed.verifiedPlacements).toBe(3);
    expect(suppressed.total).toEqual({ lowSek: null, highSek: null });
  });

  it('shows the programme to members only, and own-workplace placements to their host, follower and owner', async () => {
    const names = async (key: string) => (await ok(h.as(key).get('/api/v1/programmes'))).map((x: { name: string }) => x.name);
    for (const key of [body.matcher, p.officer, p.auditor, p.buyerAdmin, p.contractor, p.otherOfficer]) {
      expect(await names(key)).toEqual(['Alla kan arbeta']);
      expect((await h.as(key).get(`/api/v1/programmes/${programmeId}`)).status).toBe(200);
    }
    // The second supplier works under a programme clause but is no member.
    expect(await names(p.otherContractor)).toEqual([]);
    for (const path of ['', '/report', '/estimate', '/history', '/placements']) {
      const res = await h.as(p.otherContractor).get(`/api/v1/programmes/${programmeId}${path}`);
      expect([path, res.status, res.body.error]).toEqual([path, 404, 'not_found']);
    }
    const programme = await ok(h.as(p.contractor).get(`/api/v1/programmes/${programmeId}`));
    expect(programme.ownerOrgId).toBe(body.id);
    expect(programme.members.map((m: { orgId: string }) => m.orgId).sort()).toEqual([body.id, p.buyerOrgId, p.otherBuyerOrgId, p.supplierOrgId].sort());
    // Each member sees the clauses it sees anyway: the supplier its own, the owning matching body none; all count.
    expect(programme.clauses.map((c: { clauseId: string }) => c.clauseId)).toEqual([clause1]);
    expect(programme.clauseCount).toBe(2);
    expect((await ok(h.as(body.matcher).get(`/api/v1/programmes/${programmeId}`))).clauses).toEqual([]);
    // Membership shows no more of another buyer's clause than before.
    expect((await h.as(p.officer).get(`/api/v1/clauses/${clause2}`)).status).toBe(404);

    expect((await h.as(p.officer).get(`/api/v1/placements/${ids.o1}`)).body).toMatchObject({
      clauseId: null,
      programmeId,
      hostOrgId: p.buyerOrgId,
      matchingOrgId: body.id,
      breaksGenderPattern: true,
      state: 'verified',
    });
    expect((await h.as(body.matcher).get(`/api/v1/placements/${ids.o1}/history`)).body.map((x: { type: string }) => x.type)).toEqual([
      'CREATE',
      'START',
      'COMPLETE',
      'VERIFY',
    ]);
    expect((await h.as(p.otherOfficer).get(`/api/v1/placements/${ids.o1}`)).status).toBe(404);
    expect((await h.as(p.contractor).get(`/api/v1/placements/${ids.o1}`)).status).toBe(404);
    expect((await ok(h.as(body.matcher).get(`/api/v1/programmes/${programmeId}/placements`))).map((x: { id: string }) => x.id)).toEqual([ids.o1, ids.o2]);
    expect((await ok(h.as(p.officer).get(`/api/v1/programmes/${programmeId}/placements`))).map((x: { id: string }) => x.id)).toEqual([ids.o1]);
    expect(await ok(h.as(p.contractor).get(`/api/v1/programmes/${programmeId}/placements`))).toEqual([]);

    const history = await ok(h.as(p.contractor).get(`/api/v1/programmes/${programmeId}/history`));
    expect(history.filter((x: { type: string }) => x.type === 'ADD_CLAUSE').map((x: { payload: { clauseId: string } }) => x.payload.clauseId)).toEqual([
      clause1,
      null,
    ]);
    expect(history.map((x: { type: string; actorOrgId: string }) => [x.type, x.actorOrgId])).toEqual([
      ['CREATE', body.id],
      ['ADD_MEMBER', body.id],
      ['ADD_MEMBER', body.id],
      ['ADD_MEMBER', body.id],
      ['ADD_CLAUSE', body.id],
      ['ADD_CLAUSE', p.otherBuyerOrgId],
      ['SET_ESTIMATE_PARAMETERS', body.id],
    ]);
  });

  it('lets each role do only its part', async () => {
    const refused = async (key: string, path: string, body: object, status: number) => {
      const res = await h.as(key).post(path, body);
      expect([path, res.status]).toEqual([path, status]);
    };
    for (const key of [p.contractor, p.auditor, p.buyerAdmin]) {
      await refused(key, '/api/v1/programmes', { name: 'X', startDate: '2026-01-01', endDate: '2026-12-31' }, 403);
    }
    // A member buyer's officer neither adds members nor another buyer's clause.
    await refused(p.officer, `/api/v1/programmes/${programmeId}/members`, { orgId: p.otherSupplierOrgId }, 403);
    expect((await put(p.officer, `/api/v1/programmes/${programmeId}/estimate-parameters`, PARAMETERS)).status).toBe(403);
    // Events of an own-workplace placement: the host's officer runs it, its auditor verifies; the contractor role means nothing here.
    const o3 = (await ok(h.as(p.officer).post(`/api/v1/programmes/${programmeId}/placements`, own('P-O3', '2027-01-15', '2027-03-31', p.buyerOrgId)), 201)).id;
    await refused(p.auditor, `/api/v1/placements/${o3}/events`, { type: 'START' }, 403);
    await refused(body.matcher, `/api/v1/placements/${o3}/events`, { type: 'START' }, 403);
    await refused(p.otherOfficer, `/api/v1/placements/${o3}/events`, { type: 'START' }, 404);
    const started = await event(p.officer, o3, { type: 'START' });
    expect(started.allowedEvents).toEqual(['COMPLETE', 'END_EARLY', 'DISCONTINUE']);
    // Registering for another host: the host's or the owner's officer or matcher only.
    await refused(p.otherOfficer, `/api/v1/programmes/${programmeId}/placements`, own('P-O4', '2027-01-15', '2027-03-31', p.buyerOrgId), 403);
  });

  it('refuses bad input with 4xx that says what to send, and writes nothing', async () => {
    const programmes = async () =>
      Number(
        (
          await store.db
            .selectFrom('programmes')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await programmes();
    const create = (body: object) => h.as(p.officer).post('/api/v1/programmes', body);
    const base = { name: 'Innanförskapsakademin', startDate: '2026-01-01', endDate: '2026-12-31' };
    const issue = async (res: Promise<{ status: number; body: any }>, status: number, path: string) => {
      const { status: got, body } = await res;
      expect([got, body.error === 'validation' ? body.issues?.map((i: { path: string }) => i.path) : body.error]).toEqual([
        status,
        body.error === 'validation' ? expect.arrayContaining([path]) : path,
      ]);
    };
    await issue(create({ ...base, targets: { studiesPct: 35, placementPct: 20, employmentPct: 25, selfEmploymentPct: 21 } }), 422, 'targets.selfEmploymentPct');
    await issue(create({ ...base, targets: { studiesPct: 101 } }), 422, 'targets.studiesPct');
    await issue(create({ ...base, endDate: '2025-12-31' }), 422, 'endDate');
    await issue(create({ ...base, name: '' }), 422, 'name');
    await issue(create({ ...base, targets: { unknownTarget: 1 } }), 422, 'targets');
    await issue(create({ ...base, name: 'Deltagare 121212-1212' }), 422, 'personal_identity_number');
    expect(await programmes()).toBe(before);

    const path = `/api/v1/programmes/${programmeId}`;
    await issue(h.as(body.matcher).post(`${path}/members`, { orgId: 'no-such-org' }), 422, 'orgId');
    await issue(h.as(body.matcher).post(`${path}/members`, { orgId: p.buyerOrgId }), 409, 'conflict');
    await issue(h.as(body.matcher).post(`${path}/clauses`, { clauseId: 'no-such-clause' }), 422, 'clauseId');
    await issue(h.as(body.matcher).post(`${path}/clauses`, { clauseId: clause1 }), 409, 'conflict');
    await issue(h.as(body.matcher).post(`${path}/placements`, own('P-X', '2026-05-01', '2026-06-30', p.otherSupplierOrgId)), 422, 'hostOrgId');
    await issue(
      h.as(body.matcher).post(`${path}/placements`, { ...own('P-X', '2026-05-01', '2026-06-30', body.id), matchingOrgId: p.buyerOrgId }),
      422,
      'matchingOrgId',
    );
    await issue(h.as(body.matcher).post(`${path}/placements`, own('P-X', '2028-05-01', '2028-06-30', body.id)), 422, 'startDate');
    await issue(h.as(body.matcher).post(`${path}/placements`, { ...own('P-X', '2026-05-01', '2026-06-30', body.id), fte: 2 }), 422, 'fte');
    await issue(h.as(body.matcher).get(`${path}/report?year=2030`), 422, 'year');
    await issue(h.as(body.matcher).get(`${path}/report?year=twenty`), 422, 'year');
    await issue(put(body.matcher, `${path}/estimate-parameters`, { ...PARAMETERS, yearsOfEffect: { low: 3, high: 1 } }), 422, 'yearsOfEffect.high');
  });

  it('keeps own-workplace placements verifiable by replay and hash chain', async () => {
    const verified = await verifyAllClauses(h.deps);
    expect(verified.failures).toEqual([]);
    expect(verified.chain.ok).toBe(true);
    expect(verified.ok).toBe(true);
  });

  it('erases an own-workplace participant and still verifies', async () => {
    expect((await h.as(p.auditor).post(`/api/v1/placements/${ids.o1}/erase`, {})).status).toBe(403);
    const erased = await ok(h.as(p.officer).post(`/api/v1/placements/${ids.o1}/erase`, {}));
    expect(erased.counts.placements).toBe(1);
    const placement = await ok(h.as(p.officer).get(`/api/v1/placements/${ids.o1}`));
    expect(placement.participantRef).not.toBe('P-O1');
    expect((await verifyAllClauses(h.deps)).ok).toBe(true);
  });
});
