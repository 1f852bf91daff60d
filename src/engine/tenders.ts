import { z } from 'zod';
import { canSeeTender } from '../domain/access.ts';
import { KlausulError, notFound } from '../domain/errors.ts';
import type { Actor } from '../domain/roles.ts';
import { listVisibleClauseIds } from '../db/clauses.ts';
import { toNumber, type TenderRow } from '../db/schema.ts';
import { findTender, insertTender, listTendersVisibleTo } from '../db/tenders.ts';
import { setTenderReserved, tenderHasAward } from '../db/reserved.ts';
import type { RequestContext } from './clauses.ts';
import type { EngineDeps } from './deps.ts';
import { acceptInput } from './command.ts';
import { idempotent, type Answer } from './idempotency.ts';

/** A new tender, from any entrance: the API, the web form, the CLI. */
export const tenderInput = z.strictObject({
  reference: z.string().trim().min(1).max(100).meta({ example: 'ÖH-2026-014' }),
  title: z.string().trim().min(1).max(500).meta({ example: 'Renovering av Lugnvik etapp 2' }),
  estimatedValueSek: z.int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  reserved: z
    .boolean()
    .optional()
    .describe(
      "Reserved under LOU 4 kap. 18 § for suppliers whose main aim is the social and professional integration of disadvantaged persons: each AWARD then records the supplier's declared share of staff in the target groups (reservedShareDeclaredPct, at least 30)",
    ),
});
export type TenderInput = z.infer<typeof tenderInput>;

export interface TenderView {
  id: string;
  buyerOrgId: string;
  reference: string;
  title: string;
  estimatedValueSek: number | null;
  createdAt: string;
  clauseIds: string[];
  reserved: boolean;
}

function present(row: TenderRow, clauseIds: string[]): TenderView {
  return {
    id: row.id,
    buyerOrgId: row.buyer_org_id,
    reference: row.reference,
    title: row.title,
    estimatedValueSek: row.estimated_value_sek === null ? null : toNumber(row.estimated_value_sek),
    createdAt: row.created_at.toISOString(),
    clauseIds,
    reserved: row.reserved,
  };
}

export async function createTender(deps: EngineDeps, ctx: RequestContext, raw: unknown): Promise<Answer<TenderView> & { replayed: boolean }> {
  const { actor } = ctx;
  if (actor.role !== 'officer' || actor.orgKind !== 'buyer') {
    throw new KlausulError('forbidden', `Creating a tender is a buyer's procurement officer's task; you are signed in as ${actor.role}.`);
  }
  const input = acceptInput(tenderInput, raw, 'tender');
  return idempotent(deps, actor.userId, ctx.idempotency, async (remember) =>
    deps.db.transaction().execute(async (trx) => {
      const row = await insertTender(
        trx,
        {
          buyerOrgId: actor.orgId,
          reference: input.reference,
          title: input.title,
          estimatedValueSek: input.estimatedValueSek ?? null,
          reserved: input.reserved ?? false,
          createdBy: actor.userId,
        },
        deps.clock.now(),
      );
      if (!row) {
        throw new KlausulError(
          'conflict',
          `Your organisation already has a tender with reference "${input.reference}"; use another reference or add clauses to that tender.`,
        );
      }
      const answer = { status: 201, body: present(row, []) };
      await remember(trx, answer);
      return answer;
    }),
  );
}

export const tenderChange = z.strictObject({
  reserved: z.boolean().describe('Reserved under LOU 4 kap. 18 § (see NewTender); settled once a clause of the tender is awarded'),
});

/** Marks a tender reserved or not (its buyer's officer), while none of its clauses is awarded. */
export async function changeTender(deps: EngineDeps, actor: Actor, tenderId: string, raw: unknown): Promise<TenderView> {
  // Whoever sees the tender learns why it is not theirs to change; others that it is not found.
  await getTender(deps, actor, tenderId);
  const row = (await findTender(deps.db, tenderId))!;
  if (actor.role !== 'officer' || row.buyer_org_id !== actor.orgId)
    throw new KlausulError('forbidden', `Changing a tender is its buyer's procurement officer's task; you are signed in as ${actor.role}.`);
  const change = acceptInput(tenderChange, raw, 'tender change');
  return deps.db.transaction().execute(async (trx) => {
    if (change.reserved !== row.reserved && (await tenderHasAward(trx, tenderId))) {
      throw new KlausulError(
        'conflict',
        'A clause of this tender has been awarded, under the reservation as it stood (LOU 4 kap. 18 §); the reservation can no longer change.',
      );
    }
    const updated = await setTenderReserved(trx, tenderId, change.reserved);
    return present(updated, await listVisibleClauseIds(trx, actor.orgId, tenderId));
  });
}

async function clauseIdsOf(deps: EngineDeps, actor: Actor, tenderId: string): Promise<string[]> {
  return listVisibleClauseIds(deps.db, actor.orgId, tenderId);
}

export async function getTender(deps: EngineDeps, actor: Actor, tenderId: string): Promise<TenderView> {
  const row = await findTender(deps.db, tenderId);
  const clauseIds = row ? await clauseIdsOf(deps, actor, tenderId) : [];
  if (!row || !canSeeTender(actor, row.buyer_org_id, clauseIds.length)) throw notFound('Tender', tenderId);
  return present(row, clauseIds);
}

export async function listTenders(deps: EngineDeps, actor: Actor): Promise<TenderView[]> {
  const rows = await listTendersVisibleTo(deps.db, actor.orgId);
  return Promise.all(rows.map(async (row) => present(row, await clauseIdsOf(deps, actor, row.id))));
}
