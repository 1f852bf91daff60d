/**
 * Klausul as a child process, as `npm start` runs it (node itself, not a
 * wrapper, so a signal reaches the process that holds the database), and the
 * CLI run once in a child process. Used by the tests and the benchmarks. In a
 * test run both start the CLI built once for the run (test/support/cli-build.ts)
 * unless asked for the installed command, bin/klausul.mjs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { BUILT_CLI_ENV } from './cli-build.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = ['--import', 'tsx'];
const TSX_CLI = [...TSX, 'src/cli/main.ts'];
const cli = (asInstalled = false) => {
  const built = process.env[BUILT_CLI_ENV];
  return asInstalled ? ['bin/klausul.mjs'] : built ? [built] : TSX_CLI;
};
/** Only the settings given reach the child: a DATABASE_URL of the test run must not take a PGlite server elsewhere. */
const DEFAULTS = { DATABASE_URL: '', KLAUSUL_DATA_DIR: '', KLAUSUL_NOW: '' };

export interface ServerProcess {
  base: string;
  child: ChildProcess;
  /** SIGKILL: no graceful stop, connections and transactions cut off where they are. */
  kill(): Promise<void>;
  /** SIGTERM, and wait for the process to finish its requests and exit. */
  stop(): Promise<void>;
}

/** `nodeArgs`: options for node itself (a benchmark's --cpu-prof). `entry`: another script that serves Klausul (and prints its "Klausul listening on" line), such as the performance peer's server (bench/peer-server.ts). */
export async function startServerProcess(env: Record<string, string>, entry?: string, nodeArgs: string[] = []): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...nodeArgs, ...(entry ? [...TSX, entry] : [...cli(), 'serve'])], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...DEFAULTS, PORT: '0', KLAUSUL_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit');
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const kill = async () => {
    if (gone()) return;
    child.kill('SIGKILL');
    await exited;
  };
  // The server's own output is shown only when something goes wrong.
  let output = '';
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-8_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start within 30 s:\n${output}`)), 30_000);
    child.stdout!.on('data', () => {
      const match = /Klausul listening on http:\/\/localhost:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    void exited.then(([code]) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with code ${code} during start-up:\n${output}`));
    });
  }).catch(async (error: unknown) => {
    await kill();
    throw error;
  });
  return {
    base: `http://127.0.0.1:${port}`,
    child,
    kill,
    stop: async () => {
      if (gone()) return;
      child.kill('SIGTERM');
      if (!(await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]))) await kill();
    },
  };
}

/** `klausul <args>` in a child process (with `--json` unless told otherwise): its exit code, its output and the one JSON document it prints. */
export async function runCli(
  env: Record<string, string>,
  args: string[],
  /** asInstalled: through the package's `klausul` command (bin/klausul.mjs, tsx), as an operator runs it. */
  options: { json?: boolean; asInstalled?: boolean } = {},
): Promise<{ code: number; stdout: string; json: any }> {
  const json = options.json ?? true;
  const child = spawn(process.execPath, [...cli(options.asInstalled), ...args, ...(json ? ['--json'] : [])], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...DEFAULTS, KLAUSUL_LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout!.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number];
  return { code, stdout, json: json ? JSON.parse(stdout) : undefined };
}
