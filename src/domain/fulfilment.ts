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

/** One unit per started `msekPerUnit` million SEK of contract value (never fewer than one). */
export function proportionalTarget(contractValueSek: number, msekPerUnit: number): number {
  const units = Math.ceil(contractValueSek / (msekPerUnit * 1_000_000) - 1e-9);
  return Math.max(1, units);
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
