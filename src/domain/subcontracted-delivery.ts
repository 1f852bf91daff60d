/** What each organisation delivered under a clause: the contractor itself and each subcontractor (issue 22), from the clause's delivery facts. */
import type { PlacementFacts, ReportFacts } from './measure.ts';

/** What one organisation (a subcontractor, or null: the contractor itself) delivered under a clause. */
export interface DeliveryByOrganisation {
  subcontractorOrgId: string | null;
  placements: number;
  placementsVerified: number;
  placementsAwaitingPrimeApproval: number;
  reports: number;
  acceptedLabourHours: number;
  acceptedDisadvantagedLabourHours: number;
}

/** An organisation that delivered nothing (yet). */
export const emptyDelivery = (orgId: string | null): DeliveryByOrganisation => ({
  subcontractorOrgId: orgId,
  placements: 0,
  placementsVerified: 0,
  placementsAwaitingPrimeApproval: 0,
  reports: 0,
  acceptedLabourHours: 0,
  acceptedDisadvantagedLabourHours: 0,
});

/**
 * Placements and reports of the clause by the organisation that registered
 * them, in the order each organisation first appears (placements first).
 * `counted` and `awaitingPrime` are the states so tagged (workflows/states.ts).
 */
export function deliveryByOrganisation(
  facts: { placements: readonly PlacementFacts[]; reports: readonly ReportFacts[] },
  states: { countedPlacements: readonly string[]; placementsAwaitingPrime: readonly string[]; countedReports: readonly string[] },
): DeliveryByOrganisation[] {
  const byOrg = new Map<string | null, DeliveryByOrganisation>();
  const entry = (orgId: string | null | undefined) => {
    let found = byOrg.get(orgId ?? null);
    if (!found) {
      found = emptyDelivery(orgId ?? null);
      byOrg.set(orgId ?? null, found);
    }
    return found;
  };
  for (const p of facts.placements) {
    const delivered = entry(p.subcontractorOrgId);
    delivered.placements++;
    if (states.countedPlacements.includes(p.state)) delivered.placementsVerified++;
    if (states.placementsAwaitingPrime.includes(p.state)) delivered.placementsAwaitingPrimeApproval++;
  }
  for (const r of facts.reports) {
    const delivered = entry(r.subcontractorOrgId);
    delivered.reports++;
    if (!states.countedReports.includes(r.state)) continue;
    delivered.acceptedLabourHours += r.totalLabourHours;
    delivered.acceptedDisadvantagedLabourHours += r.disadvantagedLabourHours ?? 0;
  }
  return [...byOrg.values()];
}
