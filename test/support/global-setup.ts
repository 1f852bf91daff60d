/**
 * Once per test run: an embedded database created and migrated in a
 * directory of its own, which every PGlite test database starts as a copy
 * of (test/support/stores.ts). Creating a PGlite data directory runs initdb,
 * several seconds of CPU each time; copying a closed one takes a fraction of
 * that, and the suite opens dozens.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openStore } from '../../src/db/create-db.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A closed, migrated PGlite data directory to copy. */
    pgliteTemplateDir: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'klausul-template-'));
  const store = await openStore({ dataDir: dir });
  try {
    await migrateToLatest(store.db);
  } finally {
    await store.close();
  }
  project.provide('pgliteTemplateDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
