/**
 * PGlite allows one process per data directory. A lock file holding the
 * owner's pid keeps a second Klausul process out; a lock left by a process
 * that has died (e.g. killed) is taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';

export class DataDirInUseError extends Error {}

/** Directories this process holds, so a second store in the same process is refused too. */
const heldHere = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function inUse(dir: string, pid: number): DataDirInUseError {
  return new DataDirInUseError(
    `The embedded database in ${dir} is in use by another Klausul process (pid ${pid}). ` +
      'PGlite allows one process per data directory: stop that process first, use another ' +
      'KLAUSUL_DATA_DIR, or set DATABASE_URL to share a PostgreSQL database between processes.',
  );
}

export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const key = resolve(dir);
  if (heldHere.has(key)) throw inUse(dir, process.pid);
  const lockPath = join(dir, 'klausul.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldHere.add(key);
      return () => {
        heldHere.delete(key);
        rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lockPath, 'utf8').trim());
      if (owner && owner !== process.pid && alive(owner)) throw inUse(dir, owner);
      // Left behind by a process that no longer runs (or by an earlier process with our pid).
      rmSync(lockPath, { force: true });
    }
  }
  throw new DataDirInUseError(`Could not lock the data directory ${dir}; another process keeps taking it.`);
}
