/**
 * Mail's SQL (issue 23): outbox rows and deadline reminders planned once,
 * whichever instance gets there first; items and the messages that carry
 * them; messages claimed, leased and sent by one instance; attempts and
 * failures; users' preferences and addresses.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { DeadlineKind } from '../domain/deadlines.ts';
import type { Role } from '../domain/roles.ts';
import { releaseLeases } from './leases.ts';
import { json, type DeadlineRow, type Db, type MailDelivery, type MailMessagesTable } from './schema.ts';

export interface UnplannedOutboxRow {
  id: string;
  type: string;
  clauseId: string;
  /** The organisations the event concerns. */
  orgIds: string[];
  payload: Record<string, unknown>;
  createdAt: Date;
}

/**
 * Claims up to `limit` outbox rows the mail planner has not looked at, oldest
 * first, and marks them planned: in the caller's transaction, so the items
 * planned from them commit with the mark. Rows another instance holds are
 * skipped, not waited for.
 */
export async function claimUnplannedOutbox(trx: Db, limit: number, now: Date): Promise<UnplannedOutboxRow[]> {
  const rows = await trx
    .selectFrom('outbox')
    .select(['id', 'type', 'clause_id', 'org_ids', 'payload', 'created_at'])
    .where('mail_planned_at', 'is', null)
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => String(r.id));
  await trx
    .updateTable('outbox')
    .set({ mail_planned_at: now })
    .where(sql<boolean>`${sql.ref('id')} = any(${ids}::bigint[])`)
    .execute();
  return rows.map((r) => ({ id: String(r.id), type: r.type, clauseId: r.clause_id, orgIds: r.org_ids, payload: r.payload, createdAt: r.created_at }));
}

/**
 * Marks up to `limit` deadlines for a notice and returns them: for `dueSoon`
 * those still scheduled and due after `now` but by `until`; for `overdue`
 * those fired since `firedSince`. The marker's primary key is the claim: a
 * second instance inserting the same one waits for the first and then skips
 * it. Deadlines themselves are not locked, so a transition cancelling one
 * never has to step round a reminder.
 */
export async function claimDeadlineNotices(
  trx: Db,
  stage: 'dueSoon' | 'overdue',
  opts: { kinds: readonly DeadlineKind[]; now: Date; until?: Date; firedSince?: Date; limit: number },
): Promise<DeadlineRow[]> {
  if (opts.kinds.length === 0) return [];
  let candidates = trx
    .selectFrom('deadlines as d')
    .select([sql.ref('d.id').as('deadline_id'), sql.lit(stage).as('stage'), sql`${opts.now}::timestamptz`.as('planned_at')])
    .where('d.kind', 'in', [...opts.kinds] as DeadlineRow['kind'][])
    .where((eb) =>
      eb.not(
        eb.exists(eb.selectFrom('mail_deadline_notices as n').select('n.deadline_id').whereRef('n.deadline_id', '=', 'd.id').where('n.stage', '=', stage)),
      ),
    )
    .limit(opts.limit);
  candidates =
    stage === 'dueSoon'
      ? candidates
          .where('d.status', '=', 'scheduled')
          .where('d.due_at', '>', opts.now)
          .where('d.due_at', '<=', opts.until ?? opts.now)
      : candidates.where('d.status', '=', 'fired').where('d.resolved_at', '>=', opts.firedSince ?? opts.now);
  const marked = await trx
    .insertInto('mail_deadline_notices')
    .columns(['deadline_id', 'stage', 'planned_at'])
    .expression(candidates as never)
    .onConflict((oc) => oc.columns(['deadline_id', 'stage']).doNothing())
    .returning('deadline_id')
    .execute();
  if (marked.length === 0) return [];
  return trx
    .selectFrom('deadlines')
    .selectAll()
    .where(
      'id',
      'in',
      marked.map((m) => m.deadline_id),
    )
    .orderBy('due_at')
    .execute();
}

/** A proposal's opening and the matching body that made it. */
export async function proposalsOf(db: Db, ids: string[]): Promise<Map<string, { openingId: string; openingRole: string; matcherOrgId: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('proposals as p')
    .innerJoin('openings as o', 'o.id', 'p.opening_id')
    .select(['p.id', 'o.id as openingId', 'o.role as openingRole', 'p.matcher_org_id as matcherOrgId'])
    .where('p.id', 'in', ids)
    .execute();
  return new Map(rows.map(({ id, ...rest }) => [id, rest]));
}

/** The subcontractors that registered placements or reports, by the item's id; the prime's own items are not in it. */
export async function subcontractorsOfItems(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const [placements, reports] = await Promise.all(
    (['placements', 'reports'] as const).map((table) =>
      db.selectFrom(table).select(['id', 'subcontractor_org_id']).where('id', 'in', ids).where('subcontractor_org_id', 'is not', null).execute(),
    ),
  );
  return new Map([...placements!, ...reports!].map((row) => [row.id, row.subcontractor_org_id!]));
}

export interface MailRecipient {
  userId: string;
  name: string;
  email: string;
  language: 'sv' | 'en';
  /** The user's choice for the kind asked about, if any. */
  delivery: MailDelivery | null;
}

/** The users of an organisation in a role who have an e-mail address, with their choice for `kind`. */
export async function recipientsIn(db: Db, orgId: string, role: Role, kind: string): Promise<MailRecipient[]> {
  const rows = await db
    .selectFrom('users as u')
    .leftJoin('mail_preferences as p', (join) => join.onRef('p.user_id', '=', 'u.id').on('p.kind', '=', kind))
    .select(['u.id as userId', 'u.name', 'u.email', 'u.language', 'p.delivery'])
    .where('u.org_id', '=', orgId)
    .where('u.role', '=', role)
    .where('u.email', 'is not', null)
    .orderBy('u.id')
    .execute();
  return rows.map((r) => ({ ...r, email: r.email!, delivery: r.delivery ?? null }));
}

export interface NewMailItem {
  userId: string;
  kind: string;
  source: string;
  clauseId: string | null;
  facts: Record<string, unknown>;
  delivery: Exclude<MailDelivery, 'never'>;
  messageId: string | null;
}

/** Inserts an item unless the user already has one for the same cause; its id, or undefined when it existed. */
export async function insertMailItem(db: Db, item: NewMailItem, now: Date): Promise<string | undefined> {
  const row = await db
    .insertInto('mail_items')
    .values({
      id: randomUUID(),
      user_id: item.userId,
      kind: item.kind,
      source: item.source,
      clause_id: item.clauseId,
      facts: json(item.facts),
      delivery: item.delivery,
      message_id: item.messageId,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['user_id', 'source']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export interface NewMailMessage {
  id: string;
  userId: string;
  kind: string;
  digestDay: string | null;
  to: string;
  subject: string;
  text: string;
  html: string;
  unsubscribeUrl: string;
}

/** A pending message, due at once. False when the user already has a digest for that day. */
export async function insertMailMessage(db: Db, message: NewMailMessage, now: Date): Promise<boolean> {
  const row = await db
    .insertInto('mail_messages')
    .values({
      id: message.id,
      user_id: message.userId,
      kind: message.kind,
      digest_day: message.digestDay,
      to_address: message.to,
      subject: message.subject,
      text_body: message.text,
      html_body: message.html,
      unsubscribe_url: message.unsubscribeUrl,
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      created_at: now,
    })
    .onConflict((oc) => oc.constraint('mail_messages_one_digest_a_day').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Users with an address and items waiting for a digest from before `cutoff`, who have no digest for `day` yet. */
export async function usersAwaitingDigest(db: Db, cutoff: Date, day: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('mail_items as i')
    .innerJoin('users as u', 'u.id', 'i.user_id')
    .select('i.user_id')
    .distinct()
    .where('u.email', 'is not', null)
    .where('i.message_id', 'is', null)
    .where('i.delivery', '=', 'digest')
    .where('i.created_at', '<', cutoff)
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('mail_messages as m').select('m.id').whereRef('m.user_id', '=', 'i.user_id').where('m.digest_day', '=', day))),
    )
    .limit(limit)
    .execute();
  return rows.map((r) => r.user_id);
}

export interface WaitingItem {
  id: string;
  kind: string;
  facts: Record<string, unknown>;
  createdAt: Date;
}

/** A user's items waiting for the digest from before `cutoff`, locked for this transaction (another instance skips them). */
export async function claimDigestItems(trx: Db, userId: string, cutoff: Date): Promise<WaitingItem[]> {
  const rows = await trx
    .selectFrom('mail_items')
    .select(['id', 'kind', 'facts', 'created_at'])
    .where('user_id', '=', userId)
    .where('message_id', 'is', null)
    .where('delivery', '=', 'digest')
    .where('created_at', '<', cutoff)
    .orderBy('created_at')
    .orderBy('id')
    .forUpdate()
    .skipLocked()
    .execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, facts: r.facts, createdAt: r.created_at }));
}

export async function attachItems(trx: Db, itemIds: string[], messageId: string): Promise<void> {
  if (itemIds.length > 0) await trx.updateTable('mail_items').set({ message_id: messageId }).where('id', 'in', itemIds).execute();
}

/** A user's address and language, for writing their mail. */
export async function mailUser(db: Db, userId: string): Promise<{ id: string; name: string; email: string | null; language: 'sv' | 'en' } | undefined> {
  return db.selectFrom('users').select(['id', 'name', 'email', 'language']).where('id', '=', userId).executeTakeFirst();
}

export interface ClaimedMessage {
  id: string;
  attempts: number;
  to: string;
  subject: string;
  text: string;
  html: string;
  unsubscribeUrl: string;
}

/**
 * Claims up to `limit` due pending messages and leases them until
 * `leaseUntil` (next_attempt_at moved on), committed before anything is sent:
 * another instance skips them, and one that died mid-send leaves them due
 * again when the lease runs out.
 */
export async function claimDueMessages(db: Db, opts: { limit: number; now: Date; leaseUntil: Date }): Promise<ClaimedMessage[]> {
  return db.transaction().execute(async (trx) => {
    const locked = await trx
      .selectFrom('mail_messages')
      .select('id')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', opts.now)
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(opts.limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (locked.length === 0) return [];
    const rows = await trx
      .updateTable('mail_messages')
      .set({ next_attempt_at: opts.leaseUntil })
      .where(
        'id',
        'in',
        locked.map((r) => r.id),
      )
      .returning(['id', 'attempts', 'to_address', 'subject', 'text_body', 'html_body', 'unsubscribe_url'])
      .execute();
    return rows
      .map((r) => ({
        id: r.id,
        attempts: r.attempts,
        to: r.to_address,
        subject: r.subject,
        text: r.text_body,
        html: r.html_body,
        unsubscribeUrl: r.unsubscribe_url,
      }))
      .sort((a, b) => a.id.localeCompare(b.id));
  });
}

/** Gives claimed messages back unsent (the worker is stopping): due again at `dueAt`. */
export const releaseMessages = (db: Db, leases: Array<{ id: string; attempts: number }>, dueAt: Date): Promise<void> =>
  releaseLeases(db, 'mail_messages', leases, dueAt);

export interface MailAttemptOutcome {
  messageId: string;
  attemptsBefore: number;
  at: Date;
  smtpCode: number | null;
  error: string | null;
  status: MailMessagesTable['status'];
  nextAttemptAt: Date;
}

/** Records one attempt and its outcome, only while the message carries the attempt count it was claimed with. False when the lease was lost. */
export async function recordMailAttempt(db: Db, outcome: MailAttemptOutcome): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('mail_messages')
      .set({
        attempts: outcome.attemptsBefore + 1,
        status: outcome.status,
        last_error: outcome.error,
        next_attempt_at: outcome.nextAttemptAt,
        sent_at: outcome.status === 'sent' ? outcome.at : null,
      })
      .where('id', '=', outcome.messageId)
      .where('attempts', '=', outcome.attemptsBefore)
      .where('status', '=', 'pending')
      .returning('id')
      .executeTakeFirst();
    if (!updated) return false;
    await trx
      .insertInto('mail_attempts')
      .values({ message_id: outcome.messageId, attempt: outcome.attemptsBefore + 1, at: outcome.at, smtp_code: outcome.smtpCode, error: outcome.error })
      .execute();
    return true;
  });
}

export interface MailFailureRow {
  messageId: string;
  attempt: number;
  at: Date;
  smtpCode: number | null;
  error: string;
  kind: string;
  status: MailMessagesTable['status'];
  attempts: number;
  nextAttemptAt: Date;
  to: string;
  userId: string;
  userName: string;
  orgId: string;
  orgName: string;
}

/** Failed attempts, newest first, with their message as it stands now; of one organisation's users when given. */
export async function listMailFailures(db: Db, filter: { orgId?: string | undefined; limit: number }): Promise<MailFailureRow[]> {
  let query = db
    .selectFrom('mail_attempts as a')
    .innerJoin('mail_messages as m', 'm.id', 'a.message_id')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .innerJoin('organisations as o', 'o.id', 'u.org_id')
    .select([
      'a.message_id as messageId',
      'a.attempt',
      'a.at',
      'a.smtp_code as smtpCode',
      'a.error',
      'm.kind',
      'm.status',
      'm.attempts',
      'm.next_attempt_at as nextAttemptAt',
      'm.to_address as to',
      'u.id as userId',
      'u.name as userName',
      'o.id as orgId',
      'o.name as orgName',
    ])
    .where('a.error', 'is not', null);
  if (filter.orgId !== undefined) query = query.where('u.org_id', '=', filter.orgId);
  const rows = await query.orderBy('a.at', 'desc').orderBy('a.message_id').orderBy('a.attempt', 'desc').limit(filter.limit).execute();
  return rows.map((r) => ({ ...r, error: r.error! }));
}

/** Failed messages (one, or all) pending again at `now`, with a fresh count of attempts. The ids made pending. */
export async function retryFailedMessages(db: Db, messageId: string | undefined, now: Date): Promise<string[]> {
  let update = db.updateTable('mail_messages').set({ status: 'pending', next_attempt_at: now, attempts: 0 }).where('status', '=', 'failed');
  if (messageId !== undefined) update = update.where('id', '=', messageId);
  return (await update.returning('id').execute()).map((r) => r.id);
}

export async function findMailMessage(db: Db, id: string): Promise<{ id: string; status: string } | undefined> {
  return db.selectFrom('mail_messages').select(['id', 'status']).where('id', '=', id).executeTakeFirst();
}

/** A user's choices, by kind (kinds without a row take their default). */
export async function mailPreferences(db: Db, userId: string): Promise<Map<string, MailDelivery>> {
  const rows = await db.selectFrom('mail_preferences').select('kind').select('delivery').where('user_id', '=', userId).execute();
  return new Map(rows.map((r) => [r.kind, r.delivery]));
}

export async function setMailPreferences(db: Db, userId: string, choices: ReadonlyArray<{ kind: string; delivery: MailDelivery }>, now: Date): Promise<void> {
  if (choices.length === 0) return;
  await db
    .insertInto('mail_preferences')
    .values(choices.map((c) => ({ user_id: userId, kind: c.kind, delivery: c.delivery, updated_at: now })))
    .onConflict((oc) =>
      oc.columns(['user_id', 'kind']).doUpdateSet((eb) => ({ delivery: eb.ref('excluded.delivery'), updated_at: eb.ref('excluded.updated_at') })),
    )
    .execute();
}

/** A user's address and language changed; refused by the database when another user has the address (users_email_unique). */
export async function updateUserContact(db: Db, userId: string, change: { email?: string | null; language?: 'sv' | 'en' }): Promise<boolean> {
  if (Object.keys(change).length === 0) return (await db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst()) !== undefined;
  const row = await db.updateTable('users').set(change).where('id', '=', userId).returning('id').executeTakeFirst();
  return row !== undefined;
}

/** Whether another user has this address, regardless of case. */
export async function emailTaken(db: Db, email: string, exceptUserId?: string): Promise<boolean> {
  let query = db.selectFrom('users').select('id').where(sql<string>`lower(email)`, '=', email.toLowerCase());
  if (exceptUserId !== undefined) query = query.where('id', '!=', exceptUserId);
  return (await query.executeTakeFirst()) !== undefined;
}
