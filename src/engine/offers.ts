/**
 * Offers of employment (issue 18): the employment clause's first job is
 * "started or offered" within its deadline. The clause's contractor records an
 * offer made to a participant of the clause's target groups while the clause
 * is delivered or remedied, and later its answer (accepted or declined) or its
 * withdrawal; the clause's parties read them as they read placements. An offer
 * made by the due date meets the first-job milestone whatever the answer
 * (src/engine/clauses.ts, FIRST_JOB_DUE; src/domain/measure.ts, firstStartMilestone).
 */
import { randomUUID } from 'node:crypto';
import { latestWorkflow, workflowOf } from '../../workflows/index.ts';
import { offerInput, type OfferContext } from '../../workflows/employment-offer.ts';
import { ITEM_EVENT_STATES, REGISTERING_STATES } from '../../workflows/states.ts';
import { canSeeClause, organisationsConcerned } from '../domain/access.ts';
import { isoDay } from '../domain/dates.ts';
import { notFound, validationError } from '../domain/errors.ts';
import type { Actor } from '../domain/roles.ts';
import { findClause } from '../db/clauses.ts';
import { listItemHistory } from '../db/items.ts';
import { findOffer, listOffers, updateOfferIfVersion } from '../db/offers.ts';
import type { ClauseRow, Db, OfferRow } from '../db/schema.ts';
import { applyEvent, type EventRequest, type RequestContext } from './apply.ts';
import { presentHistory } from './clause-view.ts';
import { loadVisibleClause, partiesOf } from './clauses.ts';
import { acceptInput } from './command.ts';
import { createInstance } from './create.ts';
import type { EngineDeps } from './deps.ts';
import type { Answer } from './idempotency.ts';
import { clauseItemKind, contractOf, lockClauseRegistering, presentInstance, requireClauseIn, requireContractor, type ItemView } from './instances.ts';
import { requireClauseTargetGroup } from './matching-access.ts';
import { restore } from './runtime.ts';

/** An offer: it takes its answer until the clause's verification is decided, as a placement takes its events. */
const presentOffer = (actor: Actor, clause: ClauseRow, row: OfferRow, snap = restore(workflowOf(row), row.snapshot)): ItemView =>
  presentInstance(actor, clause, row, snap, ITEM_EVENT_STATES);

/** The offer and its clause, if the actor may see the clause; otherwise not_found. */
async function loadVisibleOffer(db: Db, actor: Actor, id: string): Promise<{ row: OfferRow; clause: ClauseRow }> {
  const row = await findOffer(db, id);
  const clause = row && (await findClause(db, row.clause_id));
  if (!row || !clause || !canSeeClause(actor, partiesOf(clause))) throw notFound('Offer', id);
  return { row, clause };
}

/** Records an offer of employment made under the clause: the clause's contractor, while the clause is delivered or remedied. */
export async function recordOffer(deps: EngineDeps, ctx: RequestContext, clauseId: string, body: unknown): Promise<Answer<ItemView> & { replayed: boolean }> {
  const { actor } = ctx;
  const clause = await loadVisibleClause(deps.db, actor, clauseId);
  requireContractor(actor, clause, 'Recording offers of employment');
  requireClauseIn(clause, REGISTERING_STATES, 'Offers of employment are recorded');
  const input = acceptInput(offerInput, body, 'offer of employment');
  requireClauseTargetGroup(clause, input.targetGroup, 'targetGroup', 'The participant offered the job');
  const contractStart = contractOf(clause).startDate;
  const today = isoDay(deps.clock.now());
  if (input.offeredDate < contractStart) {
    throw validationError('The offer precedes the contract', [
      { path: 'offeredDate', message: `the contract starts on ${contractStart}; send the day the offer was made, on or after it` },
    ]);
  }
  if (input.offeredDate > today) {
    throw validationError('The offer date lies in the future', [
      { path: 'offeredDate', message: `record an offer once it is made: send the day it was made, at the latest today (${today})` },
    ]);
  }
  return createInstance(deps, ctx, {
    subject: 'offer',
    workflow: latestWorkflow('employment-offer'),
    clauseId,
    concerns: organisationsConcerned(partiesOf(clause)),
    // An offer may meet the first-job milestone: the clause's progress is measured again.
    progress: 'bump',
    instances: [
      {
        id: randomUUID(),
        input,
        columns: () => ({
          clause_id: clauseId,
          participant_ref: input.participantRef,
          target_group: input.targetGroup,
          role: input.role,
          hours_per_week: input.hoursPerWeek,
          offered_date: input.offeredDate,
          answered_date: null,
        }),
      },
    ],
    lock: (trx) => lockClauseRegistering(trx, clauseId, 'Offers of employment are recorded'),
    answer: ([first]) => presentOffer(actor, clause, first!.row as unknown as OfferRow, first!.step.snapshot),
  });
}

export async function listClauseOffers(deps: EngineDeps, actor: Actor, clauseId: string): Promise<ItemView[]> {
  const clause = await loadVisibleClause(deps.db, actor, clauseId);
  return (await listOffers(deps.db, clauseId)).map((row) => presentOffer(actor, clause, row));
}

export async function getOffer(deps: EngineDeps, actor: Actor, id: string): Promise<ItemView> {
  const { row, clause } = await loadVisibleOffer(deps.db, actor, id);
  return presentOffer(actor, clause, row);
}

export async function getOfferHistory(deps: EngineDeps, actor: Actor, id: string) {
  await loadVisibleOffer(deps.db, actor, id);
  return (await listItemHistory(deps.db, id)).map(presentHistory);
}

/** The day of an answer or withdrawal: not before the offer, not in the future. */
function checkAnswerDate(row: OfferRow, date: unknown, today: string): void {
  if (typeof date !== 'string') return;
  if (date < row.offered_date)
    throw validationError('The answer precedes the offer', [{ path: 'date', message: `send a date on or after the offer date ${row.offered_date}` }]);
  if (date > today)
    throw validationError('The answer date lies in the future', [{ path: 'date', message: `send the day it happened, at the latest today (${today})` }]);
}

const offerKind = (deps: EngineDeps, id: string) =>
  clauseItemKind<OfferRow>({
    noun: 'offer',
    load: (actor) => loadVisibleOffer(deps.db, actor, id),
    openStates: ITEM_EVENT_STATES,
    resolve: (row, _clause, type, payload) => {
      checkAnswerDate(row, payload.date, isoDay(deps.clock.now()));
      return { type, ...payload };
    },
    write: (db, row, next, entry) =>
      updateOfferIfVersion(
        db,
        row,
        { snapshot: next.persisted, state: next.state, updated_at: entry.at, answered_date: (next.snapshot.context as OfferContext).answeredDate },
        entry,
      ),
    present: presentOffer,
  });

/** ACCEPT, DECLINE or WITHDRAW, by the clause's contractor. */
export const sendOfferEvent = (deps: EngineDeps, ctx: RequestContext, id: string, request: EventRequest) => applyEvent(deps, ctx, offerKind(deps, id), request);
