import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Actor, OrgKind, Role } from '../domain/roles.ts';
import type { ApiKeysTable, Database, OrganisationRow, UserRow } from './schema.ts';
import { compiledOnce } from './prepared.ts';

type Db = Kysely<Database>;
export type ApiKeyRow = Selectable<ApiKeysTable>;

export async function insertOrganisation(
  db: Db,
  org: { name: string; kind: OrgKind; orgNumber?: string | null; socialEnterprise?: boolean },
  now: Date,
): Promise<OrganisationRow> {
  return db
    .insertInto('organisations')
    .values({
      id: randomUUID(),
      name: org.name,
      kind: org.kind,
      org_number: org.orgNumber ?? null,
      social_enterprise: org.socialEnterprise ?? false,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Sets an organisation's number or its social-enterprise flag (issue 22); the rest stays. */
export async function updateOrganisation(db: Db, id: string, change: { orgNumber?: string; socialEnterprise?: boolean }): Promise<OrganisationRow | undefined> {
  if (change.orgNumber === undefined && change.socialEnterprise === undefined) return findOrganisation(db, id);
  return db
    .updateTable('organisations')
    .set({
      ...(change.orgNumber !== undefined && { org_number: change.orgNumber }),
      ...(change.socialEnterprise !== undefined && { social_enterprise: change.socialEnterprise }),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function findOrganisation(db: Db, id: string): Promise<OrganisationRow | undefined> {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listOrganisations(db: Db): Promise<OrganisationRow[]> {
  return db.selectFrom('organisations').selectAll().orderBy('created_at').orderBy('name').execute();
}

export async function countOrganisations(db: Db): Promise<number> {
  const row = await db
    .selectFrom('organisations')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/** A new random API key: shown once; only its sha256 and its first characters are stored. */
function newApiKey(): { apiKey: string; keyHash: string; keyPrefix: string } {
  const apiKey = `kl_${randomBytes(24).toString('base64url')}`;
  return { apiKey, keyHash: hashApiKey(apiKey), keyPrefix: apiKey.slice(0, 7) };
}

async function insertApiKey(db: Db, userId: string, now: Date): Promise<{ row: ApiKeyRow; apiKey: string }> {
  const { apiKey, keyHash, keyPrefix } = newApiKey();
  const row = await db
    .insertInto('api_keys')
    .values({ id: randomUUID(), user_id: userId, key_hash: keyHash, key_prefix: keyPrefix, created_at: now, revoked_at: null })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { row, apiKey };
}

/** Creates a user and its first API key; the key is returned once and only its hash is stored. */
export async function insertUserWithKey(
  db: Db,
  user: { orgId: string; role: Role; name: string; email?: string | null; language?: 'sv' | 'en' },
  now: Date,
): Promise<{ user: UserRow; apiKey: string }> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('users')
      .values({
        id: randomUUID(),
        org_id: user.orgId,
        role: user.role,
        name: user.name,
        email: user.email ?? null,
        language: user.language ?? 'sv',
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const { apiKey } = await insertApiKey(trx, row.id, now);
    return { user: row, apiKey };
  });
}

export async function findUser(db: Db, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** An API key as an operator sees it: never the key, never its hash. */
export interface ApiKeyListing {
  id: string;
  userId: string;
  userName: string;
  role: Role;
  orgId: string;
  orgName: string;
  keyPrefix: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export async function listApiKeys(db: Db, filter: { orgId?: string | undefined; userId?: string | undefined } = {}): Promise<ApiKeyListing[]> {
  let query = db
    .selectFrom('api_keys')
    .innerJoin('users', 'users.id', 'api_keys.user_id')
    .innerJoin('organisations', 'organisations.id', 'users.org_id')
    .select([
      'api_keys.id',
      'users.id as userId',
      'users.name as userName',
      'users.role',
      'organisations.id as orgId',
      'organisations.name as orgName',
      'api_keys.key_prefix as keyPrefix',
      'api_keys.created_at as createdAt',
      'api_keys.revoked_at as revokedAt',
    ]);
  if (filter.orgId !== undefined) query = query.where('organisations.id', '=', filter.orgId);
  if (filter.userId !== undefined) query = query.where('users.id', '=', filter.userId);
  return query.orderBy('organisations.name').orderBy('users.name').orderBy('users.id').orderBy('api_keys.created_at').orderBy('api_keys.id').execute();
}

/** Ends the web sessions signed in with these keys (they would be refused anyway: sessions check the key on every request). */
async function deleteSessionsOfKeys(db: Db, keyIds: string[]): Promise<void> {
  if (keyIds.length > 0) await db.deleteFrom('web_sessions').where('api_key_id', 'in', keyIds).execute();
}

/**
 * Revokes a key at once: the next request with it is refused, and its web
 * sessions end. Revoking a revoked key changes nothing and says when it was
 * revoked; undefined for an unknown key.
 */
export async function revokeApiKey(db: Db, keyId: string, now: Date): Promise<{ key: ApiKeyRow; alreadyRevoked: boolean } | undefined> {
  return db.transaction().execute(async (trx) => {
    const revoked = await trx
      .updateTable('api_keys')
      .set({ revoked_at: now })
      .where('id', '=', keyId)
      .where('revoked_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (revoked) {
      await deleteSessionsOfKeys(trx, [revoked.id]);
      return { key: revoked, alreadyRevoked: false };
    }
    const existing = await trx.selectFrom('api_keys').selectAll().where('id', '=', keyId).executeTakeFirst();
    return existing ? { key: existing, alreadyRevoked: true } : undefined;
  });
}

/**
 * Issues a new key for a user and revokes the user's other live keys, in one
 * transaction. The user's row is locked first, so two rotations at once take
 * turns and leave exactly one live key. Undefined for an unknown user.
 */
export async function rotateApiKey(
  db: Db,
  userId: string,
  now: Date,
): Promise<{ user: UserRow; key: ApiKeyRow; apiKey: string; revokedKeyIds: string[] } | undefined> {
  return db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').selectAll().where('id', '=', userId).forUpdate().executeTakeFirst();
    if (!user) return undefined;
    const revoked = await trx
      .updateTable('api_keys')
      .set({ revoked_at: now })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .returning('id')
      .execute();
    const revokedKeyIds = revoked.map((r) => r.id).sort();
    await deleteSessionsOfKeys(trx, revokedKeyIds);
    const { row, apiKey } = await insertApiKey(trx, userId, now);
    return { user, key: row, apiKey, revokedKeyIds };
  });
}

/** The columns that make an Actor of a user and its organisation. */
export const ACTOR_COLUMNS = [
  'users.id as userId',
  'users.name as userName',
  'users.role',
  'organisations.id as orgId',
  'organisations.kind as orgKind',
] as const;

/** A key that is not revoked, by the hash of the key, with its user and organisation. */
const liveKey = (db: Db, keyHash: string) =>
  db
    .selectFrom('api_keys')
    .innerJoin('users', 'users.id', 'api_keys.user_id')
    .innerJoin('organisations', 'organisations.id', 'users.org_id')
    .where('api_keys.key_hash', '=', keyHash)
    .where('api_keys.revoked_at', 'is', null);

/** Every API request runs it. */
const actorQuery = compiledOnce((db: Db, keyHash: string) => liveKey(db, keyHash).select(ACTOR_COLUMNS));

export async function findActorByApiKey(db: Db, apiKey: string): Promise<Actor | undefined> {
  const [row] = await actorQuery(db, hashApiKey(apiKey));
  return row as Actor | undefined;
}

/** The actor an API key signs in to the web application, with the key's id (its session is bound to the key). */
export async function findKeyForSignIn(db: Db, apiKey: string): Promise<{ apiKeyId: string; actor: Actor } | undefined> {
  const row = await liveKey(db, hashApiKey(apiKey))
    .select(['api_keys.id as apiKeyId', ...ACTOR_COLUMNS])
    .executeTakeFirst();
  if (!row) return undefined;
  const { apiKeyId, ...actor } = row;
  return { apiKeyId, actor: actor as Actor };
}

/** Users' names by id, for showing who did what. */
export async function userNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
