/**
 * OCDS release packages for a clause or a whole tender (issue 6): loads what
 * the caller may see and hands it to the pure mapping in domain/ocds.ts.
 */
import type { ClauseContext } from '../../workflows/social-clause.ts';
import { canSeeClause, canSeeTender } from '../domain/access.ts';
import { isoDay } from '../domain/dates.ts';
import { firstPlacementStart, metBeforeDue, reportingPeriods } from '../domain/deadlines.ts';
import { notFound } from '../domain/errors.ts';
import { firstJobDate, firstOfferDate } from '../domain/offers.ts';
import { ocdsPackage, ocdsRelease, type OcdsClause, type OcdsMilestone, type OcdsOrganisation } from '../domain/ocds.ts';
import type { Actor } from '../domain/roles.ts';
import { findClauseWithFacts, listClausesVisibleTo, type ClauseWithFacts, type DeliveryFacts } from '../db/clauses.ts';
import { findOrganisation } from '../db/organisations.ts';
import type { DeadlineRow, TenderRow } from '../db/schema.ts';
import { findTender } from '../db/tenders.ts';
import { contextOf, countedFacts, measureClauseOn, partiesOf, templateOf } from './clauses.ts';
import type { EngineDeps } from './deps.ts';

export interface Publication {
  ocidPrefix: string;
  /** Where the package itself is published, for its `uri`. */
  uri: string;
}

async function organisation(deps: EngineDeps, id: string): Promise<OcdsOrganisation> {
  const row = await findOrganisation(deps.db, id);
  return { id, name: row?.name ?? id, orgNumber: row?.org_number ?? null };
}

/** The clause's deadlines that are OCDS milestones (plan, first job, reports), with what they found. */
function milestonesOf(deadlines: DeadlineRow[], context: ClauseContext, facts: DeliveryFacts): OcdsMilestone[] {
  // The first job started or offered, whichever came first.
  const firstStart = firstJobDate(firstPlacementStart(facts.placements), firstOfferDate(facts.offers));
  const milestones: OcdsMilestone[] = [];
  for (const d of deadlines) {
    if (d.kind !== 'planDue' && d.kind !== 'firstJob' && d.kind !== 'reportDue') continue;
    const recorded = context.milestones?.[d.key];
    const event = d.event as { periodStart?: string; periodEnd?: string };
    const title =
      d.kind === 'planDue'
        ? 'Commitment plan submitted'
        : d.kind === 'firstJob'
          ? 'First job started or offered'
          : `Period report for ${event.periodStart} – ${event.periodEnd}`;
    const base = { id: d.key, title, type: d.kind === 'firstJob' ? ('delivery' as const) : ('reporting' as const), dueDate: d.due_at.toISOString() };
    if (d.status === 'scheduled' && d.kind === 'firstJob' && firstStart !== null && `${firstStart}T00:00:00Z` < base.dueDate) {
      // The first placement has started before the deadline: met already.
      milestones.push({ ...base, status: 'met', dateMet: `${firstStart}T00:00:00Z` });
    } else if (d.status === 'scheduled') milestones.push({ ...base, status: 'scheduled' });
    else if (d.status === 'fired' && recorded) {
      const met = recorded.status === 'met' ? firstJobDate(recorded.firstStartDate ?? null, recorded.firstOfferDate ?? null) : null;
      const dateMet = met ? `${met}T00:00:00Z` : undefined;
      milestones.push({ ...base, status: recorded.status, ...(dateMet ? { dateMet } : {}) });
    } else if (metBeforeDue({ kind: d.kind, status: d.status, resolvedBy: d.resolved_by })) {
      // The plan came in before its deadline.
      milestones.push({ ...base, status: 'met', dateMet: d.resolved_at!.toISOString() });
    }
  }
  return milestones;
}

/** Facts as they stood at the end of a day: placements ended and reports for periods ended by then. */
const factsBy = (facts: DeliveryFacts, day: string): DeliveryFacts => ({
  placements: facts.placements.filter((p) => (p.endDate ?? p.plannedEndDate) <= day),
  reports: facts.reports.filter((r) => r.periodEnd <= day),
  offers: facts.offers.filter((o) => o.offeredDate <= day),
});

async function ocdsClause(deps: EngineDeps, { row, facts, deadlines }: ClauseWithFacts): Promise<OcdsClause> {
  const context = contextOf(row);
  const template = templateOf(row);
  const today = isoDay(deps.clock.now());
  const now = measureClauseOn(row, context, facts, today);
  const contract = context.contract;
  const periods = contract
    ? reportingPeriods(contract.startDate, contract.endDate, context.schedule?.reportingPeriod === 'monthly' ? 'monthly' : 'quarterly').filter(
        (p) => p.end <= today,
      )
    : [];
  return {
    id: row.id,
    state: row.state,
    updatedAt: row.updated_at,
    title: template.title[row.language],
    text: row.text,
    socialObjectives: template.socialObjectives(row.params),
    measure: { unit: template.measure.unit, counting: template.measure.counting },
    target: context.target,
    contract: contract && {
      supplier: await organisation(deps, contract.contractorOrgId),
      contractValueSek: contract.contractValueSek,
      startDate: contract.startDate,
      endDate: contract.endDate,
      reservedShareDeclaredPct: contract.reservedShareDeclaredPct,
    },
    terminatedOn: context.termination?.effectiveDate ?? null,
    deliveredByPeriod: periods.map((period) => ({ period, measured: measureClauseOn(row, context, factsBy(facts, period.end), period.end).measured })),
    deliveredNow: { measured: now.measured, byTargetGroup: now.byTargetGroup ?? {} },
    milestones: milestonesOf(deadlines, context, countedFacts(row, facts)),
  };
}

async function tenderOf(deps: EngineDeps, tender: TenderRow) {
  return { id: tender.id, reference: tender.reference, title: tender.title, buyer: await organisation(deps, tender.buyer_org_id), reserved: tender.reserved };
}

function packageOf(deps: EngineDeps, publication: Publication, tender: Awaited<ReturnType<typeof tenderOf>>, clauses: OcdsClause[]) {
  return ocdsPackage(publication.uri, `Klausul – ${tender.buyer.name}`, [ocdsRelease(publication.ocidPrefix, tender, clauses)], deps.clock.now());
}

/** The release package of one clause, for whoever may see the clause. */
export async function clauseOcds(deps: EngineDeps, actor: Actor, clauseId: string, publication: Publication) {
  const found = await findClauseWithFacts(deps.db, clauseId);
  if (!found || !canSeeClause(actor, partiesOf(found.row))) throw notFound('Clause', clauseId);
  const tender = await findTender(deps.db, found.row.tender_id);
  return packageOf(deps, publication, await tenderOf(deps, tender!), [await ocdsClause(deps, found)]);
}

/** The release package of a tender with the clauses the caller may see (a supplier: those awarded to it). */
export async function tenderOcds(deps: EngineDeps, actor: Actor, tenderId: string, publication: Publication) {
  const tender = await findTender(deps.db, tenderId);
  const clauses = tender ? await listClausesVisibleTo(deps.db, actor.orgId, { tenderId }) : [];
  if (!tender || !canSeeTender(actor, tender.buyer_org_id, clauses.length)) throw notFound('Tender', tenderId);
  return packageOf(deps, publication, await tenderOf(deps, tender), await Promise.all(clauses.map((c) => ocdsClause(deps, c))));
}
