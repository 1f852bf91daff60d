/**
 * Matching (issue 7): the contractor's placement openings, the matching body's
 * proposals of pseudonymous candidates, suggestions from its candidate pool,
 * and the outcomes that follow placements. Openings and proposals are small
 * statecharts persisted through applyEvent like every other instance;
 * accepting a proposal fills its opening and registers the placement, with the
 * matcher's attestation, in one transaction.
 */
import { randomUUID } from 'node:crypto';
import { latestWorkflow } from '../../workflows/index.ts';
import { openingInput, type OpeningContext } from '../../workflows/opening.ts';
import { placementInput } from '../../workflows/placement.ts';
import { proposalInput, type ProposalContext, type ProposalStart } from '../../workflows/proposal.ts';
import { canSeeClause, canSeeMatching, mayActAs, organisationsConcerned, type ClauseParties } from '../domain/access.ts';
import { issuesFromZod, KlausulError, notFound, validationError } from '../domain/errors.ts';
import { judgeOutcomes, MUNICIPALITY_CODE, plannedEndDate, rankCandidates, type ProgrammeTargets } from '../domain/matching.ts';
import { isoDay } from '../domain/dates.ts';
import type { Actor } from '../domain/roles.ts';
import { TARGET_GROUPS } from '../domain/target-groups.ts';
import { findClause, findClauses } from '../db/clauses.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { TransitionEntry } from '../db/history.ts';
import { existingParticipantRefs, insertItemHistory, insertPlacements, listItemHistory, lockClause } from '../db/items.ts';
import {
  findCandidateByRef,
  findOpening,
  findOutcomeTargets,
  findProposal,
  insertCandidate,
  insertOpening,
  insertProposal,
  listCandidates,
  listOpenings,
  listProposals,
  lockOpening,
  lockCandidate,
  ongoingPlacement,
  recordCandidatePlacement,
  type CandidateWithStatus,
  outcomeCounts,
  proposalExists,
  updateMatchingIfVersion,
  upsertOutcomeTargets,
  type ProposalWithPlacement,
} from '../db/matching.ts';
import { findOrganisation } from '../db/organisations.ts';
import type { PortfolioFilter } from '../db/progress.ts';
import { creationNotice, insertOutbox } from '../db/outbox.ts';
import { bumpProgress } from '../db/progress.ts';
import { json, type ClauseRow, type Db, type OpeningRow, type OutcomeTargetsRow, type ProposalRow } from '../db/schema.ts';
import { applyEvent, recordedBy, type EventRequest, type RequestContext } from './apply.ts';
import { presentHistory } from './clause-view.ts';
import { partiesOf } from './clauses.ts';
import { acceptInput } from './command.ts';
import type { EngineDeps } from './deps.ts';
import { idempotent, type Answer } from './idempotency.ts';
import {
  clauseItemKind,
  createUnderClause,
  firstVersion,
  placementRow,
  presentInstance,
  REGISTERING_STATES,
  requireClauseIn,
  requireContractor,
  workflowOf,
  type ItemView,
} from './items.ts';
import { restore, send, start } from './runtime.ts';
import { z } from 'zod';

/** Full time, for the share of full time of a placement made from an opening. */
const FULL_TIME_HOURS_PER_WEEK = 40;

const presentOpening = (actor: Actor, clause: ClauseRow, row: OpeningRow, snap = restore(workflowOf(row), row.snapshot)) => {
  const context = snap.context as OpeningContext;
  return presentInstance(actor, clause, row, snap, REGISTERING_STATES, {
    plannedEndDate: plannedEndDate(context.startDate, context.weeks),
    breaksGenderPattern: context.breaksGenderPattern ?? false,
  });
};

/** A proposal; once accepted and read again, with where its placement stands and what followed it. */
const presentProposal = (actor: Actor, clause: ClauseRow, row: ProposalRow | ProposalWithPlacement, snap = restore(workflowOf(row), row.snapshot)) => {
  const placement =
    'placement_state' in row && row.placement_state !== null
      ? { id: row.placement_id, state: row.placement_state, endDate: row.placement_end_date, outcome: row.placement_outcome }
      : undefined;
  const view = presentInstance(actor, clause, row, snap, REGISTERING_STATES, placement ? { placement } : {});
  // An opening that is filled or withdrawn can no longer be filled by this proposal.
  if ('opening_state' in row && row.opening_state !== 'open') view.allowedEvents = view.allowedEvents.filter((type) => type !== 'ACCEPT');
  return view;
};

/** The clause an opening belongs to, if the actor may see its openings; otherwise not_found. */
async function loadVisibleOpening(db: Db, actor: Actor, id: string): Promise<{ row: OpeningRow; clause: ClauseRow }> {
  const row = await findOpening(db, id);
  const clause = row && (await findClause(db, row.clause_id));
  if (!row || !clause || !canSeeMatching(actor, partiesOf(clause))) throw notFound('Opening', id);
  return { row, clause };
}

/** A matcher sees its own organisation's proposals; the clause's buyer and contractor see them all. */
const canSeeProposal = (actor: Actor, parties: ClauseParties, proposal: ProposalRow): boolean =>
  canSeeClause(actor, parties) || (canSeeMatching(actor, parties) && proposal.matcher_org_id === actor.orgId);

async function loadVisibleProposal(db: Db, actor: Actor, id: string): Promise<{ row: ProposalRow; clause: ClauseRow }> {
  const row = await findProposal(db, id);
  const clause = row && (await findClause(db, row.clause_id));
  if (!row || !clause || !canSeeProposal(actor, partiesOf(clause), row)) throw notFound('Proposal', id);
  return { row, clause };
}

/** The clause, if the actor may see its openings (buyer, contractor, the clause's matching body). */
async function loadClauseForMatching(db: Db, actor: Actor, clauseId: string): Promise<ClauseRow> {
  const clause = await findClause(db, clauseId);
  if (!clause || !canSeeMatching(actor, partiesOf(clause))) throw notFound('Clause', clauseId);
  return clause;
}

function requireMatcher(actor: Actor, clause: ClauseRow, what: string): void {
  if (!mayActAs(actor, 'matcher', partiesOf(clause))) {
    throw new KlausulError('forbidden', `${what} is the task of the clause's matching body (role matcher); you are signed in as ${actor.role}.`, {
      requiredRole: 'matcher',
    });
  }
}

/** The target groups the clause names, if its parameters name any. */
const clauseTargetGroups = (clause: ClauseRow): string[] | null =>
  Array.isArray(clause.params.targetGroups) ? (clause.params.targetGroups as string[]) : null;

// ── Openings ──────────────────────────────────────────────────────────────

export async function publishOpening(
  deps: EngineDeps,
  ctx: RequestContext,
  clauseId: string,
  body: unknown,
): Promise<Answer<ItemView> & { replayed: boolean }> {
  const { actor } = ctx;
  const clause = await loadClauseForMatching(deps.db, actor, clauseId);
  requireContractor(actor, clause, 'Publishing placement openings');
  const input = acceptInput(openingInput, body, 'opening');
  const contract = clause.contract as { startDate: string; endDate: string };
  if (input.startDate < contract.startDate || input.startDate > contract.endDate) {
    throw validationError('The opening starts outside the contract', [
      { path: 'startDate', message: `the contract runs from ${contract.startDate} to ${contract.endDate}; send a start date within it` },
    ]);
  }
  const workflow = latestWorkflow('opening');
  const step = start(workflow, input);
  const id = randomUUID();
  const now = deps.clock.now();
  return createUnderClause(deps, ctx, clause, 'Openings are published', async (trx) => {
    const row = await insertOpening(trx, {
      id,
      clause_id: clauseId,
      role: input.role,
      site: input.site ?? null,
      municipality: input.municipality ?? null,
      start_date: input.startDate,
      weeks: input.weeks,
      hours_per_week: input.hoursPerWeek,
      competences: json(input.competences),
      language_level: input.languageLevel ?? null,
      supervisor_trained: input.supervisor.trained,
      breaks_gender_pattern: input.breaksGenderPattern ?? false,
      placement_id: null,
      ...firstVersion(workflow, step, now),
      snapshot: json(step.persisted),
    });
    await insertItemHistory(trx, [
      { itemId: id, itemKind: 'opening', clauseId, seq: 1, type: 'CREATE', payload: { input }, fromState: null, toState: step.state, ...recordedBy(ctx, now) },
    ]);
    await insertOutbox(trx, { clauseId, orgIds: concernedWithMatchingBody(clause), at: now, ...creationNotice('opening', [id], step.state, actor.role, now) });
    return { status: 201, body: presentOpening(actor, clause, row, step.snapshot) };
  });
}

/** Openings and proposals, and the placement an accepted proposal registers, concern the clause's matching body too. */
const concernedWithMatchingBody = (clause: Parameters<typeof partiesOf>[0]): string[] => organisationsConcerned(partiesOf(clause), { matchingBody: true });

export async function listClauseOpenings(deps: EngineDeps, actor: Actor, clauseId: string): Promise<ItemView[]> {
  const clause = await loadClauseForMatching(deps.db, actor, clauseId);
  return (await listOpenings(deps.db, { clauseId })).map((row) => presentOpening(actor, clause, row));
}

/** Openings of every clause the caller's organisation takes part in (a matcher: the clauses it serves). */
export async function listMyOpenings(deps: EngineDeps, actor: Actor, filter: { state?: string | undefined }): Promise<ItemView[]> {
  const rows = await listOpenings(deps.db, { visibleToOrgId: actor.orgId, ...(filter.state ? { state: filter.state } : {}) });
  const clauses = new Map((await findClauses(deps.db, [...new Set(rows.map((row) => row.clause_id))])).map((clause) => [clause.id, clause]));
  return rows.map((row) => presentOpening(actor, clauses.get(row.clause_id)!, row));
}

export async function getOpening(deps: EngineDeps, actor: Actor, id: string): Promise<ItemView> {
  const { row, clause } = await loadVisibleOpening(deps.db, actor, id);
  return presentOpening(actor, clause, row);
}

const openingKind = (deps: EngineDeps, id: string) =>
  clauseItemKind<OpeningRow>({
    noun: 'opening',
    load: (actor) => loadVisibleOpening(deps.db, actor, id),
    openStates: REGISTERING_STATES,
    concernsMatchingBody: true,
    resolve: (_row, _clause, type, payload) => ({ type, ...payload }),
    write: (db, row, next, entry) => updateMatchingIfVersion(db, 'openings', row, { snapshot: next.persisted, state: next.state, updated_at: entry.at }, entry),
    present: presentOpening,
  });

export const sendOpeningEvent = (deps: EngineDeps, ctx: RequestContext, id: string, request: EventRequest) =>
  applyEvent(deps, ctx, openingKind(deps, id), request);

export async function getOpeningHistory(deps: EngineDeps, actor: Actor, id: string) {
  await loadVisibleOpening(deps.db, actor, id);
  return (await listItemHistory(deps.db, id)).map(presentHistory);
}

// ── Proposals ─────────────────────────────────────────────────────────────

/** Locks the clause and then the opening, and requires both open for matching; both as locked. */
async function lockOpenForMatching(trx: Db, clauseId: string, openingId: string, what: string) {
  const clause = (await lockClause(trx, clauseId))!;
  requireClauseIn(clause, REGISTERING_STATES, what);
  const opening = (await lockOpening(trx, openingId))!;
  if (opening.state !== 'open') {
    const filledBy = (restore(workflowOf(opening), opening.snapshot).context as OpeningContext).filledBy;
    throw new KlausulError(
      'invalid_transition',
      opening.state === 'filled' ? `The opening was filled by proposal ${filledBy?.proposalId}.` : `The opening is ${opening.state}.`,
      { state: opening.state, openingState: opening.state },
    );
  }
  return { clause, opening };
}

async function refuseIfPlaced(db: Db, orgId: string, candidateRef: string): Promise<void> {
  const placementId = await ongoingPlacement(db, orgId, candidateRef);
  if (placementId) throw new KlausulError('conflict', `Candidate ${candidateRef} is in a placement that has not ended (${placementId}).`, { placementId });
}

export async function proposeCandidate(
  deps: EngineDeps,
  ctx: RequestContext,
  openingId: string,
  body: unknown,
): Promise<Answer<ItemView> & { replayed: boolean }> {
  const { actor } = ctx;
  const { clause } = await loadVisibleOpening(deps.db, actor, openingId);
  requireMatcher(actor, clause, 'Proposing candidates');
  const input = acceptInput(proposalInput, body, 'proposal');
  const today = isoDay(deps.clock.now());
  if (input.attestation.date > today) {
    throw validationError('The attestation is dated in the future', [
      { path: 'attestation.date', message: `send the date the attestation was issued, at the latest today (${today})` },
    ]);
  }
  const eligible = clauseTargetGroups(clause);
  if (eligible && !eligible.includes(input.targetGroup)) {
    throw validationError("The candidate is outside the clause's target groups", [
      { path: 'targetGroup', message: `the clause counts ${eligible.join(', ')}; propose a candidate attested to one of them` },
    ]);
  }
  const issuer = (await findOrganisation(deps.db, actor.orgId))!;
  const workflow = latestWorkflow('proposal');
  const startInput: ProposalStart = { ...input, openingId, attestation: { ...input.attestation, issuer: issuer.name, issuerOrgId: issuer.id } };
  const step = start(workflow, startInput);
  const id = randomUUID();
  const now = deps.clock.now();
  const alreadyProposed = () =>
    new KlausulError(
      'conflict',
      `Candidate ${input.candidateRef} has already been proposed for this opening; see GET /api/v1/openings/${openingId}/proposals.`,
    );
  try {
    // What may have changed since the first attempt is judged after a retry's stored answer is looked up.
    return await idempotent(deps, actor.userId, ctx.idempotency, async (remember) =>
      deps.db.transaction().execute(async (trx) => {
        // Locks in the order every matching path takes them: the clause, then the opening.
        await lockOpenForMatching(trx, clause.id, openingId, 'Candidates are proposed');
        const candidate = await findCandidateByRef(trx, actor.orgId, input.candidateRef);
        await refuseIfPlaced(trx, actor.orgId, input.candidateRef);
        if (await proposalExists(trx, openingId, input.candidateRef)) throw alreadyProposed();
        const row = await insertProposal(trx, {
          id,
          opening_id: openingId,
          clause_id: clause.id,
          matcher_org_id: actor.orgId,
          candidate_id: candidate?.id ?? null,
          candidate_ref: input.candidateRef,
          target_group: input.targetGroup,
          placement_id: null,
          ...firstVersion(workflow, step, now),
          snapshot: json(step.persisted),
        });
        await insertItemHistory(trx, [
          {
            itemId: id,
            itemKind: 'proposal',
            clauseId: clause.id,
            seq: 1,
            type: 'CREATE',
            payload: { input: startInput },
            fromState: null,
            toState: step.state,
            ...recordedBy(ctx, now),
          },
        ]);
        await insertOutbox(trx, {
          clauseId: clause.id,
          orgIds: concernedWithMatchingBody(clause),
          at: now,
          ...creationNotice('proposal', [id], step.state, actor.role, now),
        });
        const answer = { status: 201, body: presentProposal(actor, clause, row, step.snapshot) };
        await remember(trx, answer);
        return answer;
      }),
    );
  } catch (error) {
    if (isUniqueViolation(error, 'proposals_opening_candidate_unique')) throw alreadyProposed();
    throw error;
  }
}

export async function listOpeningProposals(deps: EngineDeps, actor: Actor, openingId: string): Promise<ItemView[]> {
  const { clause } = await loadVisibleOpening(deps.db, actor, openingId);
  const onlyOwn = canSeeClause(actor, partiesOf(clause)) ? undefined : actor.orgId;
  return (await listProposals(deps.db, openingId, onlyOwn)).map((row) => presentProposal(actor, clause, row));
}

export async function getProposal(deps: EngineDeps, actor: Actor, id: string): Promise<ItemView> {
  const { row, clause } = await loadVisibleProposal(deps.db, actor, id);
  return presentProposal(actor, clause, row);
}

export async function getProposalHistory(deps: EngineDeps, actor: Actor, id: string) {
  await loadVisibleProposal(deps.db, actor, id);
  return (await listItemHistory(deps.db, id)).map(presentHistory);
}

const proposalKind = (deps: EngineDeps, id: string) =>
  clauseItemKind<ProposalRow>({
    noun: 'proposal',
    load: (actor) => loadVisibleProposal(deps.db, actor, id),
    openStates: REGISTERING_STATES,
    concernsMatchingBody: true,
    // ACCEPT names the placement it registers, so that replaying the history reproduces it.
    resolve: (_row, _clause, type, payload) => (type === 'ACCEPT' ? { type, ...payload, placementId: randomUUID() } : { type, ...payload }),
    write: (db, row, next, entry) => {
      const placementId = (next.snapshot.context as ProposalContext).placementId;
      return updateMatchingIfVersion(
        db,
        'proposals',
        row,
        { snapshot: next.persisted, state: next.state, updated_at: entry.at, placement_id: placementId },
        entry,
      );
    },
    present: presentProposal,
  });

/**
 * ACCEPT, in the transaction that writes the proposal: first (before the
 * proposal's own write) the clause and the opening are locked, in the order
 * every matching path takes them, and must still be open; after it the
 * placement is registered with the matcher's attestation, the opening filled
 * and the candidate recorded as placed. If any of it cannot be done the whole
 * event is refused and nothing is written.
 */
function acceptance(deps: EngineDeps, ctx: RequestContext) {
  let locked: Awaited<ReturnType<typeof lockOpenForMatching>>;
  const beforeWrite = async (trx: Db, proposal: ProposalRow) => {
    try {
      locked = await lockOpenForMatching(trx, proposal.clause_id, proposal.opening_id, 'Placements are registered');
    } catch (error) {
      if (error instanceof KlausulError && error.code === 'invalid_transition' && error.details.openingState) {
        throw new KlausulError('invalid_transition', `${error.message} DECLINE this proposal instead.`, {
          ...error.details,
          state: proposal.state,
          allowedEvents: ['DECLINE'],
        });
      }
      throw error;
    }
  };
  const inTransaction = async (trx: Db, proposal: ProposalRow) => {
    const context = restore(workflowOf(proposal), proposal.snapshot).context as ProposalContext;
    const placementId = context.placementId!;
    const candidate = await lockCandidate(trx, proposal.matcher_org_id, context.candidateRef);
    await refuseIfPlaced(trx, proposal.matcher_org_id, context.candidateRef);
    if ((await existingParticipantRefs(trx, proposal.clause_id, [context.candidateRef])).length > 0) {
      throw new KlausulError('conflict', `${context.candidateRef} is already registered as a placement under this clause; DECLINE this proposal.`);
    }
    const now = deps.clock.now();
    const { clause, opening } = locked;
    const openingWorkflow = workflowOf(opening);
    const openingSnapshot = restore(openingWorkflow, opening.snapshot);
    const openingContext = openingSnapshot.context as OpeningContext;
    const parsed = placementInput.safeParse({
      participantRef: context.candidateRef,
      targetGroup: context.targetGroup,
      attestation: { issuer: context.attestation.issuer, reference: context.attestation.reference, date: context.attestation.date },
      role: openingContext.role,
      ...(openingContext.site ? { site: openingContext.site } : {}),
      startDate: openingContext.startDate,
      plannedEndDate: plannedEndDate(openingContext.startDate, openingContext.weeks),
      fte: Math.min(1, openingContext.hoursPerWeek / FULL_TIME_HOURS_PER_WEEK),
      hoursPerWeek: openingContext.hoursPerWeek,
    });
    if (!parsed.success) throw validationError('The placement this proposal would register is not valid', issuesFromZod(parsed.error.issues));
    const input = parsed.data;
    const workflow = latestWorkflow('placement');
    const step = start(workflow, input);
    await insertPlacements(trx, [
      placementRow(placementId, proposal.clause_id, input, firstVersion(workflow, step, now), { openingId: opening.id, proposalId: proposal.id }),
    ]);
    await insertItemHistory(trx, [
      {
        itemId: placementId,
        itemKind: 'placement',
        clauseId: proposal.clause_id,
        seq: 1,
        type: 'CREATE',
        payload: { input, proposalId: proposal.id, openingId: opening.id },
        fromState: null,
        toState: step.state,
        ...recordedBy(ctx, now),
      },
    ]);
    await insertOutbox(trx, {
      clauseId: proposal.clause_id,
      orgIds: concernedWithMatchingBody(clause),
      at: now,
      ...creationNotice('placement', [placementId], step.state, ctx.actor.role, now),
    });

    const fill = send(openingWorkflow, openingSnapshot, { type: 'FILL', proposalId: proposal.id, placementId });
    const entry: TransitionEntry = {
      type: 'FILL',
      payload: { proposalId: proposal.id, placementId },
      fromState: opening.state,
      toState: fill.state,
      ...recordedBy(ctx, now),
      concerns: concernedWithMatchingBody(clause),
    };
    const filled = await updateMatchingIfVersion(
      trx,
      'openings',
      opening,
      { snapshot: fill.persisted, state: fill.state, updated_at: now, placement_id: placementId },
      entry,
    );
    if (!filled) throw new Error(`opening ${opening.id} moved on while locked`);
    if (candidate) await recordCandidatePlacement(trx, candidate.id, placementId, now);
    await bumpProgress(trx, proposal.clause_id, now);
  };
  return { beforeWrite, inTransaction };
}

export async function sendProposalEvent(deps: EngineDeps, ctx: RequestContext, id: string, request: EventRequest) {
  const accepting = (request.body as { type?: unknown }).type === 'ACCEPT';
  return applyEvent(deps, ctx, proposalKind(deps, id), request, accepting ? acceptance(deps, ctx) : {});
}

// ── Candidates and suggestions ────────────────────────────────────────────

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

function requireMatcherOrg(actor: Actor, what: string): void {
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

// ── Outcomes ──────────────────────────────────────────────────────────────

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
