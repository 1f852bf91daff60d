import { describe, expect, it } from 'vitest';
import { ocdsRelease, type OcdsClause } from '../../src/domain/ocds.ts';

const buyer = { id: 'org-b', name: 'Östersundshem AB', orgNumber: '556000-0001' };
const clause: OcdsClause = {
  id: 'clause-1',
  state: 'delivery',
  updatedAt: new Date('2026-07-01T08:00:00Z'),
  title: 'Work placements',
  text: 'The supplier shall provide placements.',
  socialObjectives: ['opp'],
  measure: { unit: 'placements', counting: 'Completed placements' },
  target: { unit: 'placements', value: 10, basis: 'fixed' },
  contract: { supplier: { id: 'org-s', name: 'Jämtbygg AB', orgNumber: null }, contractValueSek: 50_000_000, startDate: '2026-01-01', endDate: '2026-12-31' },
  deliveredByPeriod: [{ period: { start: '2026-01-01', end: '2026-03-31' }, measured: 2 }],
  deliveredNow: { measured: 6, byTargetGroup: { newcomers: 5, disability: 1 } },
  milestones: [],
  terminatedOn: null,
};

describe('OCDS release of a clause', () => {
  const release = ocdsRelease('ocds-test', { id: 'tender-1', reference: 'T-1', title: 'Renovering', buyer }, [clause]);
  const observations = release.contracts![0]!.implementation!.metrics[0]!.observations!;

  it('publishes delivery per target group only for groups of three or more', () => {
    expect(observations.filter((o) => 'dimensions' in o)).toEqual([expect.objectContaining({ measure: 5, dimensions: { targetGroup: 'newcomers' } })]);
  });

  it('names the release by its content', () => {
    expect(release.id).toMatch(/^tender-1-[0-9a-f]{16}$/);
    expect(ocdsRelease('ocds-test', { id: 'tender-1', reference: 'T-1', title: 'Renovering', buyer }, [clause]).id).toBe(release.id);
    const moved = { ...clause, deliveredNow: { measured: 7, byTargetGroup: { newcomers: 6, disability: 1 } } };
    expect(ocdsRelease('ocds-test', { id: 'tender-1', reference: 'T-1', title: 'Renovering', buyer }, [moved]).id).not.toBe(release.id);
  });

  it('identifies the buyer by its organisation number, in the SEK it was awarded', () => {
    expect(release.parties[0]).toMatchObject({ id: 'org-b', identifier: { scheme: 'SE-BLV', id: '556000-0001' }, roles: ['buyer', 'procuringEntity'] });
    expect(release.awards![0]!.value).toEqual({ amount: 50_000_000, currency: 'SEK' });
  });

  it('ends a terminated contract as the termination takes effect, a planned end that comes first as planned', () => {
    const periodOf = (terminated: Partial<OcdsClause>) =>
      ocdsRelease('ocds-test', { id: 'tender-1', reference: 'T-1', title: 'Renovering', buyer }, [{ ...clause, ...terminated }]).contracts![0]!;
    expect(periodOf({ state: 'terminated', terminatedOn: '2026-09-01' })).toMatchObject({
      status: 'terminated',
      period: { startDate: '2026-01-01T00:00:00Z', endDate: '2026-09-01T00:00:00Z' },
    });
    expect(periodOf({ state: 'terminated', terminatedOn: '2027-03-01' }).period.endDate).toBe('2026-12-31T23:59:59Z');
    expect(release.contracts![0]!.period.endDate).toBe('2026-12-31T23:59:59Z');
  });
});
