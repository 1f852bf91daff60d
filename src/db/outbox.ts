/**
 * The outbox: one row per transition, fired deadline or creation, written with
 * the change it announces. Webhook dispatch reads it later, so a slow or
 * failing receiver never holds up a workflow.
 */
import { CompiledQuery } from 'kysely';
import { json, type Db } from './schema.ts';

/**
 * An outbox row is born dispatched when no organisation it concerns has a
 * webhook: there is nobody to send it to, and the dispatcher need not visit it.
 */
export const DISPATCHED_UNLESS_SUBSCRIBED = (orgIds: string, at: string) =>
  `case when exists (select 1 from webhooks w where w.deleted_at is null and w.org_id = any(${orgIds})) then null else ${at} end`;

export type SubjectKind = 'clause' | 'placement' | 'report' | 'opening' | 'proposal' | 'offer';

/** What an outbox row says, before the write adds the clause and the organisations it concerns. */
export interface OutboxNotice {
  type: string;
  payload: Record<string, unknown>;
}

/** What a notice tells of a transition (a history entry has it all; the outbox needs no more of history). */
export interface TransitionFacts {
  type: string;
  fromState: string | null;
  toState: string;
  actorRole: string;
  at: Date;
}

/** The notice of one accepted event on a clause, placement or report. */
export function transitionNotice(subject: SubjectKind, id: string, entry: TransitionFacts, version: number): OutboxNotice {
  return {
    type: `${subject}.${entry.type}`,
    payload: {
      subject: { kind: subject, id },
      event: entry.type,
      fromState: entry.fromState,
      toState: entry.toState,
      version,
      actorRole: entry.actorRole,
      occurredAt: entry.at.toISOString(),
    },
  };
}

/** Ids listed in one creation notice; a larger import names only its count (GET the clause's placements for the rest). */
const MAX_IDS_IN_NOTICE = 1_000;

/** The notice of new clauses, placements or reports: one per request, however many rows an import created. */
export function creationNotice(subject: SubjectKind, ids: string[], toState: string, actorRole: string, at: Date): OutboxNotice {
  return {
    type: `${subject}.CREATE`,
    payload: {
      subject: ids.length === 1 ? { kind: subject, id: ids[0] } : { kind: subject, ids: ids.length <= MAX_IDS_IN_NOTICE ? ids : null, count: ids.length },
      event: 'CREATE',
      fromState: null,
      toState,
      version: 1,
      actorRole,
      occurredAt: at.toISOString(),
    },
  };
}

export interface NewOutboxRow extends OutboxNotice {
  clauseId: string;
  orgIds: string[];
  at: Date;
}

export async function insertOutbox(db: Db, row: NewOutboxRow): Promise<void> {
  const orgs = 'cast($2 as text[])';
  const at = 'cast($5 as timestamptz)';
  await db.executeQuery(
    CompiledQuery.raw(
      `insert into outbox (clause_id, org_ids, type, payload, created_at, dispatched_at)
       values ($1, ${orgs}, $3, cast($4 as jsonb), ${at}, ${DISPATCHED_UNLESS_SUBSCRIBED(orgs, at)})`,
      [row.clauseId, row.orgIds, row.type, json({ clauseId: row.clauseId, ...row.payload }), row.at.toISOString()],
    ),
  );
}
