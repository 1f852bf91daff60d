import type { z } from 'zod';
import type { Fulfilment, Target, ViteTerms } from '../src/domain/fulfilment.ts';
import type { Delivery } from '../src/domain/measure.ts';
import type { Language } from '../src/domain/money.ts';
import type { TargetGroup } from '../src/domain/target-groups.ts';

export const LANGUAGES = ['sv', 'en'] as const satisfies readonly Language[];

export type ClauseKind = 'employment' | 'placements' | 'local-hiring' | 'training' | 'dialogue';

/** What the clause measures and how, in words for the people who read the API. */
export interface MeasureDefinition {
  /** The unit fulfilment is counted in, e.g. "fte-months". */
  unit: string;
  /** How delivered units are counted. */
  counting: string;
  /** How the target is set, including rounding. */
  targetRule: string;
  /** "measurement": delivery data reaches the target; "confirmation": the auditor confirms with a record. */
  fulfilledBy: 'measurement' | 'confirmation';
}

/**
 * What the clause text itself promises about the clause's deadlines: each one
 * given is fixed by the terms, so AWARD may not set it otherwise. Named as
 * the deadline settings they fix (src/domain/schedule.ts).
 */
export interface PromisedSchedule {
  /** The first job starts or is offered within this many months of contract start. */
  firstJobWithinMonths?: number;
}

/** A versioned, parameterised clause template. A live clause keeps the version it was drafted with. */
/** What each parameter is called on a form, in each language, by its path (`minWeeks`, `vite.capPct`). */
export type ParamLabels = Readonly<Record<string, Readonly<Record<Language, string>>>>;

export interface ClauseTemplate<Params extends object = object> {
  id: string;
  version: number;
  kind: ClauseKind;
  title: Record<Language, string>;
  languages: readonly Language[];
  measure: MeasureDefinition;
  paramsSchema: z.ZodType<Params>;
  /** Every parameter's label on a form, in every language: the web application asks the template, so a new kind brings its own words. */
  labels: ParamLabels;
  /** JSON Schema of the parameters as published by GET /api/v1/templates. */
  paramsJsonSchema: Record<string, unknown>;
  /** True when the target can only be computed from the awarded contract value. */
  needsContractValue(params: Params): boolean;
  /** The target, computed from the parameters and (once known) the contract value. */
  target(params: Params, contractValueSek: number | null): Target;
  /**
   * Measured fulfilment from verified placements and accepted reports;
   * `meetingDate` is the confirmed meeting record's date (dialogue).
   */
  measureDelivery(params: Params, target: Target, delivery: Delivery, meetingDate: string | null): Fulfilment;
  /** Sanction terms, when the parameters set them. */
  vite(params: Params): ViteTerms | null;
  /**
   * Whether the clause gives the buyer the right to terminate the contract
   * (hävning) at material breach: the last rung of the sanction ladder, which
   * TERMINATE may only climb on a clause whose terms include it.
   */
  termination(params: Params): boolean;
  /** The deadlines the clause text promises (empty when it promises none): the engine keeps them at AWARD. */
  promisedSchedule(params: Params): PromisedSchedule;
  /**
   * The target groups the clause is for: placements, proposals and candidates
   * must belong to one of them. Null when the clause names none (any group).
   */
  targetGroups(params: Params): TargetGroup[] | null;
  /** Whether a placement under the clause starts only with a supervisor trained by then (issue 22); false when left out. */
  requiresTrainedSupervisor?(params: Params): boolean;
  /** eForms BT-775 social-objective codes this clause pursues. */
  socialObjectives(params: Params): string[];
  /** The clause text for the tender documents (eForms BT-70). */
  render(language: Language, params: Params): string;
  /** One line for eForms BT-777 (strategic procurement description). */
  summary(language: Language, params: Params): string;
}
