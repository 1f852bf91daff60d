/**
 * The groups of states the rest of Klausul asks about, as xstate tags on the
 * machines' state nodes. A state node carries its tags in its own workflow
 * file; workflows/states.ts derives every list of states from them, so code
 * outside workflows/ never spells a state list of its own.
 *
 * This module imports nothing, so the machines can use it and the state lists
 * can be derived without an import cycle.
 */

/** Tags on the social clause's states. */
export const CLAUSE_TAGS = [
  /** Terms, target and contract may still change: EDIT_DRAFT in draft, AWARD from tendering. */
  'termsOpen',
  /** The contract is awarded (whatever followed). */
  'awarded',
  /** New placements, reports and openings are registered. */
  'registering',
  /** Placements and reports move on (end, verify, resubmit) until verification is decided. */
  'itemEvents',
  /** The auditor decides fulfilment (CONFIRM_FULFILLED or RECORD_SHORTFALL). */
  'verifying',
  /** The plan is with the officer for review. */
  'reviewingPlan',
  /** Vite was claimed (sanctioned, viteClaimed): the exposure is its amount. */
  'sanctionImposed',
  /** A shortfall is recorded: the contractor owes a remedy plan, or the officer decides what follows. */
  'remedyOwed',
  // The deadlines a clause has in a state (DeadlineKind in src/domain/deadlines.ts).
  /** The contractor owes the plan. */
  'deadline:planDue',
  /** The first-job milestone runs. */
  'deadline:firstJob',
  /** Delivery closes when the contract ends. */
  'deadline:contractEnd',
  /** The contractor owes period reports. */
  'deadline:reportDue',
  /** A remedy plan runs until its deadline. */
  'deadline:remedyDue',
  /** A written notice (rättelse) runs until its due date (workflow version 3 on). */
  'deadline:correctionDue',
  // The OCDS release tags a clause in the state contributes (releaseTag codelist).
  'ocds:planning',
  'ocds:tender',
  'ocds:tenderCancellation',
  'ocds:award',
  'ocds:contract',
  'ocds:implementation',
  'ocds:contractTermination',
] as const;
export type ClauseTag = (typeof CLAUSE_TAGS)[number];

/** Tags on a placement's states. */
export const PLACEMENT_TAGS = [
  /** Registered or running: the candidate is placed. */
  'ongoing',
  /** Started and not yet ended: the participant is at work; an ending from here is followed up (issue 21). */
  'atWork',
  /** Ended, waiting for the auditor to verify or reject it. */
  'awaitingVerification',
  /** A subcontractor's placement ended: waits for the clause's contractor to approve it before the auditor (version 3 on). */
  'awaitingPrimeApproval',
  /** Verified: counts toward fulfilment. */
  'counted',
  /** Rejected: counts for nothing, not even the first-job milestone. */
  'excluded',
] as const;
export type PlacementTag = (typeof PLACEMENT_TAGS)[number];

/** Tags on a period report's states. */
export const REPORT_TAGS = [
  /** Submitted or resubmitted, waiting for the auditor's answer. */
  'awaitingAnswer',
  /** Accepted: its hours count toward fulfilment. */
  /** Queried by the auditor: the contractor owes an answer (RESUBMIT). */
  'awaitingResubmission',
  'counted',
  /** A subcontractor's report waits for the clause's contractor to approve it before the auditor (version 2 on). */
  'awaitingPrimeApproval',
] as const;
export type ReportTag = (typeof REPORT_TAGS)[number];

/** Tags on an opening's states. */
export const OPENING_TAGS = [
  /** Proposals may be made and accepted. */
  'acceptsProposals',
  /** Filled by an accepted proposal. */
  'filledByProposal',
] as const;
export type OpeningTag = (typeof OPENING_TAGS)[number];

/** Tags on a proposal's states. */
export const PROPOSAL_TAGS = [
  /** Waiting for the contractor to accept or decline. */
  'awaitingDecision',
] as const;
export type ProposalTag = (typeof PROPOSAL_TAGS)[number];

/** Tags on an offer of employment's states. */
export const OFFER_TAGS = [
  /** Offered, waiting for the participant's answer. */
  'awaitingAnswer',
  /** Made and not withdrawn (whatever the answer): counts for the first-job milestone, "started or offered". */
  'made',
] as const;
export type OfferTag = (typeof OFFER_TAGS)[number];

/** The tags of each workflow, by workflow id. */
export const WORKFLOW_TAGS = {
  'social-clause': CLAUSE_TAGS,
  placement: PLACEMENT_TAGS,
  'period-report': REPORT_TAGS,
  opening: OPENING_TAGS,
  proposal: PROPOSAL_TAGS,
  'employment-offer': OFFER_TAGS,
} as const;
export type WorkflowId = keyof typeof WORKFLOW_TAGS;
export type TagOf<Id extends WorkflowId> = (typeof WORKFLOW_TAGS)[Id][number];
