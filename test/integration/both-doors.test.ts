/**
 * Both doors, one answer (issue 17): every command the web application can
 * send is also an API route, and both pass the engine's one gate. A table of
 * hostile values — identity numbers in every free-text field (evidence
 * descriptions and file names, CSV cells included), empty required fields,
 * negative, fractional, huge and non-numeric numbers, impossible dates,
 * over-long text, NUL, bytes that are not UTF-8 — goes through the web form
 * and through the API route of the same command. Each pair is refused with the
 * same status, the API's refusal names the field, the web page marks the same
 * field, and neither door writes a row (the tables' counts and the instances'
 * versions are the same after as before).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.ts';
import { addOrganisation, addUser } from '../../src/engine/admin.ts';
import { type Harness, PLACEMENT_PARAMS, type Response } from '../support/api.ts';
import { BACKENDS, type TestDatabase } from '../support/stores.ts';
import { webUser, type WebUser } from '../support/web-session.ts';
import {
  dropWorld,
  openWorld,
  PLACEMENT_CSV_HEADER,
  rowCounts,
  placementCsvRow,
  placementForm,
  type KeyedCaller,
  type World,
  type writeWatch,
} from '../support/world.ts';
import { PDF } from '../fixtures/evidence.ts';
import { wordsFor } from '../../src/web/i18n.ts';

type FieldKind = 'text' | 'integer' | 'number' | 'date';
type FormValues = Record<string, string | string[]>;

interface Field {
  /** The field's path in the API's JSON body, and the name of its input in the web form. */
  name: string;
  kind: FieldKind;
  required?: boolean;
}

interface JsonCommand {
  what: string;
  caller: KeyedCaller;
  api: (w: World) => { path: string; body: Record<string, unknown> };
  web: (w: World) => { path: string; form: FormValues };
  fields: Field[];
}

const PIN = 'Intyg för 811218-9876';

/** The hostile values of a field's kind: what the API receives, what the web form posts, and the error code both must answer with. */
interface Hostile {
  label: string;
  json: unknown;
  form: string;
  code: string;
}

function hostileValues(field: Field): Hostile[] {
  const text: Hostile[] = [
    { label: 'an identity number', json: PIN, form: PIN, code: 'personal_identity_number' },
    { label: 'a NUL character', json: 'a\u0000b', form: 'a\u0000b', code: 'validation' },
    { label: '200,000 characters', json: 'x'.repeat(200_000), form: 'x'.repeat(200_000), code: 'validation' },
  ];
  const numbers: Hostile[] = [
    { label: 'a negative number', json: -5, form: '-5', code: 'validation' },
    { label: 'a huge number', json: 1e300, form: '1e300', code: 'validation' },
    { label: 'no number', json: 'abc', form: 'abc', code: 'validation' },
  ];
  const byKind: Record<FieldKind, Hostile[]> = {
    text,
    integer: [...numbers, { label: 'a fraction', json: 1.5, form: '1.5', code: 'validation' }],
    number: numbers,
    date: [
      { label: 'an impossible date', json: '2026-13-45', form: '2026-13-45', code: 'validation' },
      { label: 'no date', json: 'abc', form: 'abc', code: 'validation' },
      { label: 'an identity number', json: '811218-9876', form: '811218-9876', code: 'personal_identity_number' },
    ],
  };
  const empty: Hostile[] = field.required ? [{ label: 'empty', json: '', form: '', code: 'validation' }] : [];
  return [...byKind[field.kind], ...empty];
}

function withValue(body: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(body);
  const keys = path.split('.');
  let node = copy;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[keys.at(-1)!] = value;
  return copy;
}

function formOf(values: FormValues): URLSearchParams {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
  return form;
}

/** Whether the page marks the input, select or textarea of this name as invalid. */
function marksInvalid(html: string, name: string): boolean {
  const tags = html.match(new RegExp(`<(input|select|textarea)\\b[^>]*\\bname="${name.replace(/\./g, '\\.')}"[^>]*>`, 'g')) ?? [];
  return tags.some((tag) => /aria-invalid="true"/.test(tag));
}

/** Whether the API's refusal names the field: the identity-number guard's path, or one of the validation issues. */
function namesField(body: { path?: string; issues?: Array<{ path: string }> }, name: string): boolean {
  return body.path === name || (body.issues ?? []).some((issue) => issue.path === name);
}

const placementJson = (ref: string) => ({
  participantRef: ref,
  targetGroup: 'newcomers',
  attestation: { issuer: 'Arbetsförmedlingen', reference: `AF-${ref}`, date: '2026-02-20' },
  role: 'målare',
  startDate: '2026-03-02',
  plannedEndDate: '2026-06-30',
  fte: 1,
  hoursPerWeek: 35,
});

const COMMANDS: JsonCommand[] = [
  {
    what: 'a tender',
    caller: 'officer',
    api: () => ({ path: '/api/v1/tenders', body: { reference: 'D-1', title: 'Dörrar', estimatedValueSek: 1_000_000 } }),
    web: () => ({ path: '/app/tenders', form: { reference: 'D-1', title: 'Dörrar', estimatedValueSek: '1000000' } }),
    fields: [
      { name: 'reference', kind: 'text', required: true },
      { name: 'title', kind: 'text', required: true },
      { name: 'estimatedValueSek', kind: 'integer' },
    ],
  },
  {
    what: 'a clause draft',
    caller: 'officer',
    api: (w) => ({ path: `/api/v1/tenders/${w.own.tenderId}/clauses`, body: { templateId: 'placements', language: 'sv', params: PLACEMENT_PARAMS } }),
    web: (w) => ({
      path: `/app/tenders/${w.own.tenderId}/clauses`,
      form: {
        templateId: 'placements',
        language: 'sv',
        'params.msekPerPlacement': '5',
        'params.minWeeks': '12',
        'params.hoursPerWeek': '30',
        'params.targetGroups': ['newcomers', 'youth-16-24'],
        'params.matchingBody': 'Arbetsförmedlingen',
        'params.vite.sekPerMissingPlacement': '50000',
        'params.vite.capPct': '2',
      },
    }),
    fields: [
      { name: 'params.matchingBody', kind: 'text', required: true },
      { name: 'params.minWeeks', kind: 'integer', required: true },
    ],
  },
  {
    what: "the clause's CLOSE_DELIVERY",
    caller: 'officer',
    api: (w) => ({ path: `/api/v1/clauses/${w.own.clauseId}/events`, body: { type: 'CLOSE_DELIVERY', note: 'Klart' } }),
    web: (w) => ({ path: `/app/clauses/${w.own.clauseId}/events`, form: { type: 'CLOSE_DELIVERY', note: 'Klart', confirm: 'on' } }),
    fields: [{ name: 'note', kind: 'text' }],
  },
  {
    what: 'a placement',
    caller: 'contractor',
    api: (w) => ({ path: `/api/v1/clauses/${w.own.clauseId}/placements`, body: placementJson('D-P-1') }),
    web: (w) => ({ path: `/app/clauses/${w.own.clauseId}/placements`, form: placementForm('D-P-1') }),
    fields: [
      { name: 'participantRef', kind: 'text', required: true },
      { name: 'role', kind: 'text', required: true },
      { name: 'attestation.issuer', kind: 'text', required: true },
      { name: 'startDate', kind: 'date', required: true },
      { name: 'fte', kind: 'number', required: true },
      { name: 'hoursPerWeek', kind: 'number', required: true },
    ],
  },
  {
    what: "a placement's DISCONTINUE",
    caller: 'contractor',
    api: (w) => ({ path: `/api/v1/placements/${w.own.placementId}/events`, body: { type: 'DISCONTINUE', endDate: '2026-04-01', reason: 'Avbrutet' } }),
    web: (w) => ({ path: `/app/placements/${w.own.placementId}/events`, form: { type: 'DISCONTINUE', endDate: '2026-04-01', reason: 'Avbrutet' } }),
    fields: [
      { name: 'reason', kind: 'text', required: true },
      { name: 'endDate', kind: 'date', required: true },
    ],
  },
  {
    what: 'a period report',
    caller: 'contractor',
    api: (w) => ({
      path: `/api/v1/clauses/${w.own.clauseId}/reports`,
      body: { periodStart: '2026-03-01', periodEnd: '2026-03-15', totalLabourHours: 100, notes: 'Mars' },
    }),
    web: (w) => ({
      path: `/app/clauses/${w.own.clauseId}/reports`,
      form: { periodStart: '2026-03-01', periodEnd: '2026-03-15', totalLabourHours: '100', notes: 'Mars' },
    }),
    fields: [
      { name: 'periodStart', kind: 'date', required: true },
      { name: 'totalLabourHours', kind: 'number', required: true },
      { name: 'notes', kind: 'text' },
    ],
  },
  {
    what: "a report's QUERY",
    caller: 'auditor',
    api: (w) => ({ path: `/api/v1/reports/${w.own.reportId}/events`, body: { type: 'QUERY', reason: 'Timmarna saknar underlag' } }),
    web: (w) => ({ path: `/app/reports/${w.own.reportId}/events`, form: { type: 'QUERY', reason: 'Timmarna saknar underlag' } }),
    fields: [{ name: 'reason', kind: 'text', required: true }],
  },
  {
    what: 'an offer of employment',
    caller: 'contractor',
    api: (w) => ({
      path: `/api/v1/clauses/${w.own.clauseId}/offers`,
      body: { participantRef: 'D-O-1', targetGroup: 'newcomers', role: 'målare', hoursPerWeek: 35, offeredDate: '2026-03-20' },
    }),
    web: (w) => ({
      path: `/app/clauses/${w.own.clauseId}/offers`,
      form: { participantRef: 'D-O-1', targetGroup: 'newcomers', role: 'målare', hoursPerWeek: '35', offeredDate: '2026-03-20' },
    }),
    fields: [
      { name: 'participantRef', kind: 'text', required: true },
      { name: 'role', kind: 'text', required: true },
      { name: 'hoursPerWeek', kind: 'number', required: true },
      { name: 'offeredDate', kind: 'date', required: true },
    ],
  },
  {
    what: "an offer's DECLINE",
    caller: 'contractor',
    api: (w) => ({ path: `/api/v1/offers/${w.own.offerId}/events`, body: { type: 'DECLINE', date: '2026-04-01', reason: 'Tackade nej' } }),
    web: (w) => ({ path: `/app/offers/${w.own.offerId}/events`, form: { type: 'DECLINE', date: '2026-04-01', reason: 'Tackade nej' } }),
    fields: [
      { name: 'date', kind: 'date', required: true },
      { name: 'reason', kind: 'text' },
    ],
  },
  {
    what: 'an opening',
    caller: 'contractor',
    api: (w) => ({
      path: `/api/v1/clauses/${w.own.clauseId}/openings`,
      body: {
        role: 'snickare',
        site: 'Lugnvik',
        municipality: '2380',
        startDate: '2026-05-04',
        weeks: 12,
        hoursPerWeek: 30,
        competences: ['Snickeri'],
        supervisor: { trained: true },
      },
    }),
    web: (w) => ({
      path: `/app/clauses/${w.own.clauseId}/openings`,
      form: {
        role: 'snickare',
        site: 'Lugnvik',
        municipality: '2380',
        startDate: '2026-05-04',
        weeks: '12',
        hoursPerWeek: '30',
        competences: 'Snickeri',
        'supervisor.trained': 'on',
      },
    }),
    fields: [
      { name: 'role', kind: 'text', required: true },
      { name: 'site', kind: 'text' },
      { name: 'weeks', kind: 'integer', required: true },
    ],
  },
  {
    what: "an opening's WITHDRAW",
    caller: 'contractor',
    api: (w) => ({ path: `/api/v1/openings/${w.own.openingId}/events`, body: { type: 'WITHDRAW', reason: 'Projektet flyttas' } }),
    web: (w) => ({ path: `/app/openings/${w.own.openingId}/events`, form: { type: 'WITHDRAW', reason: 'Projektet flyttas', confirm: 'on' } }),
    fields: [{ name: 'reason', kind: 'text', required: true }],
  },
  {
    what: 'a proposal',
    caller: 'matcher',
    api: (w) => ({
      path: `/api/v1/openings/${w.own.openingId}/proposals`,
      body: { candidateRef: 'D-C-9', targetGroup: 'newcomers', competences: ['målning'], attestation: { reference: 'AF-ATT-9', date: '2026-02-20' } },
    }),
    web: (w) => ({
      path: `/app/openings/${w.own.openingId}/proposals`,
      form: { candidateRef: 'D-C-9', targetGroup: 'newcomers', competences: 'målning', 'attestation.reference': 'AF-ATT-9', 'attestation.date': '2026-02-20' },
    }),
    fields: [
      { name: 'candidateRef', kind: 'text', required: true },
      { name: 'attestation.reference', kind: 'text', required: true },
    ],
  },
  {
    what: "a proposal's DECLINE",
    caller: 'contractor',
    api: (w) => ({ path: `/api/v1/proposals/${w.own.proposalId}/events`, body: { type: 'DECLINE', reason: 'Platsen är tillsatt' } }),
    web: (w) => ({ path: `/app/proposals/${w.own.proposalId}/events`, form: { type: 'DECLINE', reason: 'Platsen är tillsatt' } }),
    fields: [{ name: 'reason', kind: 'text', required: true }],
  },
  {
    what: 'a candidate',
    caller: 'matcher',
    api: () => ({
      path: '/api/v1/candidates',
      body: { candidateRef: 'D-C-10', targetGroup: 'newcomers', competences: ['målning'], municipality: '2380', availableFrom: '2026-04-01' },
    }),
    web: () => ({
      path: '/app/candidates',
      form: { candidateRef: 'D-C-10', targetGroup: 'newcomers', competences: 'målning', municipality: '2380', availableFrom: '2026-04-01' },
    }),
    fields: [
      { name: 'candidateRef', kind: 'text', required: true },
      { name: 'availableFrom', kind: 'date', required: true },
    ],
  },
];

/** Evidence uploads: the description and the file's name, on placements and reports. */
const EVIDENCE_CASES = [
  { label: 'an identity number in the description', description: PIN, fileName: 'tidrapport.pdf', code: 'personal_identity_number', field: 'description' },
  { label: 'NUL in the description', description: 'a\u0000b', fileName: 'tidrapport.pdf', code: 'validation', field: 'description' },
  { label: '5,000 characters of description', description: 'x'.repeat(5_000), fileName: 'tidrapport.pdf', code: 'validation', field: 'description' },
  {
    label: 'an identity number in the file name',
    description: 'Tidrapport',
    fileName: 'intyg 811218-9876.pdf',
    code: 'personal_identity_number',
    field: 'file.name',
  },
];

/** Placement CSV imports: a bad cell, a NUL in the file, a number that is not one. */
const CSV_CASES = [
  {
    label: 'an identity number in a cell',
    csv: `${PLACEMENT_CSV_HEADER}\n${placementCsvRow('D-CSV-1').replace('Lugnvik', '19811218-9876')}\n`,
    code: 'personal_identity_number',
  },
  { label: 'a NUL character', csv: `${PLACEMENT_CSV_HEADER}\n${placementCsvRow('D-CSV-2').replace('Lugnvik', 'Lug\u0000nvik')}\n`, code: 'validation' },
  {
    label: 'a share of full time that is no number',
    csv: `${PLACEMENT_CSV_HEADER}\n${placementCsvRow('D-CSV-3').replace('"0,5"', 'halv')}\n`,
    code: 'validation',
  },
  { label: 'a header without rows', csv: `${PLACEMENT_CSV_HEADER}\n`, code: 'validation' },
];

describe.each(BACKENDS)('both doors, one answer, on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let h: Harness;
  let world: World;
  let watch: ReturnType<typeof writeWatch>;
  const web = {} as Record<KeyedCaller, WebUser>;

  beforeAll(async () => {
    ({ database, store, h, world, watch } = await openWorld(backend));
    for (const caller of ['officer', 'auditor', 'contractor', 'matcher'] as const) web[caller] = await webUser(h, world.own.keys[caller]);
  });
  afterAll(() => dropWorld({ database, store }));

  /** Sends through both doors and checks that nothing was written by either. */
  async function bothDoors(apiSend: () => Promise<Response>, webSend: () => Promise<{ status: number; text: string }>) {
    const before = await watch.before();
    const api = await apiSend();
    const page = await webSend();
    expect(await watch.changedSince(before)).toEqual([]);
    return { api, page };
  }

  for (const command of COMMANDS) {
    it(`refuses hostile values in ${command.what} alike through the web form and the API`, async () => {
      const { path: apiPath, body } = command.api(world);
      const { path: webPath, form } = command.web(world);
      for (const field of command.fields) {
        for (const value of hostileValues(field)) {
          const what = `${command.what}, ${field.name} = ${value.label}`;
          const { api, page } = await bothDoors(
            () => h.as(world.own.keys[command.caller]).post(apiPath, withValue(body, field.name, value.json)),
            () => web[command.caller].post(webPath, formOf({ ...form, [field.name]: value.form })),
          );
          expect(api.status, what).toBe(422);
          expect(api.body.error, what).toBe(value.code);
          expect(namesField(api.body, field.name), `${what}: ${JSON.stringify(api.body).slice(0, 300)}`).toBe(true);
          expect(page.status, what).toBe(api.status);
          expect(marksInvalid(page.text, field.name), `${what}: the web form marks the field`).toBe(true);
        }
      }
    });
  }

  it('refuses an event type the workflow does not take, or one only the engine sends, alike through both doors', async () => {
    for (const type of ['NO_SUCH_EVENT', 'REPORT_DUE', 'ADD_EVIDENCE']) {
      const { api, page } = await bothDoors(
        () => h.as(world.own.keys.officer).post(`/api/v1/clauses/${world.own.clauseId}/events`, { type }),
        () => web.officer.post(`/app/clauses/${world.own.clauseId}/events`, formOf({ type })),
      );
      expect(api.status, type).toBe(422);
      expect(api.body.error, type).toBe('validation');
      expect(page.status, type).toBe(422);
      expect(page.text, type).not.toContain('Unknown event');
    }
  });

  it("judges the CLI's organisations and users with the same gate", async () => {
    // `klausul org add` and `klausul user add` call these engine functions with the options as given.
    const refusals: Array<[string, () => Promise<unknown>, string]> = [
      ['an identity number in a name', () => addOrganisation(h.deps, { name: 'Enskild firma 811218-9876', kind: 'supplier' }), 'personal_identity_number'],
      [
        'an identity number as organisation number',
        () => addOrganisation(h.deps, { name: 'Firma', kind: 'supplier', orgNumber: '19811218-9876' }),
        'personal_identity_number',
      ],
      ['NUL in a name', () => addOrganisation(h.deps, { name: 'Firma\u0000AB', kind: 'buyer' }), 'validation'],
      ['a 300-character name', () => addOrganisation(h.deps, { name: 'x'.repeat(300), kind: 'buyer' }), 'validation'],
      ['no kind', () => addOrganisation(h.deps, { name: 'Firma' }), 'validation'],
      [
        'an identity number in a user name',
        () => addUser(h.deps, { orgId: world.own.orgs.buyer, role: 'officer', name: 'Anna 811218-9876' }),
        'personal_identity_number',
      ],
      ['an empty user name', () => addUser(h.deps, { orgId: world.own.orgs.buyer, role: 'officer', name: ' ' }), 'validation'],
    ];
    const people = async () =>
      (
        await sql<{
          orgs: number;
          users: number;
        }>`select (select count(*) from organisations)::int as orgs, (select count(*) from users)::int as users`.execute(store.db)
      ).rows[0];
    const before = [await rowCounts(store), await people()];
    for (const [label, run, code] of refusals) await expect(run(), label).rejects.toMatchObject({ code });
    expect([await rowCounts(store), await people()]).toEqual(before);
  });

  it('refuses bytes that are not UTF-8 through both doors and stores nothing', async () => {
    const { api, page } = await bothDoors(
      () =>
        h.as(world.own.keys.officer).raw('/api/v1/tenders', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: new Uint8Array([...new TextEncoder().encode('{"reference":"D-2","title":"'), 0xff, 0xfe, ...new TextEncoder().encode('"}')]),
        }),
      () => web.officer.post('/app/tenders', 'reference=D-2&title=%FF%FE'),
    );
    expect(api.status).toBe(400);
    expect(page.status).toBeGreaterThanOrEqual(400);
    expect(page.status).toBeLessThan(500);
  });

  for (const kind of ['placement', 'report'] as const) {
    it(`refuses hostile evidence on a ${kind} alike through both doors`, async () => {
      const id = kind === 'placement' ? world.own.placementId : world.own.reportId;
      const upload = (fileName: string, description: string) => {
        const form = new FormData();
        form.append('file', new File([PDF as Uint8Array<ArrayBuffer>], fileName, { type: 'application/pdf' }));
        form.append('description', description);
        return form;
      };
      for (const evidence of EVIDENCE_CASES) {
        const { api, page } = await bothDoors(
          () =>
            h.as(world.own.keys.contractor).raw(`/api/v1/${kind}s/${id}/evidence`, { method: 'POST', body: upload(evidence.fileName, evidence.description) }),
          () => web.contractor.post(`/app/${kind}s/${id}/evidence`, upload(evidence.fileName, evidence.description)),
        );
        expect(api.status, evidence.label).toBe(422);
        expect(api.body.error, evidence.label).toBe(evidence.code);
        expect(namesField(api.body, evidence.field), `${evidence.label}: ${JSON.stringify(api.body).slice(0, 300)}`).toBe(true);
        expect(page.status, evidence.label).toBe(422);
        if (evidence.field === 'description') expect(marksInvalid(page.text, 'description'), evidence.label).toBe(true);
      }
    });
  }

  it("refuses a placement outside the clause's target groups alike through the web form and the API, naming targetGroup", async () => {
    // The world's clause counts newcomers and youth-16-24 (PLACEMENT_PARAMS).
    const { api, page } = await bothDoors(
      () => h.as(world.own.keys.contractor).post(`/api/v1/clauses/${world.own.clauseId}/placements`, { ...placementJson('D-TG-1'), targetGroup: 'disability' }),
      () => web.contractor.post(`/app/clauses/${world.own.clauseId}/placements`, formOf({ ...placementForm('D-TG-1'), targetGroup: 'disability' })),
    );
    expect(api.status).toBe(422);
    expect(api.body.error).toBe('validation');
    expect(api.body.issues).toEqual([expect.objectContaining({ path: 'targetGroup', message: expect.stringContaining('newcomers, youth-16-24') })]);
    expect(page.status).toBe(422);
    expect(marksInvalid(page.text, 'targetGroup')).toBe(true);
    // Said in Swedish, with the clause's groups in words.
    expect(page.text).toContain(`Välj en av: ${wordsFor('sv').targetGroup('newcomers')}, ${wordsFor('sv').targetGroup('youth-16-24')}.`);
    expect(page.text).not.toContain('the clause counts');
  });

  it("refuses a CSV row outside the clause's target groups alike through both doors, by row and column, storing none of the file", async () => {
    const csv = `${PLACEMENT_CSV_HEADER}\n${placementCsvRow('D-TG-2')}\n${placementCsvRow('D-TG-3').replace('newcomers', 'disability')}\n`;
    const form = new FormData();
    form.append('file', new File([csv], 'placeringar.csv', { type: 'text/csv' }));
    const { api, page } = await bothDoors(
      () =>
        h
          .as(world.own.keys.contractor)
          .raw(`/api/v1/clauses/${world.own.clauseId}/placements/import`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv }),
      () => web.contractor.post(`/app/clauses/${world.own.clauseId}/placements/import`, form),
    );
    expect(api.status).toBe(422);
    expect(api.body.error).toBe('validation');
    // The API's row counts from the first row after the header; the page names the file's line (the header is line 1).
    expect(api.body.issues).toEqual([expect.objectContaining({ row: 2, line: 3, path: 'targetGroup' })]);
    expect(page.status).toBe(422);
    expect(page.text).toContain(
      `Rad 3, kolumn targetGroup: Välj en av: ${wordsFor('sv').targetGroup('newcomers')}, ${wordsFor('sv').targetGroup('youth-16-24')}.`,
    );
  });

  it('refuses hostile placement CSV files alike through both doors', async () => {
    for (const file of CSV_CASES) {
      const form = new FormData();
      form.append('file', new File([file.csv], 'placeringar.csv', { type: 'text/csv' }));
      const { api, page } = await bothDoors(
        () =>
          h
            .as(world.own.keys.contractor)
            .raw(`/api/v1/clauses/${world.own.clauseId}/placements/import`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: file.csv }),
        () => web.contractor.post(`/app/clauses/${world.own.clauseId}/placements/import`, form),
      );
      expect(api.status, file.label).toBe(422);
      expect(api.body.error, file.label).toBe(file.code);
      expect(page.status, file.label).toBe(422);
    }
  });
});
