/**
 * The one way an event becomes persisted state, for clauses, placements and
 * period reports alike: load → restore → check role, version, payload and guard
 * → transition → write the new snapshot (only if the version is unchanged) and
 * one history row in one transaction. Racing writers without If-Match retry on
 * a fresh read; with If-Match a stale version is a `version_conflict`.
 */
import type { Transaction } from 'kysely';
import type { AnyMachineSnapshot } from 'xstate';
import type { WorkflowDefinition } from '../../workflows/index.ts';
import { rolesInWords, type EventDefinition } from '../../workflows/types.ts';
import { mayActAs, type ClauseParties } from '../domain/access.ts';
import { KlausulError, parseOrRefuse, validationError } from '../domain/errors.ts';
import { isSystem, type Actor } from '../domain/roles.ts';
import type { TransitionEntry } from '../db/history.ts';
import type { Database, Db } from '../db/schema.ts';
import { acceptText } from './command.ts';
import type { EngineDeps } from './deps.ts';
import { idempotent, type Answer, type IdempotencyRequest } from './idempotency.ts';
import { canSend, restore, send, type Step, type WorkflowEvent } from './runtime.ts';

/** Racing writers without If-Match retry on a stale version; this bounds the retries. */
const MAX_ATTEMPTS = 50;

export interface RequestContext {
  actor: Actor;
  /** The language of the page or client that sent the command (the web application's); refusals may be worded in it. */
  language?: 'sv' | 'en' | undefined;
  requestId?: string | undefined;
  idempotency?: IdempotencyRequest | undefined;
}

/** Who did it, when and in which request: the audit part of a history row. */
export function recordedBy(ctx: RequestContext, at: Date) {
  const { actor } = ctx;
  const byUser = !isSystem(actor);
  return { actorUserId: byUser ? actor.userId : null, actorRole: actor.role, actorOrgId: byUser ? actor.orgId : null, at, requestId: ctx.requestId ?? null };
}

export interface EventRequest {
  body: Record<string, unknown>;
  /** From If-Match: the version the client last saw. */
  expectedVersion?: number | undefined;
}

export interface PersistedRow {
  id: string;
  version: number;
  state: string;
  snapshot: Record<string, unknown>;
}

/** An instance as its kind loads it: its persisted row, and whatever else was read with it (its clause, its delivery facts). */
export interface Loaded<Row extends PersistedRow = PersistedRow> {
  row: Row;
}

/**
 * What applyEvent needs to know about one kind of workflow instance. What
 * loadVisible reads is handed to every other method: nothing passes between
 * them through the kind itself.
 */
export interface InstanceKind<L extends Loaded, View> {
  noun: string;
  /** The instance, if the actor may see it; otherwise a not_found error. */
  loadVisible(actor: Actor): Promise<L>;
  workflowOf(loaded: L): WorkflowDefinition;
  parties(loaded: L): ClauseParties | Promise<ClauseParties>;
  /** Who may send an event, where it is not decided by the roles a clause's parties hold (a programme's own-workplace placement). */
  maySend?(loaded: L, actor: Actor, definition: EventDefinition): boolean;
  /** Extra conditions outside the statechart, e.g. the clause's state for a placement. */
  checkOpen?(loaded: L, actor: Actor, type: string): void | Promise<void>;
  /** Adds the facts the workflow needs (and refuses payloads the workflow cannot judge). */
  resolve(loaded: L, snapshot: AnyMachineSnapshot, type: string, payload: Record<string, unknown>): Promise<WorkflowEvent>;
  /** The organisations the transition concerns: its outbox notice goes to them. */
  concerned(loaded: L, next: Step): string[];
  /** Optimistic write of the new snapshot and its history row in one statement: the instance as written, or undefined when the row moved on since it was read. */
  write(db: Db, loaded: L, next: Step, entry: TransitionEntry): Promise<L | undefined>;
  /** The answer, from the instance as written. */
  view(actor: Actor, loaded: L, snapshot: AnyMachineSnapshot): View;
  invalidTransition(actor: Actor, loaded: L, snapshot: AnyMachineSnapshot, type: string): Promise<KlausulError>;
}

/** Events a client may send through POST …/events (internal ones come from uploads and the engine). */
export function clientEvents(workflow: WorkflowDefinition) {
  return Object.entries(workflow.events).filter(([, def]) => !def.internal);
}

/** Whether the actor holds, on this clause, one of the roles that send the event. */
export const maySend = (actor: Actor, definition: EventDefinition, parties: ClauseParties): boolean =>
  definition.roles.some((role) => mayActAs(actor, role, definition.primeOnly ? { ...parties, subcontractorOrgId: null } : parties));

/** The event types the actor may send now, by role and by the statechart; an old name (replacedBy) is accepted but not offered. */
export function allowedFor(
  workflow: WorkflowDefinition,
  actor: Actor,
  parties: ClauseParties,
  snapshot: AnyMachineSnapshot,
  probe: (type: string) => WorkflowEvent,
): string[] {
  return clientEvents(workflow)
    .filter(([type, def]) => !def.replacedBy && maySend(actor, def, parties) && canSend(snapshot, probe(type)))
    .map(([type]) => type);
}

export function versionConflict(noun: string, current: number, expected: number): KlausulError {
  return new KlausulError(
    'version_conflict',
    `The ${noun} is at version ${current}, not ${expected}: someone changed it since you read it. GET it again and decide with the current state.`,
    { currentVersion: current },
  );
}

/** PostgreSQL ended the transaction to break a deadlock or a serialisation conflict: nothing was written, and it may be tried again. */
const isRetryable = (error: unknown): boolean => ['40P01', '40001'].includes((error as { code?: string })?.code ?? '');

export async function applyEvent<L extends Loaded, View>(
  deps: EngineDeps,
  ctx: RequestContext,
  kind: InstanceKind<L, View>,
  request: EventRequest,
  options: {
    /** Sent by the engine itself (e.g. ADD_EVIDENCE after an upload), so internal events are allowed. */
    internal?: boolean;
    /** Runs in the event's transaction before its write: locks to take first, in the order every path takes them, and checks under them. */
    beforeWrite?: (trx: Transaction<Database>, row: L['row']) => Promise<void>;
    inTransaction?: (trx: Transaction<Database>, row: L['row']) => Promise<void>;
    /** Nobody reads the answer (a deadline's event): skip building the view. */
    unanswered?: boolean;
  } = {},
): Promise<Answer<View> & { replayed: boolean }> {
  const { actor } = ctx;
  return idempotent(deps, actor.userId, ctx.idempotency, async (remember) => {
    for (let attempt = 1; ; attempt++) {
      const loaded = await kind.loadVisible(actor);
      const { row } = loaded;
      // Judged after loadVisible: a stranger learns nothing from a refusal of the body.
      acceptText(request.body);
      const workflow = kind.workflowOf(loaded);
      const { type, ...rawPayload } = request.body as { type?: unknown };
      const definition = typeof type === 'string' ? workflow.events[type] : undefined;
      if (!definition || (definition.internal && !options.internal)) {
        throw validationError('Unknown event type', [
          {
            path: 'type',
            message: `send one of ${clientEvents(workflow)
              .map(([t]) => t)
              .join(', ')}`,
          },
        ]);
      }
      const eventType = type as string;
      const permitted = kind.maySend ? kind.maySend(loaded, actor, definition) : maySend(actor, definition, await kind.parties(loaded));
      if (!permitted) {
        // requiredRole names the roles in words as before ("officer or auditor" where several may); requiredRoles lists them.
        throw new KlausulError('forbidden', `${eventType} is sent by the ${kind.noun}'s ${rolesInWords(definition)}; you are signed in as ${actor.role}.`, {
          requiredRole: rolesInWords(definition),
          requiredRoles: definition.roles,
        });
      }
      if (request.expectedVersion !== undefined && request.expectedVersion !== row.version) {
        throw versionConflict(kind.noun, row.version, request.expectedVersion);
      }
      await kind.checkOpen?.(loaded, actor, eventType);
      const parsedPayload = parseOrRefuse(definition.payload, rawPayload, `${eventType} event`);
      const snapshot = restore(workflow, row.snapshot);
      const event = await kind.resolve(loaded, snapshot, eventType, parsedPayload);
      if (!canSend(snapshot, event)) throw await kind.invalidTransition(actor, loaded, snapshot, eventType);

      const next = send(workflow, snapshot, event);
      const { type: _type, ...payload } = event;
      const entry: TransitionEntry = {
        type: eventType,
        payload,
        fromState: row.state,
        toState: next.state,
        ...recordedBy(ctx, deps.clock.now()),
        concerns: kind.concerned(loaded, next),
      };
      const answerTo = (updated: L) => ({ status: 200, body: options.unanswered ? (undefined as View) : kind.view(actor, updated, next.snapshot) });
      // The write is one statement, atomic on its own; a transaction is opened only when
      // more goes with it: the answer stored for an Idempotency-Key, or an uploaded file.
      let committed: (Answer<View> & { status: number }) | undefined;
      try {
        committed =
          !ctx.idempotency && !options.inTransaction && !options.beforeWrite
            ? await kind.write(deps.db, loaded, next, entry).then((updated) => updated && answerTo(updated))
            : await deps.db.transaction().execute(async (trx) => {
                await options.beforeWrite?.(trx, row);
                const updated = await kind.write(trx, loaded, next, entry);
                if (!updated) return undefined; // someone else wrote first
                await options.inTransaction?.(trx, updated.row);
                const answer = answerTo(updated);
                await remember(trx, answer);
                return answer;
              });
      } catch (error) {
        // PostgreSQL gave the transaction up to break a deadlock: nothing was written; read afresh and try again.
        if (isRetryable(error) && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
      if (committed) return committed;
      if (request.expectedVersion !== undefined) {
        const current = await kind.loadVisible(actor);
        throw versionConflict(kind.noun, current.row.version, request.expectedVersion);
      }
      if (attempt >= MAX_ATTEMPTS) {
        throw new KlausulError('version_conflict', `The ${kind.noun} is changing too fast to apply this event; send it again.`);
      }
    }
  });
}
