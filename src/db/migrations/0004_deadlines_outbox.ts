/**
 * Durable deadlines, the outbox of events, and webhook subscriptions with their
 * delivery log (issue 5). Deadlines and outbox rows are written in the same
 * statement as the transition that causes them; pollers claim them with
 * FOR UPDATE SKIP LOCKED, so several instances can share one database.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('deadlines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('clause_id', 'text', (c) => c.notNull().references('clauses.id'))
    // Unique per clause: e.g. "planDue:0", "firstJob", "report:2026-06-30", "remedy:1", "contractEnd".
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('planDue', 'firstJob', 'reportDue', 'remedyDue', 'contractEnd')`))
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    // The event the engine sends as actor "system" when the deadline passes: { type, ...payload }.
    .addColumn('event', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('scheduled', 'fired', 'cancelled')`))
    .addColumn('scheduled_at', 'timestamptz', (c) => c.notNull())
    .addColumn('resolved_at', 'timestamptz')
    // The event that fired it, or the event whose transition left the state it belonged to.
    .addColumn('resolved_by', 'text')
    .addUniqueConstraint('deadlines_clause_key_unique', ['clause_id', 'key'])
    .execute();
  // What the pollers scan: only deadlines still waiting, in due order.
  await db.schema.createIndex('deadlines_scheduled_due_idx').on('deadlines').column('due_at').where(sql.ref('status'), '=', 'scheduled').execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('clause_id', 'text', (c) => c.notNull().references('clauses.id'))
    // The organisations the event concerns: the buyer and, once awarded, the supplier.
    .addColumn('org_ids', sql`text[]`, (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('dispatched_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('outbox_undispatched_idx').on('outbox').column('id').where(sql.ref('dispatched_at'), 'is', null).execute();

  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('url', 'text', (c) => c.notNull())
    // Kept in clear: it signs every delivery (HMAC-SHA256), so it cannot be a one-way hash.
    .addColumn('secret', 'text', (c) => c.notNull())
    // null: every event type.
    .addColumn('event_types', sql`text[]`)
    .addColumn('description', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    // Deleted subscriptions stay, so their delivery log can still be read.
    .addColumn('deleted_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('webhooks_org_idx').on('webhooks').column('org_id').execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('webhook_id', 'text', (c) => c.notNull().references('webhooks.id'))
    .addColumn('outbox_id', 'bigint', (c) => c.notNull().references('outbox.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'delivered', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_attempt_at', 'timestamptz')
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('delivered_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('webhook_deliveries_once', ['webhook_id', 'outbox_id'])
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_pending_idx')
    .on('webhook_deliveries')
    .column('next_attempt_at')
    .where(sql.ref('status'), '=', 'pending')
    .execute();
  await db.schema.createIndex('webhook_deliveries_webhook_idx').on('webhook_deliveries').columns(['webhook_id', 'created_at']).execute();

  await db.schema
    .createTable('webhook_attempts')
    .addColumn('delivery_id', 'text', (c) => c.notNull().references('webhook_deliveries.id'))
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('webhook_attempts_pk', ['delivery_id', 'attempt'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['webhook_attempts', 'webhook_deliveries', 'webhooks', 'outbox', 'deadlines']) await db.schema.dropTable(table).execute();
}
