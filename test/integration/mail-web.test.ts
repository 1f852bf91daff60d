/** The user's own page (issue 23): their address, the language of their mail and their choices, changed through the engine, in Swedish. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.ts';
import { addUser, setUserContact } from '../../src/engine/admin.ts';
import { retryMail } from '../../src/engine/mail.ts';
import { myMailSettings } from '../../src/engine/mail.ts';
import { DEFAULT_DELIVERY } from '../../src/mail/kinds.ts';
import { dropSeeded, openSeeded, type Harness, type Parties } from '../support/api.ts';
import type { TestDatabase } from '../support/stores.ts';
import { webSignIn, webUser } from '../support/web-session.ts';

describe('the user’s own page', () => {
  let database: TestDatabase;
  let store: Store;
  let h: Harness;
  let p: Parties;
  let erik: { id: string; apiKey: string };

  beforeAll(async () => {
    ({ database, store, h, p } = await openSeeded('pglite'));
    erik = await addUser(h.deps, { orgId: p.supplierOrgId, role: 'contractor', name: 'Erik Holm' });
    await addUser(h.deps, { orgId: p.supplierOrgId, role: 'contractor', name: 'Maja Sund', email: 'maja.sund@jamtbygg.example.se' });
  });
  afterAll(async () => dropSeeded({ database, store }));

  const actor = () => ({ userId: erik.id, userName: 'Erik Holm', role: 'contractor' as const, orgId: p.supplierOrgId, orgKind: 'supplier' as const });

  it('shows the address, language and choices in Swedish, and says when no mail is sent', async () => {
    const cookie = await webSignIn(h, erik.apiKey);
    const html = await (await h.app.request('/app/me', { headers: { cookie, 'accept-language': 'sv' } })).text();
    expect(html).toContain('Mina uppgifter');
    expect(html).toContain('Den här installationen skickar ingen e-post.');
    expect(html).toContain('Åtagandeplanen skickades tillbaka');
    expect(html).toContain('I den dagliga sammanfattningen');
    expect(html).not.toMatch(/>(planSentBack|immediate|digest|never)</);
  });

  it('saves the address and language through the engine, and refuses an address another user has, next to the field', async () => {
    const user = await webUser(h, erik.apiKey);
    const saved = await user.post('/app/me/contact', new URLSearchParams({ email: 'erik.holm@jamtbygg.example.se', mailLanguage: 'en' }));
    expect(saved).toMatchObject({ status: 303, location: '/app/me?done=1' });
    expect(await myMailSettings(h.deps, actor())).toMatchObject({ email: 'erik.holm@jamtbygg.example.se', language: 'en' });

    const taken = await user.post('/app/me/contact', new URLSearchParams({ email: 'MAJA.SUND@jamtbygg.example.se', mailLanguage: 'en' }));
    expect(taken.status).toBe(409);
    expect((await myMailSettings(h.deps, actor())).email).toBe('erik.holm@jamtbygg.example.se');
  });

  it('saves a choice per kind', async () => {
    const user = await webUser(h, erik.apiKey);
    // The form as a browser posts it: every kind's choice, two of them changed.
    const form = new URLSearchParams(Object.entries({ ...DEFAULT_DELIVERY, planSentBack: 'digest', deadlineDueSoon: 'never' }));
    const saved = await user.post('/app/me/preferences', form);
    expect(saved.status).toBe(303);
    const { preferences } = await myMailSettings(h.deps, actor());
    expect(preferences.find((x) => x.kind === 'planSentBack')).toMatchObject({ delivery: 'digest', chosen: true });
    expect(preferences.find((x) => x.kind === 'deadlineDueSoon')).toMatchObject({ delivery: 'never', chosen: true });
    expect(preferences.find((x) => x.kind === 'reportQueried')).toMatchObject({ delivery: 'immediate' });
  });

  it('judges addresses and languages as the CLI gives them: zod’s e-mail check, sv or en, something to change', async () => {
    const refused = async (raw: Parameters<typeof setUserContact>[1]) =>
      setUserContact(h.deps, raw).then(
        () => null,
        (error: { code: string; details: unknown }) => error,
      );
    expect(await refused({ userId: erik.id, email: 'erik.holm@' })).toMatchObject({ code: 'validation', details: { issues: [{ path: 'email' }] } });
    expect(await refused({ userId: erik.id, language: 'de' })).toMatchObject({ code: 'validation', details: { issues: [{ path: 'language' }] } });
    expect(await refused({ userId: erik.id })).toMatchObject({ code: 'validation' });
    expect(await refused({ userId: 'no-such-user', language: 'en' })).toMatchObject({ code: 'not_found' });
    expect(await addUser(h.deps, { orgId: p.supplierOrgId, role: 'contractor', name: 'X', email: 'x@' }).catch((e) => e.code)).toBe('validation');
    expect(await retryMail(h.deps, {}).catch((e) => e.code)).toBe('validation');
    expect(await retryMail(h.deps, { messageId: 'none' }).catch((e) => e.code)).toBe('not_found');
  });

  it('shows an admin the failed mail of the organisation, and nobody else', async () => {
    const admin = await webSignIn(h, p.buyerAdmin);
    const page = await h.app.request('/app/mail/failures', { headers: { cookie: admin, 'accept-language': 'sv' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Inga misslyckade utskick.');
    const contractor = await webSignIn(h, erik.apiKey);
    expect((await h.app.request('/app/mail/failures', { headers: { cookie: contractor } })).status).toBe(403);
  });
});
