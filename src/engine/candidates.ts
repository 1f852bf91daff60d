/** The matching body's candidate pool, and suggestions from it for an opening, best first. */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { KlausulError } from '../domain/errors.ts';
import { MUNICIPALITY_CODE, rankCandidates } from '../domain/matching.ts';
import type { Actor } from '../domain/roles.ts';
import { TARGET_GROUPS } from '../domain/target-groups.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { findCandidateByRef, insertCandidate, listCandidates, listProposals, ongoingPlacement, type CandidateWithStatus } from '../db/matching.ts';
import type { RequestContext } from './apply.ts';
import { acceptInput } from './command.ts';
import { json } from '../db/schema.ts';
import type { EngineDeps } from './deps.ts';
import { idempotent, type Answer } from './idempotency.ts';
import { clauseTargetGroups, loadVisibleOpening, requireMatcher } from './matching-access.ts';

export const candidateInput = z.strictObject({
  candidateRef: z.string().trim().min(1, 'a pseudonymous candidate reference, e.g. "AF-2026-0412"').max(100),
  targetGroup: z.enum(TARGET_GROUPS),
  competences: z.array(z.string().trim().min(1).max(100)).max(30),
  municipality: z.string().regex(MUNICIPALITY_CODE, 'the municipality where the candidate lives, as its four-digit SCB code, e.g. "2380" for Östersund'),
  availableFrom: z.iso.date('the first day the candidate can start, as YYYY-MM-DD'),
  languageLevel: z.string().trim().min(1).max(100).optional(),
});

function presentCandidate(row: CandidateWithStatus) {
  return {
    id: row.id,
    candidateRef: row.candidate_ref,
    targetGroup: row.target_group,
    competences: row.competences,
    municipality: row.municipality,
    availableFrom: row.available_from,
    languageLevel: row.language_level,
    placed: row.placed,
    lastPlacementId: row.placement_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
export type CandidateView = ReturnType<typeof presentCandidate>;

export function requireMatcherOrg(actor: Actor, what: string): void {
  if (actor.role !== 'matcher' || actor.orgKind !== 'matching_body') {
    throw new KlausulError('forbidden', `${what} is kept by matching bodies (role matcher); you are signed in as ${actor.role}.`, { requiredRole: 'matcher' });
  }
}

export async function addCandidate(deps: EngineDeps, ctx: RequestContext, body: unknown): Promise<Answer<CandidateView> & { replayed: boolean }> {
  const { actor } = ctx;
  requireMatcherOrg(actor, 'The candidate pool');
  const input = acceptInput(candidateInput, body, 'candidate');
  const duplicate = () => new KlausulError('conflict', `Your pool already has candidate ${input.candidateRef}; each reference once.`);
  const now = deps.clock.now();
  try {
    return await idempotent(deps, actor.userId, ctx.idempotency, async (remember) =>
      deps.db.transaction().execute(async (trx) => {
        if (await findCandidateByRef(trx, actor.orgId, input.candidateRef)) throw duplicate();
        const row = await insertCandidate(trx, {
          id: randomUUID(),
          org_id: actor.orgId,
          candidate_ref: input.candidateRef,
          target_group: input.targetGroup,
          competences: json(input.competences),
          municipality: input.municipality,
          available_from: input.availableFrom,
          language_level: input.languageLevel ?? null,
          placement_id: null,
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
        });
        const answer = { status: 201, body: presentCandidate({ ...row, placed: (await ongoingPlacement(trx, actor.orgId, row.candidate_ref)) !== undefined }) };
        await remember(trx, answer);
        return answer;
      }),
    );
  } catch (error) {
    if (isUniqueViolation(error, 'candidates_org_ref_unique')) throw duplicate();
    throw error;
  }
}

export async function listPool(deps: EngineDeps, actor: Actor, filter: { available?: boolean | undefined }): Promise<CandidateView[]> {
  requireMatcherOrg(actor, 'The candidate pool');
  return (await listCandidates(deps.db, actor.orgId, { available: filter.available ?? false })).map(presentCandidate);
}

/**
 * The matching body's available candidates for an opening, best first, with
 * the parts of each score: candidates already placed, outside the clause's
 * target groups, or already proposed for this opening are left out.
 */
export async function suggestCandidates(deps: EngineDeps, actor: Actor, openingId: string) {
  const { row: opening, clause } = await loadVisibleOpening(deps.db, actor, openingId);
  requireMatcher(actor, clause, 'Suggestions from the candidate pool');
  const eligible = clauseTargetGroups(clause);
  const proposed = new Set((await listProposals(deps.db, openingId, actor.orgId)).map((p) => p.candidate_ref));
  const pool = (await listCandidates(deps.db, actor.orgId, { available: true })).filter(
    (c) => !proposed.has(c.candidate_ref) && (!eligible || eligible.includes(c.target_group)),
  );
  const ranked = rankCandidates(
    { startDate: opening.start_date, competences: opening.competences, municipality: opening.municipality },
    pool.map((row) => ({
      id: row.id,
      candidateRef: row.candidate_ref,
      competences: row.competences,
      municipality: row.municipality,
      availableFrom: row.available_from,
      row,
    })),
  );
  return {
    openingId,
    openingState: opening.state,
    suggestions: ranked.map(({ candidate, score }) => ({ candidate: presentCandidate(candidate.row), score })),
  };
}
