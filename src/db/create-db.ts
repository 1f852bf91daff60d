import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.ts';
import { prepareMarkedStatements } from './prepared.ts';
import type { Database } from './schema.ts';

export interface Store {
  db: Kysely<Database>;
  kind: 'postgres' | 'pglite';
  /** Where the data lives, for start-up messages (no password). */
  location: string;
  close(): Promise<void>;
}

export type StoreOptions = { databaseUrl: string; poolSize?: number } | { dataDir: string } | { inMemory: true };

export async function openStore(options: StoreOptions): Promise<Store> {
  if ('databaseUrl' in options) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 20 });
    // An idle client that loses its server must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    pool.on('connect', prepareMarkedStatements);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const url = new URL(options.databaseUrl);
    url.password = '';
    return { db, kind: 'postgres', location: url.toString(), close: () => db.destroy() };
  }
  const unlock = 'dataDir' in options ? lockDataDir(options.dataDir) : () => {};
  try {
    // Loaded only for the embedded store: a process on PostgreSQL (each CLI command among them) starts without it.
    const [{ PGlite }, { PGliteDialect }] = await Promise.all([import('@electric-sql/pglite'), import('kysely-pglite-dialect')]);
    const pglite = 'dataDir' in options ? await PGlite.create(options.dataDir) : await PGlite.create();
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    return {
      db,
      kind: 'pglite',
      location: 'dataDir' in options ? options.dataDir : 'memory',
      close: async () => {
        await db.destroy();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}
