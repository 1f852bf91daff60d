/**
 * The organisations Klausul knows, as the API and the web read them: whom an
 * officer awards a clause to, whom a contractor names as subcontractor, whom a
 * matching body takes into a programme. An organisation is a legal person
 * with a public registry number, not personal data, so every signed-in user
 * may read them; only an operator adds or changes one (src/engine/admin.ts).
 */
import { z } from 'zod';
import { notFound } from '../domain/errors.ts';
import { ORG_KINDS, type OrgKind } from '../domain/roles.ts';
import { findOrganisation, listOrganisations } from '../db/organisations.ts';
import type { OrganisationRow } from '../db/schema.ts';
import { acceptInput } from './command.ts';
import type { EngineDeps } from './deps.ts';

export interface OrganisationView {
  id: string;
  name: string;
  kind: OrgKind;
  orgNumber: string | null;
  /** A supplier that is a work-integration social enterprise (arbetsintegrerande socialt företag). */
  socialEnterprise: boolean;
}

export const organisationFilter = z.strictObject({
  kind: z.enum(ORG_KINDS).optional().meta({ description: 'Only organisations of this kind' }),
  q: z
    .string()
    .trim()
    .min(1, 'leave it out, or send part of a name or an organisation number')
    .max(100)
    .optional()
    .meta({ description: 'Part of the name (any case) or of the organisation number, e.g. "bygg" or "556677"' }),
});
export type OrganisationFilter = z.infer<typeof organisationFilter>;

/** An organisation as the API, the web and the CLI show it. */
export const presentOrganisation = (row: OrganisationRow): OrganisationView => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  orgNumber: row.org_number,
  socialEnterprise: row.social_enterprise,
});

/** The digits of an organisation number, so "556677-8899" is found by "5566778899" and the other way round. */
const digits = (text: string) => text.replace(/\D/g, '');

/** The organisations, by name, of a kind and matching a search when asked. */
export async function listOrganisationsFor(deps: EngineDeps, raw: unknown): Promise<OrganisationView[]> {
  const { kind, q } = acceptInput(organisationFilter, raw, 'organisation filter');
  const wanted = q?.toLocaleLowerCase('sv');
  // A search of only digits, spaces and dashes is an organisation number too.
  const wantedDigits = q && /^[\d\s-]+$/.test(q) ? digits(q) : '';
  return (await listOrganisations(deps.db))
    .filter((row) => !kind || row.kind === kind)
    .filter(
      (row) =>
        !wanted ||
        row.name.toLocaleLowerCase('sv').includes(wanted) ||
        (wantedDigits.length > 0 && row.org_number !== null && digits(row.org_number).includes(wantedDigits)),
    )
    .sort((a, b) => a.name.localeCompare(b.name, 'sv'))
    .map(presentOrganisation);
}

export async function getOrganisation(deps: EngineDeps, id: string): Promise<OrganisationView> {
  const row = await findOrganisation(deps.db, id);
  if (!row) throw notFound('Organisation', id);
  return presentOrganisation(row);
}
