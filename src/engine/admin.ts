/** Operator tasks behind the CLI: organisations, users and their API keys. */
import { notFound, validationError } from '../domain/errors.ts';
import { refuseUnacceptableText } from '../domain/personal-identity-number.ts';
import { ORG_KINDS, ROLES, ROLES_BY_ORG_KIND, type OrgKind, type Role } from '../domain/roles.ts';
import {
  findOrganisation,
  findUser,
  insertOrganisation,
  insertUserWithKey,
  listApiKeys,
  revokeApiKey,
  rotateApiKey,
  type ApiKeyListing,
} from '../db/organisations.ts';
import type { EngineDeps } from './deps.ts';

export async function addOrganisation(deps: EngineDeps, input: { name?: string | undefined; kind?: string | undefined; orgNumber?: string | undefined }) {
  const name = input.name?.trim();
  if (!name) throw validationError('An organisation needs a name', [{ path: 'name', message: 'give --name "Östersundshem"' }]);
  // The name issues attestations and stands in reports; 200 characters is what those fields hold.
  if (name.length > 200) throw validationError('The name is too long', [{ path: 'name', message: 'give a name of at most 200 characters' }]);
  if (!ORG_KINDS.includes(input.kind as OrgKind)) {
    throw validationError('Unknown organisation kind', [{ path: 'kind', message: `give --kind ${ORG_KINDS.join(' or ')}` }]);
  }
  refuseUnacceptableText({ name, orgNumber: input.orgNumber });
  const row = await insertOrganisation(deps.db, { name, kind: input.kind as OrgKind, orgNumber: input.orgNumber ?? null }, deps.clock.now());
  return { id: row.id, name: row.name, kind: row.kind, orgNumber: row.org_number, createdAt: row.created_at.toISOString() };
}

export async function addUser(deps: EngineDeps, input: { orgId?: string | undefined; role?: string | undefined; name?: string | undefined }) {
  const name = input.name?.trim();
  if (!input.orgId) throw validationError('A user belongs to an organisation', [{ path: 'org', message: 'give --org <organisation id>' }]);
  if (!name) throw validationError('A user needs a name', [{ path: 'name', message: 'give --name "Anna Andersson"' }]);
  const org = await findOrganisation(deps.db, input.orgId);
  if (!org) throw notFound('Organisation', input.orgId);
  const allowed = ROLES_BY_ORG_KIND[org.kind];
  if (!ROLES.includes(input.role as Role) || !allowed.includes(input.role as Role)) {
    throw validationError('Role does not fit the organisation', [
      { path: 'role', message: `a ${org.kind} organisation's users are ${allowed.join(', ')}; give --role with one of them` },
    ]);
  }
  refuseUnacceptableText({ name });
  const { user, apiKey } = await insertUserWithKey(deps.db, { orgId: org.id, role: input.role as Role, name }, deps.clock.now());
  return { id: user.id, orgId: user.org_id, role: user.role, name: user.name, apiKey };
}

const keyView = (k: ApiKeyListing) => ({
  id: k.id,
  userId: k.userId,
  userName: k.userName,
  role: k.role,
  orgId: k.orgId,
  orgName: k.orgName,
  keyPrefix: k.keyPrefix,
  createdAt: k.createdAt.toISOString(),
  revokedAt: k.revokedAt ? k.revokedAt.toISOString() : null,
  revoked: k.revokedAt !== null,
});
export type KeyView = ReturnType<typeof keyView>;

/** API keys with their users, optionally of one organisation or user: prefixes only, never keys or hashes. */
export async function listKeys(deps: EngineDeps, input: { orgId?: string | undefined; userId?: string | undefined } = {}): Promise<KeyView[]> {
  if (input.orgId !== undefined && !(await findOrganisation(deps.db, input.orgId))) throw notFound('Organisation', input.orgId);
  if (input.userId !== undefined && !(await findUser(deps.db, input.userId))) throw notFound('User', input.userId);
  return (await listApiKeys(deps.db, input)).map(keyView);
}

/** Revokes a key: refused from the next request on. Revoking it again answers the same, with `alreadyRevoked`. */
export async function revokeKey(deps: EngineDeps, input: { keyId?: string | undefined }) {
  if (!input.keyId) throw validationError('Which key?', [{ path: 'key', message: 'give --key <key id> (see `klausul key list`)' }]);
  const result = await revokeApiKey(deps.db, input.keyId, deps.clock.now());
  if (!result) throw notFound('API key', input.keyId);
  const { key, alreadyRevoked } = result;
  return { id: key.id, userId: key.user_id, keyPrefix: key.key_prefix, revokedAt: key.revoked_at!.toISOString(), alreadyRevoked };
}

/** A new key for the user (returned once); the user's other live keys are revoked in the same transaction. */
export async function rotateKey(deps: EngineDeps, input: { userId?: string | undefined }) {
  if (!input.userId) throw validationError('Whose key?', [{ path: 'user', message: 'give --user <user id> (see `klausul key list`)' }]);
  const result = await rotateApiKey(deps.db, input.userId, deps.clock.now());
  if (!result) throw notFound('User', input.userId);
  const { user, key, apiKey, revokedKeyIds } = result;
  return {
    id: key.id,
    userId: user.id,
    userName: user.name,
    role: user.role,
    orgId: user.org_id,
    keyPrefix: key.key_prefix,
    createdAt: key.created_at.toISOString(),
    apiKey,
    revokedKeyIds,
  };
}
