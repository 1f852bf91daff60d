import type { AnyStateMachine, StateValue } from 'xstate';
import type { z } from 'zod';
import type { ActorRole } from '../src/domain/roles.ts';

/** A role that may send events ("system": the engine, when a deadline passes). */
export type EventRole = Exclude<ActorRole, 'admin'>;

export interface EventDefinition {
  /** The roles that may send this event: usually one; a written notice (REQUEST_CORRECTION) comes from the officer or the auditor. */
  roles: readonly EventRole[];
  /** What the client sends besides `type`; unknown fields are refused. */
  payload: z.ZodType<Record<string, unknown>>;
  summary: string;
  /** Sent by the engine itself (e.g. after an upload), never through POST …/events. */
  internal?: true;
  /**
   * An old name kept working: the event is still accepted under it, but
   * allowedEvents, the web's forms and the statechart offer the new one
   * (version 3 of the clause takes IMPOSE_SANCTION as CLAIM_VITE).
   */
  replacedBy?: string;
  /**
   * Sent only by the clause's own contractor (the prime), never by a
   * subcontractor acting on its own items: the prime's approval of what a
   * subcontractor registered (placement version 3, period report version 2).
   */
  primeOnly?: true;
}

/** The roles in words, for messages and descriptions: "officer", "officer or auditor". */
export const rolesInWords = (definition: Pick<EventDefinition, 'roles'>): string => definition.roles.join(' or ');

/**
 * A versioned workflow. A running instance keeps the (id, version) it started
 * with, so a deployed new version never changes the rules under it.
 */
export interface WorkflowDefinition<Machine extends AnyStateMachine = AnyStateMachine> {
  id: string;
  version: number;
  machine: Machine;
  events: Record<string, EventDefinition>;
}

/** `{ commitment: 'awaitingPlan' }` → `"commitment.awaitingPlan"`. */
export function statePath(value: StateValue): string {
  if (typeof value === 'string') return value;
  const [key, child] = Object.entries(value)[0] ?? [];
  if (key === undefined) return '';
  return child === undefined || (typeof child === 'object' && Object.keys(child).length === 0) ? key : `${key}.${statePath(child as StateValue)}`;
}
