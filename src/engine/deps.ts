import type { Kysely } from 'kysely';
import type { WorkflowDefinition } from '../../workflows/index.ts';
import type { Database } from '../db/schema.ts';
import type { Clock } from './clock.ts';

export interface EngineDeps {
  db: Kysely<Database>;
  clock: Clock;
  /**
   * The clause workflow new clauses start on; by default the newest deployed.
   * Running clauses always keep their own version.
   */
  clauseWorkflow?: WorkflowDefinition;
  /** The placement workflow new placements start on; by default the newest deployed. Running placements keep their own version. */
  placementWorkflow?: WorkflowDefinition;
  /** How long a stored answer to an Idempotency-Key is replayed (KLAUSUL_IDEMPOTENCY_HOURS); 24 unless told. */
  idempotencyHours?: number;
  /** The period-report workflow new reports start on; by default the newest deployed. Running reports keep their own version. */
  reportWorkflow?: WorkflowDefinition;
}
