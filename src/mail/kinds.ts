/**
 * What Klausul mails, to whom and how by default (issue 23, README.md, E-mail):
 * the kinds a user chooses a delivery for, the decisions in the outbox that
 * are mailed and the side that hears of each, and who must act on a deadline.
 * Pure rules; the planner (src/engine/mail-planner.ts) applies them.
 */
import { PLACEMENTS_AWAITING_PRIME_APPROVAL, REPORTS_AWAITING_PRIME_APPROVAL } from '../../workflows/states.ts';
import type { DeadlineKind } from '../domain/deadlines.ts';
import type { MailDelivery } from '../db/schema.ts';

export const MAIL_KINDS = [
  'deadlineDueSoon',
  'deadlineOverdue',
  'planSentBack',
  'reportQueried',
  // Issue 22: the clause's contractor returned a placement or report its subcontractor registered; and one of
  // them waits for its approval.
  'returnedToSubcontractor',
  'awaitingYourApproval',
  'noticeRecorded',
  'shortfallRecorded',
  'viteClaimed',
  'proposalReceived',
  'proposalAnswered',
  // Issue 21: a follow-up of a participant falls due for its matching body (follow_ups.state 'due'); its planner
  // source is wired when follow-ups are merged (see followUpItem in src/engine/mail-planner.ts).
  'followUpDue',
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export const MAIL_DELIVERIES = ['immediate', 'digest', 'never'] as const satisfies readonly MailDelivery[];

export const isMailKind = (value: unknown): value is MailKind => (MAIL_KINDS as readonly unknown[]).includes(value);
export const isMailDelivery = (value: unknown): value is MailDelivery => (MAIL_DELIVERIES as readonly unknown[]).includes(value);

/** Reminders go into the daily digest, decisions at once, unless the user chose otherwise. */
export const DEFAULT_DELIVERY: Record<MailKind, Exclude<MailDelivery, 'never'>> = {
  deadlineDueSoon: 'digest',
  deadlineOverdue: 'digest',
  planSentBack: 'immediate',
  reportQueried: 'immediate',
  returnedToSubcontractor: 'immediate',
  awaitingYourApproval: 'immediate',
  noticeRecorded: 'immediate',
  shortfallRecorded: 'immediate',
  viteClaimed: 'immediate',
  proposalReceived: 'immediate',
  proposalAnswered: 'immediate',
  followUpDue: 'immediate',
};

/**
 * Whose users hear of something: the clause's contractor, the buyer's officers, the matching body that made a
 * proposal, or the one who registered the placement or report (`registrant`): the named subcontractor for its own
 * items, else the clause's contractor.
 */
export type MailAudience = 'contractor' | 'officer' | 'matcher' | 'registrant';

/** The outbox events (`<subject>.<EVENT>`) that are decisions addressed to someone, with their kind and audience. */
export const DECISIONS: Readonly<Record<string, { kind: MailKind; audience: MailAudience }>> = {
  'clause.REQUEST_PLAN_CHANGES': { kind: 'planSentBack', audience: 'contractor' },
  'clause.REQUEST_CORRECTION': { kind: 'noticeRecorded', audience: 'contractor' },
  'clause.RECORD_SHORTFALL': { kind: 'shortfallRecorded', audience: 'contractor' },
  'clause.CLAIM_VITE': { kind: 'viteClaimed', audience: 'contractor' },
  'clause.IMPOSE_SANCTION': { kind: 'viteClaimed', audience: 'contractor' },
  // The subcontractor that registered a report answers the query on it (period report version 2).
  'report.QUERY': { kind: 'reportQueried', audience: 'registrant' },
  'report.RETURN': { kind: 'returnedToSubcontractor', audience: 'registrant' },
  'placement.RETURN': { kind: 'returnedToSubcontractor', audience: 'registrant' },
  'proposal.CREATE': { kind: 'proposalReceived', audience: 'contractor' },
  'proposal.ACCEPT': { kind: 'proposalAnswered', audience: 'matcher' },
  'proposal.DECLINE': { kind: 'proposalAnswered', audience: 'matcher' },
};

/** The states in which a subcontractor's placement or report waits for the clause's contractor (workflows/states.ts). */
const AWAITING_APPROVAL = new Set<string>([...PLACEMENTS_AWAITING_PRIME_APPROVAL, ...REPORTS_AWAITING_PRIME_APPROVAL]);

/**
 * Whether an outbox row is mailed, and as what to whom: a decision of the table above, or a subcontractor's
 * placement or report that entered a state where it waits for the clause's contractor's approval, whatever the
 * event that put it there (a report submitted or sent again, a placement ended).
 */
export function mailedAs(row: { type: string; payload: Record<string, unknown> }): { kind: MailKind; audience: MailAudience } | undefined {
  if (DECISIONS[row.type]) return DECISIONS[row.type];
  const subject = row.payload.subject as { kind?: string; id?: string } | undefined;
  const item = subject?.kind === 'placement' || subject?.kind === 'report';
  return item && subject.id && AWAITING_APPROVAL.has(String(row.payload.toState)) ? { kind: 'awaitingYourApproval', audience: 'contractor' } : undefined;
}

/**
 * Who must act before a deadline: the contractor delivers the plan, the first
 * job, the reports, the remedy and the answer to a notice; the buyer's
 * officers prepare the verification that starts when the contract ends.
 */
export const DEADLINE_AUDIENCE: Record<DeadlineKind, MailAudience> = {
  planDue: 'contractor',
  firstJob: 'contractor',
  reportDue: 'contractor',
  remedyDue: 'contractor',
  correctionDue: 'contractor',
  contractEnd: 'officer',
};

/** The deadlines whose passing leaves something owed (src/domain/deadlines.ts, stillOverdue): only these get an overdue notice. */
export const OVERDUE_KINDS: readonly DeadlineKind[] = ['planDue', 'firstJob', 'reportDue', 'correctionDue'];

/**
 * What a mail's words need, gathered when it is planned: names, dates and the
 * page where the user acts. Never free text or a participant's reference:
 * mail cannot be erased once sent.
 */
export interface MailFacts {
  clauseId: string;
  tenderReference: string;
  tenderTitle: string;
  templateId: string;
  templateVersion: number;
  buyerName: string;
  supplierName: string | null;
  /** The path (under the public URL) of the page where the user acts. */
  path: string;
  /** The decision's event (REQUEST_PLAN_CHANGES, ACCEPT, …). */
  event?: string;
  deadlineKind?: DeadlineKind;
  /** The last day of a deadline (YYYY-MM-DD). */
  dueDate?: string;
  period?: { start: string; end: string };
  notice?: number;
  /** The opening a proposal is for, by its role ("målare"). */
  openingRole?: string;
  /** A follow-up's checkpoint, in months after the placement ended. */
  months?: number;
}

/** Events older than this when the planner first sees them (mail was off, every instance was down) are not mailed: the "Att göra" list has them. */
export const FRESH_FOR_MS = 3 * 86_400_000;

/**
 * The digest a user gets on the day of `now`: once `now` has passed the
 * digest hour (UTC), the day and the moment before which items go in;
 * before it, none yet.
 */
export function digestDue(now: Date, hourUtc: number): { day: string; cutoff: Date } | null {
  const day = now.toISOString().slice(0, 10);
  const cutoff = new Date(`${day}T${String(hourUtc).padStart(2, '0')}:00:00Z`);
  return now >= cutoff ? { day, cutoff } : null;
}
