/**
 * npm run bench:plan-rounds [-- --seconds N] [--lone-events N] [--json]
 *
 * The plan-round scenario of issue 24: 16 callers, each with two awarded
 * clauses of its own, alternate SUBMIT_PLAN (as the contractor) and
 * REQUEST_PLAN_CHANGES (as the officer) on them for a fixed time (8 s by
 * default, after a warm-up). It prints events/s, p50 and p99, the CPU per
 * event of the server, of the PostgreSQL backends serving the benchmark's
 * database (not the rest of the machine's PostgreSQL) and of this process,
 * and the answers' size at the start and the end of the run.
 *
 * Then one caller alone drives two fresh clauses round after round up to
 * version 600 (--lone-events): what a clause's 6th event costs against its
 * 600th, in latency (median over versions 6–15 and 591–600), in answer and
 * stored snapshot bytes, and in CPU per event (versions 6–105 against
 * 501–600). Bytes and CPU per event do not depend on what else the machine
 * runs; latencies do.
 *
 * Everything runs in a scratch database that is dropped afterwards, also on
 * Ctrl-C. Any non-200 answer fails the run (exit 1).
 */
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { CONNECTIONS, draftClauses } from './clause-lifecycle.ts';
import { cpuWindow, type CpuPerOperation } from './cpu.ts';
import { measurement, type Measurement, percentile, progress, run, type Seed, seededScratchDatabase, startServer, undo } from './support.ts';

const DEFAULT_SECONDS = 8;
const DEFAULT_LONE_EVENTS = 600;
const WARM_UP_ROUNDS = 5;
const LONE_CLAUSES = 2;
/** The clause's version once CREATE, PUBLISH and AWARD are in its history: plan rounds start after it. */
const AWARDED_VERSION = 3;
const GOAL_P99_MS = 50;
const GOAL_SERVER_CPU_MS = 1.0;

interface Sent {
  ms: number;
  bytes: number;
}

/** A clause in plan rounds: the next event alternates between the contractor's plan and the officer's request for changes. */
interface RoundClause {
  id: string;
  version: number;
}

function nextEvent(seeded: Seed, clause: RoundClause): { key: string; body: Record<string, unknown> } {
  // From the awarded version on, odd steps submit (awaitingPlan) and even steps send the plan back (planReview).
  const round = Math.floor((clause.version - AWARDED_VERSION) / 2) + 1;
  return (clause.version - AWARDED_VERSION) % 2 === 0
    ? {
        key: seeded.keys.contractor,
        body: { type: 'SUBMIT_PLAN', description: `Tre praktikplatser inom måleri, omgång ${round}`, firstPlacementBy: '2030-05-01' },
      }
    : { key: seeded.keys.officer, body: { type: 'REQUEST_PLAN_CHANGES', reason: `Ange yrken och startdatum för varje plats (omgång ${round})` } };
}

async function send(baseUrl: string, seeded: Seed, clause: RoundClause): Promise<Sent> {
  const { key, body } = nextEvent(seeded, clause);
  const started = performance.now();
  const response = await fetch(`${baseUrl}/api/v1/clauses/${clause.id}/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`${body.type} on ${clause.id} at version ${clause.version} answered ${response.status}: ${text.slice(0, 300)}`);
  clause.version++;
  return { ms, bytes: Buffer.byteLength(text) };
}

async function award(baseUrl: string, seeded: Seed, ids: string[]): Promise<RoundClause[]> {
  const post = async (id: string, body: Record<string, unknown>) => {
    const response = await fetch(`${baseUrl}/api/v1/clauses/${id}/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${seeded.keys.officer}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 200) throw new Error(`${body.type} on ${id} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
    await response.arrayBuffer();
  };
  await Promise.all(
    ids.map(async (id) => {
      await post(id, { type: 'PUBLISH' });
      await post(id, { type: 'AWARD', contractorOrgId: seeded.contractorOrgId, contractValueSek: 12_000_000, startDate: '2030-03-01', endDate: '2031-02-28' });
    }),
  );
  return ids.map((id) => ({ id, version: AWARDED_VERSION }));
}

const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

interface ConcurrentFigures extends Measurement {
  cpu: CpuPerOperation;
  /** Median answer bytes of each clause's first and last event in the measured run. */
  answerBytesAtStart: number;
  answerBytesAtEnd: number;
  /** The clauses' median version at the end of the run. */
  versionAtEnd: number;
}

async function concurrentRounds(
  baseUrl: string,
  seeded: Seed,
  pool: pg.Pool,
  serverPid: number,
  clauses: RoundClause[],
  seconds: number,
): Promise<ConcurrentFigures> {
  const latenciesMs: number[] = [];
  const first = new Map<string, number>();
  const last = new Map<string, number>();
  const cpu = await cpuWindow(pool, serverPid);
  const started = performance.now();
  const until = started + seconds * 1000;
  let lastResponse = started;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, caller) => {
      const own = [clauses[2 * caller]!, clauses[2 * caller + 1]!];
      while (performance.now() < until) {
        for (const clause of own) {
          const sent = await send(baseUrl, seeded, clause);
          latenciesMs.push(sent.ms);
          if (!first.has(clause.id)) first.set(clause.id, sent.bytes);
          last.set(clause.id, sent.bytes);
          lastResponse = performance.now();
        }
      }
    }),
  );
  const elapsed = (lastResponse - started) / 1000;
  return {
    ...measurement(latenciesMs, elapsed),
    cpu: await cpu(latenciesMs.length),
    answerBytesAtStart: median([...first.values()]),
    answerBytesAtEnd: median([...last.values()]),
    versionAtEnd: median(clauses.map((c) => c.version)),
  };
}

interface AtVersion {
  /** Median latency over ten versions from here, of every lone clause. */
  medianMs: number;
  answerBytes: number;
  snapshotBytes: number;
  /** CPU per event over a hundred events from here. */
  cpu: CpuPerOperation;
}

interface LoneFigures {
  clauses: number;
  early: AtVersion & { versions: string };
  late: AtVersion & { versions: string };
}

/** One caller alone drives fresh clauses to `lastVersion`, interleaved, and compares their early events with their last. */
async function loneRounds(baseUrl: string, seeded: Seed, pool: pg.Pool, serverPid: number, clauses: RoundClause[], lastVersion: number): Promise<LoneFigures> {
  const earlyFrom = 6;
  const lateFrom = lastVersion - 99;
  const latency = new Map<number, number[]>();
  const bytes = new Map<number, number[]>();
  const snapshotBytes = async () =>
    median(
      (await pool.query<{ n: number }>('select octet_length(snapshot::text) as n from clauses where id = any($1)', [clauses.map((c) => c.id)])).rows.map(
        (r) => r.n,
      ),
    );
  let window: ((events: number) => Promise<CpuPerOperation>) | undefined;
  const cpu: Record<number, CpuPerOperation> = {};
  const snapshots: Record<number, number> = {};
  // The versions whose figures are kept: a hundred events of CPU from each window's start.
  for (let version = AWARDED_VERSION + 1; version <= lastVersion; version++) {
    if (version === earlyFrom || version === lateFrom) window = await cpuWindow(pool, serverPid);
    for (const clause of clauses) {
      const sent = await send(baseUrl, seeded, clause);
      if (!latency.has(version)) latency.set(version, []);
      latency.get(version)!.push(sent.ms);
      if (!bytes.has(version)) bytes.set(version, []);
      bytes.get(version)!.push(sent.bytes);
    }
    if (version === earlyFrom) snapshots[earlyFrom] = await snapshotBytes();
    if (version === lastVersion) snapshots[lateFrom] = await snapshotBytes();
    if (window && (version === earlyFrom + 99 || version === lastVersion)) {
      cpu[version === lastVersion ? lateFrom : earlyFrom] = await window(100 * clauses.length);
      window = undefined;
    }
    if ((version - AWARDED_VERSION) % 100 === 0) progress(`lone caller: version ${version} of ${lastVersion}`);
  }
  // Latency over ten versions from `from`; bytes at `answerVersion`; CPU and snapshot of the window starting at `window`.
  const at = (from: number, answerVersion: number, windowFrom: number): AtVersion => ({
    medianMs: median(Array.from({ length: 10 }, (_, i) => latency.get(from + i) ?? []).flat()),
    answerBytes: median(bytes.get(answerVersion)!),
    snapshotBytes: snapshots[windowFrom]!,
    cpu: cpu[windowFrom]!,
  });
  return {
    clauses: clauses.length,
    early: { versions: `${earlyFrom}–${earlyFrom + 9}`, ...at(earlyFrom, earlyFrom, earlyFrom) },
    late: { versions: `${lastVersion - 9}–${lastVersion}`, ...at(lastVersion - 9, lastVersion, lateFrom) },
  };
}

interface Report {
  postgres: string;
  callers: number;
  clauses: number;
  seconds: number;
  loadAverage: { before: number[]; after: number[] };
  cores: number;
  concurrent: ConcurrentFigures;
  lone: LoneFigures;
  goals: {
    p99: { maxMs: number; ms: number; met: boolean };
    serverCpu: { maxMsPerEvent: number; ms: number | undefined; met: boolean };
  };
}

function printReport(report: Report): void {
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const cpuMs = (value: number | undefined) => (value === undefined ? '–' : value.toFixed(2));
  const kb = (value: number) => `${(value / 1024).toFixed(1)} KB`;
  const met = (ok: boolean) => (ok ? 'met' : 'NOT MET');
  const { concurrent: c, lone, goals } = report;
  const row = (cells: string[]) =>
    `  ${cells[0]!.padEnd(30)}${cells
      .slice(1)
      .map((cell) => cell.padStart(14))
      .join('')}`;
  console.log(
    [
      `Klausul plan-round benchmark: PostgreSQL ${report.postgres}, ${report.callers} callers × 2 clauses, ${report.cores} cores`,
      `  load average ${report.loadAverage.before.map((l) => l.toFixed(2)).join(' ')} before, ${report.loadAverage.after.map((l) => l.toFixed(2)).join(' ')} after`,
      '',
      `  ${c.count} events in ${c.seconds.toFixed(1)} s: ${Math.round(c.perSecond)} events/s, p50 ${ms(c.p50Ms)}, p99 ${ms(c.p99Ms)}`,
      `  CPU ms per event: server ${cpuMs(c.cpu.serverMs)} (${cpuMs(c.cpu.serverSystemMs)} in the kernel), PostgreSQL (this database's backends) ${cpuMs(c.cpu.postgresMs)}, callers ${cpuMs(c.cpu.benchmarkProcessMs)}`,
      `  answer ${kb(c.answerBytesAtStart)} at the start, ${kb(c.answerBytesAtEnd)} at the end (clauses at version ${c.versionAtEnd})`,
      '',
      `  One caller alone, ${lone.clauses} clauses interleaved:`,
      row(['', `versions ${lone.early.versions}`, `${lone.late.versions}`]),
      row(['median latency', ms(lone.early.medianMs), ms(lone.late.medianMs)]),
      row(['answer', kb(lone.early.answerBytes), kb(lone.late.answerBytes)]),
      row(['stored snapshot', kb(lone.early.snapshotBytes), kb(lone.late.snapshotBytes)]),
      row(['server CPU ms/event (100 ev.)', cpuMs(lone.early.cpu.serverMs), cpuMs(lone.late.cpu.serverMs)]),
      row(['PostgreSQL CPU ms/event', cpuMs(lone.early.cpu.postgresMs), cpuMs(lone.late.cpu.postgresMs)]),
      '',
      'Goals',
      `  p99 < ${goals.p99.maxMs} ms                 ${ms(goals.p99.ms).padStart(9)}   ${met(goals.p99.met)}`,
      `  server CPU ≤ ${goals.serverCpu.maxMsPerEvent} ms/event       ${cpuMs(goals.serverCpu.ms).padStart(9)}   ${met(goals.serverCpu.met)}`,
    ].join('\n'),
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: String(DEFAULT_SECONDS) },
      'lone-events': { type: 'string', default: String(DEFAULT_LONE_EVENTS) },
      json: { type: 'boolean', default: false },
    },
  });
  const seconds = Number(values.seconds);
  const lastVersion = Number(values['lone-events']);
  if (!(seconds > 0)) throw new Error('--seconds takes a number above 0');
  if (!Number.isInteger(lastVersion) || lastVersion < 120) throw new Error('--lone-events takes a whole number of at least 120');

  const loadBefore = loadavg();
  const { databaseUrl, seeded } = await seededScratchDatabase();
  const server = await startServer(databaseUrl);
  progress(`server at ${server.baseUrl}`);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  pool.on('error', () => {});
  undo.push(() => pool.end());

  const ids = await draftClauses(server.baseUrl, seeded.keys.officer, 2 * CONNECTIONS + LONE_CLAUSES);
  const clauses = await award(server.baseUrl, seeded, ids.slice(0, 2 * CONNECTIONS));
  progress(`awarded ${clauses.length} clauses; warming up with ${WARM_UP_ROUNDS} plan rounds each`);
  await Promise.all(
    clauses.map(async (clause) => {
      for (let i = 0; i < 2 * WARM_UP_ROUNDS; i++) await send(server.baseUrl, seeded, clause);
    }),
  );
  progress(`${CONNECTIONS} callers for ${seconds} s`);
  const concurrent = await concurrentRounds(server.baseUrl, seeded, pool, server.pid, clauses, seconds);
  progress(`one caller to version ${lastVersion}`);
  const lone = await loneRounds(server.baseUrl, seeded, pool, server.pid, await award(server.baseUrl, seeded, ids.slice(2 * CONNECTIONS)), lastVersion);
  const postgres = (await pool.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;

  const report: Report = {
    postgres,
    callers: CONNECTIONS,
    clauses: clauses.length,
    seconds,
    loadAverage: { before: loadBefore, after: loadavg() },
    cores: availableParallelism(),
    concurrent,
    lone,
    goals: {
      p99: { maxMs: GOAL_P99_MS, ms: concurrent.p99Ms, met: concurrent.p99Ms < GOAL_P99_MS },
      serverCpu: {
        maxMsPerEvent: GOAL_SERVER_CPU_MS,
        ms: concurrent.cpu.serverMs,
        met: concurrent.cpu.serverMs !== undefined && concurrent.cpu.serverMs <= GOAL_SERVER_CPU_MS,
      },
    },
  };
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else printReport(report);
}

await run(main);
