/** Payload pieces and the event-definition helper shared by the workflows. */
import { z } from 'zod';
import type { EventDefinition, EventRole } from './types.ts';

export const isoDate = z.iso.date('a calendar date as YYYY-MM-DD');
export const reason = z.string().trim().min(1, 'give a reason').max(4_000);
export const note = z.string().trim().max(4_000);

/** An event sent by one role, or by any of several. */
export const event = (role: EventRole | readonly EventRole[], payload: z.ZodType, summary: string, internal = false): EventDefinition => ({
  roles: typeof role === 'string' ? [role] : role,
  payload: payload as EventDefinition['payload'],
  summary,
  ...(internal ? { internal } : {}),
});

/**
 * The prime's answer to what a subcontractor registered (issue 22): APPROVE
 * sends it on to the auditor, RETURN sends it back with a reason.
 */
export const primeApprovalPayloads = {
  APPROVE: z.strictObject({ note: note.optional() }),
  RETURN: z.strictObject({ reason }),
};

/** The prime's events, sent by the clause's contractor and never by the subcontractor itself. */
export const primeEvent = (payload: z.ZodType, summary: string): EventDefinition => ({ ...event('contractor', payload, summary), primeOnly: true });

/** An evidence file as it appears in an item's history: what was stored, never the content. */
const evidenceRef = z.strictObject({
  id: z.string(),
  fileName: z.string(),
  mediaType: z.string(),
  sizeBytes: z.int(),
  sha256: z.string(),
  description: z.string().optional(),
});
export type EvidenceRef = z.infer<typeof evidenceRef>;

/** ADD_EVIDENCE is sent by the engine after an upload is stored; clients upload the file instead. */
export const addEvidencePayload = z.strictObject({ evidence: evidenceRef });
