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

export interface Fulfilment {
  unit: string;
  target: number | null;
  delivered: number;
  /** Whole percent of the target delivered, capped at 100; null while the target is unknown. */
  percent: number | null;
  reached: boolean;
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

export function measureFulfilment(target: Target, delivered: number): Fulfilment {
  const goal = target.value;
  return {
    unit: target.unit,
    target: goal,
    delivered,
    percent: goal === null || goal === 0 ? null : Math.min(100, Math.floor((delivered * 100) / goal)),
    reached: goal !== null && delivered > 0 && delivered >= goal,
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

/** Vite computed from the shortfall: per missing unit, limited by the cap. */
export function computedVite(fulfilment: Fulfilment, contractValueSek: number, terms: ViteTerms): number {
  const missing = Math.max(0, (fulfilment.target ?? 0) - fulfilment.delivered);
  return Math.min(missing * terms.sekPerMissingUnit, sanctionCap(contractValueSek, terms));
}
