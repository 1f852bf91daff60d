/**
 * Follow-ups on the web (issue 21, item 3): a due follow-up is a task on the
 * matcher's start page; its page records the outcome through a form (a bad
 * note comes back with its error, in the page's language), and the
 * participant's path page shows the placement with its follow-ups. Other
 * users meet a page that does not exist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOrganisation, addUser } from '../../src/engine/admin.ts';
import { makeDueFollowUps } from '../../src/engine/follow-ups.ts';
import { awardBody, draftClause, drive, dropSeeded, openSeeded, PLACEMENT_PARAMS, type SeededDatabase } from '../support/api.ts';
import { BACKENDS } from '../support/stores.ts';
import { webSignIn, webUser } from '../support/web-session.ts';
import { placementBody } from '../support/world.ts';

const visible = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe.each(BACKENDS)('follow-ups on the web on %s', (backend) => {
  let seeded: SeededDatabase;
  let matcher: string;
  let followUpId: string;

  beforeAll(async () => {
    seeded = await openSeeded(backend);
    const { h, p } = seeded;
    const body = await addOrganisation(h.deps, { name: 'Arbetsförmedlingen Östersund', kind: 'matching_body' });
    matcher = (await addUser(h.deps, { orgId: body.id, role: 'matcher', name: 'Amina Yusuf' })).apiKey;
    h.clock.set(new Date('2026-03-01T08:00:00Z'));
    const { clauseId } = await draftClause(h, p, PLACEMENT_PARAMS);
    await drive(h, clauseId, [
      [p.officer, { type: 'PUBLISH' }],
      [p.officer, { ...awardBody(p.supplierOrgId), matchingBodyOrgId: body.id }],
      [p.contractor, { type: 'SUBMIT_PLAN', description: 'Plan' }],
      [p.officer, { type: 'ACCEPT_PLAN' }],
    ]);
    h.clock.set(new Date('2026-03-02T08:00:00Z'));
    const placement = (await h.as(p.contractor).post(`/api/v1/clauses/${clauseId}/placements`, placementBody('WEB-FU-1'))).body.id;
    await h.as(p.contractor).post(`/api/v1/placements/${placement}/events`, { type: 'START' });
    h.clock.set(new Date('2026-04-30T08:00:00Z'));
    await h.as(p.contractor).post(`/api/v1/placements/${placement}/events`, { type: 'COMPLETE', endDate: '2026-04-30', outcome: 'studies' });
    h.clock.set(new Date('2026-05-30T08:00:00Z'));
    followUpId = (await makeDueFollowUps(h.deps, 10))[0]!.id;
  });
  afterAll(() => dropSeeded(seeded));

  const get = async (key: string, path: string) => {
    const cookie = await webSignIn(seeded.h, key);
    const res = await seeded.h.app.request(path, { headers: { cookie } });
    return { status: res.status, text: visible(await res.text()) };
  };

  it('lists the due follow-up among the matcher’s tasks, in Swedish and in English', async () => {
    const sv = await get(matcher, '/app?lang=sv');
    expect(sv.text).toContain('Att göra');
    expect(sv.text).toContain('Följ upp WEB-FU-1 1 mån efter praktiken');
    const en = await get(matcher, '/app?lang=en');
    expect(en.text).toContain('Follow up WEB-FU-1: the 1-month follow-up');
  });

  it('records the outcome through the follow-up page’s form, and refuses an identity number in the note', async () => {
    const page = await get(matcher, `/app/follow-ups/${followUpId}?lang=sv`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Uppföljning 1 mån efter praktiken');
    for (const option of ['Anställning', 'Studier', 'Ny praktik eller fortsatt insats', 'Eget företag', 'Annat', 'Ingen sysselsättning', 'Okänt'])
      expect(page.text).toContain(option);
    const user = await webUser(seeded.h, matcher);
    const refused = await user.post(
      `/app/follow-ups/${followUpId}`,
      new URLSearchParams({ _form: 'follow-up-record', status: 'studies', note: 'pnr 19811218-9876' }),
    );
    expect(refused.status).toBe(422);
    const recorded = await user.post(
      `/app/follow-ups/${followUpId}`,
      new URLSearchParams({ _form: 'follow-up-record', status: 'studies', employability: 'better', note: 'Komvux i Östersund' }),
    );
    expect(recorded.status).toBe(303);
    const after = await get(matcher, `/app/follow-ups/${followUpId}?lang=sv`);
    expect(after.text).toContain('Registrerad');
    expect(after.text).toContain('Studier');
    expect(after.text).toContain('Bättre');
    expect(after.text).toContain('Amina Yusuf');
    expect(after.text).not.toContain('Registrera uppföljningen');
  });

  it('shows the participant’s path to the matching body only', async () => {
    const path = await get(matcher, '/app/participants/WEB-FU-1/path?lang=sv');
    expect(path.status).toBe(200);
    expect(path.text).toContain('Deltagarens väg: WEB-FU-1');
    expect(path.text).toContain('Jämtbygg AB');
    for (const key of [seeded.p.officer, seeded.p.contractor]) {
      expect((await get(key, '/app/participants/WEB-FU-1/path')).status).toBe(404);
      expect((await get(key, `/app/follow-ups/${followUpId}`)).status).toBe(403);
    }
  });
});
