import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor, OrgKind, Role } from '../domain/roles.ts';
import type { Database, OrganisationRow, UserRow } from './schema.ts';
import { runPrepared } from './prepared.ts';

type Db = Kysely<Database>;

export async function insertOrganisation(
  db: Db,
  org: { name: string; kind: OrgKind; orgNumber?: string | null },
  now: Date,
): Promise<OrganisationRow> {
  return db
    .insertInto('organisations')
    .values({ id: randomUUID(), name: org.name, kind: org.kind, org_number: org.orgNumber ?? null, created_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findOrganisation(db: Db, id: string): Promise<OrganisationRow | undefined> {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listOrganisations(db: Db): Promise<OrganisationRow[]> {
  return db.selectFrom('organisations').selectAll().orderBy('created_at').orderBy('name').execute();
}

export async function countOrganisations(db: Db): Promise<number> {
  const row = await db.selectFrom('organisations').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/** Creates a user and its first API key; the key is returned once and only its hash is stored. */
export async function insertUserWithKey(
  db: Db,
  user: { orgId: string; role: Role; name: string },
  now: Date,
): Promise<{ user: UserRow; apiKey: string }> {
  const apiKey = `kl_${randomBytes(24).toString('base64url')}`;
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('users')
      .values({ id: randomUUID(), org_id: user.orgId, role: user.role, name: user.name, created_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('api_keys')
      .values({
        id: randomUUID(),
        user_id: row.id,
        key_hash: hashApiKey(apiKey),
        key_prefix: apiKey.slice(0, 7),
        created_at: now,
        revoked_at: null,
      })
      .execute();
    return { user: row, apiKey };
  });
}

export async function findActorByApiKey(db: Db, apiKey: string): Promise<Actor | undefined> {
  // Every request runs it: prepared.
  const [row] = await runPrepared(db, db
    .selectFrom('api_keys')
    .innerJoin('users', 'users.id', 'api_keys.user_id')
    .innerJoin('organisations', 'organisations.id', 'users.org_id')
    .select(['users.id as userId', 'users.name as userName', 'users.role', 'organisations.id as orgId', 'organisations.kind as orgKind'])
    .where('api_keys.key_hash', '=', hashApiKey(apiKey))
    .where('api_keys.revoked_at', 'is', null));
  return row as Actor | undefined;
}

/** Users' names by id, for showing who did what. */
export async function userNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
