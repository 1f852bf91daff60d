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

/** What startMany reads of a state node (xstate's StateNode). */
interface StartNode {
  entry: unknown[];
  always?: unknown[];
  invoke: unknown[];
  states: Record<string, StartNode>;
}

/** Whether a state or any state below it has an eventless (`always`) transition, which could move a start by its input. */
const eventless = (node: StartNode): boolean => (node.always?.length ?? 0) > 0 || Object.values(node.states).some(eventless);

const refuseSpawn = () => {
  throw new Error('a context that spawns cannot be started by startMany');
};

/**
 * Starts many instances of one workflow (an import of thousands): each as
 * start() would, but the machine runs once. When the machine has no eventless
 * transitions and the first instance's start entered states with no entry
 * actions or invoked actors and spawned nothing, every instance starts in the
 * same state with the same snapshot but for its context, which the machine's
 * context function makes from the input; the others are that snapshot with
 * their own context.
 * The first is checked to come out the same both ways; a machine that does not
 * qualify, or a context that cannot be made so, is started in full.
 */
export function startMany(workflow: WorkflowDefinition, inputs: readonly unknown[]): Step[] {
  if (inputs.length === 0) return [];
  const first = start(workflow, inputs[0]);
  const { machine } = workflow;
  const contextOf = machine.config.context;
  const nodes = (first.snapshot as unknown as { _nodes: StartNode[] })._nodes;
  const alike =
    typeof contextOf === 'function' &&
    first.snapshot.status === 'active' &&
    Object.keys(first.snapshot.children).length === 0 &&
    !eventless(machine.root as unknown as StartNode) &&
    nodes.every((node) => node.entry.length === 0 && node.invoke.length === 0);
  const self = transitionScope(machine).self;
  const quick = (input: unknown): Step | undefined => {
    let context: unknown;
    try {
      context = (contextOf as (args: object) => unknown)({ input, self, spawn: refuseSpawn });
    } catch {
      return undefined;
    }
    const persisted = { ...first.persisted, context };
    let snapshot: AnyMachineSnapshot | undefined;
    return {
      // Built only when asked for (an answer that presents the instance), as restoring a stored snapshot would.
      get snapshot() {
        snapshot ??= restore(workflow, persisted);
        return snapshot;
      },
      persisted,
      state: first.state,
      topState: first.topState,
      final: first.final,
    };
  };
  const same = alike && JSON.stringify(quick(inputs[0])?.persisted) === JSON.stringify(first.persisted);
  return [first, ...inputs.slice(1).map((input) => (same && quick(input)) || start(workflow, input))];
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
