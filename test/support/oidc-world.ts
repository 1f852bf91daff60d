/**
 * The world of the sign-in tests (issue 23, item 5): a real OpenID Connect
 * provider (test/support/oidc-provider.ts) and Klausul at `publicUrl` with two
 * organisations that sign in through it: Östersundshem (a buyer, at the
 * provider's own issuer) and Jämtbygg (a supplier, configured with an issuer
 * that serves the provider's metadata under another name). Users' e-mail
 * addresses are written straight to the database, as `klausul user set
 * --email` will.
 */
import pino from 'pino';
import { createApp } from '../../src/app.ts';
import type { Store } from '../../src/db/create-db.ts';
import { addOrganisation, addUser } from '../../src/engine/admin.ts';
import { ManualClock } from '../../src/engine/clock.ts';
import type { EngineDeps } from '../../src/engine/deps.ts';
import { configureOidcProvider } from '../../src/engine/oidc-admin.ts';
import { CALLBACK_PATH, SIGNED_OUT_PATH } from '../../src/engine/oidc-sign-in.ts';
import { startTestProvider, type TestProvider } from './oidc-provider.ts';
import { createTestDatabase, type Backend, type TestDatabase } from './stores.ts';

export const SECRET_KEY = 'a-test-secret-key-of-at-least-32-characters';

export interface OidcWorld {
  database: TestDatabase;
  store: Store;
  deps: EngineDeps;
  clock: ManualClock;
  provider: TestProvider;
  app: ReturnType<typeof createApp>;
  orgs: { buyer: string; supplier: string };
  users: { sara: string; erik: string; saraKey: string };
  close(): Promise<void>;
}

/** Writes a user's e-mail address (the other half of issue 23 sets it through the CLI and the user's page). */
export const setEmail = (deps: EngineDeps, userId: string, email: string) => deps.db.updateTable('users').set({ email }).where('id', '=', userId).execute();

export async function openOidcWorld(backend: Backend, publicUrl: string): Promise<OidcWorld> {
  const database = await createTestDatabase(backend);
  const store = await database.open();
  const clock = new ManualClock(new Date('2026-03-02T08:00:00Z'));
  const deps = { db: store.db, clock };
  const provider = await startTestProvider({
    redirectUri: `${publicUrl}${CALLBACK_PATH}`,
    postLogoutRedirectUri: `${publicUrl}${SIGNED_OUT_PATH}`,
    accounts: {
      sara: { email: 'Sara.Lind@ostersundshem.se', emailVerified: true, name: 'Sara Lind' },
      stranger: { email: 'okand@ostersundshem.se', emailVerified: true, name: 'Okänd Person' },
      unverified: { email: 'sara.lind@ostersundshem.se', emailVerified: false, name: 'Sara Lind' },
      erik: { email: 'erik.holm@jamtbygg.se', emailVerified: true, name: 'Erik Holm' },
    },
  });
  const buyer = await addOrganisation(deps, { name: 'Östersundshem AB', kind: 'buyer' });
  const supplier = await addOrganisation(deps, { name: 'Jämtbygg AB', kind: 'supplier' });
  const sara = await addUser(deps, { orgId: buyer.id, role: 'officer', name: 'Sara Lind' });
  const erik = await addUser(deps, { orgId: supplier.id, role: 'contractor', name: 'Erik Holm' });
  await setEmail(deps, sara.id, 'sara.lind@ostersundshem.se');
  await setEmail(deps, erik.id, 'erik.holm@jamtbygg.se');
  const setup = { secretKey: SECRET_KEY, publicUrl };
  const client = { clientId: provider.clientId, clientSecret: provider.clientSecret };
  await configureOidcProvider(deps, setup, { orgId: buyer.id, issuer: provider.issuer, ...client });
  await configureOidcProvider(deps, setup, { orgId: supplier.id, issuer: await provider.relabelled(), ...client });
  const app = createApp({
    deps,
    logger: pino({ level: process.env.TEST_LOG ?? 'silent' }),
    storeKind: store.kind,
    oidc: { publicUrl, secretKey: SECRET_KEY },
  });
  return {
    database,
    store,
    deps,
    clock,
    provider,
    app,
    orgs: { buyer: buyer.id, supplier: supplier.id },
    users: { sara: sara.id, erik: erik.id, saraKey: sara.apiKey },
    close: async () => {
      await provider.close();
      await store.close();
      await database.drop();
    },
  };
}
