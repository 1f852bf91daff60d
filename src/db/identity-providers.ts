/** Organisations' OpenID Connect providers, the sign-ins under way with them, and the users they sign in (issue 23, item 5). */
import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Role } from '../domain/roles.ts';
import type { Db, OrgIdentityProvidersTable } from './schema.ts';

export type IdentityProviderRow = Selectable<OrgIdentityProvidersTable>;

export interface IdentityProviderSettings {
  orgId: string;
  issuer: string;
  clientId: string;
  clientSecretSealed: string;
  allowNewUsers: boolean;
  newUserRole: Exclude<Role, 'admin'> | null;
  emailDomains: string[];
}

/** Sets the organisation's provider (replacing one it had); its users' sessions opened through the old one end. */
export async function upsertIdentityProvider(db: Db, settings: IdentityProviderSettings, now: Date): Promise<IdentityProviderRow> {
  return db.transaction().execute(async (trx) => {
    const values = {
      issuer: settings.issuer,
      client_id: settings.clientId,
      client_secret_sealed: settings.clientSecretSealed,
      allow_new_users: settings.allowNewUsers,
      new_user_role: settings.newUserRole,
      email_domains: JSON.stringify(settings.emailDomains),
      updated_at: now,
    };
    await endProviderSessions(trx, settings.orgId);
    return trx
      .insertInto('org_identity_providers')
      .values({ org_id: settings.orgId, created_at: now, ...values })
      .onConflict((oc) => oc.column('org_id').doUpdateSet(values))
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

export async function findIdentityProvider(db: Db, orgId: string): Promise<IdentityProviderRow | undefined> {
  return db.selectFrom('org_identity_providers').selectAll().where('org_id', '=', orgId).executeTakeFirst();
}

export async function listIdentityProviders(db: Db): Promise<Array<IdentityProviderRow & { org_name: string }>> {
  return db
    .selectFrom('org_identity_providers')
    .innerJoin('organisations', 'organisations.id', 'org_identity_providers.org_id')
    .selectAll('org_identity_providers')
    .select('organisations.name as org_name')
    .orderBy('organisations.name')
    .execute();
}

export async function hasIdentityProviders(db: Db): Promise<boolean> {
  return (await db.selectFrom('org_identity_providers').select('org_id').limit(1).executeTakeFirst()) !== undefined;
}

/** Removes the organisation's provider and ends the sessions it opened; false when it had none. */
export async function deleteIdentityProvider(db: Db, orgId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await endProviderSessions(trx, orgId);
    const deleted = await trx.deleteFrom('org_identity_providers').where('org_id', '=', orgId).executeTakeFirst();
    await trx.deleteFrom('oidc_sign_ins').where('org_id', '=', orgId).execute();
    return deleted.numDeletedRows > 0n;
  });
}

async function endProviderSessions(db: Db, orgId: string): Promise<void> {
  await db
    .deleteFrom('web_sessions')
    .where('user_id', 'in', (eb) => eb.selectFrom('users').select('id').where('org_id', '=', orgId))
    .execute();
}

/** The user with this e-mail address, whatever its case. */
export async function findUserByEmail(db: Db, email: string) {
  return db
    .selectFrom('users')
    .select(['id', 'org_id', 'email'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
}

/** The organisation whose provider admits new users from this e-mail domain. */
export async function findProviderByEmailDomain(db: Db, domain: string): Promise<IdentityProviderRow | undefined> {
  const rows = await db.selectFrom('org_identity_providers').selectAll().where('allow_new_users', '=', true).execute();
  return rows.find((row) => row.email_domains.includes(domain.toLowerCase()));
}

/** A user created on their first sign-in through the provider: no API key, the organisation's chosen role. */
export async function insertUserFromProvider(db: Db, user: { orgId: string; role: Role; name: string; email: string }, now: Date): Promise<string> {
  const id = randomUUID();
  await db.insertInto('users').values({ id, org_id: user.orgId, role: user.role, name: user.name, email: user.email, created_at: now }).execute();
  return id;
}

export async function insertPendingSignIn(
  db: Db,
  pending: { id: string; browserHash: string; orgId: string; codeVerifier: string; nonce: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  // Sign-ins abandoned at the provider are few; each new one clears those that have expired.
  await db.deleteFrom('oidc_sign_ins').where('expires_at', '<=', pending.createdAt).execute();
  await db
    .insertInto('oidc_sign_ins')
    .values({
      id: pending.id,
      browser_hash: pending.browserHash,
      org_id: pending.orgId,
      code_verifier: pending.codeVerifier,
      nonce: pending.nonce,
      created_at: pending.createdAt,
      expires_at: pending.expiresAt,
    })
    .execute();
}

/** Takes the sign-in under way with this state hash, once: a second call gets nothing. Expired ones are not returned. */
export async function takePendingSignIn(db: Db, id: string, now: Date) {
  const row = await db.deleteFrom('oidc_sign_ins').where('id', '=', id).returningAll().executeTakeFirst();
  return row && row.expires_at > now ? row : undefined;
}
