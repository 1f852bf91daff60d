/**
 * The clause lifecycle that bench:lifecycle and bench:peer drive over HTTP:
 * the clauses they draft, the ten events each clause is sent at concurrency
 * 16, and the check that every clause ended where the events lead.
 */
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import type pg from 'pg';
import { measurement, type Measurement, type Party, postJson, type Seed } from './support.ts';

export const CONNECTIONS = 16;

/** The placements clause of test/support/api.ts: 12 MSEK owes three placements and caps vite at 2 % = 240 000 SEK. */
const PLACEMENT_PARAMS = {
  msekPerPlacement: 5,
  minWeeks: 12,
  hoursPerWeek: 30,
  targetGroups: ['newcomers', 'youth-16-24'],
  matchingBody: 'Arbetsförmedlingen',
  vite: { sekPerMissingPlacement: 50_000, capPct: 2 },
};

/**
 * Draft → vite claimed through a shortfall and a remedy, as in test/integration/lifecycle.test.ts.
 * The contract lies in the future, so none of its deadlines falls due (and is fired by the
 * server) while the benchmark drives it; scheduling and cancelling them is part of what is measured.
 */
export const lifecycle = (contractorOrgId: string): Array<[Party, { type: string } & Record<string, unknown>]> => [
  ['officer', { type: 'PUBLISH' }],
  ['officer', { type: 'AWARD', contractorOrgId, contractValueSek: 12_000_000, startDate: '2030-03-01', endDate: '2031-02-28' }],
  ['contractor', { type: 'SUBMIT_PLAN', description: 'Tre praktikplatser inom måleri', firstPlacementBy: '2030-05-01' }],
  ['officer', { type: 'ACCEPT_PLAN' }],
  ['officer', { type: 'CLOSE_DELIVERY' }],
  ['auditor', { type: 'RECORD_SHORTFALL', reason: 'Inga praktikplatser tillsatta' }],
  ['contractor', { type: 'SUBMIT_REMEDY_PLAN', description: 'Två platser tillsätts i höst', completeBy: '2030-12-01' }],
  ['auditor', { type: 'CLOSE_REMEDY' }],
  ['auditor', { type: 'RECORD_SHORTFALL', reason: 'Fortfarande inga platser' }],
  // The computed vite for three missing placements, below the 240 000 SEK cap.
  ['officer', { type: 'CLAIM_VITE', amountSek: 150_000, reason: 'Tre saknade placeringar' }],
];
export const EVENTS_PER_CLAUSE = lifecycle('').length;
/** The clause version once CREATE and every lifecycle event are in its history. */
export const FINAL_VERSION = 1 + EVENTS_PER_CLAUSE;

/** One tender with `count` placements clauses in draft, drafted over HTTP by CONNECTIONS parallel callers. */
export async function draftClauses(baseUrl: string, officerKey: string, count: number): Promise<string[]> {
  const tender = await postJson(baseUrl, officerKey, '/api/v1/tenders', {
    reference: `BENCH-${randomBytes(4).toString('hex')}`,
    title: 'Prestandamätning',
  });
  const ids: string[] = [];
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, worker) => {
      for (let i = worker; i < count; i += CONNECTIONS) {
        const clause = await postJson(baseUrl, officerKey, `/api/v1/tenders/${tender.id}/clauses`, {
          templateId: 'placements',
          language: 'sv',
          params: PLACEMENT_PARAMS,
        });
        ids.push(clause.id);
      }
    }),
  );
  return ids;
}

export interface Drive {
  /** Names the run in a failure: "the engine", "the peer". */
  who: string;
  /** Where a clause's events are sent. */
  eventsPath: (clauseId: string) => string;
  /** Headers of one event's request besides authorization and content-type, made anew for each request (an Idempotency-Key). */
  headers?: () => Record<string, string>;
  /** Where every latency is also added, to sum several runs. */
  latenciesMs?: number[];
}

export interface Driven extends Measurement {
  /** Bytes of the answers (body and headers), per event. */
  bytesPerEvent: number;
}

/**
 * Sends every lifecycle event to every clause over CONNECTIONS keep-alive
 * connections, one request in flight per connection. Each connection walks one
 * clause at a time through all its events; autocannon clears a connection's
 * context when its request list wraps, and the first request then takes the
 * next unused clause, so no two connections ever touch the same clause.
 */
export async function driveLifecycles(baseUrl: string, seeded: Seed, clauseIds: string[], drive: Drive): Promise<Driven> {
  const steps = lifecycle(seeded.contractorOrgId);
  const unused = [...clauseIds];
  // autocannon gives each connection amount / connections requests: whole lifecycles only.
  if (clauseIds.length % CONNECTIONS !== 0) throw new Error(`${clauseIds.length} clauses do not divide among ${CONNECTIONS} connections`);
  const amount = clauseIds.length * steps.length;
  const latenciesMs: number[] = [];
  const failures: string[] = [];

  const requests: autocannon.Request[] = steps.map(([party, body], index) => ({
    method: 'POST',
    headers: { authorization: `Bearer ${seeded.keys[party]}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    setupRequest: (request, context) => {
      const walk = context as { clauseId?: string };
      if (index === 0) walk.clauseId = unused.shift();
      if (!walk.clauseId) throw new Error('a connection started more lifecycles than there are clauses');
      const path = drive.eventsPath(walk.clauseId);
      return drive.headers ? { ...request, path, headers: { ...request.headers, ...drive.headers() } } : { ...request, path };
    },
    onResponse: (status, responseBody, context) => {
      if (status !== 200 && failures.length < 5) {
        failures.push(`${body.type} on ${(context as { clauseId?: string }).clauseId} answered ${status}: ${responseBody.slice(0, 300)}`);
      }
    },
  }));

  // autocannon reports only after its next 1 s sampling tick, so the clock stops at the last response instead.
  const started = performance.now();
  let lastResponse = started;
  let bytes = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url: baseUrl, connections: CONNECTIONS, amount, requests }, (error, finished) => (error ? reject(error) : resolve(finished)));
    instance.on('response', (_client, _status, responseBytes, responseTimeMs) => {
      latenciesMs.push(responseTimeMs);
      drive.latenciesMs?.push(responseTimeMs);
      bytes += responseBytes;
      lastResponse = performance.now();
    });
  });

  if (result.non2xx || result.errors || result.timeouts || result.resets || result['2xx'] !== amount || latenciesMs.length !== amount) {
    throw new Error(
      [
        `${drive.who} run was not clean: ${result['2xx']} of ${amount} events answered 2xx, ${result.non2xx} non-2xx, ` +
          `${result.errors} connection errors, ${result.timeouts} timeouts, ${result.resets} resets`,
        `status codes: ${JSON.stringify(result.statusCodeStats ?? {})}`,
        ...failures,
      ].join('\n'),
    );
  }
  return { ...measurement(latenciesMs, (lastResponse - started) / 1000), bytesPerEvent: bytes / amount };
}

/** Every driven clause must have ended with vite claimed (workflow version 3: viteClaimed) and its full history: a 200 alone proves nothing about what was stored. */
export async function checkViteClaimed(pool: pg.Pool, clauseIds: string[]): Promise<void> {
  const { rows } = await pool.query<{ n: string }>(
    `select count(*) as n from clauses c
     where c.id = any($1) and c.state = 'viteClaimed' and c.version = $2
       and (select count(*) from clause_history h where h.clause_id = c.id) = $2`,
    [clauseIds, FINAL_VERSION],
  );
  if (Number(rows[0]!.n) !== clauseIds.length) {
    throw new Error(`only ${rows[0]!.n} of ${clauseIds.length} clauses ended with vite claimed at version ${FINAL_VERSION}`);
  }
}
