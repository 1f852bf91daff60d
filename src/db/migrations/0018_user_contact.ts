/**
 * How a user is reached (issue 23): an e-mail address, unique regardless of
 * case, used for mail and to match a sign-in through the organisation's
 * identity provider, and the language mail is written in.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('email', 'text')
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('sv').check(sql`language in ('sv', 'en')`))
    .execute();
  await db.schema.createIndex('users_email_unique').unique().on('users').expression(sql`lower(email)`).where(sql.ref('email'), 'is not', null).execute();
}
