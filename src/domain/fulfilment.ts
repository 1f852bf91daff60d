/** Pure rules for targets, measured fulfilment and sanctions (vite). */
import { percentOfSek } from './money.ts';

export interface Target {
  /** What is counted, e.g. "placements". */
  unit: string;
  /** The number to reach; null while it depends on a contract value not yet known. */
  value: number | null;
  /** How the value was or will be computed, in words. */
  basis: string;
}

export interface Milestone {
  id: string;
  description: string;
  /** YYYY-MM-DD; null until the contract start is known. */
  due: string | null;
  status: 'met' | 'notMet' | 'pending';
  metOn: string | null;
}

export interface Fulfilment {
  unit: string;
  target: number | null;
  /** What verified delivery amounts to, in the unit. */
  measured: number;
  /** Percent of the target measured (one decimal, may exceed 100); null while the target is unknown. */
  pct: number | null;
  reached: boolean;
  byTargetGroup: Record<string, number>;
  milestones: Milestone[];
  /** Further conditions of the clause, e.g. the disadvantaged share of local hiring. */
  conditions?: Record<string, { measured: number; target: number }>;
  labourHours?: { total: number; accepted: number };
}

/** Decimal parameters (e.g. 2.5 MSEK) as exact integers in ten-thousandths. */
const SCALE = 10_000n;
const scaled = (value: number): bigint => BigInt(Math.round(value * Number(SCALE)));
const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;

/**
 * One unit per started `msekPerUnit` million SEK of contract value:
 * ceil(contract value / (msekPerUnit × 1 000 000)), so any contract owes at least one.
 */
export function unitsPerStartedMsek(contractValueSek: number, msekPerUnit: number): number {
  return Number(ceilDiv(BigInt(contractValueSek) * SCALE, scaled(msekPerUnit) * 1_000_000n));
}

/** `unitsPerMsek` units for every million SEK of contract value, rounded up to whole units. */
export function unitsPerMsek(contractValueSek: number, unitsPerMsek: number): number {
  return Number(ceilDiv(BigInt(contractValueSek) * scaled(unitsPerMsek), SCALE * 1_000_000n));
}

/** The fulfilment of a target by a measured amount; reached needs something delivered, even for a zero target. */
export function fulfilmentOf(
  target: Target,
  measured: number,
  detail: Pick<Fulfilment, 'byTargetGroup' | 'milestones' | 'conditions'> = { byTargetGroup: {}, milestones: [] },
): Fulfilment {
  const goal = target.value;
  return {
    unit: target.unit,
    target: goal,
    measured,
    // Rounded to 6 places before flooring, so float noise (2.01 × 1000 = 2009.9999…) cannot cost a tenth.
    pct: goal === null || goal === 0 ? null : Math.floor(Number(((measured * 1000) / goal).toFixed(6))) / 10,
    reached: goal !== null && measured > 0 && measured >= goal,
    ...detail,
  };
}

export interface ViteTerms {
  sekPerMissingUnit: number;
  capPct: number;
}

/** The most vite the clause allows: capPct % of the contract value. */
export function sanctionCap(contractValueSek: number, terms: ViteTerms): number {
  return percentOfSek(contractValueSek, terms.capPct);
}

/** Units short of the target (fractions count: 2.5 FTE-months missing are 2.5 units). */
export function missingUnits(fulfilment: Fulfilment): number {
  return Math.max(0, Math.round(((fulfilment.target ?? 0) - fulfilment.measured) * 100) / 100);
}

/** Vite computed from the shortfall: missing units × the rate, in whole SEK, limited by the cap. */
export function computedVite(fulfilment: Fulfilment, contractValueSek: number, terms: ViteTerms): number {
  return Math.min(Math.round(missingUnits(fulfilment) * terms.sekPerMissingUnit), sanctionCap(contractValueSek, terms));
}
