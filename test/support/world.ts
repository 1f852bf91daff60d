/**
 * One world for access and input tests: two sides, each with a buyer
 * (officer, auditor, admin), a supplier (contractor, admin) and a matching body
 * (matcher, admin), and on each side one of every resource the API has — a
 * tender, a clause in delivery served by the side's matching body, a
 * placement, a period report, evidence on both, an opening, a proposal, an
 * offer of employment, a candidate, a participant followed up after their placement, programme targets
 * and a webhook per organisation — so every path
 * parameter can point at an own or a foreign resource. Also the route table of
 * the OpenAPI document and row counts of the tables a write touches.
 */
import { sql } from 'kysely';
import pino from 'pino';
import { createApp } from '../../src/app.ts';
import type { Store } from '../../src/db/create-db.ts';
import { addOrganisation, addUser } from '../../src/engine/admin.ts';
import { ManualClock } from '../../src/engine/clock.ts';
import { makeDueFollowUps } from '../../src/engine/follow-ups.ts';
import { PDF } from '../fixtures/evidence.ts';
import { expect } from 'vitest';
import { awardBody, drive, harness, PLACEMENT_PARAMS, type Harness, type Parties } from './api.ts';
import { createTestDatabase, type Backend, type TestDatabase } from './stores.ts';

/** The callers of one side: every role each kind of organisation may hold. */
export const KEYED_CALLERS = ['officer', 'auditor', 'buyerAdmin', 'contractor', 'supplierAdmin', 'matcher', 'bodyAdmin'] as const;
export type KeyedCaller = (typeof KEYED_CALLERS)[number];
/** Plus a request without a key and one with a revoked officer's key. */
export const CALLERS = [...KEYED_CALLERS, 'noKey', 'revoked'] as const;
export type Caller = (typeof CALLERS)[number];

/** The organisation each caller belongs to. */
export const ORG_OF: Record<KeyedCaller, 'buyer' | 'supplier' | 'body'> = {
  officer: 'buyer',
  auditor: 'buyer',
  buyerAdmin: 'buyer',
  contractor: 'supplier',
  supplierAdmin: 'supplier',
  matcher: 'body',
  bodyAdmin: 'body',
};

/** The role of each caller, as the workflows name roles. */
export const ROLE_OF: Record<KeyedCaller, string> = {
  officer: 'officer',
  auditor: 'auditor',
  buyerAdmin: 'admin',
  contractor: 'contractor',
  supplierAdmin: 'admin',
  matcher: 'matcher',
  bodyAdmin: 'admin',
};

export interface Side {
  orgs: { buyer: string; supplier: string; body: string };
  keys: Record<KeyedCaller, string>;
  tenderId: string;
  clauseId: string;
  placementId: string;
  reportId: string;
  placementEvidenceId: string;
  reportEvidenceId: string;
  openingId: string;
  proposalId: string;
  /** An offer of employment, awaiting its answer. */
  offerId: string;
  /** A candidate of the matching body's pool. */
  candidateId: string;
  /** A second participant, whose one-day placement ended: their path, and their 1-month follow-up (due on the world's day). */
  followedRef: string;
  followUpId: string;
  /** One subscription per organisation of the side. */
  webhooks: { buyer: string; supplier: string; body: string };
  /** A programme the matching body owns, with the buyer and the supplier as members, the clause and estimate parameters (issue 21). */
  programmeId: string;
  /** One supervisor in each organisation's register (issue 22). */
  supervisors: { buyer: string; supplier: string; body: string };
}

export interface World {
  own: Side;
  foreign: Side;
  /** An officer of the own buyer whose key has been revoked. */
  revokedKey: string;
}

export const CONTRACT_START = '2026-03-01';
/** The day the world is built on and the tests run on: delivery has begun, March is reportable. */
export const WORLD_DAY = new Date('2026-04-02T08:00:00Z');

export const openingBody = (extra: object = {}) => ({
  role: 'målare',
  site: 'Lugnvik etapp 2',
  municipality: '2380',
  startDate: '2026-04-06',
  weeks: 12,
  hoursPerWeek: 30,
  competences: ['Målning', 'Spackling'],
  supervisor: { trained: true },
  ...extra,
});

export const proposalBody = (candidateRef: string) => ({
  candidateRef,
  targetGroup: 'newcomers',
  competences: ['målning'],
  attestation: { reference: `AF-ATT-${candidateRef}`, date: '2026-02-20' },
});

export const candidateBody = (candidateRef: string) => ({
  candidateRef,
  targetGroup: 'newcomers',
  competences: ['målning'],
  municipality: '2380',
  availableFrom: '2026-04-01',
});

export const placementBody = (participantRef: string) => ({
  participantRef,
  targetGroup: 'newcomers',
  attestation: { issuer: 'Arbetsförmedlingen', reference: `AF-${participantRef}`, date: '2026-02-20' },
  role: 'målare',
  startDate: '2026-03-02',
  plannedEndDate: '2026-06-30',
  fte: 1,
  hoursPerWeek: 35,
});

/** A placement as the web application's form posts it (the fields of placementBody). */
export const placementForm = (participantRef: string): Record<string, string> => ({
  participantRef,
  targetGroup: 'newcomers',
  'attestation.issuer': 'Arbetsförmedlingen',
  'attestation.reference': `AF-${participantRef}`,
  'attestation.date': '2026-02-20',
  role: 'målare',
  startDate: '2026-03-02',
  plannedEndDate: '2026-06-30',
  fte: '1',
  hoursPerWeek: '35',
});

export const offerBody = (participantRef: string) => ({
  participantRef,
  targetGroup: 'newcomers',
  role: 'målare',
  hoursPerWeek: 35,
  offeredDate: '2026-03-20',
});

export const PLACEMENT_CSV_HEADER =
  'participantRef,targetGroup,attestationIssuer,attestationReference,attestationDate,role,site,startDate,plannedEndDate,fte,hoursPerWeek';
export const placementCsvRow = (participantRef: string) =>
  `${participantRef},newcomers,Arbetsförmedlingen,AF-${participantRef},2026-02-20,målare,Lugnvik,2026-03-02,2026-06-30,"0,5",20`;

export const programmeBody = (name: string) => ({
  name,
  startDate: '2026-01-01',
  endDate: '2027-12-31',
  targets: { placementsPerYear: 20, studiesPct: 35, placementPct: 20, employmentPct: 25, employabilityPct: 20, genderPatternBreaking: 3 },
});

export const estimateParametersBody = () => ({
  exclusionCostPerYearSek: {
    municipality: { low: 100_000, high: 200_000 },
    state: { low: 50_000, high: 150_000 },
    region: { low: 10_000, high: 20_000 },
    person: { low: 0, high: 50_000 },
  },
  yearsOfEffect: { low: 1, high: 3 },
  deadweightPct: { low: 10, high: 30 },
  countedOutcomes: ['employment', 'studies'],
  sources: ['Antagande'],
});

/** An own-workplace placement in a programme, hosted and followed up by the matching body. */
export const ownPlacementBody = (participantRef: string, bodyOrgId: string) => ({
  ...placementBody(participantRef),
  hostOrgId: bodyOrgId,
  matchingOrgId: bodyOrgId,
  breaksGenderPattern: true,
});

export const webhookBody = (path: string) => ({ url: `https://hooks.example.org/${path}`, eventTypes: ['clause.AWARD'], description: 'Ärendesystemet' });

/** A multipart body carrying the PDF fixture, as an evidence upload sends it. */
/**
 * What the auditor's delivery pages show beside their buttons: a placement (pseudonym `ref`) registered with
 * `evidence` uploaded to it, started and completed on 31 March, and a March report of 1,100 hours (400 local).
 */
export async function completedPlacementAndMarchReport(h: Harness, p: Parties, clauseId: string, ref: string, evidence: FormData) {
  const placement = await h.as(p.contractor).post(`/api/v1/clauses/${clauseId}/placements`, placementBody(ref));
  expect(placement.status).toBe(201);
  const placementId = placement.body.id as string;
  expect((await h.as(p.contractor).raw(`/api/v1/placements/${placementId}/evidence`, { method: 'POST', body: evidence })).status).toBe(201);
  for (const body of [{ type: 'START' }, { type: 'COMPLETE', endDate: '2026-03-31', outcome: 'employment' }]) {
    expect((await h.as(p.contractor).post(`/api/v1/placements/${placementId}/events`, body)).status).toBe(200);
  }
  const report = await h.as(p.contractor).post(`/api/v1/clauses/${clauseId}/reports`, {
    periodStart: '2026-03-01',
    periodEnd: '2026-03-31',
    totalLabourHours: 1100,
    localLabourHours: 400,
  });
  expect(report.status).toBe(201);
  return { placementId, reportId: report.body.id as string };
}

export function pdfForm(name = 'tidrapport.pdf'): FormData {
  const form = new FormData();
  form.append('file', new File([PDF as Uint8Array<ArrayBuffer>], name, { type: 'application/pdf' }));
  form.append('description', 'Tidrapport mars');
  return form;
}

function expectStatus(res: { status: number; body: unknown }, status: number, what: string) {
  if (res.status !== status) throw new Error(`${what} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as { id: string } & Record<string, unknown>;
}

async function buildSide(h: Harness, label: string): Promise<Side> {
  const buyer = await addOrganisation(h.deps, { name: `${label} Bostäder AB`, kind: 'buyer' });
  const supplier = await addOrganisation(h.deps, { name: `${label} Bygg AB`, kind: 'supplier' });
  const body = await addOrganisation(h.deps, { name: `${label} Arbetsmarknadsenhet`, kind: 'matching_body' });
  const key = async (orgId: string, role: string, name: string) => (await addUser(h.deps, { orgId, role, name })).apiKey;
  const keys: Record<KeyedCaller, string> = {
    officer: await key(buyer.id, 'officer', `${label} Officer`),
    auditor: await key(buyer.id, 'auditor', `${label} Auditor`),
    buyerAdmin: await key(buyer.id, 'admin', `${label} Buyer Admin`),
    contractor: await key(supplier.id, 'contractor', `${label} Contractor`),
    supplierAdmin: await key(supplier.id, 'admin', `${label} Supplier Admin`),
    matcher: await key(body.id, 'matcher', `${label} Matcher`),
    bodyAdmin: await key(body.id, 'admin', `${label} Body Admin`),
  };
  const as = (caller: KeyedCaller) => h.as(keys[caller]);

  h.clock.set(new Date(`${CONTRACT_START}T08:00:00Z`));
  const tender = expectStatus(await as('officer').post('/api/v1/tenders', { reference: `${label}-T-1`, title: `${label} Renovering` }), 201, 'tender');
  const clause = expectStatus(
    await as('officer').post(`/api/v1/tenders/${tender.id}/clauses`, { templateId: 'placements', language: 'sv', params: PLACEMENT_PARAMS }),
    201,
    'clause',
  );
  await drive(h, clause.id, [
    [keys.officer, { type: 'PUBLISH' }],
    [keys.officer, { ...awardBody(supplier.id), matchingBodyOrgId: body.id }],
    [keys.contractor, { type: 'SUBMIT_PLAN', description: 'Plan' }],
    [keys.officer, { type: 'ACCEPT_PLAN' }],
  ]);

  h.clock.set(WORLD_DAY);
  const placement = expectStatus(await as('contractor').post(`/api/v1/clauses/${clause.id}/placements`, placementBody(`${label}-P-1`)), 201, 'placement');
  const followedRef = `${label}-P-2`;
  const followed = expectStatus(
    await as('contractor').post(`/api/v1/clauses/${clause.id}/placements`, { ...placementBody(followedRef), plannedEndDate: '2026-03-02' }),
    201,
    'followed placement',
  );
  for (const event of [{ type: 'START' }, { type: 'COMPLETE', endDate: '2026-03-02', outcome: 'studies' }]) {
    expectStatus(await as('contractor').post(`/api/v1/placements/${followed.id}/events`, event), 200, event.type);
  }
  const followUp = await h.deps.db
    .selectFrom('follow_ups')
    .select('id')
    .where('placement_id', '=', followed.id)
    .where('months', '=', 1)
    .executeTakeFirstOrThrow();
  const report = expectStatus(
    await as('contractor').post(`/api/v1/clauses/${clause.id}/reports`, { periodStart: '2026-03-01', periodEnd: '2026-03-31', totalLabourHours: 1200 }),
    201,
    'report',
  );
  const upload = async (path: string) =>
    expectStatus(await as('contractor').raw(`/api/v1/${path}/evidence`, { method: 'POST', body: pdfForm() }), 201, `evidence on ${path}`);
  const placementEvidence = await upload(`placements/${placement.id}`);
  const reportEvidence = await upload(`reports/${report.id}`);
  const opening = expectStatus(await as('contractor').post(`/api/v1/clauses/${clause.id}/openings`, openingBody()), 201, 'opening');
  const offer = expectStatus(await as('contractor').post(`/api/v1/clauses/${clause.id}/offers`, offerBody(`${label}-O-1`)), 201, 'offer');
  const candidate = expectStatus(await as('matcher').post('/api/v1/candidates', candidateBody(`${label}-C-1`)), 201, 'candidate');
  const proposal = expectStatus(await as('matcher').post(`/api/v1/openings/${opening.id}/proposals`, proposalBody(`${label}-C-1`)), 201, 'proposal');
  const hook = async (caller: KeyedCaller) => expectStatus(await as(caller).post('/api/v1/webhooks', webhookBody(`${label}/${caller}`)), 201, 'webhook').id;
  const webhooks = { buyer: await hook('officer'), supplier: await hook('supplierAdmin'), body: await hook('bodyAdmin') };
  const targets = { studiesPct: 20, placementPct: 10, employmentPct: 40 };
  for (const caller of ['officer', 'matcher'] as const) {
    expectStatus(
      await h
        .as(keys[caller])
        .raw('/api/v1/outcome-targets', { method: 'PUT', body: JSON.stringify(targets), headers: { 'content-type': 'application/json' } }),
      200,
      'targets',
    );
  }
  const programme = expectStatus(await as('matcher').post('/api/v1/programmes', programmeBody(`${label} programme`)), 201, 'programme');
  for (const orgId of [buyer.id, supplier.id]) expectStatus(await as('matcher').post(`/api/v1/programmes/${programme.id}/members`, { orgId }), 200, 'member');
  expectStatus(await as('matcher').post(`/api/v1/programmes/${programme.id}/clauses`, { clauseId: clause.id }), 200, 'programme clause');
  expectStatus(
    await h.as(keys.matcher).raw(`/api/v1/programmes/${programme.id}/estimate-parameters`, {
      method: 'PUT',
      body: JSON.stringify(estimateParametersBody()),
      headers: { 'content-type': 'application/json' },
    }),
    200,
    'estimate parameters',
  );
  return {
    programmeId: programme.id,
    orgs: { buyer: buyer.id, supplier: supplier.id, body: body.id },
    keys,
    tenderId: tender.id,
    clauseId: clause.id,
    placementId: placement.id,
    reportId: report.id,
    placementEvidenceId: placementEvidence.id,
    reportEvidenceId: reportEvidence.id,
    openingId: opening.id,
    proposalId: proposal.id,
    offerId: offer.id,
    candidateId: candidate.id,
    followedRef,
    followUpId: followUp.id,
    webhooks,
    supervisors: {
      buyer: expectStatus(await as('officer').post('/api/v1/supervisors', { name: `${label} Handledare` }), 201, 'supervisor').id,
      supplier: expectStatus(await as('contractor').post('/api/v1/supervisors', { name: `${label} Handledare` }), 201, 'supervisor').id,
      body: expectStatus(await as('bodyAdmin').post('/api/v1/supervisors', { name: `${label} Handledare` }), 201, 'supervisor').id,
    },
  };
}

/** Builds both sides and revokes one officer's key directly in api_keys (there is no revoke command yet). */
export async function buildWorld(h: Harness, store: Store): Promise<World> {
  const own = await buildSide(h, 'Eget');
  const foreign = await buildSide(h, 'Främmande');
  await makeDueFollowUps(h.deps, 10);
  const revoked = await addUser(h.deps, { orgId: own.orgs.buyer, role: 'officer', name: 'Revoked Officer' });
  await store.db.updateTable('api_keys').set({ revoked_at: h.clock.now() }).where('user_id', '=', revoked.id).execute();
  return { own, foreign, revokedKey: revoked.apiKey };
}

/** The key a caller sends, or null for none. */
export function keyOf(world: World, caller: Caller): string | null {
  if (caller === 'noKey') return null;
  if (caller === 'revoked') return world.revokedKey;
  return world.own.keys[caller];
}

/** Every path+method pair of the OpenAPI document, as "METHOD /path" (paths relative to /api/v1), with its request body media types. */
export interface RouteOfDocument {
  key: string;
  method: string;
  path: string;
  mediaTypes: string[];
  /** Names of its query parameters. */
  query: string[];
}

type Operation = { requestBody?: { content?: Record<string, unknown> }; parameters?: Array<{ name: string; in: string }> };

export function routesOf(document: { servers?: Array<{ url: string }>; paths: Record<string, Record<string, Operation>> }): RouteOfDocument[] {
  if (document.servers?.[0]?.url !== '/api/v1') throw new Error(`the OpenAPI document's server is ${document.servers?.[0]?.url}, not /api/v1`);
  const methods = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations)
      .filter(([method]) => methods.includes(method))
      .map(([method, operation]) => ({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        mediaTypes: Object.keys(operation.requestBody?.content ?? {}),
        query: (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      })),
  );
}

/**
 * The OpenAPI document as the app builds it, at collection time, so that test
 * cases can be generated from it. Serving /openapi.json reads no database.
 */
export async function openApiDocumentWithoutDatabase() {
  const app = createApp({ deps: { db: undefined as never, clock: new ManualClock(WORLD_DAY) }, logger: pino({ level: 'silent' }), storeKind: 'none' });
  return (await (await app.request('/openapi.json')).json()) as Parameters<typeof routesOf>[0];
}

/** Tables a write under the API touches; a refused request must leave every count as it was. */
export const WRITE_TABLES = [
  'tenders',
  'clauses',
  'clause_history',
  'placements',
  'reports',
  'item_history',
  'evidence',
  'openings',
  'proposals',
  'offers',
  'candidates',
  'idempotency_keys',
  'outbox',
  'webhooks',
  'outcome_targets',
  'deadlines',
  'follow_ups',
] as const;

/** Row counts of WRITE_TABLES plus the sum of the instances' versions, in one round trip. */
export async function rowCounts(store: Store): Promise<Record<string, number>> {
  const columns = WRITE_TABLES.map((table) => sql`(select count(*) from ${sql.table(table)})::int as ${sql.ref(table)}`);
  const versions = sql`(select coalesce(sum(version), 0) from clauses)::int + (select coalesce(sum(version), 0) from placements)::int + (select coalesce(sum(version), 0) from reports)::int + (select coalesce(sum(version), 0) from openings)::int + (select coalesce(sum(version), 0) from proposals)::int + (select coalesce(sum(version), 0) from offers)::int as versions`;
  const targets = sql`(select coalesce(string_agg(org_id || ':' || studies_pct || '/' || placement_pct || '/' || employment_pct, ',' order by org_id), '') from outcome_targets) as targets`;
  const hooks = sql`(select count(*) from webhooks where deleted_at is not null)::int as deleted_webhooks`;
  const recorded = sql`(select count(*) from follow_ups where state = 'recorded')::int as recorded_follow_ups`;
  const { rows } = await sql<Record<string, number>>`select ${sql.join([...columns, versions, targets, hooks, recorded])}`.execute(store.db);
  return rows[0]!;
}

/**
 * Watches for writes cheaply: the snapshot's xmax (the next transaction id)
 * moves only when a transaction that wrote or locked something has ended.
 * While it stands still nothing can have been written, and the row counts are
 * read again only when it moved.
 */
export function writeWatch(store: Store) {
  let known: { xmax: string; counts: Record<string, number> } | undefined;
  const xmax = async () => (await sql<{ x: string }>`select pg_snapshot_xmax(pg_current_snapshot())::text as x`.execute(store.db)).rows[0]!.x;
  return {
    /** Call before a request: the state it is compared with. */
    async before(): Promise<{ xmax: string; counts: Record<string, number> }> {
      const now = await xmax();
      if (known?.xmax !== now) known = { xmax: now, counts: await rowCounts(store) };
      return known;
    },
    /** What changed since `before`: the tables (and versions, targets) whose counts differ. */
    async changedSince(before: { xmax: string; counts: Record<string, number> }): Promise<Array<[string, unknown, unknown]>> {
      const now = await xmax();
      if (now === before.xmax) return [];
      known = { xmax: now, counts: await rowCounts(store) };
      return Object.keys(known.counts)
        .filter((k) => known!.counts[k] !== before.counts[k])
        .map((k) => [k, before.counts[k], known!.counts[k]]);
    },
  };
}

/** A fresh database on the backend with the world built in it, and a watch on its writes; `drop` tolerates a setup that failed half-way. */
export async function openWorld(backend: Backend) {
  const database = await createTestDatabase(backend);
  const store = await database.open();
  // Every caller of the world comes from one address on a clock that stands still, and revoked keys are in every
  // row of the access matrix: sign-in throttling (tested in sign-in-throttle.test.ts) would answer them 429.
  const h = harness(store, undefined, { signInThrottle: { failures: Number.POSITIVE_INFINITY, windowMs: 60_000 } });
  const world = await buildWorld(h, store);
  return { database, store, h, world, watch: writeWatch(store) };
}

export async function dropWorld(opened: Partial<{ database: TestDatabase; store: Store }>): Promise<void> {
  await opened.store?.close();
  await opened.database?.drop();
}
