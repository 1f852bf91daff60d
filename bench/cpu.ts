/**
 * Where a benchmark's CPU goes, on Linux: the server process, every
 * PostgreSQL process on this machine and the benchmark process itself (the
 * load generator or the baseline's client), read from /proc before and after
 * a measured run. Elsewhere, or with PostgreSQL on another machine, the
 * figures it cannot read are left out.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type pg from 'pg';

/** Linux reports process times in clock ticks of 1/100 s on every common configuration (getconf CLK_TCK). */
const TICKS_PER_SECOND = 100;

export interface CpuSample {
  server?: number | undefined;
  /** The server's CPU seconds in the kernel (system time): socket reads and writes, mostly. */
  serverSystem?: number | undefined;
  /** CPU seconds by PostgreSQL process id: backends come and go, so each is counted from when it is first seen. */
  postgres: Map<number, number>;
  self: number;
}

export interface CpuPerOperation {
  serverMs?: number | undefined;
  /** Of serverMs, the time in the kernel. */
  serverSystemMs?: number | undefined;
  postgresMs?: number | undefined;
  benchmarkProcessMs: number;
}

/** The process's name and its CPU seconds (user + system, all threads), or undefined if it is gone or /proc is not there. */
function processCpu(pid: number): { name: string; seconds: number; systemSeconds: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The name is in parentheses and may hold spaces; the fields after it are numbered from 3 (state).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
      seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
      systemSeconds: Number(fields[12]) / TICKS_PER_SECOND,
    };
  } catch {
    return undefined;
  }
}

function postgresProcesses(): Map<number, number> {
  const found = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const cpu = processCpu(Number(entry));
    if (cpu?.name === 'postgres') found.set(Number(entry), cpu.seconds);
  }
  return found;
}

/**
 * `backends`: count only these PostgreSQL processes (the backends serving the
 * benchmark's database), so other work on a shared PostgreSQL stays out.
 */
export function sampleCpu(serverPid?: number, backends?: ReadonlySet<number>): CpuSample {
  const usage = process.cpuUsage();
  const postgres = postgresProcesses();
  if (backends) for (const pid of postgres.keys()) if (!backends.has(pid)) postgres.delete(pid);
  const server = serverPid === undefined ? undefined : processCpu(serverPid);
  return {
    server: server?.seconds,
    serverSystem: server?.systemSeconds,
    postgres,
    self: (usage.user + usage.system) / 1e6,
  };
}

/** CPU milliseconds per operation between two samples. */
export function cpuPerOperation(before: CpuSample, after: CpuSample, operations: number): CpuPerOperation {
  const perOperationMs = (seconds: number) => (seconds * 1000) / operations;
  let postgres = 0;
  for (const [pid, seconds] of after.postgres) postgres += seconds - (before.postgres.get(pid) ?? 0);
  return {
    serverMs: before.server === undefined || after.server === undefined ? undefined : perOperationMs(after.server - before.server),
    serverSystemMs:
      before.serverSystem === undefined || after.serverSystem === undefined ? undefined : perOperationMs(after.serverSystem - before.serverSystem),
    postgresMs: after.postgres.size === 0 ? undefined : perOperationMs(postgres),
    benchmarkProcessMs: perOperationMs(after.self - before.self),
  };
}

/** The PostgreSQL backends serving the benchmark's database now (the server's pool and the benchmark's own), as CPU is read per process. */
export async function backends(pool: pg.Pool): Promise<Set<number>> {
  const { rows } = await pool.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database()');
  return new Set(rows.map((r) => r.pid));
}

/** CPU over a window: the backends seen at its start and at its end both count. */
export async function cpuWindow(pool: pg.Pool, serverPid?: number) {
  const seen = await backends(pool);
  const before = sampleCpu(serverPid, seen);
  return async (events: number): Promise<CpuPerOperation> => {
    for (const pid of await backends(pool)) seen.add(pid);
    return cpuPerOperation(before, sampleCpu(serverPid, seen), events);
  };
}
