/**
 * An organisation's OpenID Connect provider, configured by the operator
 * (`klausul org oidc`, issue 23 item 5): issuer, client id and the client
 * secret, sealed with KLAUSUL_SECRET_KEY; shown without the secret; removed.
 * New users are created on sign-in only when the organisation allows it, with
 * the role it names and only for the e-mail domains it names: Klausul never
 * guesses a role, and never makes an administrator this way.
 */
import { z } from 'zod';
import { KlausulError, notFound, validationError } from '../domain/errors.ts';
import { ROLES_BY_ORG_KIND, type Role } from '../domain/roles.ts';
import { deleteIdentityProvider, listIdentityProviders, upsertIdentityProvider, type IdentityProviderRow } from '../db/identity-providers.ts';
import { findOrganisation } from '../db/organisations.ts';
import { acceptInput } from './command.ts';
import type { EngineDeps } from './deps.ts';
import { CALLBACK_PATH, issuerProblem, providerSecretContext } from './oidc-sign-in.ts';
import { SECRET_KEY_HINT, sealSecret } from './secret-box.ts';

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export const oidcProviderInput = z.strictObject({
  orgId: z.string({ error: 'give --org <organisation id>' }).min(1, 'give --org <organisation id>').max(100),
  issuer: z
    .string({ error: 'give --issuer https://login.example.se/realms/acme (the issuer as the provider names it)' })
    .trim()
    .max(500)
    .superRefine((issuer, ctx) => {
      const problem = issuerProblem(issuer);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  clientId: z.string({ error: 'give --client-id (the id the provider gave Klausul)' }).trim().min(1, 'give --client-id').max(500),
  clientSecret: z.string({ error: 'give --client-secret (the secret the provider gave Klausul)' }).min(1, 'give --client-secret').max(2000),
  allowNewUsers: z.boolean().default(false),
  newUserRole: z.string().max(20).optional(),
  emailDomains: z
    .string()
    .max(2000)
    .transform((text) =>
      text
        .split(',')
        .map((d) => d.trim().toLowerCase())
        .filter(Boolean),
    )
    .refine(
      (domains) => domains.length > 0 && domains.every((d) => DOMAIN.test(d)),
      'give --email-domain as domains separated by commas, such as kommun.se,bolag.se',
    )
    .optional(),
});

export interface OidcSetup {
  /** KLAUSUL_SECRET_KEY: without it nothing is configured. */
  secretKey: string | undefined;
  /** KLAUSUL_PUBLIC_URL, to say which redirect URI to register at the provider. */
  publicUrl: string | undefined;
}

const withoutUndefined = (raw: Record<string, unknown>) => Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined));

export const redirectUriOf = (publicUrl: string | undefined): string | null => (publicUrl ? `${publicUrl}${CALLBACK_PATH}` : null);

const providerView = (row: IdentityProviderRow & { org_name?: string }, publicUrl: string | undefined) => ({
  orgId: row.org_id,
  ...(row.org_name === undefined ? {} : { orgName: row.org_name }),
  issuer: row.issuer,
  clientId: row.client_id,
  // Never shown, not even sealed.
  clientSecret: 'stored sealed',
  allowNewUsers: row.allow_new_users,
  newUserRole: row.new_user_role,
  emailDomains: row.email_domains,
  redirectUri: redirectUriOf(publicUrl),
  updatedAt: row.updated_at.toISOString(),
});
export type OidcProviderView = ReturnType<typeof providerView>;

/** Sets (or replaces) the organisation's provider; its users' provider sessions end. */
export async function configureOidcProvider(
  deps: EngineDeps,
  setup: OidcSetup,
  raw: {
    orgId?: string | undefined;
    issuer?: string | undefined;
    clientId?: string | undefined;
    clientSecret?: string | undefined;
    allowNewUsers?: boolean | undefined;
    newUserRole?: string | undefined;
    emailDomains?: string | undefined;
  },
): Promise<OidcProviderView> {
  if (!setup.secretKey) {
    throw new KlausulError('validation', `KLAUSUL_SECRET_KEY is not set, and the client secret is stored only sealed with it: ${SECRET_KEY_HINT}.`, {
      issues: [{ path: 'KLAUSUL_SECRET_KEY', message: SECRET_KEY_HINT }],
    });
  }
  const input = acceptInput(oidcProviderInput, withoutUndefined(raw), 'identity provider');
  const org = await findOrganisation(deps.db, input.orgId);
  if (!org) throw notFound('Organisation', input.orgId);
  const newUserRole = input.allowNewUsers ? newUserRoleOf(org.kind, input.newUserRole) : null;
  if (!input.allowNewUsers && (input.newUserRole !== undefined || input.emailDomains !== undefined)) {
    throw validationError('New users are not allowed', [
      { path: 'allowNewUsers', message: 'give --allow-new-users with --new-user-role and --email-domain, or leave both out' },
    ]);
  }
  if (input.allowNewUsers && !input.emailDomains) {
    throw validationError('Which e-mail domains may new users come from?', [
      {
        path: 'emailDomains',
        message:
          'give --email-domain kommun.se (comma-separated for several): a provider such as Google or Microsoft signs in accounts of every organisation, so only these domains get new users',
      },
    ]);
  }
  const row = await upsertIdentityProvider(
    deps.db,
    {
      orgId: org.id,
      issuer: input.issuer,
      clientId: input.clientId,
      clientSecretSealed: sealSecret(setup.secretKey, providerSecretContext(org.id), input.clientSecret),
      allowNewUsers: input.allowNewUsers,
      newUserRole,
      emailDomains: input.emailDomains ?? [],
    },
    deps.clock.now(),
  );
  return providerView({ ...row, org_name: org.name }, setup.publicUrl);
}

/** The role new users get: the one given, which must fit the organisation and not be admin; a buyer's must be given, as it has two. */
function newUserRoleOf(kind: keyof typeof ROLES_BY_ORG_KIND, given: string | undefined): Exclude<Role, 'admin'> {
  const choices = ROLES_BY_ORG_KIND[kind].filter((r): r is Exclude<Role, 'admin'> => r !== 'admin');
  const role = given ?? (choices.length === 1 ? choices[0] : undefined);
  if (!role || !choices.includes(role as Exclude<Role, 'admin'>)) {
    throw validationError('Which role do new users get?', [
      {
        path: 'newUserRole',
        message: `give --new-user-role ${choices.join(' or ')}: new users of a ${kind} organisation get that role (never admin)`,
      },
    ]);
  }
  return role as Exclude<Role, 'admin'>;
}

export async function removeOidcProvider(deps: EngineDeps, input: { orgId?: string | undefined }) {
  if (!input.orgId) throw validationError('Which organisation?', [{ path: 'org', message: 'give --org <organisation id>' }]);
  if (!(await findOrganisation(deps.db, input.orgId))) throw notFound('Organisation', input.orgId);
  const removed = await deleteIdentityProvider(deps.db, input.orgId);
  return { orgId: input.orgId, removed };
}

/** Every organisation's provider (or one organisation's), without secrets. */
export async function listOidcProviders(deps: EngineDeps, setup: Pick<OidcSetup, 'publicUrl'>, input: { orgId?: string | undefined } = {}) {
  if (input.orgId !== undefined && !(await findOrganisation(deps.db, input.orgId))) throw notFound('Organisation', input.orgId);
  const rows = await listIdentityProviders(deps.db);
  return rows.filter((row) => input.orgId === undefined || row.org_id === input.orgId).map((row) => providerView(row, setup.publicUrl));
}
