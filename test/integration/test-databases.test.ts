/**
 * The embedded test databases are copies of one migrated template
 * (test/support/global-setup.ts) and run with its settings: a small buffer
 * pool, which makes each open cheaper. If the setting stopped reaching them,
 * the suite would only be slower; this says so instead.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/stores.ts';

describe('embedded test databases', () => {
  it('run with the template’s buffer pool of 16 MB, not PostgreSQL’s default of 128 MB', async () => {
    const database = await createTestDatabase('pglite');
    const store = await database.open();
    try {
      const { rows } = await sql<{ shared_buffers: string }>`show shared_buffers`.execute(store.db);
      expect(rows[0]?.shared_buffers).toBe('16MB');
    } finally {
      await store.close();
      await database.drop();
    }
  });
});
