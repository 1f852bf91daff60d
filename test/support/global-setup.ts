/**
 * Once per test run: the migrated databases every test database starts as a
 * copy of (test/support/stores.ts). An embedded database created and migrated
 * in a directory of its own: creating a PGlite data directory runs initdb,
 * several seconds of CPU each time, and copying a closed one takes a fraction
 * of that. And, when DATABASE_URL is set, a migrated PostgreSQL database that
 * `create database … template` clones, so no test database runs the
 * migrations again. And the CLI, built once for the child processes the
 * tests start (test/support/cli-build.ts).
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openStore } from '../../src/db/create-db.ts';
import { BUILT_CLI_ENV, buildCli } from './cli-build.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A closed, migrated PGlite data directory to copy. */
    pgliteTemplateDir: string;
    /** A migrated PostgreSQL database no one is connected to, to clone; empty without DATABASE_URL. */
    postgresTemplateDatabase: string;
  }
}

async function migratedPgliteDir(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'klausul-template-'));
  const store = await openStore({ dataDir: dir });
  try {
    await migrateToLatest(store.db);
  } finally {
    await store.close();
  }
  // Every open of a test database (a copy of this one) and every CLI command a test starts sets up PostgreSQL's
  // buffer pool in the WebAssembly memory: 128 MB by default cost about 0.5 s of CPU an open, and a test database
  // holds a few MB. The product's own data directories keep PostgreSQL's default.
  appendFileSync(join(dir, 'postgresql.conf'), '\nshared_buffers = 16MB\n');
  return dir;
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

async function migratedPostgresDatabase(url: string): Promise<string> {
  const name = `klausul_template_${randomBytes(6).toString('hex')}`;
  await adminQuery(url, `create database ${name}`);
  const databaseUrl = new URL(url);
  databaseUrl.pathname = `/${name}`;
  // One connection, closed before any test clones the database: a template must have no sessions.
  const store = await openStore({ databaseUrl: databaseUrl.toString(), poolSize: 1 });
  try {
    await migrateToLatest(store.db);
  } finally {
    await store.close();
  }
  return name;
}

export default async function setup(project: TestProject) {
  const postgresUrl = process.env.DATABASE_URL;
  const cliDir = mkdtempSync(join(tmpdir(), 'klausul-cli-'));
  const [dir, postgresTemplate, cli] = await Promise.all([migratedPgliteDir(), postgresUrl ? migratedPostgresDatabase(postgresUrl) : '', buildCli(cliDir)]);
  project.provide('pgliteTemplateDir', dir);
  project.provide('postgresTemplateDatabase', postgresTemplate);
  // An environment variable rather than provide(): the test files' workers inherit it, and the child processes they start.
  process.env[BUILT_CLI_ENV] = cli;
  return async () => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(cliDir, { recursive: true, force: true });
    if (postgresUrl && postgresTemplate) await adminQuery(postgresUrl, `drop database if exists ${postgresTemplate} with (force)`);
  };
}
