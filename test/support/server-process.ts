/**
 * Klausul as a child process, as `npm start` runs it (node itself, not a
 * wrapper, so a signal reaches the process that holds the database), and the
 * CLI run once in a child process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ServerProcess {
  base: string;
  child: ChildProcess;
  /** SIGKILL: no graceful stop, connections and transactions cut off where they are. */
  kill(): Promise<void>;
  /** SIGTERM, and wait for the process to finish its requests and exit. */
  stop(): Promise<void>;
}

export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
    // The test database's own settings only: a DATABASE_URL of the test run must not take a PGlite server elsewhere.
    env: { ...process.env, DATABASE_URL: '', KLAUSUL_DATA_DIR: '', PORT: '0', KLAUSUL_LOG_LEVEL: 'warn', KLAUSUL_NOW: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit');
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
  });
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    base: `http://127.0.0.1:${port}`,
    child,
    kill: async () => {
      if (gone()) return;
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (gone()) return;
      child.kill('SIGTERM');
      if (!(await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]))) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/** `klausul <args> --json` in a child process: its exit code and the one JSON document it prints. */
export async function runCli(env: Record<string, string>, ...args: string[]): Promise<{ code: number; json: any }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args, '--json'], {
    env: { ...process.env, DATABASE_URL: '', KLAUSUL_DATA_DIR: '', KLAUSUL_LOG_LEVEL: 'silent', KLAUSUL_NOW: '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout!.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number];
  return { code, json: JSON.parse(stdout) };
}
