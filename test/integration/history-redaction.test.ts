/**
 * Migration 0026 replaced history_redacted() with a faster function: it must
 * give exactly the text migration 0016's did for every payload, or the hashes
 * stored before it would no longer verify. Both are compared over generated
 * documents full of what could tell them apart: personal keys at any depth and
 * near them (`xnote`, `Note`, a key holding a quote), values with quotes,
 * backslashes, escapes and text that looks like a key, values that are not
 * strings, and arrays.
 */
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.ts';
import { historyRedactedOnePattern, PERSONAL_KEYS } from '../../src/db/migrations/0016_erasure.ts';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../support/stores.ts';

/** A small deterministic generator (mulberry32), so a failure can be reproduced. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEXTS = [
  '',
  'x',
  'JB-2026-014',
  'a "quoted" \\ value',
  '\\',
  'ends with \\',
  'ends with \\"',
  '"note": "inside"',
  '": "',
  'åäö \u2028 \n \t',
  '\\"reason\\": \\"',
];
const KEYS = [...PERSONAL_KEYS, 'kept', 'xnote', 'Note', 'note2', 'a"note', 'reference"', 'input', 'list'];

function documentOf(next: () => number, depth = 0): Record<string, unknown> {
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const value = (): unknown => {
    const kind = next();
    if (kind < 0.55) return pick(TEXTS) + (next() < 0.3 ? pick(TEXTS) : '');
    if (kind < 0.65) return null;
    if (kind < 0.75) return Math.round(next() * 1000) / 10;
    if (kind < 0.8) return next() < 0.5;
    if (depth < 3 && kind < 0.9) return documentOf(next, depth + 1);
    return Array.from({ length: Math.floor(next() * 3) }, () => (next() < 0.5 && depth < 3 ? documentOf(next, depth + 1) : pick(TEXTS)));
  };
  return Object.fromEntries(Array.from({ length: 1 + Math.floor(next() * 5) }, () => [pick(KEYS), value()]));
}

describe.each(BACKENDS)('history_redacted on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  const db = () => store.db as unknown as Kysely<any>;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    store = await database.open();
    await sql.raw(historyRedactedOnePattern('create', 'history_redacted_0016')).execute(db());
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it('gives the text migration 0016 gave, for every document', async () => {
    const next = random(24);
    const documents = Array.from({ length: 3000 }, () => documentOf(next));
    const { rows } = await sql<{ compared: number; differing: Array<{ document: unknown; before: string; after: string }> | null; redacted: number }>`
      with d as (select value as document from jsonb_array_elements(cast(${JSON.stringify(documents)} as jsonb))),
           r as (select document, history_redacted_0016(document) as before, history_redacted(document) as after from d)
      select count(*)::int as compared,
             count(*) filter (where before <> document::text)::int as redacted,
             (select jsonb_agg(jsonb_build_object('document', document, 'before', before, 'after', after)) from r where before is distinct from after) as differing
      from r`.execute(db());
    expect(rows[0]!.differing).toBeNull();
    expect(rows[0]!.compared).toBe(3000);
    // The documents exercise redaction: most hold a personal key with a string value somewhere.
    expect(rows[0]!.redacted).toBeGreaterThan(1500);
  });
});
