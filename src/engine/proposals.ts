/**
 * Proposals: the matching body's pseudonymous candidates for an opening.
 * Accepting one fills its opening and registers the placement, with the
 * matcher's attestation, in one transaction.
 */
import { openingStateHasTag, REGISTERING_STATES } from '../../workflows/states.ts';
import { randomUUID } from 'node:crypto';
import { latestWorkflow, workflowOf } from '../../workflows/index.ts';
import type { OpeningContext } from '../../workflows/opening.ts';
import { placementInput } from '../../workflows/placement.ts';
import { proposalInput, type ProposalContext, type ProposalStart } from '../../workflows/proposal.ts';
import { canSeeClause, canSeeMatching, type ClauseParties } from '../domain/access.ts';
import { issuesFromZod, KlausulError, notFound, validationError } from '../domain/errors.ts';
import { plannedEndDate } from '../domain/matching.ts';
import { isoDay } from '../domain/dates.ts';
import type { Actor } from '../domain/roles.ts';
import { findClause } from '../db/clauses.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { TransitionEntry } from '../db/history.ts';
import { existingParticipantRefs, listItemHistory, lockClause } from '../db/items.ts';
import {
  findCandidateByRef,
  findProposal,
  listProposals,
  lockOpening,
  lockCandidate,
  ongoingPlacement,
  recordCandidatePlacement,
  proposalExists,
  updateMatchingIfVersion,
  type ProposalWithPlacement,
} from '../db/matching.ts';
import { findOrganisation } from '../db/organisations.ts';
import type { ClauseRow, Db, ProposalRow } from '../db/schema.ts';
import { applyEvent, type EventRequest, type RequestContext } from './apply.ts';
import { presentHistory } from './clause-view.ts';
import { partiesOf } from './clauses.ts';
import { acceptInput } from './command.ts';
import { createInstance, writeNewInstances } from './create.ts';
import { placementColumns, placementCreation } from './placements.ts';
import { recordedBy } from './apply.ts';
import type { EngineDeps } from './deps.ts';
import type { Answer } from './idempotency.ts';
import { clauseItemKind, presentInstance, requireClauseIn, type ItemView } from './instances.ts';
import { restore, send } from './runtime.ts';
import { concernedWithMatchingBody, requireClauseTargetGroup, loadVisibleOpening, requireMatcher } from './matching-access.ts';

/** Full time, for the share of full time of a placement made from an opening. */
const FULL_TIME_HOURS_PER_WEEK = 40;

/** A proposal; once accepted and read again, with where its placement stands and what followed it. */
const presentProposal = (actor: Actor, clause: ClauseRow, row: ProposalRow | ProposalWithPlacement, snap = restore(workflowOf(row), row.snapshot)) => {
  const placement =
    'placement_state' in row && row.placement_state !== null
      ? { id: row.placement_id, state: row.placement_state, endDate: row.placement_end_date, outcome: row.placement_outcome }
      : undefined;
  const view = presentInstance(actor, clause, row, snap, REGISTERING_STATES, placement ? { placement } : {});
  // An opening that is filled or withdrawn can no longer be filled by this proposal.
  if ('opening_state' in row && !openingStateHasTag(row.opening_state, 'acceptsProposals'))
    view.allowedEvents = view.allowedEvents.filter((type) => type !== 'ACCEPT');
  return view;
};

/** A matcher sees its own organisation's proposals; the clause's buyer and contractor see them all. */
const canSeeProposal = (actor: Actor, parties: ClauseParties, proposal: ProposalRow): boolean =>
  canSeeClause(actor, parties) || (canSeeMatching(actor, parties) && proposal.matcher_org_id === actor.orgId);

async function loadVisibleProposal(db: Db, actor: Actor, id: string): Promise<{ row: ProposalRow; clause: ClauseRow }> {
  const row = await findProposal(db, id);
  const clause = row && (await findClause(db, row.clause_id));
  if (!row || !clause || !canSeeProposal(actor, partiesOf(clause), row)) throw notFound('Proposal', id);
  return { row, clause };
}

/** Locks the clause and then the opening, and requires both open for matching; both as locked. */
async function lockOpenForMatching(trx: Db, clauseId: string, openingId: string, what: string) {
  const clause = (await lockClause(trx, clauseId))!;
  requireClauseIn(clause, REGISTERING_STATES, what);
  const opening = (await lockOpening(trx, openingId))!;
  if (!openingStateHasTag(opening.state, 'acceptsProposals')) {
    const filledBy = (restore(workflowOf(opening), opening.snapshot).context as OpeningContext).filledBy;
    throw new KlausulError(
      'invalid_transition',
      openingStateHasTag(opening.state, 'filledByProposal')
        ? `The opening was filled by proposal ${filledBy?.proposalId}.`
        : `The opening is ${opening.state}.`,
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
  requireClauseTargetGroup(clause, input.targetGroup, 'targetGroup', 'The candidate');
  const issuer = (await findOrganisation(deps.db, actor.orgId))!;
  const startInput: ProposalStart = { ...input, openingId, attestation: { ...input.attestation, issuer: issuer.name, issuerOrgId: issuer.id } };
  const alreadyProposed = () =>
    new KlausulError(
      'conflict',
      `Candidate ${input.candidateRef} has already been proposed for this opening; see GET /api/v1/openings/${openingId}/proposals.`,
    );
  // The pool's record of the candidate, read under the locks.
  let candidateId: string | null = null;
  try {
    // What may have changed since the first attempt is judged after a retry's stored answer is looked up.
    return await createInstance(deps, ctx, {
      subject: 'proposal',
      workflow: latestWorkflow('proposal'),
      clauseId: clause.id,
      concerns: concernedWithMatchingBody(clause),
      progress: 'none',
      instances: [
        {
          id: randomUUID(),
          input: startInput,
          columns: () => ({
            opening_id: openingId,
            clause_id: clause.id,
            matcher_org_id: actor.orgId,
            candidate_id: candidateId,
            candidate_ref: input.candidateRef,
            target_group: input.targetGroup,
            placement_id: null,
          }),
        },
      ],
      lock: async (trx) => {
        // Locks in the order every matching path takes them: the clause, then the opening.
        await lockOpenForMatching(trx, clause.id, openingId, 'Candidates are proposed');
        candidateId = (await findCandidateByRef(trx, actor.orgId, input.candidateRef))?.id ?? null;
        await refuseIfPlaced(trx, actor.orgId, input.candidateRef);
        if (await proposalExists(trx, openingId, input.candidateRef)) throw alreadyProposed();
      },
      answer: ([first]) => presentProposal(actor, clause, first!.row as unknown as ProposalRow, first!.step.snapshot),
    });
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
      ...(openingContext.supervisorId ? { supervisorId: openingContext.supervisorId } : {}),
    });
    if (!parsed.success) throw validationError('The placement this proposal would register is not valid', issuesFromZod(parsed.error.issues));
    const input = parsed.data;
    const origin = { openingId: opening.id, proposalId: proposal.id };
    const instance = { id: placementId, input, columns: () => placementColumns(proposal.clause_id, input, origin), payload: { input, ...origin } };
    await writeNewInstances(deps, ctx, trx, placementCreation(deps, proposal.clause_id, [instance], concernedWithMatchingBody(clause)));

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
  };
  return { beforeWrite, inTransaction };
}

export async function sendProposalEvent(deps: EngineDeps, ctx: RequestContext, id: string, request: EventRequest) {
  const accepting = (request.body as { type?: unknown }).type === 'ACCEPT';
  return applyEvent(deps, ctx, proposalKind(deps, id), request, accepting ? acceptance(deps, ctx) : {});
}
