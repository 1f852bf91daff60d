/**
 * The one way new statechart instances are made, as applyEvent is the one way
 * an event moves them: start each one's machine on its input, build its row
 * at version 1 and its CREATE history, and write them with the creation's
 * outbox notice and the clause's progress in one statement (db/instances.ts),
 * under the locks and checks the creation needs, idempotently. Clauses,
 * placements (one, an import of thousands, or the one an accepted proposal
 * registers), reports, openings and proposals are all made here.
 */
import { setImmediate } from 'node:timers/promises';
import type { WorkflowDefinition } from '../../workflows/index.ts';
import { insertInstances } from '../db/instances.ts';
import { creationNotice, type SubjectKind } from '../db/outbox.ts';
import type { MeasuredProgress } from '../db/progress.ts';
import type { Db } from '../db/schema.ts';
import { recordedBy, type RequestContext } from './apply.ts';
import type { EngineDeps } from './deps.ts';
import { idempotent, type Answer } from './idempotency.ts';
import { startMany, type Step } from './runtime.ts';

/** One instance to make: its id, what its machine starts on, the columns particular to its table, and what its CREATE records. */
export interface NewInstance<Input> {
  id: string;
  input: Input;
  /** The row's own columns (JSON columns as values), given its first step; the workflow columns are added. Called under the creation's locks. */
  columns: (step: Step) => Record<string, unknown>;
  /** The CREATE history row's payload; by default `{ input }`. */
  payload?: Record<string, unknown>;
}

/** An instance as made: its id, input, first step and the row written (as values, the same as the database holds). */
export interface Created<Input> {
  id: string;
  input: Input;
  step: Step;
  row: Record<string, unknown>;
}

export interface Creation<Input> {
  subject: SubjectKind;
  workflow: WorkflowDefinition;
  /** Null for a programme's own-workplace placements: no clause's notice or progress (their progress must be `none`). */
  clauseId: string | null;
  /** The organisations the creation's notice goes to. */
  concerns: readonly string[];
  instances: ReadonlyArray<NewInstance<Input>>;
  /** `bump`: new facts may move the clause's progress; `measured`: a new clause, stored as measured; `none`: nothing that measures. */
  progress: 'bump' | 'none' | ((first: Created<Input>) => { generation: number; rules: number; measured: MeasuredProgress });
}

/** Instances are written in chunks of this many rows; the database writes one chunk while the next is prepared. */
const CHUNK = 2_000;
/** The first chunk is small, so that the database starts writing early. */
const FIRST_CHUNK = 500;

/**
 * Writes new instances in the transaction given (an accepted proposal's
 * placement is made inside the ACCEPT's own). Returns them with their first
 * steps, in order.
 */
export async function writeNewInstances<Input>(deps: EngineDeps, ctx: RequestContext, trx: Db, creation: Creation<Input>): Promise<Array<Created<Input>>> {
  const { workflow, instances } = creation;
  const now = deps.clock.now();
  const created: Array<Created<Input>> = [];
  /** Starts the statecharts of the next chunk and builds what is written for them; the notice and progress go with the last chunk. */
  const prepare = (from: number, size: number) => {
    const slice = instances.slice(from, from + size);
    const steps = startMany(
      workflow,
      slice.map((instance) => instance.input),
    );
    const chunk = slice.map((instance, index) => {
      const step = steps[index]!;
      const row = {
        id: instance.id,
        ...instance.columns(step),
        workflow_id: workflow.id,
        workflow_version: workflow.version,
        snapshot: step.persisted,
        state: step.state,
        version: 1,
        created_at: now,
        updated_at: now,
      };
      return { instance, step, row };
    });
    created.push(...chunk.map(({ instance, step, row }) => ({ id: instance.id, input: instance.input, step, row })));
    const rows = chunk.map(({ row }) => row);
    const entries = chunk.map(({ instance, step }) => ({
      instanceId: instance.id,
      clauseId: creation.clauseId,
      type: 'CREATE',
      payload: instance.payload ?? { input: instance.input },
      fromState: null,
      toState: step.state,
      ...recordedBy(ctx, now),
    }));
    const last = from + size >= instances.length;
    if (!last) return { rows, entries };
    const first = created[0]!;
    const ids = created.map((c) => c.id);
    const { progress, clauseId } = creation;
    if (clauseId === null) return { rows, entries };
    return {
      rows,
      entries,
      notice: {
        clauseId,
        orgIds: creation.concerns,
        at: now,
        ...creationNotice(creation.subject, ids, first.step.state, ctx.actor.role, now),
      },
      progress:
        progress === 'none'
          ? undefined
          : progress === 'bump'
            ? { clauseId, at: now, kind: 'bump' as const }
            : { clauseId, at: now, kind: 'measured' as const, ...progress(first) },
    };
  };
  // A pipeline: PostgreSQL writes one chunk while the next is prepared here.
  let writing: Promise<unknown> = Promise.resolve();
  for (let from = 0, size = FIRST_CHUNK; from < instances.length; from += size, size = CHUNK) {
    const chunk = prepare(from, size);
    await writing;
    writing = insertInstances(trx, { subject: creation.subject, ...chunk });
    // A failure is thrown where `writing` is awaited; until then it must not count as unhandled.
    writing.catch(() => {});
    // Let the insert reach the database before the next chunk occupies this thread.
    if (from + size < instances.length) await setImmediate();
  }
  await writing;
  return created;
}

/**
 * Makes new instances idempotently, in one transaction: `lock` takes the
 * locks the creation needs and checks what must hold under them; `answer`
 * builds the 201 body from what was made.
 */
export function createInstance<Input, Body>(
  deps: EngineDeps,
  ctx: RequestContext,
  creation: Creation<Input> & {
    lock?: (trx: Db) => Promise<void>;
    answer: (created: Array<Created<Input>>) => Body;
  },
): Promise<Answer<Body> & { replayed: boolean }> {
  return idempotent(deps, ctx.actor.userId, ctx.idempotency, async (remember) =>
    deps.db.transaction().execute(async (trx) => {
      await creation.lock?.(trx);
      const created = await writeNewInstances(deps, ctx, trx, creation);
      const answer = { status: 201, body: creation.answer(created) };
      await remember(trx, answer);
      return answer;
    }),
  );
}
