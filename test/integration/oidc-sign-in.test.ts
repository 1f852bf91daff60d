/**
 * Sign-in through the organisation's identity provider without a browser
 * (issue 23, item 5): what the login page offers, the start of the
 * authorisation-code flow (state, nonce, PKCE S256, the browser's cookie), and
 * the refusals that need no provider login — an address no organisation signs
 * in, the provider's error answer, an answer brought to another browser —
 * each with its page and no session. The API key sign-in stays as it was, and
 * removing a provider ends the sessions it opened. The flows through the
 * provider's own pages are in test/browser/oidc-sign-in.test.ts.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSession } from '../../src/db/sessions.ts';
import { removeOidcProvider } from '../../src/engine/oidc-admin.ts';
import { openOidcWorld, type OidcWorld } from '../support/oidc-world.ts';
import { BACKENDS } from '../support/stores.ts';

const PUBLIC_URL = 'https://klausul.example.se';
const cookiesOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');

describe.each(BACKENDS)('sign-in through an identity provider, without a browser, on %s', (backend) => {
  let world: OidcWorld;
  beforeAll(async () => {
    world = await openOidcWorld(backend, PUBLIC_URL);
  });
  afterAll(() => world?.close());

  /** The login page's cookie and CSRF token, then the e-mail form posted with them. */
  async function start(email: string, lang = 'sv') {
    const form = await world.app.request(`/app/login?lang=${lang}`);
    const cookie = cookiesOf(form);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
    return world.app.request(`/app/login/oidc?lang=${lang}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ email, _csrf: csrf }).toString(),
    });
  }
  const pendingRows = () => world.deps.db.selectFrom('oidc_sign_ins').selectAll().execute();
  const noSession = (res: Response) => expect(res.headers.getSetCookie().some((c) => c.startsWith('klausul_session='))).toBe(false);

  it('offers the organisation’s sign-in on the login page, beside the API key', async () => {
    const sv = await (await world.app.request('/app/login?lang=sv')).text();
    expect(sv).toContain('Logga in med din organisations inloggning');
    expect(sv).toContain('id="apiKey"');
    const en = await (await world.app.request('/app/login?lang=en')).text();
    expect(en).toContain('Sign in with your organisation’s sign-in');
  });

  it('sends a user to their organisation’s provider with state, nonce and PKCE, and keeps only hashes and the verifier', async () => {
    const res = await start('  Sara.Lind@Ostersundshem.se ');
    expect(res.status).toBe(200);
    const to = new URL(/^0;url=(.+)$/.exec(res.headers.get('refresh')!)![1]!);
    expect(to.origin + to.pathname).toBe(`${world.provider.issuer}/auth`);
    expect(Object.fromEntries(to.searchParams)).toMatchObject({
      client_id: world.provider.clientId,
      redirect_uri: `${PUBLIC_URL}/app/login/oidc/callback`,
      response_type: 'code',
      scope: 'openid email profile',
      code_challenge_method: 'S256',
      login_hint: 'sara.lind@ostersundshem.se',
    });
    const state = to.searchParams.get('state')!;
    expect(to.searchParams.get('nonce')).toBeTruthy();
    expect(to.searchParams.get('code_challenge')).toBeTruthy();
    const browserCookie = res.headers.getSetCookie().find((c) => c.startsWith('klausul_oidc='))!;
    expect(browserCookie).toMatch(/HttpOnly/);
    expect(browserCookie).toMatch(/SameSite=Lax/);
    expect(browserCookie).toMatch(/Path=\/app\/login\/oidc/);
    const row = (await pendingRows()).find((r) => r.id === createHash('sha256').update(state).digest('hex'));
    expect(row).toMatchObject({ org_id: world.orgs.buyer });
    // The verifier is kept; what the provider saw is its S256 challenge.
    expect(createHash('sha256').update(row!.code_verifier).digest('base64url')).toBe(to.searchParams.get('code_challenge'));
    noSession(res);
  });

  it('refuses an address no organisation signs in, in Swedish and in English, and starts nothing', async () => {
    const before = (await pendingRows()).length;
    const sv = await start('nobody@example.org');
    expect(sv.status).toBe(401);
    expect(await sv.text()).toContain('Vi hittar ingen organisation med egen inloggning för den adressen');
    const en = await start('not an address', 'en');
    expect(en.status).toBe(401);
    expect(await en.text()).toContain('We find no organisation with its own sign-in for that address');
    expect(await pendingRows()).toHaveLength(before);
    noSession(sv);
  });

  it('refuses the provider’s error answer, after which its state is spent', async () => {
    const started = await start('sara.lind@ostersundshem.se');
    const state = new URL(/^0;url=(.+)$/.exec(started.headers.get('refresh')!)![1]!).searchParams.get('state')!;
    const cookie = cookiesOf(started);
    const answer = `/app/login/oidc/callback?error=access_denied&error_description=End-User+aborted&state=${state}&iss=${encodeURIComponent(world.provider.issuer)}`;
    const refused = await world.app.request(answer, { headers: { cookie } });
    expect(refused.status).toBe(401);
    expect(await refused.text()).toContain('Inloggningen avbröts eller nekades hos din organisation');
    noSession(refused);
    const again = await world.app.request(answer, { headers: { cookie } });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('data-refusal="badState"');
  });

  it('refuses an answer brought to a browser that did not start the sign-in', async () => {
    const started = await start('sara.lind@ostersundshem.se');
    const state = new URL(/^0;url=(.+)$/.exec(started.headers.get('refresh')!)![1]!).searchParams.get('state')!;
    const refused = await world.app.request(`/app/login/oidc/callback?code=some-code&state=${state}`);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('data-refusal="badState"');
    noSession(refused);
  });

  it('keeps the API key sign-in, and removing the provider ends the sessions it opened but not the key’s', async () => {
    const form = await world.app.request('/app/login');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
    const signedIn = await world.app.request('/app/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookiesOf(form) },
      body: new URLSearchParams({ apiKey: world.users.saraKey, _csrf: csrf }).toString(),
    });
    expect(signedIn.status).toBe(303);
    const now = world.clock.now();
    await insertSession(world.deps.db, {
      id: 'a-session-the-provider-opened',
      owner: { userId: world.users.sara },
      csrfToken: 'csrf',
      createdAt: now,
      expiresAt: new Date(now.getTime() + 3_600_000),
    });
    const sessions = () => world.deps.db.selectFrom('web_sessions').select(['api_key_id', 'user_id']).execute();
    expect((await sessions()).map((s) => (s.user_id ? 'provider' : 'key')).sort()).toEqual(['key', 'provider']);
    expect(await removeOidcProvider(world.deps, { orgId: world.orgs.buyer })).toEqual({ orgId: world.orgs.buyer, removed: true });
    expect((await sessions()).map((s) => (s.user_id ? 'provider' : 'key'))).toEqual(['key']);
    const home = await world.app.request('/app', { headers: { cookie: signedIn.headers.getSetCookie()[0]!.split(';')[0]! } });
    expect(home.status).toBe(200);
  });
});
