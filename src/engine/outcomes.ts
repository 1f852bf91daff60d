import { z } from 'zod';
import { KlausulError } from '../domain/errors.ts';
import { judgeOutcomes, type ProgrammeTargets } from '../domain/matching.ts';
import type { Actor } from '../domain/roles.ts';
import { findOutcomeTargets, outcomeCounts, upsertOutcomeTargets } from '../db/matching.ts';
import type { PortfolioFilter } from '../db/progress.ts';
import type { Db, OutcomeTargetsRow } from '../db/schema.ts';
import { partiesOf } from './clauses.ts';
import { acceptInput } from './command.ts';
import type { EngineDeps } from './deps.ts';
import { loadClauseForMatching } from './matching-access.ts';

const targetsOf = (row: OutcomeTargetsRow): ProgrammeTargets => ({
  studiesPct: row.studies_pct,
  placementPct: row.placement_pct,
  employmentPct: row.employment_pct,
});

const presentTargets = (row: OutcomeTargetsRow) => ({
  orgId: row.org_id,
  studiesPct: row.studies_pct,
  placementPct: row.placement_pct,
  employmentPct: row.employment_pct,
  setBy: row.set_by,
  setAt: row.set_at.toISOString(),
});

export const outcomeTargetsInput = z
  .strictObject({
    studiesPct: z.number().min(0).max(100).describe('Share of ended placements followed by studies, in percent'),
    placementPct: z.number().min(0).max(100).describe('Share followed by a further placement, in percent'),
    employmentPct: z.number().min(0).max(100).describe('Share followed by employment, in percent'),
  })
  // Each ended placement has one outcome, so the three shares cannot add up to more than all of them.
  .refine((t) => t.studiesPct + t.placementPct + t.employmentPct <= 100, {
    path: ['employmentPct'],
    message: 'the three shares are of the same ended placements and add up to at most 100',
  });

/** Programme targets are set by a buyer's officer or a matching body's matcher (or either's admin). */
export async function setOutcomeTargets(deps: EngineDeps, actor: Actor, body: unknown) {
  const mayOf = { buyer: ['officer', 'admin'], matching_body: ['matcher', 'admin'], supplier: [] } as Record<string, string[]>;
  if (!mayOf[actor.orgKind]!.includes(actor.role)) {
    throw new KlausulError('forbidden', 'Programme targets are set by the buyer (officer) or the matching body (matcher).', {
      requiredRole: 'officer or matcher',
    });
  }
  const input = acceptInput(outcomeTargetsInput, body, 'programme targets');
  const row = await upsertOutcomeTargets(deps.db, {
    org_id: actor.orgId,
    studies_pct: input.studiesPct,
    placement_pct: input.placementPct,
    employment_pct: input.employmentPct,
    set_by: actor.userId,
    set_at: deps.clock.now(),
  });
  return presentTargets(row);
}

export async function getOutcomeTargets(deps: EngineDeps, actor: Actor) {
  const row = await findOutcomeTargets(deps.db, actor.orgId);
  if (!row)
    throw new KlausulError(
      'not_found',
      'Your organisation has set no programme targets; PUT /api/v1/outcome-targets { studiesPct, placementPct, employmentPct } to set them.',
    );
  return presentTargets(row);
}

/** The targets outcomes are judged against: the matching body's programme when it set them, else the buyer's. */
async function targetsFor(db: Db, parties: { buyerOrgId: string; matchingBodyOrgId?: string | null | undefined }) {
  const ofBody = parties.matchingBodyOrgId ? await findOutcomeTargets(db, parties.matchingBodyOrgId) : undefined;
  const row = ofBody ?? (await findOutcomeTargets(db, parties.buyerOrgId));
  return row ? { targets: targetsOf(row), setByOrgId: row.org_id } : null;
}

/** What followed the clause's placements (rejected ones left out), against the programme targets. */
export async function getClauseOutcomes(deps: EngineDeps, actor: Actor, clauseId: string) {
  const clause = await loadClauseForMatching(deps.db, actor, clauseId);
  const counts = await outcomeCounts(deps.db, actor.orgId, { clauseId: clause.id });
  const judged = await targetsFor(deps.db, partiesOf(clause));
  return { clauseId, ...judgeOutcomes(counts, judged?.targets ?? null), targetsSetBy: judged?.setByOrgId ?? null };
}

/**
 * The same over the portfolio's clauses (with its filters) and, for a matching
 * body, the clauses it serves: judged against the caller's own organisation's targets.
 */
export async function getPortfolioOutcomes(deps: EngineDeps, actor: Actor, filter: PortfolioFilter) {
  const counts = await outcomeCounts(deps.db, actor.orgId, filter);
  const own = await findOutcomeTargets(deps.db, actor.orgId);
  return { ...judgeOutcomes(counts, own ? targetsOf(own) : null), targetsSetBy: own ? own.org_id : null };
}
