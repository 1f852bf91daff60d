/**
 * Every way of writing a personal identity number (test/support/identity-number-forms.ts)
 * through every entrance (issue 20, item 1): the API's JSON fields (a
 * participant's and a candidate's reference, a proposal's, a tender's title),
 * a cell of a placements CSV file, an evidence file's name, the web forms of
 * the same commands, and the CLI's organisations and users (`klausul org add`,
 * `klausul user add` call the engine functions used here). Each is refused
 * with personal_identity_number (the web page says so in Swedish) and nothing
 * is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOrganisation, addUser } from '../../src/engine/admin.ts';
import { wordsFor } from '../../src/web/i18n.ts';
import { PDF } from '../fixtures/evidence.ts';
import type { Harness } from '../support/api.ts';
import { WRITTEN_FORMS } from '../support/identity-number-forms.ts';
import { BACKENDS } from '../support/stores.ts';
import { webUser, type WebUser } from '../support/web-session.ts';
import {
  candidateBody,
  dropWorld,
  openWorld,
  PLACEMENT_CSV_HEADER,
  placementBody,
  placementCsvRow,
  placementForm,
  proposalBody,
  type World,
} from '../support/world.ts';

type Answer = { status: number; code: string | undefined };
/** One entrance: sends the written number the way that entrance takes it. */
type Entrance = (number: string) => Promise<Answer>;

const evidenceForm = (fileName: string) => {
  const form = new FormData();
  form.append('file', new File([PDF as Uint8Array<ArrayBuffer>], fileName, { type: 'application/pdf' }));
  form.append('description', 'Tidrapport');
  return form;
};
const csvOf = (site: string) => `${PLACEMENT_CSV_HEADER}\n${placementCsvRow('IF-CSV-1').replace('Lugnvik', site)}\n`;
const csvForm = (site: string) => {
  const form = new FormData();
  form.append('file', new File([csvOf(site)], 'placeringar.csv', { type: 'text/csv' }));
  return form;
};

const candidateForm = (ref: string) =>
  new URLSearchParams({ candidateRef: ref, targetGroup: 'newcomers', competences: 'målning', municipality: '2380', availableFrom: '2026-04-01' });

describe.each(BACKENDS)('identity numbers as people write them, through every entrance, on %s', (backend) => {
  let opened: Awaited<ReturnType<typeof openWorld>>;
  let h: Harness;
  let world: World;
  let web: Record<'officer' | 'contractor' | 'matcher', WebUser>;
  const SAID = wordsFor('sv').t('personalIdentityNumberAdvice');

  beforeAll(async () => {
    opened = await openWorld(backend);
    ({ h, world } = opened);
    const { keys } = world.own;
    web = { officer: await webUser(h, keys.officer), contractor: await webUser(h, keys.contractor), matcher: await webUser(h, keys.matcher) };
  });
  afterAll(() => dropWorld(opened ?? {}));

  /** A JSON body, or a request of its own (a CSV file, a multipart upload). */
  const api = async (
    key: 'officer' | 'contractor' | 'matcher',
    path: string,
    send: { json: Record<string, unknown> } | { init: RequestInit },
  ): Promise<Answer> => {
    const caller = h.as(world.own.keys[key]);
    const res = 'json' in send ? await caller.post(path, send.json) : await caller.raw(path, send.init);
    return { status: res.status, code: res.body?.error };
  };
  const page = async (user: WebUser, path: string, form: URLSearchParams | FormData): Promise<Answer> => {
    const res = await user.post(path, form);
    // The page's refusal is in words: Swedish, from the glossary, never the code.
    return {
      status: res.status,
      code: res.text.includes(SAID) || res.text.includes(wordsFor('sv').t('personalIdentityNumberInFile')) ? 'personal_identity_number' : undefined,
    };
  };
  const refusedByCli = async (run: () => Promise<unknown>): Promise<Answer> => {
    try {
      await run();
      return { status: 201, code: undefined };
    } catch (error) {
      return { status: 422, code: (error as { code?: string }).code };
    }
  };

  const entrances = (): Record<string, Entrance> => {
    const { clauseId, placementId, openingId, orgs } = world.own;
    return {
      "API: a placement's participantRef": (n) => api('contractor', `/api/v1/clauses/${clauseId}/placements`, { json: placementBody(n) }),
      "API: a candidate's candidateRef": (n) => api('matcher', '/api/v1/candidates', { json: candidateBody(n) }),
      "API: a proposal's candidateRef": (n) => api('matcher', `/api/v1/openings/${openingId}/proposals`, { json: proposalBody(n) }),
      "API: a tender's title": (n) => api('officer', '/api/v1/tenders', { json: { reference: 'IF-1', title: `Fönsterbyte ${n}` } }),
      'API: a CSV cell (site)': (n) =>
        api('contractor', `/api/v1/clauses/${clauseId}/placements/import`, {
          init: { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csvOf(n) },
        }),
      'API: an evidence file name': (n) =>
        api('contractor', `/api/v1/placements/${placementId}/evidence`, { init: { method: 'POST', body: evidenceForm(`intyg ${n}.pdf`) } }),
      'web: the tender form': (n) => page(web.officer, '/app/tenders', new URLSearchParams({ reference: 'IF-2', title: `Fönsterbyte ${n}` })),
      'web: the placement form': (n) => page(web.contractor, `/app/clauses/${clauseId}/placements`, new URLSearchParams(placementForm(n))),
      'web: the candidate form': (n) => page(web.matcher, '/app/candidates', candidateForm(n)),
      'web: the CSV import': (n) => page(web.contractor, `/app/clauses/${clauseId}/placements/import`, csvForm(n)),
      'web: an evidence file name': (n) => page(web.contractor, `/app/placements/${placementId}/evidence`, evidenceForm(`intyg ${n}.pdf`)),
      "CLI: an organisation's name": (n) => refusedByCli(() => addOrganisation(h.deps, { name: `Enskild firma ${n}`, kind: 'supplier' })),
      "CLI: an organisation's number": (n) => refusedByCli(() => addOrganisation(h.deps, { name: 'Firma', kind: 'supplier', orgNumber: n })),
      "CLI: a user's name": (n) => refusedByCli(() => addUser(h.deps, { orgId: orgs.buyer, role: 'officer', name: `Anna ${n}` })),
    };
  };

  it.each(WRITTEN_FORMS)('refuses %s at every entrance and writes nothing', async (_label, number) => {
    const answers: Record<string, Answer> = {};
    const before = await opened.watch.before();
    for (const [entrance, send] of Object.entries(entrances())) answers[entrance] = await send(number);
    expect(await opened.watch.changedSince(before)).toEqual([]);
    expect(answers).toEqual(Object.fromEntries(Object.keys(answers).map((entrance) => [entrance, { status: 422, code: 'personal_identity_number' }])));
  });

  it('refuses a reference holding an invisible or direction-changing character, naming it, and writes nothing', async () => {
    const { clauseId, openingId } = world.own;
    for (const ref of ['JB-2026\u200b-014', 'JB\u202e-2026-014', 'JB-2026-014\u2066', 'KAND\u00ad-7']) {
      const before = await opened.watch.before();
      const placement = await api('contractor', `/api/v1/clauses/${clauseId}/placements`, { json: placementBody(ref) });
      const candidate = await h.as(world.own.keys.matcher).post('/api/v1/candidates', candidateBody(ref));
      const proposal = await h.as(world.own.keys.matcher).post(`/api/v1/openings/${openingId}/proposals`, proposalBody(ref));
      const csv = await h.as(world.own.keys.contractor).raw(`/api/v1/clauses/${clauseId}/placements/import`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: `${PLACEMENT_CSV_HEADER}\n${placementCsvRow('IF-H-1')}\n${placementCsvRow(ref)}\n`,
      });
      const page = await web.matcher.post('/app/candidates', candidateForm(ref));
      expect(await opened.watch.changedSince(before)).toEqual([]);
      expect(placement, JSON.stringify(ref)).toEqual({ status: 422, code: 'validation' });
      expect(candidate.body, JSON.stringify(ref)).toMatchObject({ error: 'validation', issues: [{ path: 'candidateRef' }] });
      expect(proposal.body, JSON.stringify(ref)).toMatchObject({ error: 'validation', issues: [{ path: 'candidateRef' }] });
      expect(csv.body, JSON.stringify(ref)).toMatchObject({ error: 'validation', row: 2, issues: [{ path: 'participantRef' }] });
      expect(page.status, JSON.stringify(ref)).toBe(422);
      expect(page.text).toContain('Skriv referensen som vanlig text, utan osynliga tecken eller tecken som vänder skrivriktningen.');
    }
  });

  it('lets the same entrances take references and names that only look alike', async () => {
    // A wrong check digit, and five digits after the space: not an identity number, so the placement is stored.
    for (const [ref, number] of [
      ['IF-OK-1', '811218 9875'],
      ['IF-OK-2', '811218 98761'],
    ] as const) {
      const res = await h
        .as(world.own.keys.contractor)
        .post(`/api/v1/clauses/${world.own.clauseId}/placements`, { ...placementBody(ref), role: `målare ${number}` });
      expect(res.status, number).toBe(201);
    }
  });
});
