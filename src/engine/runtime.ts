/**
 * Pure XState plumbing: start an instance, restore it from its persisted
 * snapshot, and compute the next snapshot for an event. Nothing here touches
 * the database; the engine persists what these functions return.
 */
import { createActor, initialTransition, type AnyActorScope, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { statePath, type WorkflowDefinition } from '../../workflows/index.ts';

export type PersistedSnapshot = Record<string, unknown>;

export interface Step {
  snapshot: AnyMachineSnapshot;
  persisted: PersistedSnapshot;
  state: string;
  topState: string;
  final: boolean;
}

/** The persisted snapshot as the database gives it back: JSON, without undefined fields. */
export const asStored = (persisted: PersistedSnapshot): PersistedSnapshot => JSON.parse(JSON.stringify(persisted)) as PersistedSnapshot;

function toStep(workflow: WorkflowDefinition, snapshot: AnyMachineSnapshot): Step {
  // Written as JSON as it is; replay compares in stored form (asStored).
  const persisted = workflow.machine.getPersistedSnapshot(snapshot) as PersistedSnapshot;
  const state = statePath(snapshot.value);
  return { snapshot, persisted, state, topState: state.split('.')[0]!, final: snapshot.status === 'done' };
}

export function start(workflow: WorkflowDefinition, input: unknown): Step {
  const [snapshot] = initialTransition(workflow.machine, input);
  return toStep(workflow, snapshot as AnyMachineSnapshot);
}

/** Our machines spawn no child actors, so restoring needs no actor around the snapshot (only children use the scope). */
const NO_ACTOR_SCOPE = {} as never;

export function restore(workflow: WorkflowDefinition, persisted: PersistedSnapshot): AnyMachineSnapshot {
  // What createActor(machine, { snapshot }) does to restore, without building an actor and its system for each event.
  return workflow.machine.restoreSnapshot!(persisted as never, NO_ACTOR_SCOPE) as AnyMachineSnapshot;
}

export type WorkflowEvent = { type: string } & Record<string, unknown>;

export function canSend(snapshot: AnyMachineSnapshot, event: WorkflowEvent): boolean {
  return snapshot.status === 'active' && snapshot.can(event as never);
}

/**
 * The scope a transition runs in, made once per machine. xstate's transition()
 * builds a new actor for each call, which computes a throwaway initial
 * snapshot every time; our machines only assign (no spawned children, no
 * executed actions), so one inert scope serves every transition.
 */
const transitionScopes = new WeakMap<AnyStateMachine, AnyActorScope>();

function transitionScope(machine: AnyStateMachine): AnyActorScope {
  let scope = transitionScopes.get(machine);
  if (!scope) {
    const self = createActor(machine);
    const ignore = () => {};
    scope = { self, id: '', sessionId: '', system: self.system, defer: ignore, logger: ignore, stopChild: ignore, emit: ignore, actionExecutor: ignore };
    transitionScopes.set(machine, scope);
  }
  return scope;
}

export function send(workflow: WorkflowDefinition, snapshot: AnyMachineSnapshot, event: WorkflowEvent): Step {
  const next = workflow.machine.transition(snapshot as never, event as never, transitionScope(workflow.machine));
  return toStep(workflow, next as AnyMachineSnapshot);
}
