/** An in-process HTTP client for the Hono app, with the parties of a typical clause. */
import pino from 'pino';
import { type AppOptions, createApp } from '../../src/app.ts';
import type { Store } from '../../src/db/create-db.ts';
import { addOrganisation, addUser } from '../../src/engine/admin.ts';
import { ManualClock } from '../../src/engine/clock.ts';
import type { EngineDeps } from '../../src/engine/deps.ts';
import { createTestDatabase, type Backend, type TestDatabase } from './stores.ts';

export interface Response<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export type Caller = {
  get<T = any>(path: string): Promise<Response<T>>;
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>): Promise<Response<T>>;
  raw(path: string, init: RequestInit): Promise<Response>;
};

export interface Harness {
  deps: EngineDeps;
  clock: ManualClock;
  app: ReturnType<typeof createApp>;
  as(apiKey: string | null): Caller;
}

export function harness(
  store: Store,
  clock = new ManualClock(new Date('2026-03-01T08:00:00Z')),
  options: Partial<Pick<AppOptions, 'signInThrottle'>> = {},
): Harness {
  const deps = { db: store.db, clock };
  const app = createApp({ deps, logger: pino({ level: process.env.TEST_LOG ?? 'silent' }), storeKind: store.kind, ...options });
  const as = (apiKey: string | null): Caller => {
    const raw = async (path: string, init: RequestInit): Promise<Response> => {
      const headers = new Headers(init.headers);
      if (apiKey) headers.set('authorization', `Bearer ${apiKey}`);
      const res = await app.request(path, { ...init, headers });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body, headers: res.headers };
    };
    return {
      raw,
      get: (path) => raw(path, { method: 'GET' }),
      post: (path, body, headers = {}) =>
        raw(path, { method: 'POST', body: JSON.stringify(body ?? {}), headers: { 'content-type': 'application/json', ...headers } }),
    };
  };
  return { deps, clock, app, as };
}

export interface Parties {
  buyerOrgId: string;
  supplierOrgId: string;
  otherSupplierOrgId: string;
  otherBuyerOrgId: string;
  officer: string;
  auditor: string;
  contractor: string;
  otherContractor: string;
  otherOfficer: string;
  buyerAdmin: string;
}

export async function seedParties(deps: EngineDeps): Promise<Parties> {
  const buyer = await addOrganisation(deps, { name: 'Östersundshem AB', kind: 'buyer' });
  const otherBuyer = await addOrganisation(deps, { name: 'ÖrebroBostäder AB', kind: 'buyer' });
  const supplier = await addOrganisation(deps, { name: 'Jämtbygg AB', kind: 'supplier' });
  const otherSupplier = await addOrganisation(deps, { name: 'Norrbygg AB', kind: 'supplier' });
  const key = async (orgId: string, role: string, name: string) => (await addUser(deps, { orgId, role, name })).apiKey;
  return {
    buyerOrgId: buyer.id,
    supplierOrgId: supplier.id,
    otherSupplierOrgId: otherSupplier.id,
    otherBuyerOrgId: otherBuyer.id,
    officer: await key(buyer.id, 'officer', 'Sara Lind'),
    auditor: await key(buyer.id, 'auditor', 'Johan Berg'),
    buyerAdmin: await key(buyer.id, 'admin', 'Admin'),
    contractor: await key(supplier.id, 'contractor', 'Erik Holm'),
    otherContractor: await key(otherSupplier.id, 'contractor', 'Lena Ek'),
    otherOfficer: await key(otherBuyer.id, 'officer', 'Per Åberg'),
  };
}

export const PLACEMENT_PARAMS = {
  msekPerPlacement: 5,
  minWeeks: 12,
  hoursPerWeek: 30,
  targetGroups: ['newcomers', 'youth-16-24'],
  matchingBody: 'Arbetsförmedlingen',
  vite: { sekPerMissingPlacement: 50_000, capPct: 2 },
};

export const awardBody = (contractorOrgId: string) => ({
  type: 'AWARD',
  contractorOrgId,
  contractValueSek: 12_000_000,
  startDate: '2026-03-01',
  endDate: '2027-02-28',
});

/** A tender with one clause in draft (placements unless told); returns both ids. */
export async function draftClause(h: Harness, parties: Parties, params: object = PLACEMENT_PARAMS, templateId = 'placements') {
  const officer = h.as(parties.officer);
  const tender = await officer.post('/api/v1/tenders', { reference: `T-${Math.random().toString(36).slice(2)}`, title: 'Renovering Lugnvik' });
  const clause = await officer.post(`/api/v1/tenders/${tender.body.id}/clauses`, { templateId, language: 'sv', params });
  if (clause.status !== 201) throw new Error(`draft failed: ${JSON.stringify(clause.body)}`);
  return { tenderId: tender.body.id as string, clauseId: clause.body.id as string };
}

/** Sends events in order as the given callers, failing loudly on any non-200. */
export async function drive(h: Harness, clauseId: string, steps: Array<[string, Record<string, unknown>]>) {
  let last: Response | undefined;
  for (const [key, body] of steps) {
    last = await h.as(key).post(`/api/v1/clauses/${clauseId}/events`, body);
    if (last.status !== 200) throw new Error(`${String(body.type)} answered ${last.status}: ${JSON.stringify(last.body)}`);
  }
  return last!;
}

/** A clause of the given template, awarded on 2026-03-01 (with the award's further fields, e.g. its matching body) and with its plan accepted: in delivery. */
export async function clauseInDelivery(h: Harness, parties: Parties, templateId: string, params: object, award: object = {}): Promise<string> {
  h.clock.set(new Date('2026-03-01T08:00:00Z'));
  const { clauseId } = await draftClause(h, parties, params, templateId);
  await drive(h, clauseId, [
    [parties.officer, { type: 'PUBLISH' }],
    [parties.officer, { ...awardBody(parties.supplierOrgId), ...award }],
    [parties.contractor, { type: 'SUBMIT_PLAN', description: 'Plan' }],
    [parties.officer, { type: 'ACCEPT_PLAN' }],
  ]);
  return clauseId;
}

export interface SeededDatabase {
  database: TestDatabase;
  store: Store;
  h: Harness;
  p: Parties;
}

/** A fresh database on the backend with the parties of a typical clause, for one describe block. */
export async function openSeeded(backend: Backend): Promise<SeededDatabase> {
  const database = await createTestDatabase(backend);
  const store = await database.open();
  const h = harness(store);
  return { database, store, h, p: await seedParties(h.deps) };
}

/** Closes and drops what openSeeded opened; tolerates a setup that failed half-way. */
export async function dropSeeded(seeded: Partial<Pick<SeededDatabase, 'database' | 'store'>>): Promise<void> {
  await seeded.store?.close();
  await seeded.database?.drop();
}
