import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.ts';
import type { Database } from './schema.ts';

export interface Store {
  db: Kysely<Database>;
  kind: 'postgres' | 'pglite';
  /** Where the data lives, for start-up messages (no password). */
  location: string;
  close(): Promise<void>;
}

export type StoreOptions =
  | { databaseUrl: string; poolSize?: number }
  | { dataDir: string }
  | { inMemory: true };

/** Marks SQL text to be run as a prepared statement (see prepareMarkedStatements). */
export const PREPARED = '/* prepared */ ';

/**
 * Runs statements whose text starts with PREPARED as named prepared
 * statements on this connection: PostgreSQL parses and plans them once per
 * connection instead of at every event. Only statements written in our db
 * layer carry the mark; their text is fixed per shape, never built from input.
 */
function prepareMarkedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((text: unknown, ...rest: unknown[]) =>
    typeof text === 'string' && text.startsWith(PREPARED) && Array.isArray(rest[0])
      ? query({ name: `klausul_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`, text, values: rest[0] }, ...rest.slice(1))
      : query(text, ...rest)) as typeof client.query;
}

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
