/** Operator tasks behind the CLI: organisations and users with API keys. */
import { notFound, validationError } from '../domain/errors.ts';
import { refusePersonalIdentityNumbers } from '../domain/personal-identity-number.ts';
import { ORG_KINDS, ROLES, ROLES_BY_ORG_KIND, type OrgKind, type Role } from '../domain/roles.ts';
import { findOrganisation, insertOrganisation, insertUserWithKey } from '../db/organisations.ts';
import type { EngineDeps } from './deps.ts';

export async function addOrganisation(deps: EngineDeps, input: { name?: string | undefined; kind?: string | undefined; orgNumber?: string | undefined }) {
  const name = input.name?.trim();
  if (!name) throw validationError('An organisation needs a name', [{ path: 'name', message: 'give --name "Östersundshem"' }]);
  // The name issues attestations and stands in reports; 200 characters is what those fields hold.
  if (name.length > 200) throw validationError('The name is too long', [{ path: 'name', message: 'give a name of at most 200 characters' }]);
  if (!ORG_KINDS.includes(input.kind as OrgKind)) {
    throw validationError('Unknown organisation kind', [{ path: 'kind', message: `give --kind ${ORG_KINDS.join(' or ')}` }]);
  }
  refusePersonalIdentityNumbers({ name, orgNumber: input.orgNumber });
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
  refusePersonalIdentityNumbers({ name });
  const { user, apiKey } = await insertUserWithKey(deps.db, { orgId: org.id, role: input.role as Role, name }, deps.clock.now());
  return { id: user.id, orgId: user.org_id, role: user.role, name: user.name, apiKey };
}
