/**
 * Template versioning: a clause drafted on v1 keeps its v1 text, target rule
 * and re-rendering after v2 is added, while new clauses are drafted on v2.
 * The library is process-wide, so every backend's v1 clause is drafted before
 * v2 is registered (this file runs in its own module graph).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerTemplate } from '../../templates/index.ts';
import { placementsV1, type PlacementsParams } from '../../templates/placements/index.ts';
import type { Language } from '../../src/domain/money.ts';
import { draftClause, dropSeeded, openSeeded, PLACEMENT_PARAMS, type SeededDatabase } from '../support/api.ts';
import { BACKENDS } from '../support/stores.ts';

/** A second placements version, as a later deployment would add it: new wording, same parameters. */
const placementsV2 = {
  ...placementsV1,
  version: 2,
  render: (language: Language, params: PlacementsParams) => `[v2] ${placementsV1.render(language, params)}`,
};

interface Setup extends SeededDatabase {
  v1ClauseId: string;
  v1Text: string;
}
const setups = new Map<string, Setup>();

beforeAll(async () => {
  for (const backend of BACKENDS) {
    const seeded = await openSeeded(backend);
    const { clauseId } = await draftClause(seeded.h, seeded.p);
    const v1Text = (await seeded.h.as(seeded.p.officer).get(`/api/v1/clauses/${clauseId}`)).body.text;
    setups.set(backend, { ...seeded, v1ClauseId: clauseId, v1Text });
  }
  registerTemplate(placementsV2);
});
afterAll(async () => {
  for (const seeded of setups.values()) await dropSeeded(seeded);
});

describe.each(BACKENDS)('template versions on %s', (backend) => {
  it('lists both versions and serves each on request', async () => {
    const { h, p } = setups.get(backend)!;
    const officer = h.as(p.officer);
    expect((await officer.get('/api/v1/templates/placements')).body).toMatchObject({ version: 2, versions: [1, 2] });
    expect((await officer.get('/api/v1/templates/placements?version=1')).body.version).toBe(1);
    const list = await officer.get('/api/v1/templates');
    expect(list.body.filter((t: any) => t.id === 'placements')).toHaveLength(1);
  });

  it('keeps the v1 clause on v1, also when its draft is edited', async () => {
    const { h, p, v1ClauseId, v1Text } = setups.get(backend)!;
    const officer = h.as(p.officer);
    expect((await officer.get(`/api/v1/clauses/${v1ClauseId}`)).body).toMatchObject({ templateVersion: 1, text: v1Text });

    const edited = await officer.post(`/api/v1/clauses/${v1ClauseId}/events`, { type: 'EDIT_DRAFT', params: { ...PLACEMENT_PARAMS, minWeeks: 14 } });
    expect(edited.status).toBe(200);
    expect(edited.body.templateVersion).toBe(1);
    expect(edited.body.text).toContain('minst 14 veckor');
    expect(edited.body.text).not.toContain('[v2]');
  });

  it('drafts new clauses on v2 unless v1 is asked for', async () => {
    const { h, p, v1Text } = setups.get(backend)!;
    const { clauseId } = await draftClause(h, p);
    const fresh = await h.as(p.officer).get(`/api/v1/clauses/${clauseId}`);
    expect(fresh.body.templateVersion).toBe(2);
    expect(fresh.body.text).toBe(`[v2] ${v1Text}`);

    const tender = await h.as(p.officer).post('/api/v1/tenders', { reference: `T-v1-${backend}`, title: 'Fönsterbyte' });
    const pinned = await h.as(p.officer).post(`/api/v1/tenders/${tender.body.id}/clauses`, {
      templateId: 'placements',
      templateVersion: 1,
      language: 'sv',
      params: PLACEMENT_PARAMS,
    });
    expect(pinned.status).toBe(201);
    expect(pinned.body).toMatchObject({ templateVersion: 1, text: v1Text });
  });
});
