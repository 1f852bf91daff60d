/**
 * Template versioning: a clause drafted on version 1 keeps its version-1 text
 * (the words it was published with) and a clause drafted on version 2 keeps
 * version 2, also when a later version is deployed, while new clauses are
 * drafted on the newest. The library is process-wide, so every backend's
 * clauses are drafted before the later version is registered (this file runs
 * in its own module graph).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerTemplate } from '../../templates/index.ts';
import { placementsV1, placementsV2, type PlacementsParamsV2 } from '../../templates/placements/index.ts';
import type { Language } from '../../src/domain/money.ts';
import { draftClause, dropSeeded, openSeeded, PLACEMENT_PARAMS, type SeededDatabase } from '../support/api.ts';
import { BACKENDS } from '../support/stores.ts';

/** A third placements version, as a later deployment would add it: new wording, same parameters. */
const placementsV3 = {
  ...placementsV2,
  version: 3,
  render: (language: Language, params: PlacementsParamsV2) => `[v3] ${placementsV2.render(language, params)}`,
};

const v1Text = placementsV1.render('sv', placementsV1.paramsSchema.parse(PLACEMENT_PARAMS));
const v2Text = placementsV2.render('sv', placementsV2.paramsSchema.parse(PLACEMENT_PARAMS));

interface Setup extends SeededDatabase {
  v1ClauseId: string;
  v2ClauseId: string;
}
const setups = new Map<string, Setup>();
let unregister: (() => void) | undefined;

async function draftPinned(seeded: SeededDatabase, templateVersion: number) {
  const officer = seeded.h.as(seeded.p.officer);
  const tender = await officer.post('/api/v1/tenders', { reference: `T-v${templateVersion}-${Math.random().toString(36).slice(2)}`, title: 'Fönsterbyte' });
  return officer.post(`/api/v1/tenders/${tender.body.id}/clauses`, { templateId: 'placements', templateVersion, language: 'sv', params: PLACEMENT_PARAMS });
}

beforeAll(async () => {
  for (const backend of BACKENDS) {
    const seeded = await openSeeded(backend);
    const v1 = await draftPinned(seeded, 1);
    // Drafted without a version while version 2 is the newest.
    const { clauseId: v2ClauseId } = await draftClause(seeded.h, seeded.p);
    setups.set(backend, { ...seeded, v1ClauseId: v1.body.id, v2ClauseId });
  }
  unregister = registerTemplate(placementsV3);
});
afterAll(async () => {
  unregister?.();
  for (const seeded of setups.values()) await dropSeeded(seeded);
});

it('version 1 keeps the words it was published with; version 2 has the legal basis and the new words', () => {
  expect(v1Text).toContain('nyanlända i etableringsfasen');
  expect(v1Text).toContain('per påbörjat 5 miljoner kronor');
  expect(v1Text).not.toContain('särskilda kontraktsvillkor');
  expect(v2Text).toContain('nyanlända som deltar i etableringsprogrammet');
  expect(v2Text).toContain('per påbörjade 5 miljoner kronor');
  expect(v2Text).toContain('17 kap. 1 § lagen (2016:1145) om offentlig upphandling');
});

describe.each(BACKENDS)('template versions on %s', (backend) => {
  it('lists every version and serves each on request', async () => {
    const { h, p } = setups.get(backend)!;
    const officer = h.as(p.officer);
    expect((await officer.get('/api/v1/templates/placements')).body).toMatchObject({ version: 3, versions: [1, 2, 3] });
    expect((await officer.get('/api/v1/templates/placements?version=1')).body.version).toBe(1);
    expect((await officer.get('/api/v1/templates/placements?version=2')).body.version).toBe(2);
    const list = await officer.get('/api/v1/templates');
    expect(list.body.filter((t: any) => t.id === 'placements')).toHaveLength(1);
  });

  it('keeps the version-1 clause on version 1, also when its draft is edited', async () => {
    const { h, p, v1ClauseId } = setups.get(backend)!;
    const officer = h.as(p.officer);
    expect((await officer.get(`/api/v1/clauses/${v1ClauseId}`)).body).toMatchObject({ templateVersion: 1, text: v1Text });

    const edited = await officer.post(`/api/v1/clauses/${v1ClauseId}/events`, { type: 'EDIT_DRAFT', params: { ...PLACEMENT_PARAMS, minWeeks: 14 } });
    expect(edited.status).toBe(200);
    expect(edited.body.templateVersion).toBe(1);
    expect(edited.body.text).toContain('minst 14 veckor');
    expect(edited.body.text).toContain('etableringsfasen');
    expect(edited.body.text).not.toContain('[v3]');
  });

  it('keeps the version-2 clause on version 2 after version 3 is deployed, and refuses termination on version 1', async () => {
    const { h, p, v2ClauseId } = setups.get(backend)!;
    const officer = h.as(p.officer);
    expect((await officer.get(`/api/v1/clauses/${v2ClauseId}`)).body).toMatchObject({ templateVersion: 2, text: v2Text });

    const edited = await officer.post(`/api/v1/clauses/${v2ClauseId}/events`, { type: 'EDIT_DRAFT', params: { ...PLACEMENT_PARAMS, termination: true } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ templateVersion: 2 });
    expect(edited.body.text).toContain('rätt att häva avtalet');
    expect(edited.body.text).not.toContain('[v3]');

    // Version 1 has no termination term: its parameters refuse it, naming the field.
    const pinned = await draftPinned(setups.get(backend)!, 1);
    const refused = await officer.post(`/api/v1/clauses/${pinned.body.id}/events`, { type: 'EDIT_DRAFT', params: { ...PLACEMENT_PARAMS, termination: true } });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain('termination');
  });

  it('drafts new clauses on the newest version unless an older one is asked for', async () => {
    const { h, p } = setups.get(backend)!;
    const { clauseId } = await draftClause(h, p);
    const fresh = await h.as(p.officer).get(`/api/v1/clauses/${clauseId}`);
    expect(fresh.body.templateVersion).toBe(3);
    expect(fresh.body.text).toBe(`[v3] ${v2Text}`);

    for (const [version, text] of [
      [1, v1Text],
      [2, v2Text],
    ] as const) {
      const pinned = await draftPinned(setups.get(backend)!, version);
      expect(pinned.status).toBe(201);
      expect(pinned.body).toMatchObject({ templateVersion: version, text });
    }
  });
});
