/**
 * History is the source of truth: replaying a clause's history through its
 * workflow version must reproduce the stored snapshot (DESIGN.md §4).
 */
import { isDeepStrictEqual } from 'node:util';
import { findWorkflow } from '../../workflows/index.ts';
import { findClause, listClauseIds, listHistory } from '../db/clauses.ts';
import type { EngineDeps } from './deps.ts';
import { restore, send, start, type Step } from './runtime.ts';

export interface ReplayFailure {
  clauseId: string;
  seq: number | null;
  problem: string;
}

export interface ReplayReport {
  ok: boolean;
  checked: number;
  failed: number;
  failures: ReplayFailure[];
}

export async function verifyClause(deps: EngineDeps, clauseId: string): Promise<ReplayFailure | null> {
  const row = await findClause(deps.db, clauseId);
  if (!row) return { clauseId, seq: null, problem: 'clause not found' };
  const workflow = findWorkflow(row.workflow_id, row.workflow_version);
  if (!workflow) return { clauseId, seq: null, problem: `workflow ${row.workflow_id}@${row.workflow_version} is not deployed` };
  const history = await listHistory(deps.db, clauseId);

  let step: Step | null = null;
  for (const [index, entry] of history.entries()) {
    const fail = (problem: string): ReplayFailure => ({ clauseId, seq: entry.seq, problem });
    if (entry.seq !== index + 1) return fail(`history has a gap: expected seq ${index + 1}`);
    if (index === 0) {
      if (entry.type !== 'CREATE') return fail(`history starts with ${entry.type}, not CREATE`);
      step = start(workflow, entry.payload.input);
    } else {
      const snapshot = restore(workflow, step!.persisted);
      if (!snapshot.can({ type: entry.type, ...entry.payload } as never)) return fail(`${entry.type} is not possible in ${step!.state}`);
      if (step!.state !== entry.from_state) return fail(`recorded from-state ${entry.from_state}, replay is in ${step!.state}`);
      step = send(workflow, snapshot, { type: entry.type, ...entry.payload });
    }
    if (step.state !== entry.to_state) return fail(`recorded to-state ${entry.to_state}, replay reached ${step.state}`);
  }
  if (!step) return { clauseId, seq: null, problem: 'clause has no history' };
  if (row.version !== history.length) return { clauseId, seq: null, problem: `version ${row.version} but ${history.length} history rows` };
  if (row.state !== step.state) return { clauseId, seq: null, problem: `stored state ${row.state}, replay reached ${step.state}` };
  if (!isDeepStrictEqual(row.snapshot, step.persisted)) {
    return { clauseId, seq: null, problem: 'stored snapshot differs from the snapshot replay produces' };
  }
  return null;
}

export async function verifyAllClauses(deps: EngineDeps): Promise<ReplayReport> {
  const ids = await listClauseIds(deps.db);
  const failures: ReplayFailure[] = [];
  for (const id of ids) {
    const failure = await verifyClause(deps, id);
    if (failure) failures.push(failure);
  }
  return { ok: failures.length === 0, checked: ids.length, failed: failures.length, failures };
}
