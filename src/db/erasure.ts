/**
 * The writes of an erasure (src/engine/erasure.ts): finding what holds a
 * participant's or candidate's data, and the one change history allows
 * (migration 0016), with the transaction's `klausul.erasure` setting on.
 */
import { sql } from 'kysely';
import type { HistoryTarget, InstanceTable } from './history.ts';
import type { HistoryItemKind } from './schema.ts';
import { json, type Db } from './schema.ts';

/** Opens history (and evidence) to the erasure's change, for the rest of this transaction only. */
export async function allowErasure(trx: Db): Promise<void> {
  await sql`select set_config('klausul.erasure', 'on', true)`.execute(trx);
}

/** The kinds and clauses of the instances whose history is in item_history, of those named. */
export async function instanceKinds(db: Db, ids: readonly string[]): Promise<Array<{ id: string; kind: HistoryItemKind; clause_id: string | null }>> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('item_history')
    .select(['item_id as id', 'item_kind as kind', 'clause_id'])
    .distinct()
    .where(sql<boolean>`item_id = any(${[...ids]}::text[])`)
    .orderBy('item_id')
    .execute();
  return rows;
}

/** The clauses, and the items under them, whose history holds any of the texts (in any of their stored forms). */
export async function instancesMentioning(
  db: Db,
  clauseIds: readonly string[],
  texts: readonly string[],
): Promise<Array<{ id: string; kind: HistoryItemKind | 'clause' }>> {
  if (clauseIds.length === 0 || texts.length === 0) return [];
  const holds = sql<boolean>`exists (select 1 from unnest(${[...texts]}::text[]) t where strpos(h.payload::text, t) > 0)`;
  const { rows } = await sql<{ id: string; kind: HistoryItemKind | 'clause' }>`
    select distinct h.clause_id as id, 'clause' as kind from clause_history h where h.clause_id = any(${[...clauseIds]}::text[]) and ${holds}
    union select distinct h.item_id, h.item_kind from item_history h where h.clause_id = any(${[...clauseIds]}::text[]) and ${holds}
    order by 1`.execute(db);
  return rows;
}

/** A candidate's proposals (by its matching body), the placements they registered and the offers of the same reference in those clauses. */
export async function candidateHoldings(db: Db, orgId: string, candidateId: string, ref: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    with proposed as (select id, placement_id from proposals where matcher_org_id = ${orgId} and (candidate_id = ${candidateId} or candidate_ref = ${ref})),
    placed as (select id, clause_id from placements where id in (select placement_id from proposed) or proposal_id in (select id from proposed))
    select id from proposed
    union select id from placed
    union select o.id from offers o where o.participant_ref = ${ref} and o.clause_id in (select clause_id from placed)`.execute(db);
  return rows.map((r) => r.id);
}

/**
 * A participant's placements and offers by reference (under the clauses given, or under every clause), and the
 * proposals that registered those placements or proposed the same reference under those clauses.
 */
export async function participantHoldings(db: Db, ref: string, clauseIds: readonly string[] | null, placementId?: string): Promise<string[]> {
  const inScope = (column: string) => (clauseIds ? sql`${sql.ref(column)} = any(${[...clauseIds]}::text[])` : sql`true`);
  const { rows } = await sql<{ id: string }>`
    with placed as (select id, clause_id, proposal_id from placements where (participant_ref = ${ref} and ${inScope('clause_id')}) or id = ${placementId ?? null})
    select id from placed
    union select id from offers where participant_ref = ${ref} and ${inScope('clause_id')}
    union select id from proposals where id in (select proposal_id from placed) or (candidate_ref = ${ref} and ${inScope('clause_id')})`.execute(db);
  return rows.map((r) => r.id);
}

/** Replaces a history row's payload by its redacted form and drops its salt. */
export async function redactHistoryRow(trx: Db, history: HistoryTarget, id: string, seq: number, payload: Record<string, unknown>): Promise<void> {
  const change = { payload: json(payload), personal_salt: null };
  if (history.table === 'clause_history') {
    await trx.updateTable('clause_history').set(change).where('clause_id', '=', id).where('seq', '=', seq).execute();
  } else {
    await trx.updateTable('item_history').set(change).where('item_id', '=', id).where('seq', '=', seq).execute();
  }
}

export async function rewriteInstance(trx: Db, table: InstanceTable, id: string, change: Record<string, unknown>): Promise<void> {
  await trx
    .updateTable(table)
    .set(change as never)
    .where('id', '=', id)
    .execute();
}

/** Deletes the evidence files of the items; returns how many. */
export async function deleteEvidenceOf(trx: Db, itemIds: readonly string[]): Promise<number> {
  if (itemIds.length === 0) return 0;
  const result = await trx
    .deleteFrom('evidence')
    .where(sql<boolean>`item_id = any(${[...itemIds]}::text[])`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Removes candidates from their pool (proposals keep their redacted reference, no longer the link). */
export async function deleteCandidates(trx: Db, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  await trx
    .updateTable('proposals')
    .set({ candidate_id: null })
    .where(sql<boolean>`candidate_id = any(${[...ids]}::text[])`)
    .execute();
  const result = await trx
    .deleteFrom('candidates')
    .where(sql<boolean>`id = any(${[...ids]}::text[])`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Deletes stored answers to repeated requests that hold any of the texts; returns how many. */
export async function deleteStoredAnswersHolding(trx: Db, texts: readonly string[]): Promise<number> {
  if (texts.length === 0) return 0;
  const result = await trx
    .deleteFrom('idempotency_keys')
    .where(sql<boolean>`exists (select 1 from unnest(${[...texts]}::text[]) t where strpos(response::text, t) > 0)`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export interface ErasureRecord {
  id: string;
  subject: 'candidate' | 'participant';
  subjectId: string | null;
  instanceIds: readonly string[];
  counts: Record<string, number>;
  actorUserId: string | null;
  actorRole: string;
  actorOrgId: string | null;
  at: Date;
  requestId: string | null;
}

export async function insertErasure(trx: Db, record: ErasureRecord): Promise<void> {
  await trx
    .insertInto('erasures')
    .values({
      id: record.id,
      subject: record.subject,
      subject_id: record.subjectId,
      instance_ids: [...record.instanceIds],
      counts: json(record.counts),
      actor_user_id: record.actorUserId,
      actor_role: record.actorRole,
      actor_org_id: record.actorOrgId,
      at: record.at,
      request_id: record.requestId,
    })
    .execute();
}

/** The instances earlier erasures of this subject (asked for by an organisation, or by anyone when null) redacted. */
export async function erasedBefore(db: Db, subject: 'candidate' | 'participant', subjectId: string, orgId: string | null): Promise<string[] | null> {
  let query = db.selectFrom('erasures').select('instance_ids').where('subject', '=', subject).where('subject_id', '=', subjectId);
  if (orgId) query = query.where('actor_org_id', '=', orgId);
  const rows = await query.execute();
  return rows.length === 0 ? null : [...new Set(rows.flatMap((r) => r.instance_ids))];
}

/** An instance's row as an erasure rewrites it, locked until the transaction ends. */
export async function lockInstance(
  trx: Db,
  table: InstanceTable,
  id: string,
): Promise<{ id: string; workflow_id: string; workflow_version: number; snapshot: Record<string, unknown> } | undefined> {
  return trx.selectFrom(table).select(['id', 'workflow_id', 'workflow_version', 'snapshot']).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** A matching body's candidate (undefined when another body's, or none). */
export async function findOwnCandidate(db: Db, orgId: string, id: string): Promise<{ id: string; candidate_ref: string } | undefined> {
  return db.selectFrom('candidates').select(['id', 'candidate_ref']).where('id', '=', id).where('org_id', '=', orgId).executeTakeFirst();
}

/** Every pool's candidates with the reference. */
export async function candidatesWithRef(db: Db, ref: string): Promise<Array<{ id: string; org_id: string; candidate_ref: string }>> {
  return db.selectFrom('candidates').select(['id', 'org_id', 'candidate_ref']).where('candidate_ref', '=', ref).orderBy('id').execute();
}
