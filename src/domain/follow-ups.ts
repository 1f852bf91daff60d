/**
 * Follow-ups of a participant after a placement (issue 21, item 3): the
 * checkpoints, when they fall due, which endings get them, and what the
 * matching body records at each.
 */
import { z } from 'zod';
import { PLACEMENTS_AT_WORK } from '../../workflows/states.ts';
import type { EmployabilityAnswer, FollowUpMonths, FollowUpStatus } from '../db/schema.ts';
import { addMonths } from './dates.ts';

export const FOLLOW_UP_MONTHS = [1, 6, 12] as const satisfies readonly FollowUpMonths[];
export const FOLLOW_UP_STATES = ['scheduled', 'due', 'recorded'] as const;
export type FollowUpState = (typeof FOLLOW_UP_STATES)[number];
export const FOLLOW_UP_STATUSES = [
  'employment',
  'studies',
  'furtherPlacement',
  'selfEmployment',
  'other',
  'none',
  'unknown',
] as const satisfies readonly FollowUpStatus[];
export const EMPLOYABILITY_ANSWERS = ['better', 'same', 'worse'] as const satisfies readonly EmployabilityAnswer[];

/** The longest note at a follow-up: room for a few sentences, not a case file. */
export const FOLLOW_UP_NOTE_MAX = 1_000;

/**
 * Whether a placement's transition ends it in a way that is followed up: it
 * leaves a state where the participant is at work (completed, ended early or discontinued after it started).
 * A placement discontinued before it started had no participant at work, so
 * there is nothing to follow.
 */
export const endingIsFollowedUp = (fromState: string, endedAs: string | null): boolean =>
  (PLACEMENTS_AT_WORK as readonly string[]).includes(fromState) && endedAs !== null;

/** When each follow-up falls due: the start (UTC) of the day 1, 6 and 12 months after the end date (clamped to a month's last day). */
export function followUpDueDates(endDate: string): Array<{ months: FollowUpMonths; dueAt: Date }> {
  return FOLLOW_UP_MONTHS.map((months) => ({ months, dueAt: new Date(`${addMonths(endDate, months)}T00:00:00Z`) }));
}

/** What the matching body records at a follow-up. */
export const recordFollowUpInput = z.strictObject({
  type: z.literal('RECORD', { error: 'send type "RECORD"' }),
  status: z.enum(FOLLOW_UP_STATUSES, { error: `what the participant does now: one of ${FOLLOW_UP_STATUSES.join(', ')}` }),
  employability: z
    .enum(EMPLOYABILITY_ANSWERS, { error: `the participant's own view of their chances of work: one of ${EMPLOYABILITY_ANSWERS.join(', ')}` })
    .optional(),
  note: z.string().trim().max(FOLLOW_UP_NOTE_MAX).optional(),
});
export type RecordFollowUp = z.infer<typeof recordFollowUpInput>;
