/**
 * npm run bench:peer [-- --clauses-per-connection N] [--rounds N] [--idempotency-keys] [--json]
 *
 * Klausul side by side with a peer built on DBOS Transact (bench/peer-dbos.ts:
 * what it does and does not do is in its header). One server process
 * (bench/peer-server.ts) serves both from the same Hono app on the same
 * PostgreSQL; the clause lifecycle of bench:lifecycle is driven at concurrency
 * 16 against Klausul's events route and the peer's, a warm-up each, then in
 * alternating rounds (Klausul, peer, Klausul, peer, …) over fresh clauses
 * drafted through Klausul's API. It prints both, their ratio (Klausul's
 * events/s over the peer's) and the server's CPU per event; PostgreSQL's CPU
 * is reported separately (every postgres process on the machine, so other
 * work on it counts too). With --idempotency-keys every event carries a new
 * Idempotency-Key, on both sides: Klausul stores its answer, DBOS takes it as
 * the workflow ID. Goal: Klausul at least 1.5 × the peer's throughput at a
 * lower p99.
 *
 * Both sides must leave every clause with vite claimed and its full history,
 * and the same rows per clause (history with its hash, outbox, deadlines,
 * progress); every peer event must be a workflow DBOS recorded as succeeded.
 * Both databases (the application's and DBOS's system database) are scratch
 * databases dropped afterwards, also on Ctrl-C. Any non-2xx answer or failed
 * check fails the run (exit 1); a missed goal does not.
 */
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { CONNECTIONS, checkViteClaimed, type Drive, draftClauses, driveLifecycles, EVENTS_PER_CLAUSE } from './clause-lifecycle.ts';
import { cpuPerOperation, sampleCpu } from './cpu.ts';
import { PEER_NAME, peerEventsPath } from './peer-dbos.ts';
import {
  createScratchDatabase,
  DEFAULT_DATABASE_URL,
  measurement,
  progress,
  run,
  type Seed,
  seededScratchDatabase,
  type Server,
  startServer,
  undo,
} from './support.ts';

const DEFAULT_CLAUSES_PER_CONNECTION = 10;
const DEFAULT_ROUNDS = 2;
const GOAL_RATIO = 1.5;

type Side = 'klausul' | 'peer';

interface SideFigures {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Server CPU (user + system) per event, from /proc: Klausul and the peer run in the same process, in turn. */
  cpuMsPerEvent: number | undefined;
  /** Every postgres process's CPU per event, apart from the server's. */
  postgresCpuMsPerEvent: number | undefined;
  events: number;
  bytesPerEvent: number;
}

interface Round {
  side: Side;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

interface Report {
  klausul: SideFigures;
  peer: SideFigures & { name: string };
  ratio: number;
  postgres: string;
  connections: number;
  cores: number;
  idempotencyKeys: boolean;
  rounds: Round[];
  goals: { throughput: { minRatio: number; ratio: number; met: boolean }; p99: { klausulMs: number; peerMs: number; met: boolean } };
}

/** One side's runs summed: all its latencies, its time, its CPU and bytes. */
class Tally {
  readonly latenciesMs: number[] = [];
  seconds = 0;
  bytes = 0;
  serverCpuMs = 0;
  postgresCpuMs: number | undefined = 0;

  constructor(
    readonly side: Side,
    readonly drive: Drive,
  ) {}

  async round(server: Server, seeded: Seed, clauseIds: string[]): Promise<Round> {
    const before = sampleCpu(server.pid);
    const driven = await driveLifecycles(server.baseUrl, seeded, clauseIds, { ...this.drive, latenciesMs: this.latenciesMs });
    const cpu = cpuPerOperation(before, sampleCpu(server.pid), 1);
    this.seconds += driven.seconds;
    this.bytes += driven.bytesPerEvent * driven.count;
    this.serverCpuMs += cpu.serverMs ?? Number.NaN;
    this.postgresCpuMs = cpu.postgresMs === undefined || this.postgresCpuMs === undefined ? undefined : this.postgresCpuMs + cpu.postgresMs;
    return { side: this.side, perSecond: driven.perSecond, p50Ms: driven.p50Ms, p99Ms: driven.p99Ms };
  }

  figures(): SideFigures {
    const m = measurement(this.latenciesMs, this.seconds);
    const perEvent = (ms: number | undefined) => (ms === undefined || Number.isNaN(ms) ? undefined : ms / m.count);
    return {
      perSecond: m.perSecond,
      p50Ms: m.p50Ms,
      p99Ms: m.p99Ms,
      cpuMsPerEvent: perEvent(this.serverCpuMs),
      postgresCpuMsPerEvent: perEvent(this.postgresCpuMs),
      events: m.count,
      bytesPerEvent: this.bytes / m.count,
    };
  }
}

const KLAUSUL: Drive = { who: 'Klausul', eventsPath: (clauseId) => `/api/v1/clauses/${clauseId}/events` };
const PEER: Drive = { who: `the peer (${PEER_NAME})`, eventsPath: peerEventsPath };

/**
 * What both sides must have stored alike: per clause, the same history rows (hashed by the trigger),
 * outbox rows, deadlines by key and status, and progress generation. Returns what a clause holds.
 */
async function checkSameRows(pool: pg.Pool, klausulIds: string[], peerIds: string[]): Promise<string> {
  const shapeOf = async (ids: string[]) => {
    const { rows } = await pool.query<{ shape: string; n: string }>(
      `select concat_ws(' | ',
         (select count(*) from clause_history h where h.clause_id = c.id and h.hash is not null and h.personal_digest is not null) || ' history rows hashed',
         (select count(*) from outbox o where o.clause_id = c.id) || ' outbox rows',
         (select string_agg(d.key || ' ' || d.status, ', ' order by d.key) from deadlines d where d.clause_id = c.id),
         'progress generation ' || (select p.generation from clause_progress p where p.clause_id = c.id)) as shape, count(*) as n
       from clauses c where c.id = any($1) group by 1`,
      [ids],
    );
    return rows;
  };
  const [klausul, peer] = [await shapeOf(klausulIds), await shapeOf(peerIds)];
  if (klausul.length !== 1 || peer.length !== 1 || klausul[0]!.shape !== peer[0]!.shape) {
    const list = (rows: Array<{ shape: string; n: string }>) => rows.map((r) => `  ${r.n} × ${r.shape}`).join('\n');
    throw new Error(`Klausul and the peer did not store the same rows per clause:\nKlausul\n${list(klausul)}\npeer\n${list(peer)}`);
  }
  return klausul[0]!.shape;
}

/** Every peer event ran as one DBOS workflow that DBOS recorded as succeeded. */
async function checkWorkflows(systemDatabaseUrl: string, events: number): Promise<void> {
  const client = new pg.Client({ connectionString: systemDatabaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ status: string; n: string }>(
      `select status, count(*) as n from dbos.workflow_status where name = 'clauseEvent' group by status`,
    );
    const succeeded = Number(rows.find((r) => r.status === 'SUCCESS')?.n ?? 0);
    if (succeeded !== events || rows.length !== 1) {
      throw new Error(`DBOS recorded ${JSON.stringify(rows)} clauseEvent workflows; expected ${events} SUCCESS`);
    }
  } finally {
    await client.end();
  }
}

function printReport(report: Report, stored: string): void {
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const cpu = (value: number | undefined) => (value === undefined ? '–' : value.toFixed(2));
  const row = (cells: string[]) =>
    `  ${cells[0]!.padEnd(24)}${cells[1]!.padStart(11)}${cells[2]!.padStart(10)}${cells[3]!.padStart(10)}${cells[4]!.padStart(13)}${cells[5]!.padStart(13)}${cells[6]!.padStart(11)}`;
  const side = (name: string, f: SideFigures) =>
    row([
      name,
      Math.round(f.perSecond).toString(),
      ms(f.p50Ms),
      ms(f.p99Ms),
      cpu(f.cpuMsPerEvent),
      cpu(f.postgresCpuMsPerEvent),
      Math.round(f.bytesPerEvent).toString(),
    ]);
  const met = (ok: boolean) => (ok ? 'met' : 'NOT MET');
  const { goals } = report;
  console.log(
    [
      `Klausul beside a ${report.peer.name} peer: PostgreSQL ${report.postgres}, concurrency ${report.connections}, ${report.cores} cores` +
        (report.idempotencyKeys ? ', an Idempotency-Key on every event' : ''),
      `  ${report.klausul.events} events a side (PUBLISH … CLAIM_VITE, ${EVENTS_PER_CLAUSE} per clause) in ${report.rounds.length / 2} rounds each, after a warm-up each`,
      `  each clause stored: ${stored}`,
      '',
      row(['', 'per second', 'p50', 'p99', 'server CPU', 'PostgreSQL', 'bytes']),
      row(['', '', '', '', 'ms/event', 'ms/event', '/answer']),
      side('Klausul', report.klausul),
      side(report.peer.name, report.peer),
      '',
      `  Klausul / peer: ${report.ratio.toFixed(2)}`,
      `  rounds: ${report.rounds.map((r) => `${r.side === 'klausul' ? 'K' : 'P'} ${Math.round(r.perSecond)}/s p99 ${r.p99Ms.toFixed(0)}`).join(', ')}`,
      '',
      'Goals',
      `  throughput ≥ ${goals.throughput.minRatio} × the peer's  ${goals.throughput.ratio.toFixed(2).padStart(8)}   ${met(goals.throughput.met)}`,
      `  p99 below the peer's         ${ms(goals.p99.klausulMs).padStart(8)} < ${ms(goals.p99.peerMs)}   ${met(goals.p99.met)}`,
    ].join('\n'),
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'clauses-per-connection': { type: 'string', default: String(DEFAULT_CLAUSES_PER_CONNECTION) },
      rounds: { type: 'string', default: String(DEFAULT_ROUNDS) },
      'idempotency-keys': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const clausesPerConnection = Number(values['clauses-per-connection']);
  const rounds = Number(values.rounds);
  for (const [flag, value] of [
    ['--clauses-per-connection', clausesPerConnection],
    ['--rounds', rounds],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} takes a whole number of at least 1`);
  }
  const headers = values['idempotency-keys'] ? () => ({ 'idempotency-key': randomUUID() }) : undefined;
  const tallies = { klausul: new Tally('klausul', { ...KLAUSUL, headers }), peer: new Tally('peer', { ...PEER, headers }) };

  const { databaseUrl, seeded } = await seededScratchDatabase();
  const systemDatabaseUrl = await createScratchDatabase(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
  progress(`DBOS system database ${new URL(systemDatabaseUrl).pathname.slice(1)}`);
  const server = await startServer(databaseUrl, { entry: 'bench/peer-server.ts', env: { PEER_SYSTEM_DATABASE_URL: systemDatabaseUrl } });
  progress(`server at ${server.baseUrl}`);

  const perRound = CONNECTIONS * clausesPerConnection;
  const ids = await draftClauses(server.baseUrl, seeded.keys.officer, 2 * CONNECTIONS + 2 * rounds * perRound);
  const taken = { klausul: [] as string[], peer: [] as string[] };
  const take = (side: Side, count: number) => {
    const slice = ids.splice(0, count);
    taken[side].push(...slice);
    return slice;
  };
  progress(`drafted ${ids.length} clauses; warming up both sides`);
  // The warm-ups go through the same paths but not into the figures.
  await driveLifecycles(server.baseUrl, seeded, take('klausul', CONNECTIONS), { ...KLAUSUL, headers });
  await driveLifecycles(server.baseUrl, seeded, take('peer', CONNECTIONS), { ...PEER, headers });
  const roundFigures: Round[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const side of ['klausul', 'peer'] as const) {
      progress(`round ${round} of ${rounds}: ${side}, ${perRound} clauses × ${EVENTS_PER_CLAUSE} events`);
      roundFigures.push(await tallies[side].round(server, seeded, take(side, perRound)));
    }
  }
  await server.stop();

  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  pool.on('error', () => {}); // an idle client losing its server is reported by the next query
  undo.push(() => pool.end());
  await checkViteClaimed(pool, taken.klausul);
  await checkViteClaimed(pool, taken.peer);
  const stored = await checkSameRows(pool, taken.klausul, taken.peer);
  await checkWorkflows(systemDatabaseUrl, taken.peer.length * EVENTS_PER_CLAUSE);
  const postgres = (await pool.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;

  const klausul = tallies.klausul.figures();
  const peer = { name: PEER_NAME, ...tallies.peer.figures() };
  const ratio = klausul.perSecond / peer.perSecond;
  const report: Report = {
    klausul,
    peer,
    ratio,
    postgres,
    connections: CONNECTIONS,
    cores: availableParallelism(),
    idempotencyKeys: values['idempotency-keys'],
    rounds: roundFigures,
    goals: {
      throughput: { minRatio: GOAL_RATIO, ratio, met: ratio >= GOAL_RATIO },
      p99: { klausulMs: klausul.p99Ms, peerMs: peer.p99Ms, met: klausul.p99Ms < peer.p99Ms },
    },
  };
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else printReport(report, stored);
}

await run(main);
