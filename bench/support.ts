/**
 * What the benchmarks share: a scratch PostgreSQL database that is dropped
 * afterwards (also on Ctrl-C or a crash), seeded parties, `klausul serve` as
 * its own process, and latency figures.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openStore } from '../src/db/create-db.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { addOrganisation, addUser } from '../src/engine/admin.ts';
import { systemClock } from '../src/engine/clock.ts';
import { startServerProcess } from '../test/support/server-process.ts';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

export type Party = 'officer' | 'auditor' | 'contractor';

export interface Seed {
  keys: Record<Party, string>;
  contractorOrgId: string;
}

export interface Measurement {
  count: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

// ── Clean-up ──────────────────────────────────────────────────────────────

/** Undo steps, run last in, first out, exactly once: after the run, after a failure, or on Ctrl-C. */
export const undo: Array<() => Promise<unknown>> = [];
let cleaning: Promise<void> | undefined;

export function cleanUp(): Promise<void> {
  // biome-ignore lint/suspicious/noAssignInExpressions: the first call starts the clean-up, later calls wait for it
  return (cleaning ??= (async () => {
    for (const step of undo.splice(0).reverse()) {
      try {
        await step();
      } catch (error) {
        console.error(`clean-up: ${(error as Error).message}`);
      }
    }
  })());
}

// Ctrl-C reaches this process twice, from the terminal and relayed by tsx: a second signal must not end it mid-clean-up.
let signalled = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (signalled) return;
    signalled = true;
    console.error(`\n${signal}: stopping the server and dropping the scratch database`);
    void cleanUp().finally(() => process.exit(128 + constants.signals[signal]));
  });
}

// A throw inside autocannon's socket callbacks bypasses main's try/finally.
process.once('uncaughtException', (error) => {
  console.error(`bench failed: ${error.stack ?? error.message}`);
  void cleanUp().finally(() => process.exit(1));
});

export const progress = (message: string) => console.error(`· ${message}`);

// ── Set-up ────────────────────────────────────────────────────────────────

async function adminQuery(databaseUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Creates a scratch database next to the one DATABASE_URL names and returns its URL; cleanUp drops it unless told to keep it. */
export async function createScratchDatabase(baseUrl: string, options: { keep?: boolean } = {}): Promise<string> {
  const name = `klausul_bench_${randomBytes(6).toString('hex')}`;
  await adminQuery(baseUrl, `create database ${name}`);
  // FORCE (PostgreSQL 13+) ends sessions a crashed or killed server left behind.
  if (!options.keep) undo.push(() => adminQuery(baseUrl, `drop database if exists ${name} with (force)`));
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Migrates and seeds a buyer with an officer and an auditor and a supplier with
 * a contractor. Seeding before the server starts also keeps it from seeding its demo.
 */
export async function seed(databaseUrl: string): Promise<Seed> {
  const store = await openStore({ databaseUrl, poolSize: 2 });
  try {
    await migrateToLatest(store.db);
    const deps = { db: store.db, clock: systemClock };
    const buyer = await addOrganisation(deps, { name: 'Bänkhem AB', kind: 'buyer' });
    const supplier = await addOrganisation(deps, { name: 'Bänkbygg AB', kind: 'supplier' });
    const key = async (orgId: string, role: Party, name: string) => (await addUser(deps, { orgId, role, name })).apiKey;
    return {
      keys: {
        officer: await key(buyer.id, 'officer', 'Bänk Officer'),
        auditor: await key(buyer.id, 'auditor', 'Bänk Auditor'),
        contractor: await key(supplier.id, 'contractor', 'Bänk Contractor'),
      },
      contractorOrgId: supplier.id,
    };
  } finally {
    await store.close();
  }
}

export interface Server {
  baseUrl: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * `klausul serve` as its own process, so the engine does not share an event loop with the load generator;
 * or another entry that serves Klausul (bench/peer-server.ts), with settings of its own.
 */
export async function startServer(databaseUrl: string, other?: { entry: string; env: Record<string, string> }): Promise<Server> {
  // KLAUSUL_NOW stays cleared because NODE_ENV=production refuses it.
  // BENCH_SERVER_CPU_PROF=<directory>: the server writes a V8 CPU profile there when it stops (node --cpu-prof).
  const profile = process.env.BENCH_SERVER_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SERVER_CPU_PROF}`] : [];
  const server = await startServerProcess({ ...other?.env, DATABASE_URL: databaseUrl, NODE_ENV: 'production' }, other?.entry, profile);
  undo.push(server.stop);
  const health = await fetch(`${server.base}/health`);
  if (health.status !== 200) throw new Error(`/health answered ${health.status}`);
  return { baseUrl: server.base, pid: server.child.pid!, stop: server.stop };
}

/** Sends a request and returns its JSON answer; any other status than expected fails the run. */
export async function request<T = { id: string }>(
  baseUrl: string,
  apiKey: string,
  path: string,
  init: { body?: unknown; csv?: string; expect?: number } = {},
): Promise<T> {
  const body = init.csv ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  const response = await fetch(`${baseUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': init.csv === undefined ? 'application/json' : 'text/csv' },
    body,
  });
  const text = await response.text();
  const expected = init.expect ?? (body === undefined ? 200 : 201);
  if (response.status !== expected) throw new Error(`${body === undefined ? 'GET' : 'POST'} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

export const postJson = (baseUrl: string, apiKey: string, path: string, body: unknown) => request(baseUrl, apiKey, path, { body });

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function measurement(latenciesMs: number[], seconds: number): Measurement {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    count: sorted.length,
    seconds,
    perSecond: sorted.length / seconds,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
  };
}

/** How every benchmark starts: a scratch database beside DATABASE_URL's (or the default), migrated and seeded. */
export async function seededScratchDatabase(options: { keep?: boolean } = {}): Promise<{ databaseUrl: string; seeded: Seed }> {
  const databaseUrl = await createScratchDatabase(process.env.DATABASE_URL || DEFAULT_DATABASE_URL, options);
  progress(`scratch database ${new URL(databaseUrl).pathname.slice(1)}`);
  return { databaseUrl, seeded: await seed(databaseUrl) };
}

/** `-- --json`: print the figures as JSON. */
export const wantsJson = (): boolean => parseArgs({ options: { json: { type: 'boolean', default: false } } }).values.json;

/** Runs a benchmark's main and always cleans up; a failure exits 1. */
export async function run(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  } finally {
    await cleanUp();
  }
}
