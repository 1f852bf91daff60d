/**
 * A clause's subcontractors (issue 22, item 2). The clause's contractor (the
 * prime) names its subcontractors: supplier organisations with an
 * organisation number, flagged when they are work-integration social
 * enterprises (arbetsintegrerande socialt företag). It states, when it
 * wants, what it has spent with each (spendSek), from which the clause's
 * spend with social enterprises and its share of the contract value follow.
 * Each change is a row of its own (db/subcontractors.ts): who named or
 * removed whom, when, is kept.
 *
 * A named subcontractor's users (role contractor) register placements and
 * period reports under the clause, attributed to their organisation; the
 * prime approves them before the auditor sees them (placement version 3,
 * period report version 2). A subcontractor sees its own items on the
 * clauses it is named on and the clause's basic facts, nothing else;
 * everybody but the buyer, the prime and the subcontractor sees nothing (404).
 */
import { z } from 'zod';
import { COUNTED_PLACEMENT_STATES, COUNTED_REPORT_STATES, PLACEMENTS_AWAITING_PRIME_APPROVAL } from '../../workflows/states.ts';
import { canSeeClause } from '../domain/access.ts';
import { KlausulError, notFound, validationError } from '../domain/errors.ts';
import type { Actor } from '../domain/roles.ts';
import { TARGET_GROUPS } from '../domain/target-groups.ts';
import { clauseNames, findClause, type ClauseNames } from '../db/clauses.ts';
import { findOrganisation } from '../db/organisations.ts';
import type { ClauseRow, Db } from '../db/schema.ts';
import {
  clausesNamingSubcontractor,
  insertSubcontractorChange,
  isNamedSubcontractor,
  namedSubcontractors,
  type NamedSubcontractor,
} from '../db/subcontractors.ts';
import type { DeliveryFacts } from '../db/clauses.ts';
import { deliveryByOrganisation, emptyDelivery, type DeliveryByOrganisation } from '../domain/subcontracted-delivery.ts';
import type { RequestContext } from './apply.ts';
import { clauseFacts, loadVisibleClause, partiesOf, templateOf } from './clauses.ts';
import { rememberedPerFacts } from './delivery-facts.ts';
import { acceptInput } from './command.ts';
import type { EngineDeps } from './deps.ts';
import { idempotent, type Answer } from './idempotency.ts';
import { clauseTargetGroups } from './matching-access.ts';
import { contractOf, requireContractor } from './instances.ts';

export const subcontractorInput = z.strictObject({
  orgId: z.string().trim().min(1, 'the id of the supplier organisation you subcontract to').max(100),
  spendSek: z
    .int('whole kronor')
    .min(0)
    .max(Number.MAX_SAFE_INTEGER)
    .optional()
    .describe('What you have spent with the subcontractor under the contract so far, in whole SEK; send again with a new figure to update it'),
});

export interface SubcontractorView {
  orgId: string;
  name: string;
  orgNumber: string | null;
  /** A work-integration social enterprise (arbetsintegrerande socialt företag). */
  socialEnterprise: boolean;
  spendSek: number | null;
  namedAt: string;
  updatedAt: string;
  delivery: Omit<DeliveryByOrganisation, 'subcontractorOrgId'>;
}

/** The clause's subcontracting as its buyer and contractor see it. */
export interface SubcontractingView {
  subcontractors: SubcontractorView[];
  /** What the contractor delivered itself (items no subcontractor registered). */
  contractorOwnDelivery: Omit<DeliveryByOrganisation, 'subcontractorOrgId'>;
  /** Delivery by organisations no longer named (removed subcontractors): still counted, still attributed. */
  formerSubcontractors: DeliveryByOrganisation[];
  /** Spend stated for named subcontractors that are social enterprises; null when none has a figure. */
  socialEnterpriseSpendSek: number | null;
  /** That spend as a share of the contract value (0–1), when both are known. */
  socialEnterpriseShare: number | null;
}

/** The clause's basic facts, as its subcontractor needs them to register under it. */
export interface ClauseFactsForSubcontractor {
  id: string;
  tenderId: string;
  /** The clause's kind (templates/): its title, in the subcontractor's language. */
  templateId: string;
  templateVersion: number;
  language: 'sv' | 'en';
  summary: string;
  /** The target groups whose placements count toward the clause: the only ones a placement under it may name. */
  targetGroups: string[];
  contractorOrgId: string | null;
  contractStart: string | null;
  contractEnd: string | null;
  state: string;
}

const withoutOrg = ({ subcontractorOrgId: _org, ...delivery }: DeliveryByOrganisation) => delivery;

function present(sub: NamedSubcontractor, delivery: DeliveryByOrganisation | undefined): SubcontractorView {
  return {
    orgId: sub.orgId,
    name: sub.name,
    orgNumber: sub.orgNumber,
    socialEnterprise: sub.socialEnterprise,
    spendSek: sub.spendSek,
    namedAt: sub.namedAt.toISOString(),
    updatedAt: sub.updatedAt.toISOString(),
    delivery: withoutOrg(delivery ?? emptyDelivery(sub.orgId)),
  };
}

const delivered = rememberedPerFacts<readonly DeliveryByOrganisation[]>(1);

/** What each organisation delivered, from the clause's facts: once for facts kept (src/engine/delivery-facts.ts), whose reads share them. */
const deliveryOf = (facts: DeliveryFacts): readonly DeliveryByOrganisation[] =>
  delivered(facts, '', () =>
    deliveryByOrganisation(facts, {
      countedPlacements: COUNTED_PLACEMENT_STATES,
      placementsAwaitingPrime: PLACEMENTS_AWAITING_PRIME_APPROVAL,
      countedReports: COUNTED_REPORT_STATES,
    }).map((d) => Object.freeze(d)),
  );

/** The clause's subcontractors with what each delivered, the contractor's own delivery, and the spend with social enterprises. */
export async function subcontractingOf(db: Db, clause: ClauseRow, facts: DeliveryFacts): Promise<SubcontractingView> {
  const named = await namedSubcontractors(db, clause.id);
  const delivery = deliveryOf(facts);
  const byOrg = new Map(delivery.map((d) => [d.subcontractorOrgId, d]));
  const namedIds = new Set(named.map((s) => s.orgId));
  const socialSpend = named.filter((s) => s.socialEnterprise && s.spendSek !== null).map((s) => s.spendSek!);
  const socialEnterpriseSpendSek = socialSpend.length === 0 ? null : socialSpend.reduce((a, b) => a + b, 0);
  const contractValue = clause.contract ? contractOf(clause).contractValueSek : null;
  return {
    subcontractors: named.map((s) => present(s, byOrg.get(s.orgId))),
    contractorOwnDelivery: withoutOrg(byOrg.get(null) ?? emptyDelivery(null)),
    formerSubcontractors: delivery.filter((d) => d.subcontractorOrgId !== null && !namedIds.has(d.subcontractorOrgId)),
    socialEnterpriseSpendSek,
    socialEnterpriseShare: socialEnterpriseSpendSek !== null && contractValue ? socialEnterpriseSpendSek / contractValue : null,
  };
}

/**
 * The clause as seen by someone registering or reading placements and
 * reports under it: its buyer and contractor see all of them
 * (`subcontractorOrgId` null), a named subcontractor only its own (its
 * organisation's id). Anyone else: not_found.
 */
export async function loadClauseForItems(db: Db, actor: Actor, clauseId: string): Promise<{ clause: ClauseRow; subcontractorOrgId: string | null }> {
  const clause = await findClause(db, clauseId);
  if (clause && canSeeClause(actor, partiesOf(clause))) return { clause, subcontractorOrgId: null };
  if (clause && (await isNamedSubcontractor(db, clauseId, actor.orgId))) return { clause, subcontractorOrgId: actor.orgId };
  throw notFound('Clause', clauseId);
}

/** Whether the actor's organisation is named on the clause as a subcontractor and registered this item. */
export const isOwnSubcontractedItem = async (db: Db, actor: Actor, item: { clause_id: string; subcontractor_org_id: string | null }): Promise<boolean> =>
  item.subcontractor_org_id === actor.orgId && (await isNamedSubcontractor(db, item.clause_id, actor.orgId));

function basicFacts(clause: ClauseRow): ClauseFactsForSubcontractor {
  const contract = clause.contract ? contractOf(clause) : null;
  const template = templateOf(clause);
  return {
    id: clause.id,
    tenderId: clause.tender_id,
    templateId: clause.template_id,
    templateVersion: clause.template_version,
    language: clause.language,
    summary: template.summary(clause.language, clause.params),
    // A clause that names no target group counts every one.
    targetGroups: clauseTargetGroups(clause) ?? [...TARGET_GROUPS],
    contractorOrgId: clause.contractor_org_id,
    contractStart: contract?.startDate ?? null,
    contractEnd: contract?.endDate ?? null,
    state: clause.state,
  };
}

export interface SubcontractorsAnswer {
  clause: ClauseFactsForSubcontractor;
  subcontracting: SubcontractingView;
}

/** The buyer and the contractor see every subcontractor; a subcontractor sees the clause's basic facts and its own entry. */
export async function listSubcontractors(deps: EngineDeps, actor: Actor, clauseId: string): Promise<SubcontractorsAnswer> {
  const { clause, subcontractorOrgId } = await loadClauseForItems(deps.db, actor, clauseId);
  const subcontracting = await subcontractingOf(deps.db, clause, await clauseFacts(deps, deps.db, clauseId));
  if (subcontractorOrgId === null) return { clause: basicFacts(clause), subcontracting };
  return {
    clause: basicFacts(clause),
    subcontracting: {
      subcontractors: subcontracting.subcontractors.filter((s) => s.orgId === subcontractorOrgId),
      contractorOwnDelivery: emptyDelivery(null),
      formerSubcontractors: [],
      socialEnterpriseSpendSek: null,
      socialEnterpriseShare: null,
    },
  };
}

/**
 * The clauses on which the actor's organisation is a named subcontractor, each named by its tender, kind and
 * parties: where a subcontractor's contractors register placements and reports. Others' users: none.
 */
export async function listClausesAsSubcontractor(deps: EngineDeps, actor: Actor): Promise<ClauseNames[]> {
  if (actor.role !== 'contractor') return [];
  const names = await clauseNames(deps.db, await clausesNamingSubcontractor(deps.db, actor.orgId));
  return [...names.values()];
}

/** The prime's clause: visible and awarded to the actor's organisation, the actor its contractor. */
async function loadOwnClause(db: Db, actor: Actor, clauseId: string, what: string): Promise<ClauseRow> {
  const clause = await loadVisibleClause(db, actor, clauseId);
  requireContractor(actor, clause, what);
  return clause;
}

/** Names a subcontractor on the clause, or states a new spend for one already named. 201 when newly named, 200 when updated. */
export async function nameSubcontractor(
  deps: EngineDeps,
  ctx: RequestContext,
  clauseId: string,
  raw: unknown,
): Promise<Answer<SubcontractorView> & { replayed: boolean }> {
  const { actor } = ctx;
  const clause = await loadOwnClause(deps.db, actor, clauseId, 'Naming subcontractors');
  const input = acceptInput(subcontractorInput, raw, 'subcontractor');
  const org = await findOrganisation(deps.db, input.orgId);
  const refuse = (message: string) => validationError('Not a subcontractor Klausul can name', [{ path: 'orgId', message }]);
  if (!org) throw refuse(`no organisation has id ${input.orgId}; send the id of a supplier organisation`);
  if (org.kind !== 'supplier') throw refuse(`${org.name} is an organisation of kind ${org.kind}; send the id of an organisation of kind supplier`);
  if (org.id === clause.contractor_org_id) throw refuse(`${org.name} is the clause's contractor itself; send the id of another supplier`);
  if (!org.org_number) {
    throw refuse(
      `${org.name} has no organisation number; an operator gives it one (klausul org set --org ${org.id} --org-number NNNNNN-NNNN) before it is named`,
    );
  }
  return idempotent(deps, actor.userId, ctx.idempotency, (remember) =>
    deps.db.transaction().execute(async (trx) => {
      const before = await namedSubcontractors(trx, clauseId, org.id);
      await insertSubcontractorChange(trx, {
        clauseId,
        orgId: org.id,
        change: 'named',
        spendSek: input.spendSek ?? before[0]?.spendSek ?? null,
        actorUserId: actor.userId,
        actorOrgId: actor.orgId,
        at: deps.clock.now(),
        requestId: ctx.requestId ?? null,
      });
      const [named] = await namedSubcontractors(trx, clauseId, org.id);
      const delivery = deliveryOf(await clauseFacts(deps, trx, clauseId)).find((d) => d.subcontractorOrgId === org.id);
      const answer = { status: before.length === 0 ? 201 : 200, body: present(named!, delivery) };
      await remember(trx, answer);
      return answer;
    }),
  );
}

/** Removes a subcontractor from the clause: its users no longer see the clause; what it registered stays, attributed to it. */
export async function removeSubcontractor(
  deps: EngineDeps,
  ctx: RequestContext,
  clauseId: string,
  orgId: string,
): Promise<{ clauseId: string; orgId: string; removedAt: string }> {
  const { actor } = ctx;
  await loadOwnClause(deps.db, actor, clauseId, 'Removing subcontractors');
  const at = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    if (!(await isNamedSubcontractor(trx, clauseId, orgId))) throw notFound('Subcontractor', orgId);
    await insertSubcontractorChange(trx, {
      clauseId,
      orgId,
      change: 'removed',
      spendSek: null,
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      at,
      requestId: ctx.requestId ?? null,
    });
  });
  return { clauseId, orgId, removedAt: at.toISOString() };
}

/** Refuses a subcontractor's user acting as anything but the subcontractor's contractor. */
export function requireSubcontractorContractor(actor: Actor, what: string): void {
  if (actor.role !== 'contractor') {
    throw new KlausulError('forbidden', `${what} is the task of the subcontractor's contractor; you are signed in as ${actor.role}.`, {
      requiredRole: 'contractor',
    });
  }
}
