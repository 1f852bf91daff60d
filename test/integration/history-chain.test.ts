/**
 * Tamper-evident history, on PGlite and (with DATABASE_URL) on PostgreSQL:
 * every history row, however it is written (a clause event, a CSV import, an
 * accepted proposal), carries a hash chained from its predecessor's; verify
 * recomputes the chains and names the first broken link after a superuser
 * changes or deletes a row; the database refuses UPDATE, DELETE and TRUNCATE.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.ts';
import { CHAIN_GENESIS, verifyHistoryChains } from '../../src/db/history-chain.ts';
import { historyColumns } from '../../src/db/history.ts';
import * as historyChain from '../../src/db/migrations/0011_history_chain.ts';
import * as erasure from '../../src/db/migrations/0016_erasure.ts';
import { PERSONAL_KEYS } from '../../src/domain/personal-data.ts';
import { addOrganisation, addUser } from '../../src/engine/admin.ts';
import { verifyAllClauses } from '../../src/engine/replay.ts';
import { awardBody, draftClause, drive, dropSeeded, openSeeded, PLACEMENT_PARAMS, type Harness, type Parties } from '../support/api.ts';
import { BACKENDS, type TestDatabase } from '../support/stores.ts';
import { openingBody, proposalBody } from '../support/world.ts';

type Table = 'clause_history' | 'item_history';
const TABLES: Table[] = ['clause_history', 'item_history'];
const INSTANCE: Record<Table, string> = { clause_history: 'clause_id', item_history: 'item_id' };

const CSV_HEADER = 'participantRef,targetGroup,attestationIssuer,attestationReference,attestationDate,role,site,startDate,plannedEndDate,fte,hoursPerWeek';
const csvRow = (ref: string) => `${ref},youth-16-24,Arbetsförmedlingen,AF-${ref},2026-02-20,snickare,,2026-04-06,2026-06-29,1,35`;

/** Rolls back whatever fn did: it runs in a transaction that always ends in an error. */
class Rollback extends Error {}
async function inRolledBackTransaction<T>(db: Kysely<any>, fn: (trx: Kysely<any>) => Promise<T>): Promise<T> {
  let result: T;
  await expect(
    db.transaction().execute(async (trx) => {
      result = await fn(trx);
      throw new Rollback();
    }),
  ).rejects.toBeInstanceOf(Rollback);
  return result!;
}

describe.each(BACKENDS)('tamper-evident history on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let h: Harness;
  let p: Parties;
  let clauseId: string;
  let importedIds: string[];
  let proposalId: string;
  let openingId: string;
  let acceptedPlacementId: string;

  const db = () => store.db as unknown as Kysely<any>;
  const rowsOf = async (table: Table, id: string) =>
    (
      await sql<{ seq: number; hash: string; payload_text: string }>`
      select *, payload::text as payload_text, history_redacted(payload)::text as redacted_text
      from ${sql.table(table)} where ${sql.ref(INSTANCE[table])} = ${id} order by seq`.execute(db())
    ).rows as Array<Record<string, any> & { seq: number; hash: string; payload_text: string }>;
  /** As a superuser tampering with the database would: with the append-only trigger off for the moment. */
  const asSuperuser = (table: Table, statement: string) =>
    db()
      .transaction()
      .execute(async (trx) => {
        await sql.raw(`alter table ${table} disable trigger ${table}_no_update_delete`).execute(trx);
        await sql.raw(statement).execute(trx);
        await sql.raw(`alter table ${table} enable trigger ${table}_no_update_delete`).execute(trx);
      });

  beforeAll(async () => {
    ({ database, store, h, p } = await openSeeded(backend));
    const body = await addOrganisation(h.deps, { name: 'Arbetsförmedlingen Östersund', kind: 'matching_body' });
    const matcher = (await addUser(h.deps, { orgId: body.id, role: 'matcher', name: 'Amina Yusuf' })).apiKey;

    // Clause events: one-statement writes after the CREATE row.
    h.clock.set(new Date('2026-03-01T08:00:00Z'));
    ({ clauseId } = await draftClause(h, p, PLACEMENT_PARAMS));
    await drive(h, clauseId, [
      [p.officer, { type: 'PUBLISH' }],
      [p.officer, { ...awardBody(p.supplierOrgId), matchingBodyOrgId: body.id }],
      [p.contractor, { type: 'SUBMIT_PLAN', description: 'Plan med "citat", \'apostrofer\', \\ och åäö' }],
      [p.officer, { type: 'ACCEPT_PLAN' }],
    ]);

    // A CSV import: one bulk statement of seq-1 rows of several placements; then events on one of them.
    const imported = await h.as(p.contractor).raw(`/api/v1/clauses/${clauseId}/placements/import`, {
      method: 'POST',
      body: [CSV_HEADER, ...['CH-1', 'CH-2', 'CH-3', 'CH-4'].map(csvRow)].join('\n'),
      headers: { 'content-type': 'text/csv' },
    });
    expect(imported.status).toBe(201);
    importedIds = imported.body.placementIds;
    h.clock.set(new Date('2026-04-07T09:30:00.123Z'));
    expect((await h.as(p.contractor).post(`/api/v1/placements/${importedIds[0]}/events`, { type: 'START' })).status).toBe(200);
    h.clock.set(new Date('2026-07-01T09:30:00Z'));
    expect(
      (await h.as(p.contractor).post(`/api/v1/placements/${importedIds[0]}/events`, { type: 'COMPLETE', endDate: '2026-06-29', outcome: 'employment' })).status,
    ).toBe(200);

    // An accepted proposal: the proposal, the opening it fills and the placement it registers.
    h.clock.set(new Date('2026-03-10T08:00:00Z'));
    const opening = await h.as(p.contractor).post(`/api/v1/clauses/${clauseId}/openings`, openingBody({ competences: ['Målning'], languageLevel: 'SFI C' }));
    expect(opening.body).toMatchObject({ state: 'open' });
    openingId = opening.body.id;
    const proposal = await h.as(matcher).post(`/api/v1/openings/${openingId}/proposals`, proposalBody('AF-CH-1'));
    expect(proposal.status).toBe(201);
    proposalId = proposal.body.id;
    const accept = await h.as(p.contractor).post(`/api/v1/proposals/${proposalId}/events`, { type: 'ACCEPT' });
    expect(accept.status).toBe(200);
    acceptedPlacementId = accept.body.placementId;
  });
  afterAll(() => dropSeeded({ database, store }));

  it('hashes every column of both history tables but the hash itself and the salt of the personal digest', async () => {
    // The canonical form (migrations 0011 and 0016) names its columns: a new history column must be added to it.
    const columns = async (table: Table) =>
      (
        await sql<{ column_name: string }>`select column_name from information_schema.columns where table_name = ${table} order by ordinal_position`.execute(
          db(),
        )
      ).rows.map((r) => r.column_name);
    expect(await columns('clause_history')).toEqual([
      'clause_id',
      'seq',
      'type',
      'payload',
      'actor_user_id',
      'actor_role',
      'actor_org_id',
      'from_state',
      'to_state',
      'at',
      'request_id',
      'hash',
      'personal_salt',
      'personal_digest',
    ]);
    expect(await columns('item_history')).toEqual([
      'item_id',
      'seq',
      'item_kind',
      'clause_id',
      'type',
      'payload',
      'actor_user_id',
      'actor_role',
      'actor_org_id',
      'from_state',
      'to_state',
      'at',
      'request_id',
      'hash',
      'personal_salt',
      'personal_digest',
    ]);
  });

  it('chains the rows of a clause event, a CSV import and an accepted proposal, and verify passes', async () => {
    const instances: Array<[Table, string, number]> = [
      ['clause_history', clauseId, 5],
      ...importedIds.map((id, i): [Table, string, number] => ['item_history', id, i === 0 ? 3 : 1]),
      ['item_history', proposalId, 2],
      ['item_history', openingId, 2],
      ['item_history', acceptedPlacementId, 1],
    ];
    for (const [table, id, length] of instances) {
      const rows = await rowsOf(table, id);
      expect(rows.map((r) => r.seq)).toEqual(Array.from({ length }, (_, i) => i + 1));
      let previous = CHAIN_GENESIS;
      for (const row of rows) {
        expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
        // Recomputed here from the documented canonical form, independently of the SQL functions.
        expect(row.hash, `${table} ${id} seq ${row.seq}`).toBe(expectedHash(table, previous, row));
        expect(row.personal_digest).toBe(personalDigest(row.personal_salt, row.payload_text));
        expect(JSON.parse(row.redacted_text)).toEqual(withoutPersonalValues(JSON.parse(row.payload_text)));
        previous = row.hash;
      }
    }
    const all = await sql<{ n: number; distinct: number }>`
      select count(*)::int as n, count(distinct hash)::int as distinct from (select hash from clause_history union all select hash from item_history) h`.execute(
      db(),
    );
    expect(all.rows[0]!.distinct).toBe(all.rows[0]!.n);

    const report = await verifyAllClauses(h.deps);
    expect(report).toMatchObject({ ok: true, failed: 0, failures: [], chain: { ok: true, checkedRows: all.rows[0]!.n, broken: 0, firstBroken: null } });
  });

  it('hashes the same whatever time zone the session that inserts or verifies has', async () => {
    const stored = await rowsOf('clause_history', clauseId);
    const recomputed = await inRolledBackTransaction(db(), async (trx) => {
      await sql`set local time zone 'America/Sao_Paulo'`.execute(trx);
      // A row inserted under this time zone chains as under UTC.
      await sql`insert into clause_history (clause_id, seq, type, payload, actor_role, to_state, at)
        values (${clauseId}, 6, 'NOTE', '{"b": 1, "a": [1.50, null]}', 'officer', 'delivery', '2026-07-01T23:30:00.000001Z')`.execute(trx);
      const chain = await verifyHistoryChains(trx);
      const rows = (
        await sql<{ hash: string; at_text: string; personal_digest: string; personal_salt: string }>`
          select hash, at::text as at_text, personal_digest, personal_salt from clause_history where clause_id = ${clauseId} order by seq`.execute(trx)
      ).rows;
      return { chain, rows };
    });
    expect(recomputed.chain).toMatchObject({ ok: true, firstBroken: null });
    expect(recomputed.rows[5]!.at_text).toMatch(/-03$/);
    expect(recomputed.rows.slice(0, 5).map((r) => r.hash)).toEqual(stored.map((r) => r.hash));
    expect(recomputed.rows[5]!.hash).toBe(
      expectedHash('clause_history', stored[4]!.hash, {
        clause_id: clauseId,
        seq: 6,
        type: 'NOTE',
        payload_text: '{"a": [1.50, null], "b": 1}',
        redacted_text: '{"a": [1.50, null], "b": 1}',
        personal_digest: personalDigest(recomputed.rows[5]!.personal_salt, '{"a": [1.50, null], "b": 1}'),
        actor_user_id: null,
        actor_role: 'officer',
        actor_org_id: null,
        from_state: null,
        to_state: 'delivery',
        at_iso: '2026-07-01T23:30:00.000001Z',
        request_id: null,
      }),
    );
  });

  it('names the changed row as the first broken link when a superuser edits a payload', async () => {
    const original = (await rowsOf('clause_history', clauseId))[3]!;
    expect(original).toMatchObject({ seq: 4, type: 'SUBMIT_PLAN' });
    const putBack = () =>
      asSuperuser(
        'clause_history',
        `update clause_history set payload = '${original.payload_text.replace(/'/g, "''")}', hash = '${original.hash}',
         personal_digest = '${original.personal_digest}' where clause_id = '${clauseId}' and seq = 4`,
      );
    // A personal value (free text) is outside the hashed content, but its salted digest is not.
    await asSuperuser(
      'clause_history',
      `update clause_history set payload = jsonb_set(payload, '{description}', '"Förfalskad plan"') where clause_id = '${clauseId}' and seq = 4`,
    );
    expect((await verifyAllClauses(h.deps)).chain).toMatchObject({
      ok: false,
      broken: 1,
      firstBroken: { table: 'clause_history', instanceId: clauseId, seq: 4, problem: expect.stringMatching(/^personal data mismatch/) },
    });
    // So is dropping the salt, as an erasure does, when no erasure names the clause.
    await putBack();
    await asSuperuser('clause_history', `update clause_history set personal_salt = null where clause_id = '${clauseId}' and seq = 4`);
    expect((await verifyHistoryChains(store.db)).firstBroken).toMatchObject({ seq: 4, problem: expect.stringMatching(/^personal data mismatch/) });
    await asSuperuser('clause_history', `update clause_history set personal_salt = '${original.personal_salt}' where clause_id = '${clauseId}' and seq = 4`);

    await asSuperuser(
      'clause_history',
      `update clause_history set payload = jsonb_set(payload, '{forged}', 'true') where clause_id = '${clauseId}' and seq = 4`,
    );

    const report = await verifyAllClauses(h.deps);
    expect(report.ok).toBe(false);
    expect(report.chain).toEqual({
      ok: false,
      checkedRows: expect.any(Number),
      broken: 1,
      firstBroken: { table: 'clause_history', kind: 'clause', instanceId: clauseId, seq: 4, problem: expect.stringMatching(/^hash mismatch/) },
    });

    // Recomputing the changed row's personal digest and hash too only moves the break to the next link.
    await asSuperuser(
      'clause_history',
      `update clause_history set personal_digest = history_personal_digest(personal_salt, payload) where clause_id = '${clauseId}' and seq = 4`,
    );
    await asSuperuser(
      'clause_history',
      `update clause_history h set hash = history_row_hash(p.hash, history_canonical(h)) from clause_history p
      where h.clause_id = '${clauseId}' and h.seq = 4 and p.clause_id = h.clause_id and p.seq = 3`,
    );
    expect((await verifyHistoryChains(store.db)).firstBroken).toMatchObject({ table: 'clause_history', instanceId: clauseId, seq: 5 });

    // Put back as it was: the chain holds again.
    await putBack();
    expect(await verifyAllClauses(h.deps)).toMatchObject({ ok: true, chain: { ok: true, broken: 0 } });
  });

  it('names a deleted middle row as the first broken link', async () => {
    const placementId = importedIds[0]!;
    const [, middle] = await rowsOf('item_history', placementId);
    expect(middle).toMatchObject({ seq: 2, type: 'START' });
    await asSuperuser('item_history', `delete from item_history where item_id = '${placementId}' and seq = 2`);

    const report = await verifyAllClauses(h.deps);
    expect(report.ok).toBe(false);
    expect(report.chain).toMatchObject({
      ok: false,
      broken: 1,
      firstBroken: { table: 'item_history', kind: 'placement', instanceId: placementId, seq: 2, problem: 'missing: seq 1 is followed by seq 3' },
    });

    // Deleting the first row is the same: seq 1 is missing. (An instance left with no rows at all is for replay to report.)
    const first = (await rowsOf('item_history', proposalId))[0]!;
    await asSuperuser('item_history', `delete from item_history where item_id = '${proposalId}' and seq = 1`);
    const chain = await verifyHistoryChains(store.db);
    expect(chain.broken).toBe(2);
    const [earliest] = [placementId, proposalId].sort();
    expect(chain.firstBroken).toEqual(
      earliest === placementId
        ? expect.objectContaining({ instanceId: placementId, seq: 2 })
        : { table: 'item_history', kind: 'proposal', instanceId: proposalId, seq: 1, problem: 'missing: history starts at seq 2' },
    );

    // Put back (an ordinary INSERT with the row's salt recomputes the very same hashes).
    const restore = (row: Record<string, any>) =>
      sql`insert into item_history (item_id, seq, item_kind, clause_id, type, payload, actor_user_id, actor_role, actor_org_id, from_state, to_state, at, request_id,
                                   personal_salt)
        values (${row.item_id}, ${row.seq}, ${row.item_kind}, ${row.clause_id}, ${row.type}, cast(${row.payload_text} as jsonb), ${row.actor_user_id}, ${row.actor_role},
                ${row.actor_org_id}, ${row.from_state}, ${row.to_state}, ${row.at}, ${row.request_id}, ${row.personal_salt}) returning hash`.execute(db());
    expect((await restore(first)).rows).toEqual([{ hash: first.hash }]);
    expect((await restore(middle!)).rows).toEqual([{ hash: middle!.hash }]);
    expect(await verifyAllClauses(h.deps)).toMatchObject({ ok: true, chain: { ok: true, broken: 0 } });
  });

  it.each(TABLES)('refuses UPDATE, DELETE and TRUNCATE of %s, through the query builder and as raw SQL', async (table) => {
    const id = table === 'clause_history' ? clauseId : importedIds[2]!;
    const column = INSTANCE[table];
    const before = await rowsOf(table, id);
    await expect(db().updateTable(table).set({ type: 'FORGED' }).where(column, '=', id).execute()).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(db().deleteFrom(table).where(column, '=', id).execute()).rejects.toThrow(/append-only: DELETE refused/);
    await expect(sql.raw(`update ${table} set payload = '{}', hash = repeat('0', 64) where ${column} = '${id}'`).execute(db())).rejects.toThrow(
      /append-only: UPDATE refused/,
    );
    await expect(sql.raw(`delete from ${table} where ${column} = '${id}'`).execute(db())).rejects.toThrow(/append-only: DELETE refused/);
    await expect(sql.raw(`truncate ${table} cascade`).execute(db())).rejects.toThrow(/append-only: TRUNCATE refused/);
    expect(await rowsOf(table, id)).toEqual(before);
  });

  it('refuses a row whose predecessor is missing, and ignores a hash given with the row', async () => {
    await expect(
      sql`insert into clause_history (clause_id, seq, type, payload, actor_role, to_state, at) values (${clauseId}, 7, 'NOTE', '{}', 'officer', 'delivery', now())`.execute(
        db(),
      ),
    ).rejects.toThrow(/cannot be chained: it has no row 6/);
    const forged = 'f'.repeat(64);
    const hash = await inRolledBackTransaction(db(), async (trx) => {
      const { rows } = await sql<{ hash: string }>`insert into clause_history (clause_id, seq, type, payload, actor_role, to_state, at, hash)
        values (${clauseId}, 6, 'NOTE', '{}', 'officer', 'delivery', now(), ${forged}) returning hash`.execute(trx);
      return rows[0]!.hash;
    });
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toBe(forged);
  });

  it('chains rows of one instance inserted by one bulk statement, in order', async () => {
    const entry = (seq: number) => ({
      itemId: 'bulk-item',
      itemKind: 'placement' as const,
      clauseId,
      seq,
      type: seq === 1 ? 'CREATE' : 'START',
      payload: { n: seq },
      actorUserId: null,
      actorRole: 'contractor',
      actorOrgId: null,
      fromState: seq === 1 ? null : 'registered',
      toState: 'active',
      at: new Date('2026-05-01T10:00:00Z'),
      requestId: null,
    });
    const result = await inRolledBackTransaction(db(), async (trx) => {
      // As the creation write sends rows: one JSON document that PostgreSQL unpacks into the table's row type.
      const rows = [entry(1), entry(2), entry(3)].map((e) => ({
        clause_id: e.clauseId,
        seq: e.seq,
        ...historyColumns(e),
        payload: e.payload,
        item_id: e.itemId,
        item_kind: e.itemKind,
      }));
      await sql`insert into item_history select * from jsonb_populate_recordset(null::item_history, cast(${JSON.stringify(rows)} as jsonb))`.execute(trx);
      return {
        rows: await sql<{ seq: number; hash: string }>`select seq, hash from item_history where item_id = 'bulk-item' order by seq`.execute(trx),
        chain: await verifyHistoryChains(trx),
      };
    });
    expect(result.rows.rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(result.chain).toMatchObject({ ok: true, broken: 0 });
  });

  it('hashes rows written before the migrations in seq order per instance, as the trigger would have, and back', async () => {
    const hashes = async (trx: Kysely<any>) =>
      (
        await sql<{ id: string; seq: number; hash: string }>`
        select clause_id as id, seq, hash from clause_history union all select item_id, seq, hash from item_history order by 1, 2`.execute(trx)
      ).rows;
    const before = await hashes(db());
    const after = await inRolledBackTransaction(db(), async (trx) => {
      // 0016 down hashes in 0011's form; 0011 down and up again gives the same hashes.
      await erasure.down(trx);
      const unsalted = await hashes(trx);
      await historyChain.down(trx);
      await historyChain.up(trx);
      const rehashed = await hashes(trx);
      await erasure.up(trx);
      const salted = await hashes(trx);
      const chainAfterUp = await verifyHistoryChains(trx);
      // A gap in old history does not stop the migrations: verify reports it.
      await erasure.down(trx);
      await historyChain.down(trx);
      await sql`alter table item_history disable trigger item_history_no_update_delete`.execute(trx);
      await sql`delete from item_history where item_id = ${importedIds[0]} and seq = 2`.execute(trx);
      await sql`alter table item_history enable trigger item_history_no_update_delete`.execute(trx);
      await historyChain.up(trx);
      await erasure.up(trx);
      return { unsalted, rehashed, salted, chainAfterUp, chain: await verifyHistoryChains(trx) };
    });
    expect(after.rehashed).toEqual(after.unsalted);
    expect(after.unsalted.map((r) => r.hash)).not.toEqual(before.map((r) => r.hash));
    // Each row gets a salt of its own, so the digests and hashes are new, and they chain.
    expect(after.salted.map((r) => r.hash)).not.toEqual(before.map((r) => r.hash));
    expect(after.chainAfterUp).toMatchObject({ ok: true, broken: 0, checkedRows: before.length });
    expect(after.chain).toMatchObject({
      ok: false,
      broken: 1,
      firstBroken: { instanceId: importedIds[0], seq: 2, problem: expect.stringMatching(/^missing/) },
    });
    expect(await verifyHistoryChains(store.db)).toMatchObject({ ok: true, broken: 0 });
  });
});

/** sha256 over a row's salt and payload text: its personal digest (migration 0016). */
function personalDigest(salt: string, payloadText: string): string {
  return createHash('sha256').update(`${salt},${payloadText}`, 'utf8').digest('hex');
}

/** The payload with every personal key's value null, at any depth, as history_redacted() gives it. */
function withoutPersonalValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPersonalValues);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, (PERSONAL_KEYS as readonly string[]).includes(k) ? null : withoutPersonalValues(v)]));
}

/** The canonical content of migrations 0011 and 0016, written out again in TypeScript: the payload redacted, the personal digest last. */
function expectedHash(table: Table, previous: string, row: Record<string, any>): string {
  // As PostgreSQL's quote_nullable: NULL, or a literal with quotes doubled (E'…' with backslashes doubled when there are any).
  const quote = (value: string | null) => (value === null ? 'NULL' : `${value.includes('\\') ? 'E' : ''}'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`);
  const at = row.at_iso ?? `${(row.at as Date).toISOString().slice(0, -1)}000Z`;
  const common = [row.type, row.redacted_text, row.actor_user_id, row.actor_role, row.actor_org_id, row.from_state, row.to_state, at, row.request_id];
  const fields = [
    ...(table === 'clause_history' ? [row.clause_id, String(row.seq), ...common] : [row.item_id, String(row.seq), row.item_kind, row.clause_id, ...common]),
    row.personal_digest,
  ];
  return createHash('sha256')
    .update(`${previous},${table}${fields.map((f) => `,${quote(f)}`).join('')}`, 'utf8')
    .digest('hex');
}
