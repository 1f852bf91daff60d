/** Operator tasks behind the CLI: organisations, users and their API keys. */
import { z } from 'zod';
import { presentOrganisation } from './organisations.ts';
import { KlausulError, notFound, validationError } from '../domain/errors.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { emailTaken, updateUserContact } from '../db/mail.ts';
import { ORG_KINDS, ROLES, ROLES_BY_ORG_KIND, type Role } from '../domain/roles.ts';
import {
  findOrganisation,
  findUser,
  insertOrganisation,
  insertUserWithKey,
  updateOrganisation,
  listApiKeys,
  revokeApiKey,
  rotateApiKey,
  type ApiKeyListing,
} from '../db/organisations.ts';
import type { OrganisationRow } from '../db/schema.ts';
import { acceptInput } from './command.ts';
import type { EngineDeps } from './deps.ts';

/** A new organisation, from the CLI: its name, its kind and, optionally, its organisation number. */
export const organisationInput = z.strictObject({
  // The name issues attestations and stands in reports; 200 characters is what those fields hold.
  name: z.string({ error: 'give --name "Östersundshem"' }).trim().min(1, 'give --name "Östersundshem"').max(200, 'give a name of at most 200 characters'),
  kind: z.enum(ORG_KINDS, { error: `give --kind ${ORG_KINDS.join(' or ')}` }),
  orgNumber: z.string().trim().min(1).max(20).optional(),
  /** A supplier that is a work-integration social enterprise (arbetsintegrerande socialt företag; issue 22). */
  socialEnterprise: z.enum(['yes', 'no'], { error: 'give --social-enterprise yes or no' }).optional(),
});

const notSupplier = (kind: string) =>
  validationError('Only a supplier is a social enterprise', [
    {
      path: 'socialEnterprise',
      message: `a work-integration social enterprise is an organisation of kind supplier, not ${kind}; leave --social-enterprise out`,
    },
  ]);

/** The organisation as the CLI prints it: as everywhere (src/engine/organisations.ts), with when it was added. */
const presentAdded = (row: OrganisationRow) => ({ ...presentOrganisation(row), createdAt: row.created_at.toISOString() });

/** What `org set` changes: the organisation number, and whether a supplier is a social enterprise. */
export const organisationChangeInput = z.strictObject({
  orgId: z.string({ error: 'give --org <organisation id>' }).min(1, 'give --org <organisation id>').max(100),
  orgNumber: z.string().trim().min(1).max(20).optional(),
  socialEnterprise: z.enum(['yes', 'no'], { error: 'give --social-enterprise yes or no' }).optional(),
});

export async function setOrganisation(
  deps: EngineDeps,
  raw: { orgId?: string | undefined; orgNumber?: string | undefined; socialEnterprise?: string | undefined },
) {
  const input = acceptInput(organisationChangeInput, withoutUndefined(raw), 'organisation');
  const org = await findOrganisation(deps.db, input.orgId);
  if (!org) throw notFound('Organisation', input.orgId);
  if (input.socialEnterprise === 'yes' && org.kind !== 'supplier') throw notSupplier(org.kind);
  const row = await updateOrganisation(deps.db, org.id, {
    ...(input.orgNumber !== undefined && { orgNumber: input.orgNumber }),
    ...(input.socialEnterprise !== undefined && { socialEnterprise: input.socialEnterprise === 'yes' }),
  });
  return presentAdded(row ?? org);
}

export async function addOrganisation(
  deps: EngineDeps,
  raw: { name?: string | undefined; kind?: string | undefined; orgNumber?: string | undefined; socialEnterprise?: string | undefined },
) {
  const input = acceptInput(organisationInput, withoutUndefined(raw), 'organisation');
  if (input.socialEnterprise === 'yes' && input.kind !== 'supplier') throw notSupplier(input.kind);
  const row = await insertOrganisation(
    deps.db,
    { name: input.name, kind: input.kind, orgNumber: input.orgNumber ?? null, socialEnterprise: input.socialEnterprise === 'yes' },
    deps.clock.now(),
  );
  return presentAdded(row);
}

/** Where a user's mail goes (issue 23): one address per user, regardless of case. */
export const emailInput = z
  .email({ error: 'give an e-mail address such as anna.andersson@example.se' })
  .max(254, 'give an e-mail address of at most 254 characters')
  .meta({ example: 'anna.andersson@example.se' });
export const userLanguageInput = z.enum(['sv', 'en'], { error: "give the language of the user's mail: sv or en" });

/** A new user of an organisation, from the CLI. */
export const userInput = z.strictObject({
  orgId: z.string({ error: 'give --org <organisation id>' }).min(1, 'give --org <organisation id>').max(100),
  role: z.string({ error: `give --role ${ROLES.join(', ')}` }).max(20),
  name: z.string({ error: 'give --name "Anna Andersson"' }).trim().min(1, 'give --name "Anna Andersson"').max(200, 'give a name of at most 200 characters'),
  email: z.string().trim().pipe(emailInput).optional(),
  language: userLanguageInput.optional(),
});

/** Options the CLI did not get arrive as undefined; to the schema they are simply absent. */
const withoutUndefined = (raw: Record<string, unknown>) => Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined));

export async function addUser(
  deps: EngineDeps,
  raw: { orgId?: string | undefined; role?: string | undefined; name?: string | undefined; email?: string | undefined; language?: string | undefined },
) {
  const input = acceptInput(userInput, withoutUndefined(raw), 'user');
  const org = await findOrganisation(deps.db, input.orgId);
  if (!org) throw notFound('Organisation', input.orgId);
  const allowed = ROLES_BY_ORG_KIND[org.kind];
  if (!ROLES.includes(input.role as Role) || !allowed.includes(input.role as Role)) {
    throw validationError('Role does not fit the organisation', [
      { path: 'role', message: `a ${org.kind} organisation's users are ${allowed.join(', ')}; give --role with one of them` },
    ]);
  }
  if (input.email !== undefined) await refuseTakenEmail(deps, input.email);
  const { user, apiKey } = await refusingTakenEmail(input.email, () =>
    insertUserWithKey(
      deps.db,
      { orgId: org.id, role: input.role as Role, name: input.name, email: input.email ?? null, language: input.language ?? 'sv' },
      deps.clock.now(),
    ),
  );
  return { id: user.id, orgId: user.org_id, role: user.role, name: user.name, email: user.email, language: user.language, apiKey };
}

const emailTakenError = (email: string) =>
  new KlausulError(
    'conflict',
    `Another user already has the e-mail address ${email} (addresses are compared regardless of case); give each user an address of their own.`,
    {
      issues: [{ path: 'email', message: 'another user already has this e-mail address' }],
    },
  );

async function refuseTakenEmail(deps: EngineDeps, email: string, exceptUserId?: string): Promise<void> {
  if (await emailTaken(deps.db, email, exceptUserId)) throw emailTakenError(email);
}

/** The write, with the database's own refusal of a taken address (a race with another write) said the same way. */
async function refusingTakenEmail<T>(email: string | null | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (email && isUniqueViolation(error, 'users_email_unique')) throw emailTakenError(email);
    throw error;
  }
}

/** A change of a user's address or mail language, from the CLI or the user's own page; an empty address removes it. */
export const userContactInput = z.strictObject({
  userId: z.string({ error: 'give --user <user id>' }).min(1, 'give --user <user id>').max(100),
  email: z
    .string()
    .trim()
    .pipe(z.union([z.literal('').transform(() => null), emailInput]))
    .optional(),
  language: userLanguageInput.optional(),
});

export async function setUserContact(deps: EngineDeps, raw: { userId?: string | undefined; email?: string | undefined; language?: string | undefined }) {
  const input = acceptInput(userContactInput, withoutUndefined(raw), 'user');
  if (input.email === undefined && input.language === undefined)
    throw validationError('Nothing to change', [{ path: 'email', message: 'give --email ADDRESS, --language sv|en, or both' }]);
  const user = await findUser(deps.db, input.userId);
  if (!user) throw notFound('User', input.userId);
  if (input.email) await refuseTakenEmail(deps, input.email, user.id);
  const change = { ...(input.email !== undefined ? { email: input.email } : {}), ...(input.language !== undefined ? { language: input.language } : {}) };
  await refusingTakenEmail(input.email, () => updateUserContact(deps.db, user.id, change));
  const updated = (await findUser(deps.db, user.id))!;
  return { id: updated.id, orgId: updated.org_id, role: updated.role, name: updated.name, email: updated.email, language: updated.language };
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
