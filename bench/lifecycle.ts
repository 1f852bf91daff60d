/**
 * npm run bench:lifecycle [-- --clauses-per-connection N] [--json]   (npm run bench runs it, then the delivery benchmark)
 *
 * Drives clauses through the whole lifecycle over HTTP against PostgreSQL at
 * concurrency 16 and measures events/s with p50 and p99 latency. In the same
 * run it measures the baseline: as many raw `pg` transactions of the engine's
 * write shape (update the snapshot row with a version check, insert one
 * history row) at the same concurrency, and prints the ratio of the two.
 * Goal: the engine reaches at least half the baseline with p99 under 50 ms.
 *
 * Everything runs in a scratch database that is dropped afterwards, also on
 * Ctrl-C. Any non-2xx answer or failed transaction fails the run (exit 1); a
 * missed goal does not, since the figures are a measurement.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { cpuPerOperation, sampleCpu, type CpuPerOperation } from './cpu.ts';
import { measurement, type Measurement, type Party, postJson, progress, run, type Seed, seededScratchDatabase, startServer, undo } from './support.ts';

const CONNECTIONS = 16;
const DEFAULT_CLAUSES_PER_CONNECTION = 20;
const GOAL_RATIO = 0.5;
const GOAL_P99_MS = 50;

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
const lifecycle = (contractorOrgId: string): Array<[Party, { type: string } & Record<string, unknown>]> => [
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
const EVENTS_PER_CLAUSE = lifecycle('').length;
/** The clause version once CREATE and every lifecycle event are in its history. */
const FINAL_VERSION = 1 + EVENTS_PER_CLAUSE;

/** One tender with `count` placements clauses in draft, drafted over HTTP by CONNECTIONS parallel callers. */
async function draftClauses(baseUrl: string, officerKey: string, count: number): Promise<string[]> {
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

// ── Measurement ───────────────────────────────────────────────────────────

/**
 * Sends every lifecycle event to every clause over CONNECTIONS keep-alive
 * connections, one request in flight per connection. Each connection walks one
 * clause at a time through all its events; autocannon clears a connection's
 * context when its request list wraps, and the first request then takes the
 * next unused clause, so no two connections ever touch the same clause.
 */
async function driveLifecycles(baseUrl: string, seeded: Seed, clauseIds: string[]): Promise<Measurement> {
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
      return { ...request, path: `/api/v1/clauses/${walk.clauseId}/events` };
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
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url: baseUrl, connections: CONNECTIONS, amount, requests }, (error, finished) => (error ? reject(error) : resolve(finished)));
    instance.on('response', (_client, _status, _bytes, responseTimeMs) => {
      latenciesMs.push(responseTimeMs);
      lastResponse = performance.now();
    });
  });

  if (result.non2xx || result.errors || result.timeouts || result.resets || result['2xx'] !== amount || latenciesMs.length !== amount) {
    throw new Error(
      [
        `the engine run was not clean: ${result['2xx']} of ${amount} events answered 2xx, ${result.non2xx} non-2xx, ` +
          `${result.errors} connection errors, ${result.timeouts} timeouts, ${result.resets} resets`,
        `status codes: ${JSON.stringify(result.statusCodeStats ?? {})}`,
        ...failures,
      ].join('\n'),
    );
  }
  return measurement(latenciesMs, (lastResponse - started) / 1000);
}

/** Every driven clause must have ended with vite claimed (workflow version 3: viteClaimed) and its full history: a 200 alone proves nothing about what was stored. */
async function checkViteClaimed(pool: pg.Pool, clauseIds: string[]): Promise<void> {
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

interface ClauseWrite {
  /** $1–$9 of UPDATE_CLAUSE: the clause's columns as the engine last wrote them. */
  columns: unknown[];
  /** $3–$9 of INSERT_HISTORY, one entry per lifecycle event: type, payload, actor and states. */
  events: unknown[][];
}

/**
 * The write an accepted event makes (src/engine/apply.ts with updateClauseIfVersion
 * of src/db/clauses.ts) as the plain transaction the issue names: the same
 * columns, the same version check, RETURNING * as its returningAll(), and the
 * history row. (The engine sends both as one statement.)
 */
const UPDATE_CLAUSE = `update clauses set snapshot = $1, language = $2, params = $3, text = $4, state = $5, top_state = $6,
  target = $7, contract = $8, contractor_org_id = $9, version = $10, updated_at = $11
  where id = $12 and version = $13 returning *`;
const INSERT_HISTORY = `insert into clause_history
  (clause_id, seq, type, payload, actor_user_id, actor_role, actor_org_id, from_state, to_state, at, request_id)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`;

/**
 * The values the baseline writes, taken from the driven clauses themselves: each
 * clause's final row and the history rows of its lifecycle events, so the jsonb
 * sent is as large as the engine's.
 */
async function loadClauseWrites(pool: pg.Pool, clauseIds: string[]): Promise<Map<string, ClauseWrite>> {
  const clauses = await pool.query(
    `select id, snapshot, language, params, text, state, top_state, target, contract, contractor_org_id from clauses where id = any($1)`,
    [clauseIds],
  );
  const history = await pool.query(
    `select clause_id, type, payload, actor_user_id, actor_role, actor_org_id, from_state, to_state
     from clause_history where clause_id = any($1) and seq > 1 order by clause_id, seq`,
    [clauseIds],
  );
  const writes = new Map<string, ClauseWrite>();
  // jsonb goes over the wire as JSON text, as Kysely's json() sends it.
  const jsonb = (value: unknown) => JSON.stringify(value);
  for (const c of clauses.rows) {
    const columns = [jsonb(c.snapshot), c.language, jsonb(c.params), c.text, c.state, c.top_state, jsonb(c.target), jsonb(c.contract), c.contractor_org_id];
    writes.set(c.id, { columns, events: [] });
  }
  for (const h of history.rows) {
    writes.get(h.clause_id)!.events.push([h.type, jsonb(h.payload), h.actor_user_id, h.actor_role, h.actor_org_id, h.from_state, h.to_state]);
  }
  return writes;
}

/**
 * As many transactions as the engine run had events, on CONNECTIONS workers
 * sharing a pool of CONNECTIONS. Worker w owns clauses w, w + 16, … and writes
 * each as many times as the lifecycle has events, so no two workers contend.
 * A transaction's latency includes taking a connection from the pool, as the
 * engine's does.
 */
async function rawBaseline(pool: pg.Pool, clauseIds: string[]): Promise<Measurement> {
  const writes = await loadClauseWrites(pool, clauseIds);
  const latenciesMs: number[] = [];

  const transaction = async (clauseId: string, write: ClauseWrite, expectedVersion: number, event: unknown[]) => {
    const started = performance.now();
    const client = await pool.connect();
    try {
      await client.query('begin');
      const now = new Date();
      const updated = await client.query(UPDATE_CLAUSE, [...write.columns, expectedVersion + 1, now, clauseId, expectedVersion]);
      if (updated.rowCount !== 1) throw new Error(`baseline: clause ${clauseId} was not at version ${expectedVersion}`);
      await client.query(INSERT_HISTORY, [clauseId, expectedVersion + 1, ...event, now, randomUUID()]);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
    latenciesMs.push(performance.now() - started);
  };

  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, worker) => {
      for (let i = worker; i < clauseIds.length; i += CONNECTIONS) {
        const clauseId = clauseIds[i]!;
        const write = writes.get(clauseId)!;
        // The driven clauses stand at FINAL_VERSION; each write moves one on.
        for (const [step, event] of write.events.entries()) await transaction(clauseId, write, FINAL_VERSION + step, event);
      }
    }),
  );
  return measurement(latenciesMs, (performance.now() - started) / 1000);
}

// ── Report ────────────────────────────────────────────────────────────────

interface Report {
  postgres: string;
  connections: number;
  clauses: number;
  eventsPerClause: number;
  warmUpClauses: number;
  engine: Measurement;
  baseline: Measurement;
  ratio: number;
  /** CPU per event (engine) and per transaction (baseline), where the machine lets it be read: what bounds the ratio when the cores are few. */
  cpu: { cores: number; engine: CpuPerOperation; baseline: CpuPerOperation };
  goals: {
    throughput: { minRatio: number; ratio: number; met: boolean };
    p99: { maxMs: number; ms: number; met: boolean };
  };
}

function printReport(report: Report): void {
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const perSecond = (value: number) => Math.round(value).toString();
  const met = (ok: boolean) => (ok ? 'met' : 'NOT MET');
  const row = (cells: string[]) => `  ${cells[0]!.padEnd(32)}${cells[1]!.padStart(14)}${cells[2]!.padStart(11)}${cells[3]!.padStart(11)}`;
  const { engine, baseline, goals, cpu } = report;
  const cpuMs = (value: number | undefined) => (value === undefined ? '–' : value.toFixed(2));
  const cpuRow = (cells: string[]) => `  ${cells[0]!.padEnd(32)}${cells[1]!.padStart(14)}${cells[2]!.padStart(11)}${cells[3]!.padStart(15)}`;
  console.log(
    [
      `Klausul lifecycle benchmark: PostgreSQL ${report.postgres}, concurrency ${report.connections}`,
      `  ${report.clauses} clauses × ${report.eventsPerClause} events (PUBLISH … CLAIM_VITE) = ${engine.count} events, ` +
        `after a warm-up of ${report.warmUpClauses} clauses`,
      '',
      row(['', 'per second', 'p50', 'p99']),
      row([`engine over HTTP (${engine.count} events)`, perSecond(engine.perSecond), ms(engine.p50Ms), ms(engine.p99Ms)]),
      row([`raw pg baseline (${baseline.count} tx)`, perSecond(baseline.perSecond), ms(baseline.p50Ms), ms(baseline.p99Ms)]),
      '',
      `  engine / baseline: ${report.ratio.toFixed(2)}`,
      '',
      cpuRow([`CPU ms per event, ${cpu.cores} cores`, 'server', 'PostgreSQL', 'bench process']),
      cpuRow(['engine over HTTP', cpuMs(cpu.engine.serverMs), cpuMs(cpu.engine.postgresMs), cpuMs(cpu.engine.benchmarkProcessMs)]),
      cpuRow(['raw pg baseline', '', cpuMs(cpu.baseline.postgresMs), cpuMs(cpu.baseline.benchmarkProcessMs)]),
      '',
      'Goals',
      `  throughput ≥ ${goals.throughput.minRatio} × baseline   ${goals.throughput.ratio.toFixed(2).padStart(8)}   ${met(goals.throughput.met)}`,
      `  engine p99 < ${goals.p99.maxMs} ms            ${ms(goals.p99.ms).padStart(8)}   ${met(goals.p99.met)}`,
    ].join('\n'),
  );
}

// ── Main ──────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'clauses-per-connection': { type: 'string', default: String(DEFAULT_CLAUSES_PER_CONNECTION) },
      json: { type: 'boolean', default: false },
    },
  });
  const clausesPerConnection = Number(values['clauses-per-connection']);
  if (!Number.isInteger(clausesPerConnection) || clausesPerConnection < 1) {
    throw new Error('--clauses-per-connection takes a whole number of at least 1');
  }

  const { databaseUrl, seeded } = await seededScratchDatabase();
  const server = await startServer(databaseUrl);
  progress(`server at ${server.baseUrl}`);

  // One lifecycle per connection first, so JIT compilation and pool start-up stay out of the figures.
  const warmUpCount = CONNECTIONS;
  const ids = await draftClauses(server.baseUrl, seeded.keys.officer, warmUpCount + CONNECTIONS * clausesPerConnection);
  const warmUpIds = ids.slice(0, warmUpCount);
  const measuredIds = ids.slice(warmUpCount);
  progress(`drafted ${ids.length} clauses; warming up`);
  await driveLifecycles(server.baseUrl, seeded, warmUpIds);
  progress(`driving ${measuredIds.length} clauses through ${EVENTS_PER_CLAUSE} events each`);
  const engineCpuBefore = sampleCpu(server.pid);
  const engine = await driveLifecycles(server.baseUrl, seeded, measuredIds);
  const engineCpu = cpuPerOperation(engineCpuBefore, sampleCpu(server.pid), engine.count);
  // The baseline runs with the server stopped, so neither measurement shares the machine with the other.
  await server.stop();

  const pool = new pg.Pool({ connectionString: databaseUrl, max: CONNECTIONS });
  pool.on('error', () => {}); // an idle client losing its server is reported by the next query
  undo.push(() => pool.end());
  await checkViteClaimed(pool, ids);
  progress('raw pg baseline; warming up');
  await rawBaseline(pool, warmUpIds);
  const baselineCpuBefore = sampleCpu();
  const baseline = await rawBaseline(pool, measuredIds);
  const baselineCpu = cpuPerOperation(baselineCpuBefore, sampleCpu(), baseline.count);
  const postgres = (await pool.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;

  const ratio = engine.perSecond / baseline.perSecond;
  const report: Report = {
    postgres,
    connections: CONNECTIONS,
    clauses: measuredIds.length,
    eventsPerClause: EVENTS_PER_CLAUSE,
    warmUpClauses: warmUpCount,
    engine,
    baseline,
    ratio,
    cpu: { cores: availableParallelism(), engine: engineCpu, baseline: baselineCpu },
    goals: {
      throughput: { minRatio: GOAL_RATIO, ratio, met: ratio >= GOAL_RATIO },
      p99: { maxMs: GOAL_P99_MS, ms: engine.p99Ms, met: engine.p99Ms < GOAL_P99_MS },
    },
  };
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else printReport(report);
}

await run(main);
