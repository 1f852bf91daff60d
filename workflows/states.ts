/**
 * The states of each workflow, and the groups of them the rest of Klausul asks
 * about, derived from the machines: their state nodes and the tags on them
 * (workflows/tags.ts). Code outside workflows/ takes its state lists from
 * here, never spelling one itself; test/unit/workflow-states.test.ts holds it
 * to that.
 *
 * A state is named by its dotted path ("commitment.awaitingPlan"); a
 * clause's top state is the first segment. A group takes every deployed
 * version of the workflow into account (a state is in it when any version
 * tags it; the test checks that the versions agree).
 */
import type { AnyStateMachine, StateValueFrom } from 'xstate';
import { allWorkflows } from './index.ts';
import type { periodReportV1 } from './period-report.ts';
import type { placementV1 } from './placement.ts';
import type { proposalV1 } from './proposal.ts';
import type { openingV1 } from './opening.ts';
import type { employmentOfferV1 } from './employment-offer.ts';
import type { ClauseMachine } from './social-clause.ts';
import {
  WORKFLOW_TAGS,
  type ClauseTag,
  type OfferTag,
  type OpeningTag,
  type PlacementTag,
  type ProposalTag,
  type ReportTag,
  type TagOf,
  type WorkflowId,
} from './tags.ts';

export {
  WORKFLOW_TAGS,
  type ClauseTag,
  type OfferTag,
  type OpeningTag,
  type PlacementTag,
  type ProposalTag,
  type ReportTag,
  type TagOf,
  type WorkflowId,
} from './tags.ts';

/** The dotted paths of a state value type: `{ commitment: 'awaitingPlan' }` → `"commitment" | "commitment.awaitingPlan"`. */
type Paths<V> = V extends string ? V : V extends object ? { [K in keyof V & string]: K | `${K}.${Paths<V[K]>}` }[keyof V & string] : never;
type StatePathOf<M extends AnyStateMachine> = Paths<StateValueFrom<M>>;
type TopOf<P extends string> = P extends `${infer Top}.${string}` ? Top : P;

/** Every state of the social clause, as a dotted path; tsc rejects a misspelled one. */
export type ClauseState = StatePathOf<ClauseMachine>;
/** A top-level state of the social clause (the `top_state` column). */
export type ClauseTopState = TopOf<ClauseState>;
export type PlacementState = StatePathOf<(typeof placementV1)['machine']>;
export type ReportState = StatePathOf<(typeof periodReportV1)['machine']>;
export type OpeningState = StatePathOf<(typeof openingV1)['machine']>;
export type ProposalState = StatePathOf<(typeof proposalV1)['machine']>;
export type OfferState = StatePathOf<(typeof employmentOfferV1)['machine']>;

/** The state names of each workflow, by id. */
export interface WorkflowStates {
  'social-clause': ClauseState;
  placement: PlacementState;
  'period-report': ReportState;
  opening: OpeningState;
  proposal: ProposalState;
  'employment-offer': OfferState;
}

interface NodeInfo {
  path: string;
  tags: Set<string>;
  final: boolean;
}

interface StateNodeLike {
  path: string[];
  tags: string[];
  type: string;
  states: Record<string, StateNodeLike>;
}

/** Each state of the workflow (all versions) by path, with its own tags. */
const nodesCache = new Map<string, Map<string, NodeInfo>>();
function nodesOf(workflowId: WorkflowId): Map<string, NodeInfo> {
  const cached = nodesCache.get(workflowId);
  if (cached) return cached;
  const nodes = new Map<string, NodeInfo>();
  const visit = (node: StateNodeLike) => {
    for (const child of Object.values(node.states)) {
      const path = child.path.join('.');
      const info = nodes.get(path) ?? { path, tags: new Set<string>(), final: false };
      for (const tag of child.tags) info.tags.add(tag);
      info.final ||= child.type === 'final';
      nodes.set(path, info);
      visit(child);
    }
  };
  const versions = allWorkflows().filter((w) => w.id === workflowId);
  if (versions.length === 0) throw new Error(`no workflow named ${workflowId}`);
  for (const workflow of versions) visit(workflow.machine.root as unknown as StateNodeLike);
  nodesCache.set(workflowId, nodes);
  return nodes;
}

/** Every state of the workflow, as dotted paths, parents before children. */
export function statesOf<Id extends WorkflowId>(workflowId: Id): Array<WorkflowStates[Id]> {
  return [...nodesOf(workflowId).keys()] as Array<WorkflowStates[Id]>;
}

/** The top-level states of the workflow. */
export function topStatesOf<Id extends WorkflowId>(workflowId: Id): Array<TopOf<WorkflowStates[Id]>> {
  return statesOf(workflowId).filter((path) => !path.includes('.')) as Array<TopOf<WorkflowStates[Id]>>;
}

/** The final states of the workflow (all top-level in Klausul's machines). */
export function finalStatesOf<Id extends WorkflowId>(workflowId: Id): Array<WorkflowStates[Id]> {
  return [...nodesOf(workflowId).values()].filter((n) => n.final).map((n) => n.path) as Array<WorkflowStates[Id]>;
}

/** The states whose own node carries the tag, as dotted paths. */
export function statesTagged<Id extends WorkflowId>(workflowId: Id, tag: TagOf<Id>): Array<WorkflowStates[Id]> {
  return [...nodesOf(workflowId).values()].filter((n) => n.tags.has(tag)).map((n) => n.path) as Array<WorkflowStates[Id]>;
}

/** The top-level states whose node carries the tag (what a `top_state` column is compared with). */
export function topStatesTagged<Id extends WorkflowId>(workflowId: Id, tag: TagOf<Id>): Array<TopOf<WorkflowStates[Id]>> {
  return statesTagged(workflowId, tag).filter((path) => !path.includes('.')) as Array<TopOf<WorkflowStates[Id]>>;
}

/** True when `state` is a state of the workflow. */
export function isStateOf(workflowId: WorkflowId, state: string): boolean {
  return nodesOf(workflowId).has(state);
}

/**
 * Whether an instance in `state` (a dotted path, or a top state) has the tag,
 * as xstate's `snapshot.hasTag` would say: the tags of the state and of its
 * parents. An unknown state has none.
 */
export function stateHasTag<Id extends WorkflowId>(workflowId: Id, state: string, tag: TagOf<Id>): boolean {
  const nodes = nodesOf(workflowId);
  const segments = state.split('.');
  for (let i = segments.length; i > 0; i--) {
    if (nodes.get(segments.slice(0, i).join('.'))?.tags.has(tag)) return true;
  }
  return false;
}

/** The tags a state has (its own and its parents'), in the order WORKFLOW_TAGS lists them. */
export function tagsOfState<Id extends WorkflowId>(workflowId: Id, state: string): Array<TagOf<Id>> {
  return (WORKFLOW_TAGS[workflowId] as readonly TagOf<Id>[]).filter((tag) => stateHasTag(workflowId, state, tag));
}

export const clauseStateHasTag = (state: string, tag: ClauseTag): boolean => stateHasTag('social-clause', state, tag);
export const placementStateHasTag = (state: string, tag: PlacementTag): boolean => stateHasTag('placement', state, tag);
export const reportStateHasTag = (state: string, tag: ReportTag): boolean => stateHasTag('period-report', state, tag);
export const openingStateHasTag = (state: string, tag: OpeningTag): boolean => stateHasTag('opening', state, tag);
export const offerStateHasTag = (state: string, tag: OfferTag): boolean => stateHasTag('employment-offer', state, tag);
export const proposalStateHasTag = (state: string, tag: ProposalTag): boolean => stateHasTag('proposal', state, tag);

// The groups code outside workflows/ uses, as typed lists.

/** Every top-level state of the clause: the portfolio's state filter. */
export const CLAUSE_TOP_STATES = topStatesOf('social-clause');
/** The clause's final states. */
export const FINAL_CLAUSE_TOP_STATES = finalStatesOf('social-clause') as ClauseTopState[];
/** Terms, target and contract may still change (EDIT_DRAFT, AWARD): the clause's top states before award. */
export const TERMS_OPEN_STATES = topStatesTagged('social-clause', 'termsOpen');
/** New placements, reports and openings are registered while the clause is in these top states. */
export const REGISTERING_STATES = topStatesTagged('social-clause', 'registering');
/** Placements and reports move on (end, verify, resubmit) while the clause is in these top states. */
export const ITEM_EVENT_STATES = topStatesTagged('social-clause', 'itemEvents');
/** The contractor owes period reports while the clause is in these top states. */
export const REPORTING_STATES = topStatesTagged('social-clause', 'deadline:reportDue');
/** The contract is awarded. */
export const AWARDED_STATES = topStatesTagged('social-clause', 'awarded');

/** True once the terms, target and contract are settled: after AWARD (or withdrawal), no event changes them. */
export const termsSettled = (clauseTopState: string): boolean => !clauseStateHasTag(clauseTopState, 'termsOpen');

/** Every state of a placement: the placements export's state filter. */
export const PLACEMENT_STATES = statesOf('placement');
/** Registered or running placements: the candidate is placed. */
export const ONGOING_PLACEMENT_STATES = statesTagged('placement', 'ongoing');
/** Started and not yet ended. */
export const PLACEMENTS_AT_WORK = statesTagged('placement', 'atWork');
/** Ended placements waiting for the auditor. */
export const PLACEMENTS_AWAITING_VERIFICATION = statesTagged('placement', 'awaitingVerification');
/** Placements that count for nothing (rejected). */
export const EXCLUDED_PLACEMENT_STATES = statesTagged('placement', 'excluded');
/** Verified: the placements that count toward fulfilment. */
export const COUNTED_PLACEMENT_STATES = statesTagged('placement', 'counted');
/** Subcontractors' ended placements waiting for the clause's contractor to approve them (placement version 3 on). */
export const PLACEMENTS_AWAITING_PRIME_APPROVAL = statesTagged('placement', 'awaitingPrimeApproval');
/** Accepted reports: their hours count toward fulfilment. */
export const COUNTED_REPORT_STATES = statesTagged('period-report', 'counted');
/** Subcontractors' reports waiting for the clause's contractor to approve them (period report version 2 on). */
export const REPORTS_AWAITING_PRIME_APPROVAL = statesTagged('period-report', 'awaitingPrimeApproval');
/** Reports waiting for the auditor's answer. */
export const REPORTS_AWAITING_ANSWER = statesTagged('period-report', 'awaitingAnswer');
/** Queried: the report waits for the contractor's answer. */
export const REPORTS_AWAITING_RESUBMISSION = statesTagged('period-report', 'awaitingResubmission');
/** Proposals waiting for the contractor to accept or decline them. */
export const PROPOSALS_AWAITING_DECISION = statesTagged('proposal', 'awaitingDecision');
/** Openings a matcher can still propose candidates for. */
export const OPENINGS_ACCEPTING_PROPOSALS = statesTagged('opening', 'acceptsProposals');
/** Every state of an opening: the openings list's state filter. */
export const OPENING_STATES = statesOf('opening');
