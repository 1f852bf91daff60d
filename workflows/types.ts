import type { AnyStateMachine, StateValue } from 'xstate';
import type { z } from 'zod';
import type { ActorRole } from '../src/domain/roles.ts';

export interface EventDefinition {
  /** The only role that may send this event ("system": the engine, when a deadline passes). */
  role: Exclude<ActorRole, 'admin'>;
  /** What the client sends besides `type`; unknown fields are refused. */
  payload: z.ZodType<Record<string, unknown>>;
  summary: string;
  /** Sent by the engine itself (e.g. after an upload), never through POST …/events. */
  internal?: true;
}

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
