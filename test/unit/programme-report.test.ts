/**
 * The programme report's arithmetic and its suppression (issue 21, item 4),
 * and the estimate (item 5), on plain inputs with figures worked by hand.
 */
import { describe, expect, it } from 'vitest';
import { computeProgrammeReport, type ReportPlacement, suppressProgrammeReport } from '../../src/domain/programme-report.ts';
import { estimateProgramme } from '../../src/domain/socio-economic-estimate.ts';
import { cell, shown, suppressCells } from '../../src/domain/suppression.ts';

const PROGRAMME = { id: 'prog', name: 'Alla kan arbeta', startDate: '2026-01-01', endDate: '2026-12-31', targets: { employmentPct: 25 } };

/** n placements under one host, the first `completed` of them completed with the outcome given, the rest ongoing. */
function hosted(hostOrgId: string, n: number, completed: number, outcome: 'employment' | 'none' = 'employment'): ReportPlacement[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${hostOrgId}-${i}`,
    startDate: '2026-03-01',
    started: true,
    state: i < completed ? 'verified' : 'active',
    endedAs: i < completed ? ('completed' as const) : null,
    outcome: i < completed ? outcome : null,
    breaksGenderPattern: false,
    source: { kind: 'own' as const, hostOrgId, hostName: hostOrgId },
  }));
}

describe('small-number suppression', () => {
  it('suppresses 0, 1 and 2, and shows 3', () => {
    const cells = [0, 1, 2, 3, 4].map(cell);
    suppressCells(cells, []);
    expect(cells.map(shown)).toEqual(['<3', '<3', '<3', 3, 4]);
  });

  it('suppresses the smallest other part where one suppressed part could be worked back from the total', () => {
    // 10 = 2 + 3 + 5: the 2 alone would be 10 − 3 − 5.
    const [total, a, b, c] = [10, 2, 3, 5].map(cell) as [ReturnType<typeof cell>, ...ReturnType<typeof cell>[]];
    suppressCells([total, a!, b!, c!], [{ total, parts: [a!, b!, c!] }]);
    expect([total, a!, b!, c!].map(shown)).toEqual([10, '<3', '<3', 5]);
  });

  it('leaves a group alone when two parts are already suppressed, and follows a suppression into the next group', () => {
    const [t1, a, b, c] = [8, 1, 1, 6].map(cell);
    // The 6 is also a total: 6 = 3 + 3. Nothing in the first group needs it, so its parts stay shown.
    const [d, e] = [3, 3].map(cell);
    suppressCells(
      [t1!, a!, b!, c!, d!, e!],
      [
        { total: t1!, parts: [a!, b!, c!] },
        { total: c!, parts: [d!, e!] },
      ],
    );
    expect([t1, a, b, c, d, e].map((x) => shown(x!))).toEqual([8, '<3', '<3', 6, 3, 3]);
    // With 7 = 1 + 6 the 1 forces the 6; the 6, a suppressed total, forces one of its 3s; then each group has two
    // suppressed and the other 3 stays: f + g = 7 and g = h + 3 leave f, g and h open.
    const [t2, f, g] = [7, 1, 6].map(cell);
    const [h, i] = [3, 3].map(cell);
    suppressCells(
      [t2!, f!, g!, h!, i!],
      [
        { total: t2!, parts: [f!, g!] },
        { total: g!, parts: [h!, i!] },
      ],
    );
    expect([t2, f, g, h, i].map((x) => shown(x!))).toEqual([7, '<3', '<3', '<3', 3]);
  });
});

describe('the estimate', () => {
  it('multiplies the verified outcomes by the parameters, as a range', () => {
    // 3 verified with employment (host A); period covers them.
    const parameters = {
      exclusionCostPerYearSek: {
        municipality: { low: 100_000, high: 200_000 },
        state: { low: 0, high: 0 },
        region: { low: 0, high: 0 },
        person: { low: 10_000, high: 10_000 },
      },
      yearsOfEffect: { low: 2, high: 4 },
      deadweightPct: { low: 0, high: 50 },
      countedOutcomes: ['employment' as const],
      sources: [],
    };
    const e = estimateProgramme(hosted('A', 4, 3), [], parameters, { from: '2026-01-01', to: '2026-12-31' }, false);
    // low: 3 × 0.5 × 2 × 100 000 = 300 000; high: 3 × 1 × 4 × 200 000 = 2 400 000; the person: 30 000 .. 120 000.
    expect(e.participantsCounted).toBe(3);
    expect(e.perPayer.municipality).toEqual({ lowSek: 300_000, highSek: 2_400_000 });
    expect(e.perPayer.person).toEqual({ lowSek: 30_000, highSek: 120_000 });
    expect(e.total).toEqual({ lowSek: 330_000, highSek: 2_520_000 });
    expect(e.estimate).toBe(true);
  });
});

describe('the programme report', () => {
  // Host A: 4 started, 3 completed (employment), 1 ongoing; host B: 2 started, both completed (none).
  const placements = [...hosted('A', 4, 3), ...hosted('B', 2, 2, 'none')];

  it('counts started = completed + ended early + ongoing, and outcome shares of those recorded', () => {
    const report = computeProgrammeReport(PROGRAMME, placements, [], null);
    expect(report.placements).toEqual({ started: 6, completed: 5, endedEarly: 0, ongoing: 1 });
    expect(report.byHost.map((h) => [h.orgId, h.started, h.completed, h.ongoing])).toEqual([
      ['A', 4, 3, 1],
      ['B', 2, 2, 0],
    ]);
    // 3 employment of 5 recorded at the end.
    expect(report.againstTargets.find((t) => t.checkpoint === 'end')).toEqual({ goal: 'employment', checkpoint: 'end', targetPct: 25, achievedPct: 60 });
  });

  it('suppresses so that no host figure can be worked back from the totals', () => {
    const report = suppressProgrammeReport(computeProgrammeReport(PROGRAMME, placements, [], null));
    // Started: 6 = 4 + 2 and B's 2 is suppressed, so A's 4 too (6 − 4 = 2); completed: 5 = 3 + 2, so A's 3 too.
    expect(report.placements).toEqual({ started: 6, completed: 5, endedEarly: '<3', ongoing: '<3' });
    expect(report.byHost.map((h) => [h.started, h.completed, h.endedEarly, h.ongoing])).toEqual([
      ['<3', '<3', '<3', '<3'],
      ['<3', '<3', '<3', '<3'],
    ]);
    // A share of shown figures stays (3 employment of 5 recorded); one of a suppressed figure is withheld (nothing at one month).
    expect(report.outcomes[0]!.byStatus).toMatchObject({ employment: 3, none: '<3' });
    expect(report.againstTargets.find((t) => t.checkpoint === 'end')!.achievedPct).toBe(60);
    expect(report.againstTargets.find((t) => t.checkpoint === 'month1')!.achievedPct).toBeNull();
  });
});
