/**
 * Queries compiled once (src/db/prepared.ts), on PGlite and (with
 * DATABASE_URL) on PostgreSQL: each run binds its own arguments, in the
 * places the builder put them, beside the builder's own constants; a builder
 * that changes an argument before binding it is refused instead of binding
 * the first run's value forever.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledOnce } from '../../src/db/prepared.ts';
import type { Db } from '../../src/db/schema.ts';
import { dropSeeded, openSeeded, type SeededDatabase } from '../support/api.ts';
import { BACKENDS } from '../support/stores.ts';

describe.each(BACKENDS)('queries compiled once on %s', (backend) => {
  let seeded: SeededDatabase;
  beforeAll(async () => {
    seeded = await openSeeded(backend);
  });
  afterAll(() => dropSeeded(seeded));

  it('binds each run’s arguments where the builder put them, next to its constants', async () => {
    const { p } = seeded;
    const usersOf = compiledOnce((db: Db, orgId: string, exceptName: string) =>
      db.selectFrom('users').select('name').where('org_id', '=', orgId).where('name', '<>', exceptName).where('role', '<>', 'admin').orderBy('name'),
    );
    const db = seeded.store.db;
    expect(await usersOf(db, p.buyerOrgId, 'nobody')).toEqual([{ name: 'Johan Berg' }, { name: 'Sara Lind' }]);
    expect(await usersOf(db, p.buyerOrgId, 'Johan Berg')).toEqual([{ name: 'Sara Lind' }]);
    expect(await usersOf(db, p.supplierOrgId, 'nobody')).toEqual([{ name: 'Erik Holm' }]);
    expect(await usersOf(db, p.supplierOrgId, 'Erik Holm')).toEqual([]);
  });

  it('refuses a builder that binds something other than its argument', async () => {
    const byHash = compiledOnce((db: Db, key: string) =>
      db.selectFrom('api_keys').select('id').where('key_hash', '=', createHash('sha256').update(key).digest('hex')),
    );
    await expect(byHash(seeded.store.db, 'kl_anything')).rejects.toThrow(/every argument must reach the query unchanged/);
  });
});
