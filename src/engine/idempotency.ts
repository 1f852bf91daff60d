/**
 * Idempotency-Key: the answer to a write is stored in the write's own
 * transaction; a retry with the same key gets that answer back and writes
 * nothing, for KLAUSUL_IDEMPOTENCY_HOURS. After that the key is free: a
 * request with it is judged afresh, also before the retention sweep has
 * removed the old answer.
 */
import type { Transaction } from 'kysely';
import { KlausulError } from '../domain/errors.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { findStoredResponse, forgetExpiredResponse, storeResponse } from '../db/idempotency.ts';
import type { Database } from '../db/schema.ts';
import type { EngineDeps } from './deps.ts';

export interface IdempotencyRequest {
  key: string;
  /** Hash of method, path and body; a reused key with another request is refused. */
  fingerprint: string;
}

export interface Answer<T = unknown> {
  status: number;
  body: T;
}

export type Remember = (trx: Transaction<Database>, answer: Answer) => Promise<void>;

const isDuplicateIdempotencyKey = (error: unknown): boolean => isUniqueViolation(error, 'idempotency_keys_pk');

/** The default of KLAUSUL_IDEMPOTENCY_HOURS. */
export const DEFAULT_IDEMPOTENCY_HOURS = 24;

export async function idempotent<T>(
  deps: EngineDeps,
  userId: string,
  request: IdempotencyRequest | undefined,
  attempt: (remember: Remember) => Promise<Answer<T>>,
): Promise<Answer<T> & { replayed: boolean }> {
  const storedSince = new Date(deps.clock.now().getTime() - (deps.idempotencyHours ?? DEFAULT_IDEMPOTENCY_HOURS) * 3_600_000);
  const replay = async () => {
    if (!request) return undefined;
    const stored = await findStoredResponse(deps.db, userId, request.key, storedSince);
    if (!stored) return undefined;
    if (stored.fingerprint !== request.fingerprint) {
      throw new KlausulError(
        'idempotency_key_reused',
        `Idempotency-Key "${request.key}" was already used for a different request. Send a new, unique key for each distinct request.`,
      );
    }
    return { status: stored.status, body: stored.response as T, replayed: true };
  };

  const earlier = await replay();
  if (earlier) return earlier;
  if (request) await forgetExpiredResponse(deps.db, userId, request.key, storedSince);
  const remember: Remember = async (trx, answer) => {
    if (request) await storeResponse(trx, { userId, ...request, ...answer, response: answer.body }, deps.clock.now());
  };
  try {
    return { ...(await attempt(remember)), replayed: false };
  } catch (error) {
    // A concurrent retry with the same key committed first: answer as it did.
    if (isDuplicateIdempotencyKey(error)) {
      const concurrent = await replay();
      if (concurrent) return concurrent;
    }
    throw error;
  }
}
