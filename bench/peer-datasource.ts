/**
 * A DBOS transactional datasource on node-postgres, for the performance peer
 * (bench/peer-dbos.ts). The datasource packages published for DBOS
 * (@dbos-inc/postgres-datasource 4.24.16 is the newest) call functions that
 * @dbos-inc/dbos-sdk 5 no longer exports, so this implements the SDK 5
 * datasource contract (@dbos-inc/dbos-sdk/datasource) as those packages do:
 * the function runs in a transaction that also inserts its checkpoint into
 * dbos.transaction_completion and checks that this execution still owns the
 * workflow; a recorded outcome is replayed instead of running again; a
 * serialisation failure is retried; an error is recorded as the outcome; and
 * the checkpoints are deleted when the workflow completes.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { DBOS } from '@dbos-inc/dbos-sdk';
import {
  assertStillOwnsWorkflow,
  DBOSStepAlreadyRecordedError,
  DBOSWorkflowConflictError,
  type DataSourceTransactionHandler,
  guardDataSourcePoolPG,
  isPGRetriableTransactionError,
  migrateDataSourcePG,
  registerDataSource,
  registerTransaction,
  replayRecordedStep,
} from '@dbos-inc/dbos-sdk/datasource';
import pg from 'pg';
import SuperJSON from 'superjson';

const SCHEMA = 'dbos';
const MAX_RETRY_WAIT_MS = 2_000;

interface Recorded {
  output: string | null;
  error: string | null;
}

export class NodePgDataSource {
  readonly #transactions = new AsyncLocalStorage<pg.PoolClient>();
  #pool: pg.Pool | undefined;

  constructor(
    readonly name: string,
    private readonly config: pg.PoolConfig,
  ) {
    registerDataSource(this.#handler());
  }

  /** The transaction's client, inside a function registered with registerTransaction. */
  get client(): pg.PoolClient {
    const client = this.#transactions.getStore();
    if (!client || !DBOS.isInTransaction()) throw new Error(`${this.name}: the client is only there inside a DBOS transaction`);
    return client;
  }

  registerTransaction<Args extends unknown[], Return>(func: (...args: Args) => Promise<Return>, config: { name: string }): (...args: Args) => Promise<Return> {
    return registerTransaction(this.name, func, config);
  }

  get #db(): pg.Pool {
    if (!this.#pool) throw new Error(`${this.name} is not initialized: DBOS.launch() does it`);
    return this.#pool;
  }

  async #inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.#db.connect();
    try {
      await client.query('begin');
      const result = await work(client);
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async #recorded(workflowID: string, stepID: number): Promise<Recorded | undefined> {
    const { rows } = await this.#db.query<Recorded>(`select output, error from ${SCHEMA}.transaction_completion where workflow_id = $1 and function_num = $2`, [
      workflowID,
      stepID,
    ]);
    return rows[0];
  }

  /** Records the outcome unless a concurrent execution of the same step did first. */
  async #record(db: pg.Pool | pg.PoolClient, workflowID: string, stepID: number, outcome: { output: string } | { error: string }): Promise<void> {
    const { rowCount } = await db.query(
      `insert into ${SCHEMA}.transaction_completion (workflow_id, function_num, output, error) values ($1, $2, $3, $4)
       on conflict (workflow_id, function_num) do nothing`,
      [workflowID, stepID, 'output' in outcome ? outcome.output : null, 'error' in outcome ? outcome.error : null],
    );
    if (rowCount === 0) throw new DBOSStepAlreadyRecordedError(workflowID, stepID);
  }

  async #replayConcurrent<Return>(workflowID: string, stepID: number): Promise<Return> {
    const recorded = await this.#recorded(workflowID, stepID);
    if (!recorded) throw new Error(`step ${stepID} of workflow ${workflowID} was recorded by another execution, but its outcome is not there`);
    return replayRecordedStep<Return>(recorded);
  }

  #handler(): DataSourceTransactionHandler {
    return {
      name: this.name,
      initialize: async () => {
        this.#pool = new pg.Pool(this.config);
        guardDataSourcePoolPG(this.#pool, 'NodePgDataSource');
        await this.#inTransaction(async (client) => {
          await client.query(`create schema if not exists ${SCHEMA}`);
          await migrateDataSourcePG(async (sql) => (await client.query(sql)).rows, SCHEMA);
        });
      },
      destroy: async () => {
        await this.#pool?.end();
        this.#pool = undefined;
      },
      deleteCheckpoints: (workflowID, startStep, beforeCommit) =>
        this.#inTransaction(async (client) => {
          await client.query(`delete from ${SCHEMA}.transaction_completion where workflow_id = $1 and function_num >= $2`, [workflowID, startStep]);
          await beforeCommit?.();
        }),
      invokeTransactionFunction: async <This, Args extends unknown[], Return>(
        _config: unknown,
        target: This,
        func: (this: This, ...args: Args) => Promise<Return>,
        ...args: Args
      ): Promise<Return> => {
        const workflowID = DBOS.workflowID;
        const stepID = DBOS.stepID;
        // Outside a workflow nothing is recorded.
        const step = workflowID === undefined || stepID === undefined ? undefined : { workflowID, stepID };
        for (let waitMs = 1; ; waitMs = Math.min(waitMs * 1.5, MAX_RETRY_WAIT_MS)) {
          const earlier = step && (await this.#recorded(step.workflowID, step.stepID));
          if (earlier) return replayRecordedStep<Return>(earlier);
          try {
            return await this.#inTransaction(async (client) => {
              const result = await this.#transactions.run(client, () => func.call(target, ...args));
              if (step) {
                await this.#record(client, step.workflowID, step.stepID, { output: SuperJSON.stringify(result) });
                // Holding the checkpoint's row: a later owner's insert waits for this commit.
                await assertStillOwnsWorkflow(step.workflowID);
              }
              return result;
            });
          } catch (error) {
            if (step && error instanceof DBOSStepAlreadyRecordedError) return this.#replayConcurrent<Return>(step.workflowID, step.stepID);
            if (error instanceof DBOSWorkflowConflictError) throw error;
            if (isPGRetriableTransactionError(error)) {
              await new Promise((resolve) => setTimeout(resolve, waitMs));
              continue;
            }
            if (step) {
              try {
                await this.#record(this.#db, step.workflowID, step.stepID, { error: SuperJSON.stringify(error) });
              } catch (recordError) {
                if (recordError instanceof DBOSStepAlreadyRecordedError) return this.#replayConcurrent<Return>(step.workflowID, step.stepID);
                throw recordError;
              }
            }
            throw error;
          }
        }
      },
    };
  }
}
