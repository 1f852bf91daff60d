/**
 * A subcontractor's period report (issue 22) reports its own workforce: it
 * does not discharge the contractor's duty to report the period.
 */
import { describe, expect, it } from 'vitest';
import { periodCovered } from '../../src/domain/deadlines.ts';

describe("the contractor's reporting duty", () => {
  const period = { start: '2026-03-01', end: '2026-03-31' };
  it('is met by its own reports, not by a subcontractor’s', () => {
    const subcontractors = [{ periodStart: '2026-03-01', periodEnd: '2026-03-31', subcontractorOrgId: 'sub' }];
    expect(periodCovered(period, subcontractors)).toBe(false);
    expect(periodCovered(period, [...subcontractors, { periodStart: '2026-03-01', periodEnd: '2026-03-31', subcontractorOrgId: null }])).toBe(true);
    expect(periodCovered(period, [{ periodStart: '2026-03-01', periodEnd: '2026-03-31' }])).toBe(true);
  });
});
