/**
 * The trained-supervisor rule (issue 22): where a clause (or, later, a
 * programme) requires it, a placement starts only with a named supervisor who
 * has a training record (handledarutbildning) dated on or before the day it
 * starts. Pure: the caller hands over the requirement and the supervisor's
 * trainings, so any owner of such a requirement can ask the same question.
 */

/** What a training record says for the rule: the day it was completed. */
export interface TrainingDate {
  date: string;
}

/** Whether any of the trainings was completed on or before the day (ISO dates compare as text). */
export const trainedBy = (trainings: readonly TrainingDate[], day: string): boolean => trainings.some((t) => t.date <= day);

/** Why a start is refused under the rule, or null when the rule is met or not required. */
export type SupervisorRuleBreach = 'noSupervisor' | 'notTrainedByStart';

export function trainedSupervisorBreach(
  required: boolean,
  supervisor: { trainings: readonly TrainingDate[] } | null,
  startDate: string,
): SupervisorRuleBreach | null {
  if (!required) return null;
  if (!supervisor) return 'noSupervisor';
  return trainedBy(supervisor.trainings, startDate) ? null : 'notTrainedByStart';
}

/** The rule's name, as refusals carry it (`rule`). */
export const TRAINED_SUPERVISOR_RULE = 'trainedSupervisor';
