/**
 * Programmes (issue 21, item 1): what a programme is made of, and who may do
 * what with it. Pure rules; the engine (src/engine/programmes.ts) applies them.
 *
 * - A buyer's officer or a matching body's matcher creates a programme; their
 *   organisation owns it and is its first member.
 * - The owner's officer or matcher adds members (buyers, matching bodies,
 *   suppliers), clauses of member buyers, and sets the estimate's parameters.
 *   A member buyer's officer may add its own clauses too.
 * - Every user of a member organisation sees the programme, its report and its
 *   estimate; only a member matching body's matcher sees the report's figures
 *   unsuppressed. Anyone else gets 404, as for any foreign resource.
 */
import { z } from 'zod';
import { isoDate } from '../../workflows/payloads.ts';
import { type Actor, type ActorRole, isSystem, type OrgKind } from './roles.ts';

const pct = (what: string) => z.number().min(0).max(100).optional().describe(`${what}, in percent`);
const count = (what: string) => z.number().int().min(0).max(100_000).optional().describe(what);

/** The outcome shares that are of the same recorded outcomes, so together at most 100. */
export const OUTCOME_SHARE_FIELDS = ['studiesPct', 'placementPct', 'employmentPct', 'selfEmploymentPct'] as const;

export const programmeTargetsInput = z
  .strictObject({
    placementsPerYear: count('Placements started per calendar year'),
    studiesPct: pct('Share of recorded outcomes that are studies'),
    placementPct: pct('Share that are a further placement'),
    employmentPct: pct('Share that are employment'),
    selfEmploymentPct: pct('Share that are self-employment'),
    employabilityPct: pct('Share of follow-ups answering the employability question that answer "better" (not part of the 100)'),
    genderPatternBreaking: count('Placements that break a gender pattern, over the programme'),
  })
  .refine((t) => OUTCOME_SHARE_FIELDS.reduce((sum, field) => sum + (t[field] ?? 0), 0) <= 100, {
    path: ['selfEmploymentPct'],
    message: 'studiesPct, placementPct, employmentPct and selfEmploymentPct are shares of the same outcomes and add up to at most 100',
  });

/** A programme may span at most this many calendar years (its report has a row per year). */
export const MAX_PROGRAMME_YEARS = 30;

export const newProgrammeInput = z
  .strictObject({
    name: z.string().trim().min(1, 'the programme’s name, e.g. "Alla kan arbeta 2026–2027"').max(200),
    startDate: isoDate,
    endDate: isoDate,
    targets: programmeTargetsInput.default({}),
  })
  .refine((p) => p.endDate >= p.startDate, { path: ['endDate'], message: 'endDate must not precede startDate' })
  .refine((p) => Number(p.endDate.slice(0, 4)) - Number(p.startDate.slice(0, 4)) < MAX_PROGRAMME_YEARS, {
    path: ['endDate'],
    message: `a programme spans at most ${MAX_PROGRAMME_YEARS} calendar years`,
  });
export type NewProgramme = z.infer<typeof newProgrammeInput>;

const id = (what: string) => z.string().trim().min(1, what).max(100);
export const programmeMemberInput = z.strictObject({ orgId: id('the id of a buyer, matching body or supplier') });
export const programmeClauseInput = z.strictObject({ clauseId: id("the id of a member buyer's clause") });

/** A buyer's officer or a matching body's matcher. */
export const mayCreateProgramme = (actor: Actor): boolean =>
  (actor.orgKind === 'buyer' && actor.role === 'officer') || (actor.orgKind === 'matching_body' && actor.role === 'matcher');

/** The owner's officer or matcher manages the programme. */
export const managesProgramme = (actor: Actor, ownerOrgId: string): boolean => actor.orgId === ownerOrgId && mayCreateProgramme(actor);

/** A member matching body's matcher sees the figures as counted; everyone else as suppressed. */
export const seesUnsuppressed = (actor: Actor, memberOrgIds: readonly string[]): boolean =>
  actor.orgKind === 'matching_body' && actor.role === 'matcher' && memberOrgIds.includes(actor.orgId);

/** What decides who acts on an own-workplace placement: its host and the programme's members. */
export interface OwnPlacementParties {
  hostOrgId: string;
  hostKind: OrgKind;
  matchingOrgId: string;
  ownerOrgId: string;
  memberBuyerOrgIds: readonly string[];
}

/** An own-workplace placement is seen by its host, the matching body that follows it and the programme's owner; members see only counts. */
export const canSeeOwnPlacement = (actor: Actor, p: OwnPlacementParties): boolean =>
  isSystem(actor) || [p.hostOrgId, p.matchingOrgId, p.ownerOrgId].includes(actor.orgId);

/**
 * The placement workflow's roles in the host's own workplace: what a clause's
 * contractor does (register, start, end, evidence) is done by the host's
 * officer (a buyer) or matcher (a matching body); what the buyer's auditor does
 * (verify, reject) by the host's auditor, or, where the host is a matching body
 * (which has no auditors), by an auditor of a member buyer.
 */
export function mayActOnOwnPlacement(actor: Actor, role: ActorRole, p: OwnPlacementParties): boolean {
  if (isSystem(actor)) return true;
  if (role === 'contractor') return actor.orgId === p.hostOrgId && (actor.role === 'officer' || actor.role === 'matcher');
  if (role === 'auditor') return actor.role === 'auditor' && (p.hostKind === 'buyer' ? actor.orgId === p.hostOrgId : p.memberBuyerOrgIds.includes(actor.orgId));
  return false;
}

/** Who registers an own-workplace placement: the host's officer or matcher, or the programme owner's. */
export const mayRegisterOwnPlacement = (actor: Actor, hostOrgId: string, ownerOrgId: string): boolean =>
  mayCreateProgramme(actor) && (actor.orgId === hostOrgId || actor.orgId === ownerOrgId);
