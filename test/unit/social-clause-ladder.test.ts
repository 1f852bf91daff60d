/**
 * The sanction ladder in version 3 of the social clause statechart (issue 18):
 * written notices (REQUEST_CORRECTION, answered by REPORT_CORRECTION, their
 * deadline CORRECTION_DUE), vite claimed (CLAIM_VITE, and IMPOSE_SANCTION as
 * its old name) and termination (TERMINATE, only on terms that include it).
 * Every new event from each state where it is allowed, and its refusal from
 * every other; versions 1 and 2 know none of it.
 */
import { describe, expect, it } from 'vitest';
import { latestWorkflow } from '../../workflows/index.ts';
import { LADDER_EVENT_TYPES, socialClauseV1, socialClauseV2, socialClauseV3 as v3, socialClauseV4 } from '../../workflows/social-clause.ts';
import { DEFAULT_SCHEDULE } from '../../src/domain/deadlines.ts';
import { fulfilmentOf } from '../../src/domain/fulfilment.ts';
import { canSend, restore, send, start, type Step } from '../../src/engine/runtime.ts';

const target = { unit: 'placements', value: 3, basis: 'fixed' };

/** Events on the way, with the facts the engine attaches. */
const STEP: Record<string, Record<string, unknown>> = {
  PUBLISH: {},
  AWARD: { contractorOrgId: 'org-s', contractValueSek: 12_000_000, startDate: '2026-03-01', endDate: '2027-02-28', target, schedule: DEFAULT_SCHEDULE },
  SUBMIT_PLAN: { description: 'Plan' },
  ACCEPT_PLAN: {},
  REQUEST_CORRECTION: { reason: 'Månadsrapporten saknas', dueDate: '2026-05-15' },
  CLOSE_DELIVERY: {},
  CONFIRM_FULFILLED: { fulfilment: fulfilmentOf(target, 3) },
  RECORD_SHORTFALL: { reason: 'Saknas', fulfilment: fulfilmentOf(target, 1) },
  SUBMIT_REMEDY_PLAN: { description: 'Åtgärdsplan' },
  WAIVE: { reason: 'Eftergift' },
  DISCARD: {},
  CLAIM_VITE: { amountSek: 50_000, reason: 'Två platser saknas' },
  TERMINATE: { reason: 'Väsentligt avtalsbrott', effectiveDate: '2026-09-01', termsAllowTermination: true },
};

/** The way to each state of version 3; from delivery on, one written notice is open. */
const PATHS: Record<string, string[]> = {
  draft: [],
  tendering: ['PUBLISH'],
  'commitment.awaitingPlan': ['PUBLISH', 'AWARD'],
  'commitment.planReview': ['PUBLISH', 'AWARD', 'SUBMIT_PLAN'],
  delivery: ['PUBLISH', 'AWARD', 'SUBMIT_PLAN', 'ACCEPT_PLAN', 'REQUEST_CORRECTION'],
  verification: ['PUBLISH', 'AWARD', 'SUBMIT_PLAN', 'ACCEPT_PLAN', 'REQUEST_CORRECTION', 'CLOSE_DELIVERY'],
  shortfall: ['PUBLISH', 'AWARD', 'SUBMIT_PLAN', 'ACCEPT_PLAN', 'REQUEST_CORRECTION', 'CLOSE_DELIVERY', 'RECORD_SHORTFALL'],
  remediation: ['PUBLISH', 'AWARD', 'SUBMIT_PLAN', 'ACCEPT_PLAN', 'REQUEST_CORRECTION', 'CLOSE_DELIVERY', 'RECORD_SHORTFALL', 'SUBMIT_REMEDY_PLAN'],
  fulfilled: ['PUBLISH', 'AWARD', 'SUBMIT_PLAN', 'ACCEPT_PLAN', 'CLOSE_DELIVERY', 'CONFIRM_FULFILLED'],
  waived: ['PUBLISH', 'AWARD', 'SUBMIT_PLAN', 'ACCEPT_PLAN', 'CLOSE_DELIVERY', 'RECORD_SHORTFALL', 'WAIVE'],
  viteClaimed: ['PUBLISH', 'AWARD', 'SUBMIT_PLAN', 'ACCEPT_PLAN', 'CLOSE_DELIVERY', 'RECORD_SHORTFALL', 'CLAIM_VITE'],
  terminated: ['PUBLISH', 'AWARD', 'SUBMIT_PLAN', 'ACCEPT_PLAN', 'TERMINATE'],
  withdrawn: ['DISCARD'],
};

function reach(state: string): Step {
  let step = start(v3, { target, vite: { sekPerMissingUnit: 50_000, capPct: 2 }, language: 'sv', params: {}, text: 'Text' });
  for (const type of PATHS[state]!) step = send(v3, restore(v3, step.persisted), { type, ...STEP[type] });
  expect(step.state).toBe(state);
  return step;
}

/** A valid event of each new type, and where each is allowed: state → the state it leads to. */
const LADDER: Record<string, { event: Record<string, unknown>; allowed: Record<string, string> }> = {
  REQUEST_CORRECTION: { event: STEP.REQUEST_CORRECTION!, allowed: { delivery: 'delivery', remediation: 'remediation' } },
  REPORT_CORRECTION: {
    event: { description: 'Rapporten är inlämnad', answeredOn: '2026-05-10' },
    allowed: { delivery: 'delivery', verification: 'verification', shortfall: 'shortfall', remediation: 'remediation' },
  },
  CORRECTION_DUE: {
    event: { deadline: 'correction:1', notice: 1, dueDate: '2026-05-15' },
    allowed: { delivery: 'delivery', verification: 'verification', shortfall: 'shortfall', remediation: 'remediation' },
  },
  CLAIM_VITE: { event: STEP.CLAIM_VITE!, allowed: { shortfall: 'viteClaimed' } },
  IMPOSE_SANCTION: { event: STEP.CLAIM_VITE!, allowed: { shortfall: 'viteClaimed' } },
  TERMINATE: { event: STEP.TERMINATE!, allowed: { delivery: 'terminated', shortfall: 'terminated', remediation: 'terminated' } },
};

describe('social clause statechart v3: the sanction ladder', () => {
  it('adds the ladder to version 2, and version 4, which new clauses start on, keeps its events', () => {
    expect(latestWorkflow('social-clause')).toBe(socialClauseV4);
    expect(socialClauseV4.events).toBe(v3.events);
    expect(Object.keys(v3.events).sort()).toEqual([...Object.keys(socialClauseV2.events), ...LADDER_EVENT_TYPES, 'CORRECTION_DUE'].sort());
    for (const type of [...LADDER_EVENT_TYPES, 'CORRECTION_DUE']) {
      expect(socialClauseV1.events[type], `${type} on version 1`).toBeUndefined();
      expect(socialClauseV2.events[type], `${type} on version 2`).toBeUndefined();
    }
  });

  it('names who sends each new event: a notice comes from the officer or the auditor', () => {
    const roles = Object.fromEntries([...LADDER_EVENT_TYPES, 'CORRECTION_DUE', 'IMPOSE_SANCTION'].map((type) => [type, v3.events[type]!.roles]));
    expect(roles).toEqual({
      REQUEST_CORRECTION: ['officer', 'auditor'],
      REPORT_CORRECTION: ['contractor'],
      CLAIM_VITE: ['officer'],
      TERMINATE: ['officer'],
      CORRECTION_DUE: ['system'],
      IMPOSE_SANCTION: ['officer'],
    });
    expect(v3.events.CORRECTION_DUE!.internal).toBe(true);
    // The old name is still accepted, but CLAIM_VITE is what is offered.
    expect(v3.events.IMPOSE_SANCTION!.replacedBy).toBe('CLAIM_VITE');
    expect(socialClauseV2.events.IMPOSE_SANCTION!.replacedBy).toBeUndefined();
  });

  for (const [type, { event, allowed }] of Object.entries(LADDER)) {
    it.each(Object.keys(PATHS))(`${type} in %s: allowed exactly where the ladder puts it`, (state) => {
      const snapshot = restore(v3, reach(state).persisted);
      const to = allowed[state];
      expect(canSend(snapshot, { type, ...event }), `${type} in ${state}`).toBe(to !== undefined);
      if (to) {
        const next = send(v3, snapshot, { type, ...event });
        expect(next.state).toBe(to);
        expect(next.final).toBe(to === 'viteClaimed' || to === 'terminated');
      }
    });
  }

  it('terminates only a clause whose terms include termination, in no state', () => {
    for (const state of Object.keys(PATHS)) {
      const snapshot = restore(v3, reach(state).persisted);
      expect(canSend(snapshot, { type: 'TERMINATE', ...STEP.TERMINATE, termsAllowTermination: false }), state).toBe(false);
    }
  });

  it('records the termination and why the clause ended', () => {
    const { context } = reach('terminated').snapshot;
    expect(context.termination).toEqual({ reason: 'Väsentligt avtalsbrott', effectiveDate: '2026-09-01' });
    expect(context.closingReason).toBe('Väsentligt avtalsbrott');
  });

  it('records vite claimed as a sanction, under either name', () => {
    expect(reach('viteClaimed').snapshot.context.sanction).toEqual({ amountSek: 50_000, reason: 'Två platser saknas' });
    const old = send(v3, restore(v3, reach('shortfall').persisted), { type: 'IMPOSE_SANCTION', amountSek: 20_000, reason: 'Gammalt namn' });
    expect(old.state).toBe('viteClaimed');
    expect(old.snapshot.context.sanction).toEqual({ amountSek: 20_000, reason: 'Gammalt namn' });
  });

  it('numbers the notices and keeps each with its answer', () => {
    let step = reach('delivery');
    step = send(v3, restore(v3, step.persisted), { type: 'REQUEST_CORRECTION', reason: 'Intyg saknas', dueDate: '2026-06-01' });
    expect(step.snapshot.context.corrections).toEqual([
      { number: 1, reason: 'Månadsrapporten saknas', dueDate: '2026-05-15', answer: null },
      { number: 2, reason: 'Intyg saknas', dueDate: '2026-06-01', answer: null },
    ]);
    // Named: notice 2; then unnamed: the earliest still open, notice 1.
    step = send(v3, restore(v3, step.persisted), { type: 'REPORT_CORRECTION', description: 'Intygen bifogade', notice: 2, answeredOn: '2026-05-20' });
    step = send(v3, restore(v3, step.persisted), { type: 'REPORT_CORRECTION', description: 'Rapporten inlämnad', answeredOn: '2026-05-21' });
    expect(step.snapshot.context.corrections.map((n: { answer: unknown }) => n.answer)).toEqual([
      { description: 'Rapporten inlämnad', answeredOn: '2026-05-21' },
      { description: 'Intygen bifogade', answeredOn: '2026-05-20' },
    ]);
    // Nothing left to answer, by number or not.
    const answered = restore(v3, step.persisted);
    expect(canSend(answered, { type: 'REPORT_CORRECTION', description: 'Igen', answeredOn: '2026-05-22' })).toBe(false);
    expect(canSend(answered, { type: 'REPORT_CORRECTION', description: 'Igen', notice: 1, answeredOn: '2026-05-22' })).toBe(false);
    expect(canSend(answered, { type: 'REPORT_CORRECTION', description: 'Okänd', notice: 3, answeredOn: '2026-05-22' })).toBe(false);
  });

  it('refuses an answer while no notice is open', () => {
    let step = start(v3, { target, vite: null, language: 'sv', params: {}, text: 'Text' });
    for (const type of ['PUBLISH', 'AWARD', 'SUBMIT_PLAN', 'ACCEPT_PLAN']) step = send(v3, restore(v3, step.persisted), { type, ...STEP[type] });
    expect(step.state).toBe('delivery');
    expect(canSend(restore(v3, step.persisted), { type: 'REPORT_CORRECTION', description: 'Ingen begäran', answeredOn: '2026-05-01' })).toBe(false);
  });

  it("records the notice's milestone when its deadline passes: met only when answered by the due date", () => {
    const due = { type: 'CORRECTION_DUE', deadline: 'correction:1', notice: 1, dueDate: '2026-05-15' };
    const unanswered = send(v3, restore(v3, reach('delivery').persisted), due);
    expect(unanswered.snapshot.context.milestones['correction:1']).toEqual({
      kind: 'correction',
      dueDate: '2026-05-15',
      status: 'notMet',
      notice: 1,
      answeredOn: null,
    });
    const answer = (answeredOn: string) =>
      send(v3, restore(v3, reach('delivery').persisted), { type: 'REPORT_CORRECTION', description: 'Inlämnad', answeredOn });
    const onTime = send(v3, restore(v3, answer('2026-05-15').persisted), due);
    expect(onTime.snapshot.context.milestones['correction:1']).toMatchObject({ status: 'met', answeredOn: '2026-05-15' });
    const late = send(v3, restore(v3, answer('2026-05-16').persisted), due);
    expect(late.snapshot.context.milestones['correction:1']).toMatchObject({ status: 'notMet', answeredOn: '2026-05-16' });
  });

  it('keeps the contexts of versions 1 and 2 as they were: no notices, no termination', () => {
    for (const workflow of [socialClauseV1, socialClauseV2]) {
      const { context } = start(workflow, { target, vite: null, language: 'sv', params: {}, text: 'Text' }).snapshot;
      expect('corrections' in context || 'termination' in context, `version ${workflow.version}`).toBe(false);
    }
    expect(reach('draft').snapshot.context).toMatchObject({ corrections: [], termination: null });
  });
});
