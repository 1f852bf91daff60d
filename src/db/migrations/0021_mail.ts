/**
 * Mail (issue 23): what each user is told and how (preferences per kind),
 * what is owed to whom (items: one per user and cause), the messages that
 * carry them (at once, or one digest per user per day) with every attempt,
 * and the markers that make each outbox row and each deadline reminder
 * planned once, whichever instance gets there first.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Rows written before mail existed are old news: planned already.
  await db.schema.alterTable('outbox').addColumn('mail_planned_at', 'timestamptz').execute();
  await sql`update outbox set mail_planned_at = created_at`.execute(db);
  await db.schema.createIndex('outbox_mail_unplanned_idx').on('outbox').column('id').where(sql.ref('mail_planned_at'), 'is', null).execute();

  await db.schema
    .createTable('mail_preferences')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('delivery', 'text', (c) => c.notNull().check(sql`delivery in ('immediate', 'digest', 'never')`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('mail_preferences_pk', ['user_id', 'kind'])
    .execute();

  await db.schema
    .createTable('mail_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    // A mail kind for a message of one item, or 'digest'.
    .addColumn('kind', 'text', (c) => c.notNull())
    // The UTC day a digest is for (YYYY-MM-DD); null for a message of one item.
    .addColumn('digest_day', 'text')
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text', (c) => c.notNull())
    .addColumn('unsubscribe_url', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'sent', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('sent_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('mail_messages_one_digest_a_day', ['user_id', 'digest_day'])
    .execute();
  await db.schema.createIndex('mail_messages_pending_idx').on('mail_messages').column('next_attempt_at').where(sql.ref('status'), '=', 'pending').execute();

  await db.schema
    .createTable('mail_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    // What caused it: "outbox:<id>", "deadline:<id>:dueSoon", "followUp:<id>"; one item per user and cause.
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('clause_id', 'text', (c) => c.references('clauses.id'))
    // What the words need (names, dates, the page to act on); never free text or a participant's reference.
    .addColumn('facts', 'jsonb', (c) => c.notNull())
    .addColumn('delivery', 'text', (c) => c.notNull().check(sql`delivery in ('immediate', 'digest')`))
    .addColumn('message_id', 'text', (c) => c.references('mail_messages.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('mail_items_once', ['user_id', 'source'])
    .execute();
  await db.schema
    .createIndex('mail_items_digest_waiting_idx')
    .on('mail_items')
    .columns(['user_id', 'created_at'])
    .where(sql<boolean>`message_id is null and delivery = 'digest'`)
    .execute();

  await db.schema
    .createTable('mail_attempts')
    .addColumn('message_id', 'text', (c) => c.notNull().references('mail_messages.id'))
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('smtp_code', 'integer')
    // null: the SMTP server took the message.
    .addColumn('error', 'text')
    .addPrimaryKeyConstraint('mail_attempts_pk', ['message_id', 'attempt'])
    .execute();
  await db.schema.createIndex('mail_attempts_failed_idx').on('mail_attempts').column('at').where(sql.ref('error'), 'is not', null).execute();

  // A deadline's reminder ("due soon") and its overdue notice, each planned once. No foreign key: the retention
  // sweep removes cancelled deadlines, and a marker left behind harms nothing.
  await db.schema
    .createTable('mail_deadline_notices')
    .addColumn('deadline_id', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull().check(sql`stage in ('dueSoon', 'overdue')`))
    .addColumn('planned_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('mail_deadline_notices_pk', ['deadline_id', 'stage'])
    .execute();
  // What the overdue pass scans: deadlines fired lately.
  await db.schema.createIndex('deadlines_fired_at_idx').on('deadlines').column('resolved_at').where(sql.ref('status'), '=', 'fired').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('deadlines_fired_at_idx').execute();
  for (const table of ['mail_deadline_notices', 'mail_attempts', 'mail_items', 'mail_messages', 'mail_preferences']) await db.schema.dropTable(table).execute();
  await db.schema.alterTable('outbox').dropColumn('mail_planned_at').execute();
}
