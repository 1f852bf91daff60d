/**
 * A user's start page (issue 19, item 5): what waits for them to act, and the
 * deadlines of their clauses due within two weeks or already passed, each
 * named by tender, clause and counterpart so that rows can be told apart;
 * for a matching body's matcher, the follow-ups that have fallen due.
 */
import type { Actor } from '../domain/roles.ts';
import { clauseNames } from '../db/clauses.ts';
import { type ClauseNaming, itemsWaitingFor, type WaitingItem } from '../db/todo.ts';
import { listClauses } from './clauses.ts';
import type { ClauseView, DeadlineView } from './clause-view.ts';
import type { EngineDeps } from './deps.ts';
import { listFollowUps } from './follow-ups.ts';

/** How far ahead the start page looks for deadlines. */
export const SOON_DAYS = 14;

/** The clause events that answer something another party sent or that the contract asks for: each is a task when the user may send it. */
// CLAIM_VITE: after a shortfall the officer owes a decision (vite, or a waiver) while the contractor may still send a
// remedy plan; no deadline ends the shortfall, so without the task it could wait unseen.
export const TASK_EVENTS = [
  'AWARD',
  'SUBMIT_PLAN',
  'ACCEPT_PLAN',
  'CONFIRM_FULFILLED',
  'SUBMIT_REMEDY_PLAN',
  'CLOSE_REMEDY',
  'CLAIM_VITE',
  'REPORT_CORRECTION',
] as const;
export type TaskEvent = (typeof TASK_EVENTS)[number];

/**
 * How clauses are named in lists, so that rows can be told apart: their
 * tender's reference and title, their template, their supplier and their
 * buyer (issue 19, item 9); by clause id.
 */
export const namesOfClauses = (deps: EngineDeps, clauseIds: string[]): Promise<Map<string, ClauseNaming>> => clauseNames(deps.db, clauseIds);

export async function getTodo(deps: EngineDeps, actor: Actor) {
  const clauses = await listClauses(deps, actor);
  const [names, items] = await Promise.all([
    namesOfClauses(
      deps,
      clauses.map((c) => c.id),
    ),
    // Ended placements and reports wait for the buyer's auditor; queried reports and proposals for the supplier's contractor.
    actor.role === 'auditor'
      ? itemsWaitingFor(deps.db, 'buyer', actor.orgId)
      : actor.role === 'contractor'
        ? itemsWaitingFor(deps.db, 'supplier', actor.orgId)
        : Promise.resolve([] as WaitingItem[]),
  ]);
  const naming = (c: ClauseView): ClauseNaming => names.get(c.id)!;
  const now = deps.clock.now();
  const horizon = new Date(now.getTime() + SOON_DAYS * 86_400_000);
  // Every task a clause sets the user, not only its first: a shortfall's remedy plan and an open written notice are both owed.
  const tasks = clauses.flatMap((c) => TASK_EVENTS.filter((e) => c.allowedEvents.includes(e)).map((event) => ({ event, clause: naming(c) })));
  // A deadline already met (its period's report is in, say) asks nothing more of anyone.
  const pressing = (d: DeadlineView) =>
    d.overdue || (d.milestone?.status !== 'met' && (d.status === 'due' || (d.status === 'upcoming' && new Date(d.dueAt) <= horizon)));
  const deadlines = clauses
    .flatMap((c) =>
      c.deadlines.filter(pressing).map((deadline) => ({ deadline, passed: deadline.overdue || new Date(deadline.dueAt) < now, clause: naming(c) })),
    )
    .sort((a, b) => a.deadline.dueAt.localeCompare(b.deadline.dueAt));
  // A matching body's follow-ups that have fallen due wait for its matchers.
  const followUps = actor.role === 'matcher' && actor.orgKind === 'matching_body' ? await listFollowUps(deps, actor, 'due') : [];
  return { tasks, items, deadlines, followUps };
}
