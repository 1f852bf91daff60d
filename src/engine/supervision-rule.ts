/**
 * The trained-supervisor rule at a placement's START (issue 22): when the
 * clause's terms require it, the placement's supervisor must have a training
 * record dated on or before the placement's start; otherwise START is refused
 * with `trained_supervisor_required` (422), naming the rule.
 */
import { KlausulError } from '../domain/errors.ts';
import { TRAINED_SUPERVISOR_RULE, trainedSupervisorBreach } from '../domain/supervision.ts';
import type { ClauseRow, Db, PlacementRow } from '../db/schema.ts';
import { trainingsOfSupervisor } from './supervisors.ts';
import { templateOf } from './clauses.ts';

/** Whether the clause's terms require a trained supervisor before a placement starts. */
export const clauseRequiresTrainedSupervisor = (clause: ClauseRow): boolean => templateOf(clause).requiresTrainedSupervisor?.(clause.params) ?? false;

export async function requireTrainedSupervisorAtStart(db: Db, clause: ClauseRow, placement: PlacementRow): Promise<void> {
  const required = clauseRequiresTrainedSupervisor(clause);
  if (!required) return;
  const breach = trainedSupervisorBreach(required, await trainingsOfSupervisor(db, placement.supervisor_id), placement.start_date);
  if (!breach) return;
  const message =
    breach === 'noSupervisor'
      ? 'The clause requires a trained supervisor before a placement starts, and this placement names none; register it with a supervisorId whose training is recorded.'
      : `The clause requires a trained supervisor before a placement starts: supervisor ${placement.supervisor_id} has no training recorded on or before ${placement.start_date}; record it at POST /api/v1/supervisors/${placement.supervisor_id}/trainings.`;
  throw new KlausulError('trained_supervisor_required', message, {
    rule: TRAINED_SUPERVISOR_RULE,
    breach,
    supervisorId: placement.supervisor_id,
    startDate: placement.start_date,
  });
}
