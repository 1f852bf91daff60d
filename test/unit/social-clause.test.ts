/** The social clause statechart: every transition, every refusal, the guard. */
import { describe, expect, it } from 'vitest';
import { socialClauseV1 as workflow, socialClauseV2, CLAUSE_EVENT_TYPES, DEADLINE_EVENT_TYPES, FINAL_CLAUSE_STATES } from '../../workflows/social-clause.ts';
import { DEFAULT_SCHEDULE } from '../../src/domain/deadlines.ts';
import { canSend, restore, send, start, type Step } from '../../src/engine/runtime.ts';
import { fulfilmentOf } from '../../src/domain/fulfilment.ts';

const target = { unit: 'placements', value: 3, basis: 'fixed' };
const reached = fulfilmentOf(target, 3);
const notReached = fulfilmentOf(target, 2);

/** A valid event of each type, with the facts the engine would attach. */
const EDITED = { language: 'en', params: { count: 5 }, text: 'Edited text', target: { ...target, value: 5 }, vite: { sekPerMissingUnit: 1_000, capPct: 1 } };

const EVENTS: Record<string, Record<string, unknown>> = {
  EDIT_DRAFT: EDITED,
  PUBLISH: {},
  DISCARD: { reason: 'Behövs inte' },
  WITHDRAW: { reason: 'Avbruten upphandling' },
  AWARD: { contractorOrgId: 'org-s', contractValueSek: 12_000_000, startDate: '2026-03-01', endDate: '2027-02-28', target: { ...target, value: 4 } },
  SUBMIT_PLAN: { description: 'Plan' },
  REQUEST_PLAN_CHANGES: { reason: 'Mer detaljer' },
  ACCEPT_PLAN: {},
  CLOSE_DELIVERY: {},
  CONFIRM_FULFILLED: { fulfilment: reached },
  RECORD_SHORTFALL: { reason: 'Saknas', fulfilment: notReached },
  SUBMIT_REMEDY_PLAN: { description: 'Åtgärd' },
  CLOSE_REMEDY: {},
  IMPOSE_SANCTION: { amountSek: 50_000, reason: 'Vite' },
  WAIVE: { reason: 'Eftergift' },
};

/** Every transition of the statechart: [from, event, to]. */
const TRANSITIONS: Array<[string, string, string]> = [
  ['draft', 'EDIT_DRAFT', 'draft'],
  ['draft', 'PUBLISH', 'tendering'],
  ['draft', 'DISCARD', 'withdrawn'],
  ['tendering', 'AWARD', 'commitment.awaitingPlan'],
  ['tendering', 'WITHDRAW', 'withdrawn'],
  ['commitment.awaitingPlan', 'SUBMIT_PLAN', 'commitment.planReview'],
  ['commitment.planReview', 'REQUEST_PLAN_CHANGES', 'commitment.awaitingPlan'],
  ['commitment.planReview', 'ACCEPT_PLAN', 'delivery'],
  ['delivery', 'CLOSE_DELIVERY', 'verification'],
  ['verification', 'CONFIRM_FULFILLED', 'fulfilled'],
  ['verification', 'RECORD_SHORTFALL', 'shortfall'],
  ['shortfall', 'SUBMIT_REMEDY_PLAN', 'remediation'],
  ['shortfall', 'IMPOSE_SANCTION', 'sanctioned'],
  ['shortfall', 'WAIVE', 'waived'],
  ['remediation', 'CLOSE_REMEDY', 'verification'],
];

/** The shortest path of events from draft to each state. */
const PATHS: Record<string, string[]> = {
  draft: [],
  tendering: ['PUBLISH'],
  'commitment.awaitingPlan': ['PUBLISH', 'AWARD'],
  'commitment.planReview': ['PUBLISH', 'AWARD', 'SUBMIT_PLAN'],
  delivery: ['PUBLISH', 'AWARD', 'SUBMIT_PLAN', 'ACCEPT_PLAN'],
  verification: ['PUBLISH', 'AWARD', 'SUBMIT_PLAN', 'ACCEPT_PLAN', 'CLOSE_DELIVERY'],
  shortfall: ['PUBLISH', 'AWARD', 'SUBMIT_PLAN', 'ACCEPT_PLAN', 'CLOSE_DELIVERY', 'RECORD_SHORTFALL'],
  remediation: ['PUBLISH', 'AWARD', 'SUBMIT_PLAN', 'ACCEPT_PLAN', 'CLOSE_DELIVERY', 'RECORD_SHORTFALL', 'SUBMIT_REMEDY_PLAN'],
  fulfilled: ['PUBLISH', 'AWARD', 'SUBMIT_PLAN', 'ACCEPT_PLAN', 'CLOSE_DELIVERY', 'CONFIRM_FULFILLED'],
  sanctioned: ['PUBLISH', 'AWARD', 'SUBMIT_PLAN', 'ACCEPT_PLAN', 'CLOSE_DELIVERY', 'RECORD_SHORTFALL', 'IMPOSE_SANCTION'],
  waived: ['PUBLISH', 'AWARD', 'SUBMIT_PLAN', 'ACCEPT_PLAN', 'CLOSE_DELIVERY', 'RECORD_SHORTFALL', 'WAIVE'],
  withdrawn: ['DISCARD'],
};

function reach(state: string, version = workflow): Step {
  let step = start(version, { target, vite: null, language: 'sv', params: { count: 3 }, text: 'Text' });
  for (const type of PATHS[state]!)
    step = send(version, restore(version, step.persisted), {
      type,
      ...EVENTS[type],
      ...(type === 'AWARD' && version === socialClauseV2 ? { schedule: DEFAULT_SCHEDULE } : {}),
    });
  expect(step.state).toBe(state);
  return step;
}

describe('social clause statechart v1', () => {
  it.each(TRANSITIONS)('%s --%s--> %s', (from, type, to) => {
    const snapshot = restore(workflow, reach(from).persisted);
    expect(canSend(snapshot, { type, ...EVENTS[type] })).toBe(true);
    const next = send(workflow, snapshot, { type, ...EVENTS[type] });
    expect(next.state).toBe(to);
    expect(next.topState).toBe(to.split('.')[0]);
    expect(next.final).toBe((FINAL_CLAUSE_STATES as readonly string[]).includes(to));
  });

  it.each(Object.keys(PATHS))('in %s refuses every event without a transition', (state) => {
    const snapshot = restore(workflow, reach(state).persisted);
    const allowed = TRANSITIONS.filter(([from]) => from === state).map(([, type]) => type);
    for (const type of CLAUSE_EVENT_TYPES) {
      expect(canSend(snapshot, { type, ...EVENTS[type] }), `${type} in ${state}`).toBe(allowed.includes(type));
    }
  });

  it('covers every event type with a transition and a role', () => {
    expect(new Set(TRANSITIONS.map(([, type]) => type))).toEqual(new Set(CLAUSE_EVENT_TYPES));
    expect(Object.keys(workflow.events).sort()).toEqual([...CLAUSE_EVENT_TYPES].sort());
    const roles = Object.fromEntries(Object.entries(workflow.events).map(([type, def]) => [type, def.roles.join(' or ')]));
    expect(roles).toEqual({
      EDIT_DRAFT: 'officer',
      PUBLISH: 'officer',
      DISCARD: 'officer',
      WITHDRAW: 'officer',
      AWARD: 'officer',
      REQUEST_PLAN_CHANGES: 'officer',
      ACCEPT_PLAN: 'officer',
      CLOSE_DELIVERY: 'officer',
      IMPOSE_SANCTION: 'officer',
      WAIVE: 'officer',
      SUBMIT_PLAN: 'contractor',
      SUBMIT_REMEDY_PLAN: 'contractor',
      CONFIRM_FULFILLED: 'auditor',
      RECORD_SHORTFALL: 'auditor',
      CLOSE_REMEDY: 'auditor',
    });
  });

  it('guards CONFIRM_FULFILLED with measured fulfilment', () => {
    const snapshot = restore(workflow, reach('verification').persisted);
    expect(canSend(snapshot, { type: 'CONFIRM_FULFILLED', fulfilment: notReached })).toBe(false);
    expect(canSend(snapshot, { type: 'CONFIRM_FULFILLED', fulfilment: fulfilmentOf(target, 0) })).toBe(false);
    expect(canSend(snapshot, { type: 'CONFIRM_FULFILLED', fulfilment: reached })).toBe(true);
    const done = send(workflow, snapshot, { type: 'CONFIRM_FULFILLED', fulfilment: reached });
    expect(done.snapshot.context.fulfilmentAtConfirmation).toEqual(reached);
  });

  it('replaces terms, target and vite when a draft is edited', () => {
    const edited = send(workflow, restore(workflow, reach('draft').persisted), { type: 'EDIT_DRAFT', ...EDITED });
    expect(edited.snapshot.context).toMatchObject({ language: 'en', params: { count: 5 }, text: 'Edited text', target: { value: 5 }, vite: { capPct: 1 } });
  });

  it('stores the award, target and decisions in the context', () => {
    const awarded = reach('commitment.awaitingPlan');
    expect(awarded.snapshot.context.contract).toEqual({
      contractorOrgId: 'org-s',
      contractValueSek: 12_000_000,
      startDate: '2026-03-01',
      endDate: '2027-02-28',
    });
    expect(awarded.snapshot.context.target.value).toBe(4);
    const sanctioned = reach('sanctioned');
    expect(sanctioned.snapshot.context.sanction).toEqual({ amountSek: 50_000, reason: 'Vite' });
    expect(sanctioned.snapshot.context.shortfall).toEqual({ reason: 'Saknas', fulfilment: notReached });
  });

  it('validates payloads: AWARD needs dates in order and whole SEK', () => {
    const award = workflow.events.AWARD!.payload;
    expect(award.safeParse({ contractorOrgId: 'x', contractValueSek: 1_000_000, startDate: '2026-01-01', endDate: '2026-12-31' }).success).toBe(true);
    expect(award.safeParse({ contractorOrgId: 'x', contractValueSek: 1_000_000, startDate: '2026-12-31', endDate: '2026-01-01' }).success).toBe(false);
    expect(award.safeParse({ contractorOrgId: 'x', contractValueSek: 10.5, startDate: '2026-01-01', endDate: '2026-12-31' }).success).toBe(false);
    expect(award.safeParse({ contractorOrgId: 'x', contractValueSek: 1, startDate: '2026-02-30', endDate: '2026-12-31' }).success).toBe(false);
    expect(workflow.events.WAIVE!.payload.safeParse({ reason: '  ' }).success).toBe(false);
    expect(workflow.events.PUBLISH!.payload.safeParse({ extra: 1 }).success).toBe(false);
  });
});

describe('social clause statechart v2: deadlines', () => {
  const v2 = socialClauseV2;
  const DEADLINE_EVENTS: Record<string, Record<string, unknown>> = {
    PLAN_DUE: { deadline: 'planDue:0', dueAt: '2026-03-22T08:00:00.000Z' },
    FIRST_JOB_DUE: { deadline: 'firstJob', dueDate: '2026-09-01', firstStartDate: '2026-08-15' },
    REPORT_DUE: { deadline: 'report:2026-03-31', periodStart: '2026-03-01', periodEnd: '2026-03-31', dueDate: '2026-04-30', reported: false },
    REMEDY_DUE: { deadline: 'remedy:0', dueAt: '2026-12-02T00:00:00.000Z' },
  };
  /** Where each deadline event is possible, and the state it leads to. */
  const ACCEPTED: Record<string, Record<string, string>> = {
    PLAN_DUE: { 'commitment.awaitingPlan': 'commitment.awaitingPlan' },
    FIRST_JOB_DUE: { delivery: 'delivery' },
    REPORT_DUE: { delivery: 'delivery', verification: 'verification', shortfall: 'shortfall', remediation: 'remediation' },
    REMEDY_DUE: { remediation: 'verification' },
  };

  it.each(Object.keys(PATHS))('in %s takes exactly the deadline events that belong to it', (state) => {
    const snapshot = restore(v2, reach(state, v2).persisted);
    for (const type of DEADLINE_EVENT_TYPES) {
      const to = ACCEPTED[type]![state];
      expect(canSend(snapshot, { type, ...DEADLINE_EVENTS[type] }), `${type} in ${state}`).toBe(to !== undefined);
      if (to) expect(send(v2, snapshot, { type, ...DEADLINE_EVENTS[type] }).state).toBe(to);
    }
  });

  it('records what each deadline found as a milestone, keyed by the deadline', () => {
    const delivery = restore(v2, reach('delivery', v2).persisted);
    const met = send(v2, delivery, { type: 'FIRST_JOB_DUE', ...DEADLINE_EVENTS.FIRST_JOB_DUE });
    expect(met.snapshot.context.milestones.firstJob).toEqual({ kind: 'firstJob', dueDate: '2026-09-01', status: 'met', firstStartDate: '2026-08-15' });
    const late = send(v2, delivery, { type: 'FIRST_JOB_DUE', ...DEADLINE_EVENTS.FIRST_JOB_DUE, firstStartDate: '2026-09-02' });
    expect(late.snapshot.context.milestones.firstJob.status).toBe('notMet');
    const report = send(v2, delivery, { type: 'REPORT_DUE', ...DEADLINE_EVENTS.REPORT_DUE });
    expect(report.snapshot.context.milestones['report:2026-03-31']).toMatchObject({
      kind: 'report',
      status: 'notMet',
      period: { start: '2026-03-01', end: '2026-03-31' },
    });
    const plan = send(v2, restore(v2, reach('commitment.awaitingPlan', v2).persisted), { type: 'PLAN_DUE', ...DEADLINE_EVENTS.PLAN_DUE });
    expect(plan.snapshot.context.milestones['planDue:0']).toEqual({ kind: 'plan', dueDate: '2026-03-22', status: 'notMet' });
  });

  it('stores the schedule at AWARD; version 1 has neither schedule nor milestones', () => {
    expect(reach('commitment.awaitingPlan', v2).snapshot.context).toMatchObject({ schedule: DEFAULT_SCHEDULE, milestones: {} });
    const v1 = reach('commitment.awaitingPlan').snapshot.context;
    expect('schedule' in v1 || 'milestones' in v1).toBe(false);
  });

  it('never changes terms, target or contract after award (the engine then leaves those columns alone)', () => {
    const settled = (state: string) => {
      const { language, params, text, target: t, contract } = reach(state, v2).snapshot.context;
      return { language, params, text, target: t, contract };
    };
    const atAward = settled('commitment.awaitingPlan');
    for (const state of Object.keys(PATHS).filter((s) => !['draft', 'tendering', 'withdrawn'].includes(s))) expect(settled(state), state).toEqual(atAward);
  });

  it('lets only the system send deadline events, never through POST …/events', () => {
    for (const type of DEADLINE_EVENT_TYPES) expect(v2.events[type]).toMatchObject({ roles: ['system'], internal: true });
    expect(
      Object.keys(v2.events)
        .filter((type) => !v2.events[type]!.internal)
        .sort(),
    ).toEqual([...CLAUSE_EVENT_TYPES].sort());
  });
});
