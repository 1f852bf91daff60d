/**
 * PGlite allows one process per data directory. A lock file holding the
 * owner's pid keeps a second Klausul process out; a lock left by a process
 * that has died (e.g. killed) is taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirInUseError extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const lockPath = join(dir, 'klausul.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lockPath, 'utf8').trim());
      if (owner && owner !== process.pid && alive(owner)) {
        throw new DataDirInUseError(
          `The embedded database in ${dir} is in use by another Klausul process (pid ${owner}). ` +
            'PGlite allows one process per data directory: stop that process first, use another ' +
            'KLAUSUL_DATA_DIR, or set DATABASE_URL to share a PostgreSQL database between processes.',
        );
      }
      rmSync(lockPath, { force: true }); // left behind by a process that no longer runs
    }
  }
  throw new DataDirInUseError(`Could not lock the data directory ${dir}; another process keeps taking it.`);
}
