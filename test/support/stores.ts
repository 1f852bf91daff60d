/**
 * Each test file gets databases of its own: an in-memory or temporary PGlite,
 * and, when DATABASE_URL is set, a fresh PostgreSQL database that is dropped
 * afterwards, so runs never see each other's data. Both start as copies of the
 * run's migrated databases (test/support/global-setup.ts).
 */
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openStore, type Store } from '../../src/db/create-db.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

export type Backend = 'pglite' | 'postgres';

export const POSTGRES_URL = process.env.DATABASE_URL;

/** The backends the integration suite runs on: PGlite always, PostgreSQL when DATABASE_URL is set. */
export const BACKENDS: Backend[] = POSTGRES_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface TestDatabase {
  backend: Backend;
  /** Open (or reopen, after a simulated restart) a migrated store on this database. */
  open(): Promise<Store>;
  /** Options a server or CLI process would use to reach the same database. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /**
   * A PostgreSQL database with no schema yet, for a test of the migrations
   * themselves; by default it is a clone of the run's migrated one. (A PGlite
   * database is always a migrated copy: a new one would cost an initdb.)
   */
  emptyPostgres?: boolean;
}

export async function createTestDatabase(backend: Backend, options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  if (backend === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'klausul-test-'));
    // A copy of the run's migrated database (test/support/global-setup.ts) rather than a new one.
    cpSync(inject('pgliteTemplateDir'), dataDir, { recursive: true });
    return {
      backend,
      env: { KLAUSUL_DATA_DIR: dataDir },
      open: async () => {
        const store = await openStore({ dataDir });
        await migrateToLatest(store.db);
        return store;
      },
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  if (!POSTGRES_URL) throw new Error('DATABASE_URL is not set');
  const name = `klausul_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  const template = options.emptyPostgres ? '' : inject('postgresTemplateDatabase');
  await admin.query(template ? `create database ${name} template ${template}` : `create database ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  return {
    backend,
    env: { DATABASE_URL: databaseUrl },
    open: async () => {
      const store = await openStore({ databaseUrl, poolSize: 12 });
      await migrateToLatest(store.db);
      return store;
    },
    drop: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
