/**
 * Sign-in with the organisation's own OpenID Connect provider (issue 23, item 5):
 * one provider per organisation, its client secret sealed with KLAUSUL_SECRET_KEY;
 * the sign-ins under way (state, nonce and PKCE verifier, used once); and web
 * sessions that belong to a user rather than to the API key they were opened with.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('org_identity_providers')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('organisations.id'))
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    // AES-256-GCM under a key derived from KLAUSUL_SECRET_KEY (src/engine/secret-box.ts); never the secret itself.
    .addColumn('client_secret_sealed', 'text', (c) => c.notNull())
    .addColumn('allow_new_users', 'boolean', (c) => c.notNull().defaultTo(false))
    // With allow_new_users: the role a new user gets and the e-mail domains a new user's verified address must be in.
    .addColumn('new_user_role', 'text', (c) => c.check(sql`new_user_role in ('officer', 'auditor', 'contractor', 'matcher')`))
    .addColumn('email_domains', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('org_identity_providers_new_users', sql`not allow_new_users or new_user_role is not null`)
    .execute();
  await db.schema
    .createTable('oidc_sign_ins')
    // sha256 of the state sent to the provider; the row is deleted when the browser comes back, so a state works once.
    .addColumn('id', 'text', (c) => c.primaryKey())
    // sha256 of the token in the browser's cookie: the callback must come back to the browser that set out.
    .addColumn('browser_hash', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('code_verifier', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oidc_sign_ins_expiry_idx').on('oidc_sign_ins').column('expires_at').execute();
  // A session is opened with an API key (bound to the key) or by the provider (bound to the user): exactly one of the two.
  await db.schema
    .alterTable('web_sessions')
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .alterTable('web_sessions')
    .alterColumn('api_key_id', (c) => c.dropNotNull())
    .execute();
  await db.schema.alterTable('web_sessions').addCheckConstraint('web_sessions_one_owner', sql`(api_key_id is null) <> (user_id is null)`).execute();
  await db.schema.createIndex('web_sessions_user_idx').on('web_sessions').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('web_sessions').where('user_id', 'is not', null).execute();
  await db.schema.dropIndex('web_sessions_user_idx').execute();
  await db.schema.alterTable('web_sessions').dropConstraint('web_sessions_one_owner').execute();
  await db.schema
    .alterTable('web_sessions')
    .alterColumn('api_key_id', (c) => c.setNotNull())
    .execute();
  await db.schema.alterTable('web_sessions').dropColumn('user_id').execute();
  await db.schema.dropTable('oidc_sign_ins').execute();
  await db.schema.dropTable('org_identity_providers').execute();
}
