/**
 * Erasure of a candidate's or a participant's personal data (issue 20, item
 * 2), through one door for the API and the CLI. Every history row of the
 * instances that hold it (proposals, the placements they registered, offers)
 * has its personal values replaced (src/domain/personal-data.ts) and its salt
 * dropped; each instance is replayed from the redacted history and its
 * snapshot and columns rewritten from the replay, so `klausul verify` passes
 * (migration 0016 keeps personal values out of the hashed content). Evidence
 * files of erased placements, the candidate's pool entry and stored answers to
 * repeated requests that held the data are deleted; the erased placements'
 * follow-ups lose the reference and the note. The erasure is recorded
 * (who, when, which instances, counts) without the data. Erasing again redacts
 * what was added since, and otherwise changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { workflowOf } from '../../workflows/index.ts';
import { KlausulError, notFound } from '../domain/errors.ts';
import { redactPersonal, storedForms } from '../domain/personal-data.ts';
import {
  allowErasure,
  candidateHoldings,
  candidatesWithRef,
  deleteCandidates,
  deleteEvidenceOf,
  deleteStoredAnswersHolding,
  erasedBefore,
  findOwnCandidate,
  insertErasure,
  instanceKinds,
  lockInstance,
  participantHoldings,
  redactHistoryRow,
  rewriteInstance,
  instancesMentioning,
} from '../db/erasure.ts';
import { listHistory } from '../db/clauses.ts';
import { blankFollowUpsOf } from '../db/follow-ups.ts';
import { storageOf } from '../db/history.ts';
import { findPlacement, listItemHistory } from '../db/items.ts';
import type { SubjectKind } from '../db/outbox.ts';
import { json, type Db } from '../db/schema.ts';
import type { RequestContext } from './apply.ts';
import { requireMatcherOrg } from './candidates.ts';
import type { EngineDeps } from './deps.ts';
import { loadItem } from './items.ts';
import { isOwnWorkplacePlacement, loadVisibleOwnPlacement } from './programme-placements.ts';
import { asStored, restore, send, start, type Step } from './runtime.ts';

/** The kinds of instance that hold a participant's or candidate's data. */
const HOLDING_KINDS = { placement: 'placements', offer: 'offers', proposal: 'proposals' } as const;
type HoldingTable = (typeof HOLDING_KINDS)[keyof typeof HOLDING_KINDS];

/** The columns that copy what an instance's context holds, rewritten from the replayed context. */
const COLUMNS_OF: Record<HoldingTable, (context: Record<string, unknown>) => Record<string, unknown>> = {
  placements: (context) => ({ participant_ref: context.participantRef, attestation: json(context.attestation) }),
  offers: (context) => ({ participant_ref: context.participantRef }),
  proposals: (context) => ({ candidate_ref: context.candidateRef }),
};

export interface ErasureCounts {
  candidates: number;
  placements: number;
  offers: number;
  proposals: number;
  /** Other instances under the same clauses (the clause, reports, other placements…) whose free text named them. */
  mentioning: number;
  historyRows: number;
  evidenceFiles: number;
  storedAnswers: number;
  /** Follow-ups of the placements whose reference or note was blanked. */
  followUps: number;
}

/** What an erasure answers: what it erased, in counts; never the data. */
export interface ErasureView {
  subject: 'candidate' | 'participant';
  /** The erasures recorded (none when there was nothing left to erase). */
  erasureIds: string[];
  alreadyErased: boolean;
  erasedAt: string;
  counts: ErasureCounts;
}

/** Who erases: a user through the API, or the operator through the CLI. */
interface Eraser {
  actorUserId: string | null;
  actorRole: string;
  actorOrgId: string | null;
  requestId: string | null;
}

const OPERATOR: Eraser = { actorUserId: null, actorRole: 'operator', actorOrgId: null, requestId: null };
const eraserOf = (ctx: RequestContext): Eraser => ({
  actorUserId: ctx.actor.userId,
  actorRole: ctx.actor.role,
  actorOrgId: ctx.actor.orgId,
  requestId: ctx.requestId ?? null,
});

const noCounts = (): ErasureCounts => ({
  candidates: 0,
  placements: 0,
  offers: 0,
  proposals: 0,
  mentioning: 0,
  historyRows: 0,
  evidenceFiles: 0,
  storedAnswers: 0,
  followUps: 0,
});

/**
 * Redacts one instance's history and rewrites its row from the replay of it; returns the history rows changed.
 * An instance that holds the data loses every personal value (and every row its salt); one that only names it
 * (`mentioning`), just the free text that does.
 */
async function redactInstance(trx: Db, kind: SubjectKind, id: string, mentioning?: readonly string[]): Promise<number> {
  const { table, history } = storageOf(kind);
  const row = await lockInstance(trx, table, id);
  if (!row) return 0;
  const workflow = workflowOf(row);
  let step: Step | null = null;
  let changed = 0;
  for (const entry of kind === 'clause' ? await listHistory(trx, id) : await listItemHistory(trx, id)) {
    const payload = redactPersonal(entry.payload, id, mentioning) as Record<string, unknown>;
    if ((!mentioning && entry.personal_salt !== null) || !isDeepStrictEqual(payload, entry.payload)) {
      await redactHistoryRow(trx, history, id, entry.seq, payload);
      changed++;
    }
    // As replay does (src/engine/replay.ts): CREATE starts on its input, every other event is sent to the restored snapshot.
    step = step ? send(workflow, restore(workflow, asStored(step.persisted)), { type: entry.type, ...payload }) : start(workflow, payload.input);
  }
  // A holder is always rewritten from its replay: erasing again also repairs a snapshot an event in flight wrote back.
  if (step && (changed > 0 || !mentioning)) {
    const columns = table in COLUMNS_OF ? COLUMNS_OF[table as HoldingTable](step.snapshot.context) : {};
    await rewriteInstance(trx, table, id, { snapshot: json(asStored(step.persisted)), ...columns });
  }
  return changed;
}

interface Holdings {
  subject: 'candidate' | 'participant';
  subjectId: string | null;
  instanceIds: readonly string[];
  candidateIds: readonly string[];
  /** The references erased, to find stored answers that hold them. */
  refs: readonly string[];
}

async function eraseHoldings(deps: EngineDeps, trx: Db, eraser: Eraser, holdings: Holdings): Promise<ErasureView> {
  await allowErasure(trx);
  const counts = noCounts();
  const instances = (await instanceKinds(trx, holdings.instanceIds)).filter((i) => i.kind in HOLDING_KINDS);
  for (const { id, kind } of instances) {
    const changed = await redactInstance(trx, kind, id);
    if (changed > 0) {
      counts[HOLDING_KINDS[kind as keyof typeof HOLDING_KINDS]]++;
      counts.historyRows += changed;
    }
  }
  // Free text elsewhere under the same clauses that names a reference (a report queried over a participant, a remark).
  const held = new Set(instances.map((i) => i.id));
  const clauseIds = [...new Set(instances.flatMap((i) => (i.clause_id ? [i.clause_id] : [])))];
  const named: string[] = [];
  for (const { id, kind } of await instancesMentioning(trx, clauseIds, storedForms(holdings.refs))) {
    if (held.has(id)) continue;
    const changed = await redactInstance(trx, kind, id, holdings.refs);
    if (changed > 0) {
      named.push(id);
      counts.mentioning++;
      counts.historyRows += changed;
    }
  }
  counts.evidenceFiles = await deleteEvidenceOf(
    trx,
    instances.filter((i) => i.kind === 'placement').map((i) => i.id),
  );
  counts.followUps = await blankFollowUpsOf(
    trx,
    instances.filter((i) => i.kind === 'placement').map((i) => i.id),
  );
  counts.candidates = await deleteCandidates(trx, holdings.candidateIds);
  counts.storedAnswers = await deleteStoredAnswersHolding(trx, storedForms([...holdings.refs, ...holdings.instanceIds, ...holdings.candidateIds]));
  const at = deps.clock.now();
  const erased = Object.values(counts).some((n) => n > 0);
  const id = randomUUID();
  if (erased) {
    await insertErasure(trx, {
      id,
      subject: holdings.subject,
      subjectId: holdings.subjectId,
      instanceIds: [...new Set([...held, ...named, ...holdings.candidateIds])],
      counts: { ...counts },
      ...eraser,
      at,
    });
  }
  return { subject: holdings.subject, erasureIds: erased ? [id] : [], alreadyErased: !erased, erasedAt: at.toISOString(), counts };
}

/** One answer for several erasures (the CLI's, of every pool that has the reference). */
function combined(subject: 'candidate' | 'participant', views: ErasureView[], at: Date): ErasureView {
  const counts = noCounts();
  for (const view of views) for (const key of Object.keys(counts) as Array<keyof ErasureCounts>) counts[key] += view.counts[key];
  const erasureIds = views.flatMap((v) => v.erasureIds);
  return { subject, erasureIds, alreadyErased: erasureIds.length === 0, erasedAt: at.toISOString(), counts };
}

/** A candidate of the matcher's own pool, with the proposals and placements made of it (POST /candidates/{id}/erase). */
export async function eraseCandidate(deps: EngineDeps, ctx: RequestContext, candidateId: string): Promise<ErasureView> {
  const { actor } = ctx;
  requireMatcherOrg(actor, 'The candidate pool');
  return deps.db.transaction().execute(async (trx) => {
    const candidate = await findOwnCandidate(trx, actor.orgId, candidateId);
    const before = await erasedBefore(trx, 'candidate', candidateId, actor.orgId);
    if (!candidate && !before) throw notFound('Candidate', candidateId);
    const held = candidate ? await candidateHoldings(trx, actor.orgId, candidate.id, candidate.candidate_ref) : [];
    return eraseHoldings(deps, trx, eraserOf(ctx), {
      subject: 'candidate',
      subjectId: candidateId,
      instanceIds: [...held, ...(before ?? [])],
      candidateIds: candidate ? [candidate.id] : [],
      refs: candidate ? [candidate.candidate_ref] : [],
    });
  });
}

/** The participant of a placement, under its clause: the placement, offers and proposals of the same reference (POST /placements/{id}/erase). */
export async function erasePlacementParticipant(deps: EngineDeps, ctx: RequestContext, placementId: string): Promise<ErasureView> {
  const { actor } = ctx;
  if (await isOwnWorkplacePlacement(deps.db, placementId)) return eraseOwnPlacementParticipant(deps, ctx, placementId);
  const { clause } = await loadItem(deps.db, actor, 'placement', placementId);
  if ((actor.role !== 'officer' && actor.role !== 'admin') || actor.orgId !== clause.buyer_org_id) {
    throw new KlausulError(
      'forbidden',
      `A participant's data is erased by the buyer's procurement officer or administrator; you are signed in as ${actor.role}.`,
      {
        requiredRole: 'officer',
      },
    );
  }
  return deps.db.transaction().execute(async (trx) => {
    const placement = (await findPlacement(trx, placementId))!;
    const held = await participantHoldings(trx, placement.participant_ref, [clause.id], placementId);
    const before = (await erasedBefore(trx, 'participant', placementId, null)) ?? [];
    return eraseHoldings(deps, trx, eraserOf(ctx), {
      subject: 'participant',
      subjectId: placementId,
      instanceIds: [...held, ...before],
      candidateIds: [],
      refs: [placement.participant_ref],
    });
  });
}

/**
 * The participant of a programme's own-workplace placement (no clause): erased by an officer, matcher or admin of
 * the host organisation; the placement is what holds the data (clause-less, it has no offers or proposals).
 */
async function eraseOwnPlacementParticipant(deps: EngineDeps, ctx: RequestContext, placementId: string): Promise<ErasureView> {
  const { actor } = ctx;
  const { row, parties } = await loadVisibleOwnPlacement(deps.db, actor, placementId);
  if (actor.orgId !== parties.hostOrgId || !['officer', 'matcher', 'admin'].includes(actor.role)) {
    throw new KlausulError(
      'forbidden',
      `The participant of an own-workplace placement is erased by the host organisation's officer, matcher or administrator; you are signed in as ${actor.role}.`,
      { requiredRole: 'officer, matcher or admin' },
    );
  }
  return deps.db.transaction().execute(async (trx) => {
    const before = (await erasedBefore(trx, 'participant', placementId, null)) ?? [];
    return eraseHoldings(deps, trx, eraserOf(ctx), {
      subject: 'participant',
      subjectId: placementId,
      instanceIds: [placementId, ...before],
      candidateIds: [],
      refs: [row.participant_ref],
    });
  });
}

/** `klausul erase --candidate REF` / `--participant REF`: by reference, in every pool or under every clause. */
export async function eraseByReference(deps: EngineDeps, by: { candidate?: string | undefined; participant?: string | undefined }): Promise<ErasureView> {
  const candidate = by.candidate?.trim();
  const participant = by.participant?.trim();
  if (!candidate === !participant) {
    throw new KlausulError(
      'validation',
      'Name exactly one: --candidate REF (a matching body pool reference) or --participant REF (a placement or offer reference).',
    );
  }
  return deps.db.transaction().execute(async (trx) => {
    if (participant) {
      const held = await participantHoldings(trx, participant, null);
      return eraseHoldings(deps, trx, OPERATOR, { subject: 'participant', subjectId: null, instanceIds: held, candidateIds: [], refs: [participant] });
    }
    const views: ErasureView[] = [];
    for (const c of await candidatesWithRef(trx, candidate!)) {
      const held = await candidateHoldings(trx, c.org_id, c.id, c.candidate_ref);
      views.push(
        await eraseHoldings(deps, trx, OPERATOR, { subject: 'candidate', subjectId: c.id, instanceIds: held, candidateIds: [c.id], refs: [c.candidate_ref] }),
      );
    }
    return combined('candidate', views, deps.clock.now());
  });
}
