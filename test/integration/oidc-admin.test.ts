/**
 * Configuring an organisation's identity provider (`klausul org oidc`, issue 23
 * item 5): refused without KLAUSUL_SECRET_KEY (saying what to set), for an
 * issuer that is not HTTPS, for new users without their domains or a role
 * Klausul would have to guess or that is admin; stored with the client secret
 * sealed, listed without it, and removed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.ts';
import { KlausulError } from '../../src/domain/errors.ts';
import { addOrganisation } from '../../src/engine/admin.ts';
import { ManualClock } from '../../src/engine/clock.ts';
import type { EngineDeps } from '../../src/engine/deps.ts';
import { configureOidcProvider, listOidcProviders, removeOidcProvider } from '../../src/engine/oidc-admin.ts';
import { createTestDatabase, type TestDatabase } from '../support/stores.ts';

const SETUP = { secretKey: 'a-test-secret-key-of-at-least-32-characters', publicUrl: 'https://klausul.example.se' };
const PROVIDER = { issuer: 'https://login.example.se/realms/kommun', clientId: 'klausul', clientSecret: 'the-client-secret' };

/** The refusal's message and the messages of its issues, as the CLI prints them. */
async function refusal(work: Promise<unknown>): Promise<string> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KlausulError);
  const { message, details } = error as KlausulError;
  return [message, ...((details.issues as Array<{ message: string }> | undefined) ?? []).map((i) => i.message)].join(' | ');
}

describe('configuring an organisation’s identity provider', () => {
  let database: TestDatabase;
  let store: Store;
  let deps: EngineDeps;
  let buyer: string;
  let supplier: string;
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    store = await database.open();
    deps = { db: store.db, clock: new ManualClock(new Date('2026-03-02T08:00:00Z')) };
    buyer = (await addOrganisation(deps, { name: 'Östersunds kommun', kind: 'buyer' })).id;
    supplier = (await addOrganisation(deps, { name: 'Jämtbygg AB', kind: 'supplier' })).id;
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it('refuses without KLAUSUL_SECRET_KEY and says what to set', async () => {
    expect(await refusal(configureOidcProvider(deps, { ...SETUP, secretKey: undefined }, { orgId: buyer, ...PROVIDER }))).toMatch(
      /KLAUSUL_SECRET_KEY is not set.*openssl rand -base64 32/,
    );
  });

  it('refuses an issuer that is not HTTPS, except on this machine', async () => {
    expect(await refusal(configureOidcProvider(deps, SETUP, { orgId: buyer, ...PROVIDER, issuer: 'http://login.example.se' }))).toContain(
      'the issuer must be an https:// URL',
    );
    await expect(configureOidcProvider(deps, SETUP, { orgId: buyer, ...PROVIDER, issuer: 'http://127.0.0.1:8080' })).resolves.toMatchObject({
      issuer: 'http://127.0.0.1:8080',
    });
  });

  it('refuses new users without their e-mail domains, a buyer’s without a role, and admin as their role', async () => {
    expect(await refusal(configureOidcProvider(deps, SETUP, { orgId: supplier, ...PROVIDER, allowNewUsers: true }))).toContain('give --email-domain');
    expect(await refusal(configureOidcProvider(deps, SETUP, { orgId: buyer, ...PROVIDER, allowNewUsers: true, emailDomains: 'ostersund.se' }))).toContain(
      'give --new-user-role officer or auditor',
    );
    expect(
      await refusal(configureOidcProvider(deps, SETUP, { orgId: buyer, ...PROVIDER, allowNewUsers: true, emailDomains: 'ostersund.se', newUserRole: 'admin' })),
    ).toContain('never admin');
    expect(await refusal(configureOidcProvider(deps, SETUP, { orgId: buyer, ...PROVIDER, newUserRole: 'officer' }))).toContain('give --allow-new-users');
  });

  it('stores the secret sealed, lists the provider without it, and removes it', async () => {
    const configured = await configureOidcProvider(deps, SETUP, {
      orgId: supplier,
      ...PROVIDER,
      allowNewUsers: true,
      emailDomains: 'Jamtbygg.se, bygg.example',
    });
    expect(configured).toMatchObject({
      orgName: 'Jämtbygg AB',
      clientSecret: 'stored sealed',
      allowNewUsers: true,
      newUserRole: 'contractor',
      emailDomains: ['jamtbygg.se', 'bygg.example'],
      redirectUri: 'https://klausul.example.se/app/login/oidc/callback',
    });
    const row = await deps.db.selectFrom('org_identity_providers').selectAll().where('org_id', '=', supplier).executeTakeFirstOrThrow();
    expect(row.client_secret_sealed).not.toContain(PROVIDER.clientSecret);
    const listed = await listOidcProviders(deps, SETUP, { orgId: supplier });
    expect(JSON.stringify(listed)).not.toContain(PROVIDER.clientSecret);
    expect(listed).toHaveLength(1);
    expect(await removeOidcProvider(deps, { orgId: supplier })).toEqual({ orgId: supplier, removed: true });
    expect(await removeOidcProvider(deps, { orgId: supplier })).toEqual({ orgId: supplier, removed: false });
    expect(await listOidcProviders(deps, SETUP, { orgId: supplier })).toEqual([]);
  });
});
