/**
 * The programme report's supervisor counts (issue 22, item 4): the distinct
 * supervisors the counted placements name, and of them those with a training
 * dated by the period's end; suppressed under 3 like the report's other counts.
 */
import { describe, expect, it } from 'vitest';
import { computeProgrammeReport, type ReportPlacement, suppressProgrammeReport } from '../../src/domain/programme-report.ts';

const PROGRAMME = { id: 'prog', name: 'Alla kan arbeta', startDate: '2026-01-01', endDate: '2026-12-31', targets: {} };

const placement = (id: string, supervisorId: string | null, started = true): ReportPlacement => ({
  id,
  startDate: '2026-03-01',
  started,
  state: 'active',
  endedAs: null,
  outcome: null,
  breaksGenderPattern: false,
  supervisorId,
  source: { kind: 'own', hostOrgId: 'host', hostName: 'Kommunen' },
});

describe('trained supervisors in the programme report', () => {
  // By hand: s1 twice, s2, s3 and s4 named by counted placements (4 distinct); s5 only by one never started (not counted).
  const placements = [
    placement('a', 's1'),
    placement('b', 's1'),
    placement('c', 's2'),
    placement('d', 's3'),
    placement('e', 's4'),
    placement('f', null),
    placement('g', 's5', false),
  ];
  // s1 trained in 2025, s2 in the period, s3 only in 2027 (after the period), s4 never; s5 trained but not counted.
  const trainings = new Map([
    ['s1', ['2025-05-01']],
    ['s2', ['2027-02-01', '2026-06-01']],
    ['s3', ['2027-01-10']],
    ['s5', ['2026-01-01']],
  ]);

  it('counts the distinct supervisors named and those trained by the end of the period', () => {
    const report = computeProgrammeReport(PROGRAMME, placements, [], null, trainings);
    expect(report.supervisors).toEqual({ named: 4, trained: 2 });
    // Without training records none is trained.
    expect(computeProgrammeReport(PROGRAMME, placements, [], null).supervisors).toEqual({ named: 4, trained: 0 });
  });

  it('suppresses a count under 3 and shows 3 and more', () => {
    const report = suppressProgrammeReport(computeProgrammeReport(PROGRAMME, placements, [], null, trainings));
    expect(report.supervisors).toEqual({ named: 4, trained: '<3' });
  });
});
