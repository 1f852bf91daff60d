/**
 * startMany (src/engine/runtime.ts) starts an import's thousands of
 * placements with one run of the machine: each instance must come out as
 * start() makes it, for every workflow version, and a machine whose start
 * depends on more than its context must be started in full.
 */
import { assign, setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { restore, send, start, startMany } from '../../src/engine/runtime.ts';
import { placementV1, placementV2, placementV3 } from '../../workflows/placement.ts';
import type { WorkflowDefinition } from '../../workflows/types.ts';

const input = (i: number) => ({
  participantRef: `P-${i}`,
  targetGroup: i % 2 ? 'newcomers' : 'youth-16-24',
  attestation: { issuer: 'Arbetsförmedlingen', reference: `AF-${i}`, date: '2026-02-20' },
  role: 'målare',
  ...(i % 3 ? { site: `Etapp ${i}` } : {}),
  startDate: '2026-03-02',
  plannedEndDate: '2026-06-30',
  fte: i % 2 ? 0.5 : 1,
  hoursPerWeek: 20 + i,
  ...(i % 4 === 0 ? { subcontractorOrgId: `org-${i}` } : {}),
});

const stored = (value: unknown) => JSON.parse(JSON.stringify(value));

describe('startMany', () => {
  it.each([placementV1, placementV2, placementV3])('starts each placement of version $version as start() does', (workflow) => {
    const inputs = Array.from({ length: 12 }, (_, i) => input(i));
    const steps = startMany(workflow, inputs);
    expect(steps).toHaveLength(inputs.length);
    inputs.forEach((one, i) => {
      const alone = start(workflow, one);
      expect(stored(steps[i]!.persisted), `instance ${i}`).toEqual(stored(alone.persisted));
      expect([steps[i]!.state, steps[i]!.topState, steps[i]!.final]).toEqual([alone.state, alone.topState, alone.final]);
      // The snapshot an answer presents, and the next event, are those of the instance itself.
      expect(steps[i]!.snapshot.context).toEqual(alone.snapshot.context);
      const started = send(workflow, restore(workflow, stored(steps[i]!.persisted)), { type: 'START' });
      expect(stored(started.persisted)).toEqual(stored(send(workflow, alone.snapshot, { type: 'START' }).persisted));
    });
    // Each instance has a context of its own.
    expect(steps[1]!.persisted.context).not.toBe(steps[2]!.persisted.context);
  });

  it('starts in full a machine whose first state depends on its input', () => {
    const machine = setup({ types: { context: {} as { big: boolean; n: number }, input: {} as { n: number } } }).createMachine({
      id: 'branching',
      context: ({ input }) => ({ big: false, n: input.n }),
      initial: 'deciding',
      states: {
        deciding: { always: [{ guard: ({ context }) => context.n > 5, target: 'big' }, { target: 'small' }] },
        big: { entry: assign({ big: true }) },
        small: {},
      },
    });
    const workflow: WorkflowDefinition = { id: 'branching', version: 1, machine, events: {} };
    const steps = startMany(workflow, [{ n: 1 }, { n: 9 }, { n: 3 }]);
    expect(steps.map((s) => s.state)).toEqual(['small', 'big', 'small']);
    expect(steps.map((s) => s.persisted.context)).toEqual([
      { big: false, n: 1 },
      { big: true, n: 9 },
      { big: false, n: 3 },
    ]);
  });

  it('starts nothing for no inputs', () => {
    expect(startMany(placementV3, [])).toEqual([]);
  });
});
