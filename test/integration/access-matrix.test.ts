/**
 * Access control, route by route (issue 9, part 1), on PGlite and (with
 * DATABASE_URL) on PostgreSQL: every route of the OpenAPI document × every
 * caller (officer, auditor, the buyer's admin, contractor, the supplier's
 * admin, matcher, the matching body's admin, no key, a revoked key) × an own
 * and a foreign resource. The routes come from /openapi.json, so a new route
 * without an expected answer below fails this file.
 *
 * The rule: no key or a revoked key → 401; a resource the caller's organisation
 * may not see (another side's, or a part of a clause a matching body does not
 * serve) → 404; visible, but not the caller's role → 403; otherwise "allowed":
 * anything but 401, 403, 404 and 5xx (a 409 or 422 after the access check is
 * fine — bodies are valid for the owner where practical, but this is about
 * access, not validation). A refused write must change no row.
 *
 * Event routes are probed once more per event type of their workflow (the role
 * of each event comes from workflows/*.ts), with a stale If-Match so that an
 * allowed caller meets version_conflict and nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestWorkflow, type WorkflowDefinition } from '../../workflows/index.ts';
import type { Store } from '../../src/db/create-db.ts';
import { addOrganisation } from '../../src/engine/admin.ts';
import { clientEvents } from '../../src/engine/apply.ts';
import { PLACEMENT_PARAMS, type Harness } from '../support/api.ts';
import { BACKENDS, type TestDatabase } from '../support/stores.ts';
import {
  CALLERS,
  candidateBody,
  keyOf,
  openApiDocumentWithoutDatabase,
  openingBody,
  ORG_OF,
  pdfForm,
  PLACEMENT_CSV_HEADER,
  offerBody,
  estimateParametersBody,
  ownPlacementBody,
  placementBody,
  programmeBody,
  placementCsvRow,
  proposalBody,
  ROLE_OF,
  routesOf,
  webhookBody,
  dropWorld,
  openWorld,
  type writeWatch,
  type Caller,
  type KeyedCaller,
  type Side,
  type World,
} from '../support/world.ts';

/** Anything but 401, 403, 404 and 5xx. */
const OK = 'allowed' as const;
type Expected = typeof OK | 401 | 403 | 404;
type Row = Record<Caller, Expected>;
interface Entry {
  own: Row;
  /** Required for every route whose path names an organisation's resource; absent for routes without one. */
  foreign?: Row;
}

// Rows used by many routes. Column order: the buyer's officer, auditor and admin;
// the supplier's contractor and admin; the matching body's matcher and admin; no key; revoked key.
const EVERYONE: Row = { officer: OK, auditor: OK, buyerAdmin: OK, contractor: OK, supplierAdmin: OK, matcher: OK, bodyAdmin: OK, noKey: 401, revoked: 401 };
/** The clause's buyer and supplier; a matching body sees nothing of the clause but its openings and proposals. */
const CLAUSE_PARTIES: Row = {
  officer: OK,
  auditor: OK,
  buyerAdmin: OK,
  contractor: OK,
  supplierAdmin: OK,
  matcher: 404,
  bodyAdmin: 404,
  noKey: 401,
  revoked: 401,
};
/** Openings and proposals: the buyer, the supplier and the clause's matching body. */
const MATCHING_PARTIES: Row = EVERYONE;
/** Another side's resource: not found for every key. */
const FOREIGN: Row = {
  officer: 404,
  auditor: 404,
  buyerAdmin: 404,
  contractor: 404,
  supplierAdmin: 404,
  matcher: 404,
  bodyAdmin: 404,
  noKey: 401,
  revoked: 401,
};

/** Only the clause's contractor acts; the buyer's users see the clause (403), the matching body does not (404). */
const CONTRACTOR_ON_CLAUSE: Row = {
  officer: 403,
  auditor: 403,
  buyerAdmin: 403,
  contractor: OK,
  supplierAdmin: 403,
  matcher: 404,
  bodyAdmin: 404,
  noKey: 401,
  revoked: 401,
};
const AUDITOR_ON_CLAUSE: Row = {
  officer: 403,
  auditor: OK,
  buyerAdmin: 403,
  contractor: 403,
  supplierAdmin: 403,
  matcher: 404,
  bodyAdmin: 404,
  noKey: 401,
  revoked: 401,
};
/** Openings and proposals are visible to all three organisations, so a wrong role is 403 everywhere. */
const CONTRACTOR_ON_MATCHING: Row = {
  officer: 403,
  auditor: 403,
  buyerAdmin: 403,
  contractor: OK,
  supplierAdmin: 403,
  matcher: 403,
  bodyAdmin: 403,
  noKey: 401,
  revoked: 401,
};
const MATCHER_ONLY: Row = {
  officer: 403,
  auditor: 403,
  buyerAdmin: 403,
  contractor: 403,
  supplierAdmin: 403,
  matcher: OK,
  bodyAdmin: 403,
  noKey: 401,
  revoked: 401,
};
/** Webhook subscriptions: an organisation's admin or officer. */
const WEBHOOK_MANAGERS: Row = {
  officer: OK,
  auditor: 403,
  buyerAdmin: OK,
  contractor: 403,
  supplierAdmin: OK,
  matcher: 403,
  bodyAdmin: OK,
  noKey: 401,
  revoked: 401,
};
/** Another organisation's subscription: not found for managers; other roles may never manage subscriptions (403 before any lookup, which tells them nothing). */
const WEBHOOK_FOREIGN: Row = {
  officer: 404,
  auditor: 403,
  buyerAdmin: 404,
  contractor: 403,
  supplierAdmin: 404,
  matcher: 403,
  bodyAdmin: 404,
  noKey: 401,
  revoked: 401,
};

/** The roles that keep their organisation's supervisor register. */
const SUPERVISOR_KEEPERS: Row = { ...WEBHOOK_MANAGERS, contractor: OK };
/** A supervisor of the caller's own organisation: others of the organisation are not told it exists. */
const SUPERVISOR_KEEPERS_SEE: Row = { ...SUPERVISOR_KEEPERS, auditor: 404, matcher: 404 };

/**
 * The expected answer of every route, keyed "METHOD path" as in /openapi.json
 * (paths relative to /api/v1). Own = the resource of the caller's side (for a
 * webhook: of the caller's own organisation); foreign = the other side's.
 */
const EXPECTED: Record<string, Entry> = {
  'GET /templates': { own: EVERYONE },
  'GET /templates/{id}': { own: EVERYONE },
  'POST /templates/{id}/preview': { own: EVERYONE },

  'POST /tenders': {
    own: { officer: OK, auditor: 403, buyerAdmin: 403, contractor: 403, supplierAdmin: 403, matcher: 403, bodyAdmin: 403, noKey: 401, revoked: 401 },
  },
  'GET /tenders': { own: EVERYONE },
  // A tender is visible to its buyer and to the supplier awarded one of its clauses.
  'GET /tenders/{id}': { own: CLAUSE_PARTIES, foreign: FOREIGN },
  // The awarded supplier sees the tender, so drafting in it is a wrong role (403), not a foreign resource.
  'POST /tenders/{id}/clauses': {
    own: { officer: OK, auditor: 403, buyerAdmin: 403, contractor: 403, supplierAdmin: 403, matcher: 404, bodyAdmin: 404, noKey: 401, revoked: 401 },
    foreign: FOREIGN,
  },
  'GET /tenders/{id}/ocds': { own: CLAUSE_PARTIES, foreign: FOREIGN },

  'GET /clauses': { own: EVERYONE },
  'GET /clauses/{id}': { own: CLAUSE_PARTIES, foreign: FOREIGN },
  // Body: CLOSE_DELIVERY, the officer's event (the events matrix below tries every event type).
  'POST /clauses/{id}/events': {
    own: { officer: OK, auditor: 403, buyerAdmin: 403, contractor: 403, supplierAdmin: 403, matcher: 404, bodyAdmin: 404, noKey: 401, revoked: 401 },
    foreign: FOREIGN,
  },
  'GET /clauses/{id}/eforms': { own: CLAUSE_PARTIES, foreign: FOREIGN },
  'GET /clauses/{id}/history': { own: CLAUSE_PARTIES, foreign: FOREIGN },
  'GET /clauses/{id}/ocds': { own: CLAUSE_PARTIES, foreign: FOREIGN },

  'GET /clauses/{id}/placements': { own: CLAUSE_PARTIES, foreign: FOREIGN },
  'POST /clauses/{id}/placements': { own: CONTRACTOR_ON_CLAUSE, foreign: FOREIGN },
  'POST /clauses/{id}/placements/import': { own: CONTRACTOR_ON_CLAUSE, foreign: FOREIGN },
  'GET /placements/{id}': { own: CLAUSE_PARTIES, foreign: FOREIGN },
  // Body: VERIFY, the auditor's event.
  'POST /placements/{id}/events': { own: AUDITOR_ON_CLAUSE, foreign: FOREIGN },
  'GET /placements/{id}/history': { own: CLAUSE_PARTIES, foreign: FOREIGN },

  'GET /clauses/{id}/reports': { own: CLAUSE_PARTIES, foreign: FOREIGN },
  'POST /clauses/{id}/reports': { own: CONTRACTOR_ON_CLAUSE, foreign: FOREIGN },
  'GET /reports/{id}': { own: CLAUSE_PARTIES, foreign: FOREIGN },
  // Body: ACCEPT, the auditor's event.
  'POST /reports/{id}/events': { own: AUDITOR_ON_CLAUSE, foreign: FOREIGN },
  'GET /reports/{id}/history': { own: CLAUSE_PARTIES, foreign: FOREIGN },

  'GET /clauses/{id}/offers': { own: CLAUSE_PARTIES, foreign: FOREIGN },
  'POST /clauses/{id}/offers': { own: CONTRACTOR_ON_CLAUSE, foreign: FOREIGN },
  'GET /offers/{id}': { own: CLAUSE_PARTIES, foreign: FOREIGN },
  // Body: DECLINE, the contractor's event.
  'POST /offers/{id}/events': { own: CONTRACTOR_ON_CLAUSE, foreign: FOREIGN },
  'GET /offers/{id}/history': { own: CLAUSE_PARTIES, foreign: FOREIGN },

  'POST /placements/{id}/evidence': { own: CONTRACTOR_ON_CLAUSE, foreign: FOREIGN },
  'GET /placements/{id}/evidence': { own: CLAUSE_PARTIES, foreign: FOREIGN },
  'POST /reports/{id}/evidence': { own: CONTRACTOR_ON_CLAUSE, foreign: FOREIGN },
  'GET /reports/{id}/evidence': { own: CLAUSE_PARTIES, foreign: FOREIGN },
  // The buyer's users and the uploading supplier.
  'GET /evidence/{id}': { own: CLAUSE_PARTIES, foreign: FOREIGN },
  'GET /evidence/{id}/content': { own: CLAUSE_PARTIES, foreign: FOREIGN },

  'POST /clauses/{id}/openings': { own: CONTRACTOR_ON_MATCHING, foreign: FOREIGN },
  'GET /clauses/{id}/openings': { own: MATCHING_PARTIES, foreign: FOREIGN },
  'GET /openings': { own: EVERYONE },
  'GET /openings/{id}': { own: MATCHING_PARTIES, foreign: FOREIGN },
  // Body: WITHDRAW, the contractor's event.
  'POST /openings/{id}/events': { own: CONTRACTOR_ON_MATCHING, foreign: FOREIGN },
  'GET /openings/{id}/history': { own: MATCHING_PARTIES, foreign: FOREIGN },
  'POST /openings/{id}/proposals': { own: MATCHER_ONLY, foreign: FOREIGN },
  'GET /openings/{id}/proposals': { own: MATCHING_PARTIES, foreign: FOREIGN },
  'GET /openings/{id}/suggestions': { own: MATCHER_ONLY, foreign: FOREIGN },
  'GET /proposals/{id}': { own: MATCHING_PARTIES, foreign: FOREIGN },
  // Body: DECLINE, the contractor's event.
  'POST /proposals/{id}/events': { own: CONTRACTOR_ON_MATCHING, foreign: FOREIGN },
  'GET /proposals/{id}/history': { own: MATCHING_PARTIES, foreign: FOREIGN },
  'POST /candidates': { own: MATCHER_ONLY },
  'GET /candidates': { own: MATCHER_ONLY },
  'PUT /outcome-targets': {
    own: { officer: OK, auditor: 403, buyerAdmin: OK, contractor: 403, supplierAdmin: 403, matcher: OK, bodyAdmin: OK, noKey: 401, revoked: 401 },
  },
  // The buyer and the matching body have set targets; a supplier has none (and may set none).
  'GET /outcome-targets': {
    own: { officer: OK, auditor: OK, buyerAdmin: OK, contractor: 404, supplierAdmin: 404, matcher: OK, bodyAdmin: OK, noKey: 401, revoked: 401 },
  },
  'GET /clauses/{id}/outcomes': { own: MATCHING_PARTIES, foreign: FOREIGN },

  'GET /exports/placements.csv': { own: EVERYONE },
  'GET /exports/clauses.csv': { own: EVERYONE },
  'GET /exports/clauses.xlsx': { own: EVERYONE },
  'GET /portfolio': { own: EVERYONE },
  'GET /portfolio/outcomes': { own: EVERYONE },

  'POST /webhooks': { own: WEBHOOK_MANAGERS },
  'GET /webhooks': { own: WEBHOOK_MANAGERS },
  'DELETE /webhooks/{id}': { own: WEBHOOK_MANAGERS, foreign: WEBHOOK_FOREIGN },
  'GET /webhooks/{id}/deliveries': { own: WEBHOOK_MANAGERS, foreign: WEBHOOK_FOREIGN },

  // Erasure: the matcher of the candidate's pool (a role check before any lookup); the buyer's officer or admin of the placement's clause.
  'POST /candidates/{id}/erase': { own: MATCHER_ONLY, foreign: { ...MATCHER_ONLY, matcher: 404 } },
  'POST /placements/{id}/erase': { own: { ...CLAUSE_PARTIES, auditor: 403, contractor: 403, supplierAdmin: 403 }, foreign: FOREIGN },

  // Programmes (issue 21): the matching body owns the side's programme, its buyer and supplier are members; members see it all.
  'POST /programmes': { own: { ...MATCHER_ONLY, officer: OK } },
  'GET /programmes': { own: EVERYONE },
  'GET /programmes/{id}': { own: EVERYONE, foreign: FOREIGN },
  'GET /programmes/{id}/history': { own: EVERYONE, foreign: FOREIGN },
  'GET /programmes/{id}/report': { own: EVERYONE, foreign: FOREIGN },
  'GET /programmes/{id}/report.xlsx': { own: EVERYONE, foreign: FOREIGN },
  'GET /programmes/{id}/report.pdf': { own: EVERYONE, foreign: FOREIGN },
  'GET /programmes/{id}/estimate': { own: EVERYONE, foreign: FOREIGN },
  'GET /programmes/{id}/placements': { own: EVERYONE, foreign: FOREIGN },
  // The owner's matcher manages it; a member buyer's officer may add its own clauses.
  'POST /programmes/{id}/members': { own: MATCHER_ONLY, foreign: FOREIGN },
  'POST /programmes/{id}/clauses': { own: { ...MATCHER_ONLY, officer: OK }, foreign: FOREIGN },
  'PUT /programmes/{id}/estimate-parameters': { own: MATCHER_ONLY, foreign: FOREIGN },
  // The host's or the owner's officer or matcher: here the matching body hosts it.
  'POST /programmes/{id}/placements': { own: MATCHER_ONLY, foreign: FOREIGN },
  // Follow-ups: the following matching body's matcher (a role check before any lookup); its path of a participant: nobody else, not even by role.
  'GET /follow-ups': { own: MATCHER_ONLY },
  'GET /follow-ups/{id}': { own: MATCHER_ONLY, foreign: { ...MATCHER_ONLY, matcher: 404 } },
  'POST /follow-ups/{id}/events': { own: MATCHER_ONLY, foreign: { ...MATCHER_ONLY, matcher: 404 } },
  'GET /participants/{ref}/path': { own: { ...FOREIGN, matcher: OK }, foreign: FOREIGN },
  // Reserved contracts: the buyer's officer marks its tender; the supplier awarded a clause of it sees it (403).
  'PATCH /tenders/{id}': { own: { ...CLAUSE_PARTIES, auditor: 403, buyerAdmin: 403, contractor: 403, supplierAdmin: 403 }, foreign: FOREIGN },
  // The supervisor register: kept by each organisation's contractors, officers and admins; the {id} is the caller's own organisation's supervisor.
  'POST /supervisors': { own: SUPERVISOR_KEEPERS },
  'GET /supervisors': { own: EVERYONE },
  // Organisations are legal persons in a public register: every signed-in user reads them, the other side's too.
  'GET /organisations': { own: EVERYONE },
  'GET /organisations/{id}': { own: EVERYONE, foreign: EVERYONE },
  'GET /supervisors/{id}': { own: SUPERVISOR_KEEPERS_SEE, foreign: FOREIGN },
  'POST /supervisors/{id}/trainings': { own: SUPERVISOR_KEEPERS_SEE, foreign: FOREIGN },
  'DELETE /supervisors/{id}': { own: SUPERVISOR_KEEPERS_SEE, foreign: FOREIGN },
  // Subcontractors: the clause's contractor names and removes them; both parties see the list.
  'POST /clauses/{id}/subcontractors': { own: CONTRACTOR_ON_CLAUSE, foreign: FOREIGN },
  'GET /clauses/{id}/subcontractors': { own: CLAUSE_PARTIES, foreign: FOREIGN },
  'DELETE /clauses/{id}/subcontractors/{orgId}': { own: CONTRACTOR_ON_CLAUSE, foreign: FOREIGN },
};

/** The event routes and the workflow whose events they take; the resource's GET route says who sees it. */
const EVENT_ROUTES: Record<string, { workflow: WorkflowDefinition; visibility: string }> = {
  'POST /clauses/{id}/events': { workflow: latestWorkflow('social-clause'), visibility: 'GET /clauses/{id}' },
  'POST /placements/{id}/events': { workflow: latestWorkflow('placement'), visibility: 'GET /placements/{id}' },
  'POST /reports/{id}/events': { workflow: latestWorkflow('period-report'), visibility: 'GET /reports/{id}' },
  'POST /openings/{id}/events': { workflow: latestWorkflow('opening'), visibility: 'GET /openings/{id}' },
  'POST /proposals/{id}/events': { workflow: latestWorkflow('proposal'), visibility: 'GET /proposals/{id}' },
  'POST /offers/{id}/events': { workflow: latestWorkflow('employment-offer'), visibility: 'GET /offers/{id}' },
};

/** A version no instance has: an allowed event meets version_conflict, and nothing is written. */
const STALE = { 'if-match': '"999999"' };

const ROUTES = routesOf(await openApiDocumentWithoutDatabase());

/** The organisation-scoped resource a path parameter names; templates are global. */
function resourceOf(path: string): ((side: Side, caller: KeyedCaller) => string) | 'global' | null {
  const match = /^\/([a-z-]+)\/\{(id|ref)\}/.exec(path);
  if (!match) return /\{/.test(path) ? undefinedParam(path) : null;
  const byCollection: Record<string, ((side: Side, caller: KeyedCaller) => string) | 'global'> = {
    templates: 'global',
    tenders: (s) => s.tenderId,
    clauses: (s) => s.clauseId,
    placements: (s) => s.placementId,
    reports: (s) => s.reportId,
    openings: (s) => s.openingId,
    proposals: (s) => s.proposalId,
    offers: (s) => s.offerId,
    candidates: (s) => s.candidateId,
    evidence: (s) => s.placementEvidenceId,
    webhooks: (s, caller) => s.webhooks[ORG_OF[caller]],
    programmes: (s) => s.programmeId,
    'follow-ups': (s) => s.followUpId,
    participants: (s) => s.followedRef,
    supervisors: (s, caller) => s.supervisors[ORG_OF[caller]],
    organisations: (s, caller) => s.orgs[ORG_OF[caller]],
  };
  return byCollection[match[1]!] ?? undefinedParam(path);
}
function undefinedParam(path: string): never {
  throw new Error(`${path}: no resource of the world stands for its path parameter; add one to resourceOf`);
}

let unique = 0;
const next = (prefix: string) => `${prefix}-${++unique}`;

/** A request valid for the owner where practical; event routes carry a stale If-Match so nothing is written. */
const REQUESTS: Record<string, () => { json?: unknown; csv?: string; form?: FormData; headers?: Record<string, string> }> = {
  'POST /templates/{id}/preview': () => ({ json: { language: 'sv', params: PLACEMENT_PARAMS } }),
  'POST /tenders': () => ({ json: { reference: next('AM-T'), title: 'Matris' } }),
  'POST /tenders/{id}/clauses': () => ({ json: { templateId: 'placements', language: 'sv', params: PLACEMENT_PARAMS } }),
  'POST /clauses/{id}/events': () => ({ json: { type: 'CLOSE_DELIVERY' }, headers: STALE }),
  'POST /clauses/{id}/placements': () => ({ json: placementBody(next('AM-P')) }),
  'POST /clauses/{id}/placements/import': () => ({ csv: `${PLACEMENT_CSV_HEADER}\n${placementCsvRow(next('AM-I'))}\n` }),
  'POST /clauses/{id}/reports': () => ({ json: { periodStart: '2026-03-01', periodEnd: '2026-03-31', totalLabourHours: 10 } }),
  'POST /placements/{id}/events': () => ({ json: { type: 'VERIFY' }, headers: STALE }),
  'POST /reports/{id}/events': () => ({ json: { type: 'ACCEPT' }, headers: STALE }),
  'POST /placements/{id}/evidence': () => ({ form: pdfForm() }),
  'POST /reports/{id}/evidence': () => ({ form: pdfForm() }),
  'POST /clauses/{id}/openings': () => ({ json: openingBody() }),
  'POST /openings/{id}/events': () => ({ json: { type: 'WITHDRAW', reason: 'Tillsatt på annat sätt' }, headers: STALE }),
  'POST /openings/{id}/proposals': () => ({ json: proposalBody(next('AM-C')) }),
  'POST /proposals/{id}/events': () => ({ json: { type: 'DECLINE', reason: 'Passar inte' }, headers: STALE }),
  'POST /clauses/{id}/offers': () => ({ json: offerBody(next('AM-O')) }),
  'POST /offers/{id}/events': () => ({ json: { type: 'DECLINE', date: '2026-04-01' }, headers: STALE }),
  'POST /candidates': () => ({ json: candidateBody(next('AM-K')) }),
  'PUT /outcome-targets': () => ({ json: { studiesPct: 20, placementPct: 10, employmentPct: 40 } }),
  'POST /webhooks': () => ({ json: webhookBody(next('matrix')) }),
  'PATCH /tenders/{id}': () => ({ json: { reserved: false } }),
  'POST /supervisors': () => ({ json: { name: next('Handledare') } }),
  'POST /supervisors/{id}/trainings': () => ({ json: { course: 'Handledarutbildning', provider: 'KIVO', date: '2026-01-15' } }),
  // An organisation nobody has: an allowed caller meets 422, and nothing is written.
  'POST /clauses/{id}/subcontractors': () => ({ json: { orgId: next('AM-no-such-org') } }),
  'POST /candidates/{id}/erase': () => ({}),
  'POST /placements/{id}/erase': () => ({}),
  'POST /programmes': () => ({ json: programmeBody(next('AM-Programme')) }),
  // Ids no organisation or clause has: an allowed caller meets 422, and nothing is written.
  'POST /programmes/{id}/members': () => ({ json: { orgId: next('AM-no-such-org') } }),
  'POST /programmes/{id}/clauses': () => ({ json: { clauseId: next('AM-no-such-clause') } }),
  'PUT /programmes/{id}/estimate-parameters': () => ({ json: estimateParametersBody() }),
  'POST /programmes/{id}/placements': () => ({ json: { ...ownPlacementBody(next('AM-OP'), 'AM-no-such-org') } }),
  'POST /follow-ups/{id}/events': () => ({ json: { type: 'RECORD', status: 'studies' } }),
};

const ERROR_CODE: Record<number, string> = { 401: 'unauthorized', 403: 'forbidden', 404: 'not_found' };

function judge(expected: Expected, status: number, body: unknown): string | null {
  if (status >= 500) return `answered ${status}`;
  if (expected === OK) return [401, 403, 404].includes(status) ? `answered ${status} (${(body as { error?: string })?.error}), expected access` : null;
  if (status !== expected) return `answered ${status}, expected ${expected}`;
  const code = (body as { error?: string })?.error;
  return code === ERROR_CODE[expected] ? null : `answered ${status} with error "${code}", expected "${ERROR_CODE[expected]}"`;
}

describe('the access matrix', () => {
  it('has an expected answer for every route of /openapi.json, and none for a route that is gone', () => {
    const documented = ROUTES.map((r) => r.key);
    expect(
      documented.filter((key) => !(key in EXPECTED)),
      'routes without an expected answer',
    ).toEqual([]);
    expect(
      Object.keys(EXPECTED).filter((key) => !documented.includes(key)),
      'expected answers for routes that are not documented',
    ).toEqual([]);
    for (const { key, path } of ROUTES) {
      const scoped = typeof resourceOf(path) === 'function';
      expect(EXPECTED[key]?.foreign !== undefined, `${key}: a foreign row is needed exactly when the path names an organisation's resource`).toBe(scoped);
    }
  });

  it('has a request for every write route and a workflow for every event route', () => {
    const writes = ROUTES.filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method)).map((r) => r.key);
    expect(
      writes.filter((key) => !(key in REQUESTS)),
      'write routes without a request',
    ).toEqual([]);
    // A follow-up is no statechart: its one event, RECORD, is a row of EXPECTED like any write.
    expect(
      ROUTES.filter((r) => r.path.endsWith('/events') && r.key !== 'POST /follow-ups/{id}/events')
        .map((r) => r.key)
        .sort(),
    ).toEqual(Object.keys(EVENT_ROUTES).sort());
  });
});

describe.each(BACKENDS)('access matrix on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let h: Harness;
  let world: World;
  let watch: ReturnType<typeof writeWatch>;
  let cells = 0;
  let started = 0;

  beforeAll(async () => {
    started = performance.now();
    ({ database, store, h, world, watch } = await openWorld(backend));
  });
  afterAll(async () => {
    console.log(`access matrix on ${backend}: ${cells} cells checked in ${Math.round(performance.now() - started)} ms`);
    await dropWorld({ database, store });
  });

  it('serves the same routes in /openapi.json as the matrix was generated from', async () => {
    const served = routesOf(await (await h.app.request('/openapi.json')).json());
    expect(served.map((r) => r.key).sort()).toEqual(ROUTES.map((r) => r.key).sort());
  });

  /**
   * What an allowed answer must not mention: any resource of the other side
   * and, for a matching body, the parts of the clause it does not serve
   * (placements not made from its proposals, reports, evidence).
   */
  function leak(caller: Caller, body: unknown, route: { path: string }): string | null {
    const text = typeof body === 'string' ? body : JSON.stringify(body ?? null);
    const { foreign, own } = world;
    const hidden: Array<[string, string]> = [
      ['foreign tender', foreign.tenderId],
      ['foreign clause', foreign.clauseId],
      ['foreign placement', foreign.placementId],
      ['foreign report', foreign.reportId],
      ['foreign opening', foreign.openingId],
      ['foreign proposal', foreign.proposalId],
      ['foreign evidence', foreign.placementEvidenceId],
      ['foreign evidence', foreign.reportEvidenceId],
      ...Object.values(foreign.webhooks).map((id): [string, string] => ['foreign webhook', id]),
    ];
    if (caller === 'matcher' || caller === 'bodyAdmin') {
      hidden.push(
        ['own placement', own.placementId],
        ['own report', own.reportId],
        ['own evidence', own.placementEvidenceId],
        ['own evidence', own.reportEvidenceId],
        ['own tender', own.tenderId],
      );
      // Openings, proposals and outcomes name their clause, and a programme's report the contracts it counts; nothing else shown to a matching body should.
      if (!/openings|proposals|outcomes|programmes\/\{id\}\/report/.test(route.path)) hidden.push(['own clause', own.clauseId]);
    }
    if (caller !== 'noKey' && caller !== 'revoked') {
      // Another organisation's subscriptions on the same side.
      for (const [org, id] of Object.entries(own.webhooks)) if (org !== ORG_OF[caller]) hidden.push([`${org} webhook`, id]);
    }
    const found = hidden.filter(([, id]) => text.includes(id)).map(([what]) => what);
    return found.length > 0 ? `answered ${[...new Set(found)].join(', ')}` : null;
  }

  /** A fresh subscription of the organisation the caller would own it in, so each DELETE meets one not yet deleted. */
  async function freshWebhook(side: Side, caller: KeyedCaller): Promise<string> {
    const manager = { buyer: 'officer', supplier: 'supplierAdmin', body: 'bodyAdmin' } as const;
    const res = await h.as(side.keys[manager[ORG_OF[caller]]]).post('/api/v1/webhooks', webhookBody(next('fresh')));
    if (res.status !== 201) throw new Error(`fresh webhook: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  }

  /** A fresh supervisor of the organisation the caller would keep it in, so each DELETE meets one not yet removed. */
  async function freshSupervisor(side: Side, caller: KeyedCaller): Promise<string> {
    const keeper = { buyer: 'officer', supplier: 'contractor', body: 'bodyAdmin' } as const;
    const res = await h.as(side.keys[keeper[ORG_OF[caller]]]).post('/api/v1/supervisors', { name: next('Handledare') });
    if (res.status !== 201) throw new Error(`fresh supervisor: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  }

  /** A fresh subcontractor named on the side's clause by its contractor, so each DELETE meets one still named. */
  async function freshSubcontractor(side: Side): Promise<string> {
    const org = await addOrganisation(h.deps, { name: next('Underleverantör'), kind: 'supplier', orgNumber: '556000-0000' });
    const res = await h.as(side.keys.contractor).post(`/api/v1/clauses/${side.clauseId}/subcontractors`, { orgId: org.id });
    if (res.status !== 201) throw new Error(`fresh subcontractor: ${res.status} ${JSON.stringify(res.body)}`);
    return org.id;
  }

  /** The request of one cell: the path with a real id, the body, the key; a DELETE gets a fresh subscription first. */
  async function prepare(
    route: { key: string; method: string; path: string },
    caller: Caller,
    variant: 'own' | 'foreign',
    headers: Record<string, string> = {},
    body?: unknown,
  ) {
    const side = variant === 'own' ? world.own : world.foreign;
    const resource = resourceOf(route.path);
    // noKey and revoked stand in for the own buyer's officer when a resource is chosen per organisation.
    const as: KeyedCaller = caller === 'noKey' || caller === 'revoked' ? 'officer' : caller;
    let id: string | undefined;
    if (typeof resource === 'function')
      id =
        route.key === 'DELETE /webhooks/{id}'
          ? await freshWebhook(side, as)
          : route.key === 'DELETE /supervisors/{id}'
            ? await freshSupervisor(side, as)
            : resource(side, as);
    else if (resource === 'global') id = 'placements';
    const subcontractor = route.key === 'DELETE /clauses/{id}/subcontractors/{orgId}' ? await freshSubcontractor(side) : undefined;
    const path = `/api/v1${id === undefined ? route.path : route.path.replace(/\{(id|ref)\}/, encodeURIComponent(id)).replace('{orgId}', subcontractor ?? '')}`;
    const request = body !== undefined ? { json: body, headers } : (REQUESTS[route.key]?.() ?? {});
    const init: RequestInit & { headers: Record<string, string> } = { method: route.method, headers: { ...request.headers } };
    if (request.json !== undefined) {
      init.body = JSON.stringify(request.json);
      init.headers['content-type'] = 'application/json';
    } else if (request.csv !== undefined) {
      init.body = request.csv;
      init.headers['content-type'] = 'text/csv';
    } else if (request.form !== undefined) {
      init.body = request.form;
    }
    return { path, send: () => h.as(keyOf(world, caller)).raw(path, init) };
  }

  it.each(ROUTES.map((r) => [r.key, r] as const))('%s', async (_key, route) => {
    const entry = EXPECTED[route.key];
    if (!entry) throw new Error(`${route.key} has no expected-answer entry in EXPECTED; add one`);
    const writes = route.method !== 'GET';
    const mismatches: string[] = [];
    const variants = (entry.foreign ? ['own', 'foreign'] : ['own']) as Array<'own' | 'foreign'>;
    for (const variant of variants) {
      for (const caller of CALLERS) {
        const expected = entry[variant]![caller];
        const { path, send } = await prepare(route, caller, variant);
        const before = writes && expected !== OK ? await watch.before() : undefined;
        const res = await send();
        cells++;
        const problem = judge(expected, res.status, res.body) ?? (res.status < 300 ? leak(caller, res.body, route) : null);
        if (problem) mismatches.push(`${route.method} ${path} as ${caller} (${variant}): ${problem}`);
        const wrote = before ? await watch.changedSince(before) : [];
        if (wrote.length > 0) mismatches.push(`${route.method} ${path} as ${caller} (${variant}): refused, but wrote ${JSON.stringify(wrote)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  describe('event types by role, from the workflows', () => {
    it.each(Object.entries(EVENT_ROUTES))('%s', async (key, { workflow, visibility }) => {
      const route = ROUTES.find((r) => r.key === key)!;
      const mismatches: string[] = [];
      for (const [type, definition] of clientEvents(workflow)) {
        for (const variant of ['own', 'foreign'] as const) {
          for (const caller of CALLERS) {
            let expected: Expected;
            if (caller === 'noKey' || caller === 'revoked') expected = 401;
            else if (variant === 'foreign' || EXPECTED[visibility]!.own[caller] === 404) expected = 404;
            else expected = (definition.roles as readonly string[]).includes(ROLE_OF[caller]) ? OK : 403;
            const { path, send } = await prepare(route, caller, variant, STALE, { type });
            const before = await watch.before();
            const res = await send();
            cells++;
            const problem =
              expected === OK
                ? res.status === 409 && res.body?.error === 'version_conflict'
                  ? null
                  : `answered ${res.status} (${res.body?.error}), expected version_conflict after the access check`
                : judge(expected, res.status, res.body);
            if (problem) mismatches.push(`${type} to ${path} as ${caller} (${variant}): ${problem}`);
            const wrote = await watch.changedSince(before);
            if (wrote.length > 0) mismatches.push(`${type} to ${path} as ${caller} (${variant}): refused, but wrote ${JSON.stringify(wrote)}`);
          }
        }
      }
      expect(mismatches).toEqual([]);
    });
  });
});
