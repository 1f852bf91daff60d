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
import { randomUUID } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { CONNECTIONS, checkViteClaimed, type Drive, draftClauses, driveLifecycles, EVENTS_PER_CLAUSE, FINAL_VERSION } from './clause-lifecycle.ts';
import { cpuWindow, type CpuPerOperation } from './cpu.ts';
import { measurement, type Measurement, progress, run, seededScratchDatabase, startServer, undo } from './support.ts';

const DEFAULT_CLAUSES_PER_CONNECTION = 20;
const GOAL_RATIO = 0.5;
const GOAL_P99_MS = 50;

/** How the engine is driven: the API's events route. */
const ENGINE: Drive = { who: 'the engine', eventsPath: (clauseId) => `/api/v1/clauses/${clauseId}/events` };

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
  /** The machine's load average (1, 5, 15 minutes) before and after the run: other work on it moves every figure but the CPU per event. */
  loadAverage: { before: number[]; after: number[] };
  /** CPU per event (engine) and per transaction (baseline), where the machine lets it be read: what bounds the ratio when the cores are few. PostgreSQL's is its backends serving the benchmark's database. */
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
      `  load average ${report.loadAverage.before.map((l) => l.toFixed(2)).join(' ')} before, ${report.loadAverage.after.map((l) => l.toFixed(2)).join(' ')} after`,
      '',
      row(['', 'per second', 'p50', 'p99']),
      row([`engine over HTTP (${engine.count} events)`, perSecond(engine.perSecond), ms(engine.p50Ms), ms(engine.p99Ms)]),
      row([`raw pg baseline (${baseline.count} tx)`, perSecond(baseline.perSecond), ms(baseline.p50Ms), ms(baseline.p99Ms)]),
      '',
      `  engine / baseline: ${report.ratio.toFixed(2)}`,
      '',
      cpuRow([`CPU ms per event, ${cpu.cores} cores`, 'server', 'PostgreSQL', 'bench process']),
      cpuRow(['engine over HTTP', cpuMs(cpu.engine.serverMs), cpuMs(cpu.engine.postgresMs), cpuMs(cpu.engine.benchmarkProcessMs)]),
      cpuRow(['  of which the server in the kernel', cpuMs(cpu.engine.serverSystemMs), '', '']),
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

  const loadBefore = loadavg();
  const { databaseUrl, seeded } = await seededScratchDatabase();
  const server = await startServer(databaseUrl);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: CONNECTIONS });
  pool.on('error', () => {}); // an idle client losing its server is reported by the next query
  undo.push(() => pool.end());
  progress(`server at ${server.baseUrl}`);

  // One lifecycle per connection first, so JIT compilation and pool start-up stay out of the figures.
  const warmUpCount = CONNECTIONS;
  const ids = await draftClauses(server.baseUrl, seeded.keys.officer, warmUpCount + CONNECTIONS * clausesPerConnection);
  const warmUpIds = ids.slice(0, warmUpCount);
  const measuredIds = ids.slice(warmUpCount);
  progress(`drafted ${ids.length} clauses; warming up`);
  await driveLifecycles(server.baseUrl, seeded, warmUpIds, ENGINE);
  progress(`driving ${measuredIds.length} clauses through ${EVENTS_PER_CLAUSE} events each`);
  const engineCpuWindow = await cpuWindow(pool, server.pid);
  const engine = await driveLifecycles(server.baseUrl, seeded, measuredIds, ENGINE);
  const engineCpu = await engineCpuWindow(engine.count);
  // The baseline runs with the server stopped, so neither measurement shares the machine with the other.
  await server.stop();

  await checkViteClaimed(pool, ids);
  progress('raw pg baseline; warming up');
  await rawBaseline(pool, warmUpIds);
  const baselineCpuWindow = await cpuWindow(pool);
  const baseline = await rawBaseline(pool, measuredIds);
  const baselineCpu = await baselineCpuWindow(baseline.count);
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
    loadAverage: { before: loadBefore, after: loadavg() },
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
