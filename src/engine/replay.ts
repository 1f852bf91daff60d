/**
 * History is the source of truth: replaying the history of every clause,
 * placement and period report through its workflow version must reproduce
 * the stored snapshot (README.md, Security and reliability). And history is tamper-evident: every
 * row's hash must chain from its predecessor's (src/db/history-chain.ts).
 */
import { isDeepStrictEqual } from 'node:util';
import { findWorkflow } from '../../workflows/index.ts';
import { findClause, listClauseIds, listHistory } from '../db/clauses.ts';
import { verifyHistoryChains, type ChainReport } from '../db/history-chain.ts';
import { findPlacement, findReport, listItemHistory, listItemIds } from '../db/items.ts';
import { findOpening, findProposal, listInstanceIds } from '../db/matching.ts';
import { findOffer, listOfferIds } from '../db/offers.ts';
import type { Db } from '../db/schema.ts';
import type { EngineDeps } from './deps.ts';
import { asStored, restore, send, start, type Step } from './runtime.ts';

type InstanceKindName = 'clause' | 'placement' | 'report' | 'opening' | 'proposal' | 'offer';

export interface ReplayFailure {
  kind: InstanceKindName;
  id: string;
  seq: number | null;
  problem: string;
}

export interface ReplayReport {
  /** Every instance replays and every history row's hash chain holds. */
  ok: boolean;
  /** Instances replayed; failed and failures count and name those that do not replay. */
  checked: number;
  checkedByKind: Record<InstanceKindName, number>;
  failed: number;
  failures: ReplayFailure[];
  /** The hash chains of clause_history and item_history. */
  chain: ChainReport;
}

interface StoredInstance {
  row: { version: number; state: string; snapshot: Record<string, unknown>; workflow_id: string; workflow_version: number } | undefined;
  history: Array<{ seq: number; type: string; payload: Record<string, unknown>; from_state: string | null; to_state: string }>;
}

const LOADERS: Record<InstanceKindName, { ids(db: Db): Promise<string[]>; load(db: Db, id: string): Promise<StoredInstance> }> = {
  clause: { ids: listClauseIds, load: async (db, id) => ({ row: await findClause(db, id), history: await listHistory(db, id) }) },
  placement: {
    ids: (db) => listItemIds(db, 'placement'),
    load: async (db, id) => ({ row: await findPlacement(db, id), history: await listItemHistory(db, id) }),
  },
  report: { ids: (db) => listItemIds(db, 'report'), load: async (db, id) => ({ row: await findReport(db, id), history: await listItemHistory(db, id) }) },
  opening: {
    ids: (db) => listInstanceIds(db, 'openings'),
    load: async (db, id) => ({ row: await findOpening(db, id), history: await listItemHistory(db, id) }),
  },
  proposal: {
    ids: (db) => listInstanceIds(db, 'proposals'),
    load: async (db, id) => ({ row: await findProposal(db, id), history: await listItemHistory(db, id) }),
  },
  offer: { ids: listOfferIds, load: async (db, id) => ({ row: await findOffer(db, id), history: await listItemHistory(db, id) }) },
};

export async function verifyInstance(deps: EngineDeps, kind: InstanceKindName, id: string): Promise<ReplayFailure | null> {
  const failure = (seq: number | null, problem: string): ReplayFailure => ({ kind, id, seq, problem });
  const { row, history } = await LOADERS[kind].load(deps.db, id);
  if (!row) return failure(null, `${kind} not found`);
  const workflow = findWorkflow(row.workflow_id, row.workflow_version);
  if (!workflow) return failure(null, `workflow ${row.workflow_id}@${row.workflow_version} is not deployed`);

  let step: Step | null = null;
  for (const [index, entry] of history.entries()) {
    const fail = (problem: string) => failure(entry.seq, problem);
    if (entry.seq !== index + 1) return fail(`history has a gap: expected seq ${index + 1}`);
    if (index === 0) {
      if (entry.type !== 'CREATE') return fail(`history starts with ${entry.type}, not CREATE`);
      step = start(workflow, entry.payload.input);
    } else {
      // As the engine does: restore from what the database stores.
      const snapshot = restore(workflow, asStored(step!.persisted));
      if (!snapshot.can({ type: entry.type, ...entry.payload } as never)) return fail(`${entry.type} is not possible in ${step!.state}`);
      if (step!.state !== entry.from_state) return fail(`recorded from-state ${entry.from_state}, replay is in ${step!.state}`);
      step = send(workflow, snapshot, { type: entry.type, ...entry.payload });
    }
    if (step.state !== entry.to_state) return fail(`recorded to-state ${entry.to_state}, replay reached ${step.state}`);
  }
  if (!step) return failure(null, `${kind} has no history`);
  if (row.version !== history.length) return failure(null, `version ${row.version} but ${history.length} history rows`);
  if (row.state !== step.state) return failure(null, `stored state ${row.state}, replay reached ${step.state}`);
  if (!isDeepStrictEqual(row.snapshot, asStored(step.persisted))) return failure(null, 'stored snapshot differs from the snapshot replay produces');
  return null;
}

/** Checks the history's hash chains, and replays every clause, placement, period report, opening, proposal and offer of employment. */
export async function verifyAllClauses(deps: EngineDeps): Promise<ReplayReport> {
  const chain = await verifyHistoryChains(deps.db);
  const failures: ReplayFailure[] = [];
  const checkedByKind: Record<InstanceKindName, number> = { clause: 0, placement: 0, report: 0, opening: 0, proposal: 0, offer: 0 };
  for (const kind of Object.keys(LOADERS) as InstanceKindName[]) {
    for (const id of await LOADERS[kind].ids(deps.db)) {
      checkedByKind[kind]++;
      const failure = await verifyInstance(deps, kind, id);
      if (failure) failures.push(failure);
    }
  }
  const checked = Object.values(checkedByKind).reduce((sum, n) => sum + n, 0);
  return { ok: failures.length === 0 && chain.ok, checked, checkedByKind, failed: failures.length, failures, chain };
}
