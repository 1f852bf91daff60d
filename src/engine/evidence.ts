/**
 * Evidence files on placements and period reports. An upload is an
 * ADD_EVIDENCE event on the item, sent by the engine: the file row and the
 * history row carrying its SHA-256 are written in one transaction. Files are
 * shown to the buyer's users and to the supplier that uploaded them.
 */
import { createHash, randomUUID } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { acceptEvidence } from '../domain/evidence.ts';
import { mayActAs } from '../domain/access.ts';
import { KlausulError, notFound } from '../domain/errors.ts';
import type { Actor } from '../domain/roles.ts';
import { findClause } from '../db/clauses.ts';
import { evidenceContent, findEvidence, insertEvidence, listClauseEvidence as listClauseEvidenceRows, listEvidence, type EvidenceMeta } from '../db/items.ts';
import type { ItemKind } from '../db/schema.ts';
import { z } from 'zod';
import { applyEvent, type RequestContext } from './apply.ts';
import { acceptInput } from './command.ts';
import type { EngineDeps } from './deps.ts';
import { partiesOf } from './clauses.ts';
import { loadClauseForItems } from './subcontractors.ts';
import { itemInstance, loadItem } from './items.ts';

export interface Upload {
  fileName: string;
  bytes: Uint8Array;
  description?: string | undefined;
}

export interface EvidenceView {
  id: string;
  itemKind: ItemKind;
  itemId: string;
  clauseId: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  description: string | null;
  uploadedBy: string;
  uploadedAt: string;
  /** Where the bytes are downloaded. */
  contentUrl: string;
}

const contentUrl = (id: string) => `/api/v1/evidence/${id}/content`;

const presentEvidence = (row: EvidenceMeta): EvidenceView => ({
  id: row.id,
  itemKind: row.item_kind,
  itemId: row.item_id,
  clauseId: row.clause_id,
  fileName: row.file_name,
  mediaType: row.media_type,
  sizeBytes: row.size_bytes,
  sha256: row.sha256,
  description: row.description,
  uploadedBy: row.uploaded_by,
  uploadedAt: row.uploaded_at.toISOString(),
  contentUrl: contentUrl(row.id),
});

/** Text the privacy guard can read, or null for binary content. */
function asText(bytes: Uint8Array): string | null {
  return bytes.includes(0) ? null : new TextDecoder().decode(bytes);
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** What is said of an upload besides its bytes; the file name is judged with the content (acceptEvidence). */
export const evidenceDetails = z.strictObject({
  description: z.string().trim().max(1_000).optional().meta({ description: 'What the file shows, e.g. "Tidrapport mars"' }),
});

/** Stores an uploaded file on a placement or report (the clause's contractor, or the subcontractor that registered it; the item not yet final). */
export async function addEvidence(deps: EngineDeps, ctx: RequestContext, kind: ItemKind, itemId: string, raw: Upload) {
  // Who may upload is settled before the file is judged: a stranger learns nothing from a refusal of the file.
  const { row: item, clause } = await loadItem(deps.db, ctx.actor, kind, itemId);
  // The named subcontractor that registered the item uploads to it as the clause's contractor does (loadItem shows it only its own).
  if (!mayActAs(ctx.actor, 'contractor', { ...partiesOf(clause), subcontractorOrgId: item.subcontractor_org_id ?? null })) {
    throw new KlausulError('forbidden', `Evidence is uploaded by the clause's contractor; you are signed in as ${ctx.actor.role}.`, {
      requiredRole: 'contractor',
    });
  }
  const details = acceptInput(evidenceDetails, raw.description === undefined ? {} : { description: raw.description }, 'evidence description');
  // An empty description is no description.
  const upload = { ...raw, description: details.description || undefined };
  const detected = await fileTypeFromBuffer(upload.bytes);
  const { fileName, mediaType } = acceptEvidence({
    fileName: upload.fileName,
    sizeBytes: upload.bytes.byteLength,
    detectedType: detected?.mime ?? null,
    text: detected ? null : asText(upload.bytes),
  });
  const evidence = {
    id: randomUUID(),
    fileName,
    mediaType,
    sizeBytes: upload.bytes.byteLength,
    sha256: sha256Hex(upload.bytes),
    ...(upload.description ? { description: upload.description } : {}),
  };
  const uploadedAt = deps.clock.now();
  const stored: EvidenceMeta = {
    id: evidence.id,
    item_kind: kind,
    item_id: itemId,
    clause_id: clause.id,
    file_name: fileName,
    media_type: mediaType,
    size_bytes: evidence.sizeBytes,
    sha256: evidence.sha256,
    description: upload.description ?? null,
    uploaded_by: ctx.actor.userId,
    uploaded_at: uploadedAt,
    uploader_org_id: ctx.actor.orgId,
  };
  const { uploader_org_id: _org, ...row } = stored;
  return applyEvent(
    deps,
    ctx,
    // The answer to an upload is the stored file, not the item.
    { ...itemInstance(deps, kind, itemId), view: () => presentEvidence(stored) },
    { body: { type: 'ADD_EVIDENCE', evidence } },
    { internal: true, inTransaction: (trx) => insertEvidence(trx, { ...row, content: upload.bytes }) },
  );
}

export async function listItemEvidence(deps: EngineDeps, actor: Actor, kind: ItemKind, itemId: string): Promise<EvidenceView[]> {
  const { clause } = await loadItem(deps.db, actor, kind, itemId);
  const rows = await listEvidence(deps.db, itemId);
  return rows.filter((row) => maySeeEvidence(actor, clause.buyer_org_id, row)).map(presentEvidence);
}

/** The files under all of a clause's placements and reports that the actor may see, by item id: what its page lists. */
export async function listClauseEvidence(deps: EngineDeps, actor: Actor, clauseId: string): Promise<Map<string, EvidenceView[]>> {
  // A named subcontractor reaches the clause's items too, and sees the files it uploaded itself.
  const { clause } = await loadClauseForItems(deps.db, actor, clauseId);
  const byItem = new Map<string, EvidenceView[]>();
  for (const row of await listClauseEvidenceRows(deps.db, clauseId)) {
    if (!maySeeEvidence(actor, clause.buyer_org_id, row)) continue;
    byItem.set(row.item_id, [...(byItem.get(row.item_id) ?? []), presentEvidence(row)]);
  }
  return byItem;
}

/** The buyer's users and the supplier that uploaded the file; nobody else learns it exists. */
function maySeeEvidence(actor: Actor, buyerOrgId: string, row: EvidenceMeta): boolean {
  return actor.orgId === buyerOrgId || actor.orgId === row.uploader_org_id;
}

async function loadVisibleEvidence(deps: EngineDeps, actor: Actor, id: string): Promise<EvidenceMeta> {
  const row = await findEvidence(deps.db, id);
  const clause = row && (await findClause(deps.db, row.clause_id));
  if (!row || !clause || !maySeeEvidence(actor, clause.buyer_org_id, row)) throw notFound('Evidence', id);
  return row;
}

export async function getEvidence(deps: EngineDeps, actor: Actor, id: string): Promise<EvidenceView> {
  return presentEvidence(await loadVisibleEvidence(deps, actor, id));
}

export async function downloadEvidence(deps: EngineDeps, actor: Actor, id: string): Promise<{ meta: EvidenceView; content: Uint8Array }> {
  const meta = presentEvidence(await loadVisibleEvidence(deps, actor, id));
  return { meta, content: await evidenceContent(deps.db, id) };
}
