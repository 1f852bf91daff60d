/** Web sessions and the settings instances share (issue 8). */
import { randomBytes } from 'node:crypto';
import type { Actor } from '../domain/roles.ts';
import { ACTOR_COLUMNS } from './organisations.ts';
import type { Db } from './schema.ts';

/** A setting every instance reads alike; the first instance to ask creates it. */
export async function sharedSecret(db: Db, key: string): Promise<string> {
  await db
    .insertInto('app_settings')
    .values({ key, value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('app_settings').select('value').where('key', '=', key).executeTakeFirstOrThrow();
  return row.value;
}

/** Who a session belongs to: the API key it was opened with, or the user an identity provider signed in. */
export type SessionOwner = { apiKeyId: string } | { userId: string };

export async function insertSession(db: Db, session: { id: string; owner: SessionOwner; csrfToken: string; createdAt: Date; expiresAt: Date }): Promise<void> {
  const owner = 'apiKeyId' in session.owner ? { api_key_id: session.owner.apiKeyId } : { api_key_id: null, user_id: session.owner.userId };
  await db
    .insertInto('web_sessions')
    .values({ id: session.id, ...owner, csrf_token: session.csrfToken, created_at: session.createdAt, expires_at: session.expiresAt })
    .execute();
}

/**
 * The signed-in actor and CSRF token of a live session, with when it began and
 * when it expires, and how it was opened. A session opened with an API key
 * lives while the key is not revoked; one opened by a provider, while the
 * user's organisation still has that provider (removing it ends them).
 */
export async function findSession(
  db: Db,
  id: string,
  now: Date,
): Promise<{ actor: Actor; csrfToken: string; createdAt: Date; expiresAt: Date; openedBy: 'apiKey' | 'provider' } | undefined> {
  const row = await db
    .selectFrom('web_sessions')
    .leftJoin('api_keys', 'api_keys.id', 'web_sessions.api_key_id')
    .innerJoin('users', (join) =>
      join.on((eb) => eb.or([eb('users.id', '=', eb.ref('api_keys.user_id')), eb('users.id', '=', eb.ref('web_sessions.user_id'))])),
    )
    .innerJoin('organisations', 'organisations.id', 'users.org_id')
    .select([
      'web_sessions.csrf_token as csrfToken',
      'web_sessions.created_at as createdAt',
      'web_sessions.expires_at as expiresAt',
      'web_sessions.api_key_id as apiKeyId',
      ...ACTOR_COLUMNS,
    ])
    .where('web_sessions.id', '=', id)
    .where('web_sessions.expires_at', '>', now)
    .where((eb) => eb.or([eb('api_keys.revoked_at', 'is', null).and('web_sessions.api_key_id', 'is not', null), eb('web_sessions.user_id', 'is not', null)]))
    .executeTakeFirst();
  if (!row) return undefined;
  const { csrfToken, createdAt, expiresAt, apiKeyId, ...actor } = row;
  return { actor: actor as Actor, csrfToken, createdAt, expiresAt, openedBy: apiKeyId === null ? 'provider' : 'apiKey' };
}

/** Moves a live session's expiry later (its idle limit counted from now); never earlier, never for one that has expired. */
export async function extendSession(db: Db, id: string, expiresAt: Date, now: Date): Promise<void> {
  await db
    .updateTable('web_sessions')
    .set({ expires_at: expiresAt })
    .where('id', '=', id)
    .where('expires_at', '>', now)
    .where('expires_at', '<', expiresAt)
    .execute();
}

/** Ends a session, and any that have expired. */
export async function deleteSession(db: Db, id: string, now: Date): Promise<void> {
  await db
    .deleteFrom('web_sessions')
    .where((eb) => eb.or([eb('id', '=', id), eb('expires_at', '<=', now)]))
    .execute();
}
